import Foundation

/// `pantau build --report FILE`: what a build published, as JSON for the job that scheduled it.
///
/// Keys: `version`, `commit`, `as_of`, `data_age_days`, `stale`, `snapshot_count`, `pages`, `files`, `bytes`,
/// `seconds`, `stages`, `warnings`, `latest_import`, `units` (each with its `change` since the previous snapshot)
/// and `privacy`. It holds unit names and counts only, never a person's data.
public struct BuildReport: Codable, Sendable, Equatable {
    /// One stage of the build with its wall and CPU seconds.
    public struct Stage: Codable, Sendable, Equatable {
        public var name: String
        public var seconds: Double
        public var cpuSeconds: Double
    }

    /// A warning with a stable `kind` (`stale_data`, `rejected_rows`, `units_without_employees`).
    public struct Warning: Codable, Sendable, Equatable {
        public var kind: String
        public var message: String
    }

    /// The newest snapshot's import.
    public struct LatestImport: Codable, Sendable, Equatable {
        public var file: String
        public var asOf: String
        public var rowsRead: Int
        public var rowsRejected: Int
    }

    /// Employees, activated and complete of one unit (sub-units included).
    public struct Figures: Codable, Sendable, Equatable {
        public var employees: Int
        public var activated: Int
        public var complete: Int
    }

    /// A unit's figures at the latest snapshot and their change since the previous one (nil with one snapshot).
    public struct UnitChange: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var figures: Figures
        public var previousAsOf: String?
        public var change: Figures?
    }

    /// The privacy check's result: the build only finishes when it passed.
    public struct Privacy: Codable, Sendable, Equatable {
        public var passed: Bool
        public var filesChecked: Int
    }

    public var version: String
    public var commit: String
    public var asOf: String?
    public var dataAgeDays: Int?
    public var stale: Bool
    public var snapshotCount: Int
    public var pages: Int
    public var files: Int
    public var bytes: Int
    public var seconds: Double
    public var stages: [Stage]
    public var warnings: [Warning]
    public var latestImport: LatestImport?
    public var units: [UnitChange]
    public var privacy: Privacy

    /// The report of a finished build.
    public init(_ report: SiteBuilder.Report) {
        version = PantauVersion.current
        commit = PantauVersion.commit
        asOf = report.dashboard?.asOf.description
        dataAgeDays = report.dataAgeDays
        stale = report.isStale
        snapshotCount = report.latestImport?.snapshotCount ?? 0
        pages = report.pages
        files = report.files
        bytes = report.bytes
        seconds = report.seconds
        stages = report.stages.map { Stage(name: $0.name, seconds: $0.seconds, cpuSeconds: $0.cpu) }
        warnings = report.warningEntries.map { Warning(kind: $0.kind, message: $0.message) }
        latestImport = report.latestImport.map {
            LatestImport(file: $0.sourceFile, asOf: $0.asOf.description, rowsRead: $0.rowsRead, rowsRejected: $0.rowsRejected)
        }
        units = (report.dashboard?.units ?? []).map { unit in
            let figures = { (p: ProgressCounts) in Figures(employees: p.employees, activated: p.activated, complete: p.complete) }
            let previous = unit.history.count >= 2 ? unit.history[unit.history.count - 2] : nil
            let now = figures(unit.progress)
            return UnitChange(
                code: unit.unit.code, name: unit.unit.name, figures: now, previousAsOf: previous?.date.description,
                change: previous.map { figures($0.progress) }.map {
                    Figures(
                        employees: now.employees - $0.employees, activated: now.activated - $0.activated,
                        complete: now.complete - $0.complete)
                })
        }
        privacy = Privacy(passed: true, filesChecked: report.privacyFilesChecked)
    }

    /// The JSON: snake_case keys, sorted, indented.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Writes the JSON to `url` (replacing it in one step).
    public func write(to url: URL, displayPath: String) throws {
        do {
            try json().write(to: url, options: .atomic)
        } catch {
            throw PantauError(
                file: displayPath, step: .output,
                """
                the build report could not be written (\(error.localizedDescription)); check the folder exists and is writable
                """)
        }
    }
}
