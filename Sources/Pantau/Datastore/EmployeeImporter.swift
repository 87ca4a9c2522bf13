import Foundation
import GRDB

/// Imports one employee export as a snapshot, in one transaction.
///
/// - Every valid row is imported; every rejected row goes, with its line (`baris`) and reason (`alasan`), to a
///   reject CSV next to the input (`pegawai-2021-06-14.ditolak.csv`), written in the input's delimiter.
/// - The same bytes imported twice: the second import changes nothing.
/// - An export whose as-of date is not older than the newest snapshot becomes the current employees.
///   An older one only adds its counts to the history: the current rows always follow the newest snapshot.
/// - Another file with the same as-of date as an existing snapshot replaces that snapshot (a corrected export).
/// - Killed at any moment, the datastore is as before: SQLite's rollback journal undoes the open transaction.
public struct EmployeeImporter {
    public let datastore: Datastore
    /// `data.columns` from `site.yml`: lower-cased export header names → canonical names.
    public var columnMapping: [String: String]
    /// Refuses an import whose figures fall too far or reject too much (`data.max_drop`, `data.max_rejects`);
    /// `pantau import employees` always sets it from site.yml, library callers choose (nil: no rails).
    public var safety: ImportSafetyPolicy?

    public init(datastore: Datastore, columnMapping: [String: String] = [:]) {
        self.datastore = datastore
        self.columnMapping = columnMapping
    }

    /// The reject file's default place: beside the input, `<name>.ditolak.csv`.
    public static func defaultRejectFile(for url: URL) -> URL {
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(base).ditolak.csv")
    }

    /// The first `YYYY-MM-DD` date in a file name (`pegawai-2021-06-14.csv`), if any.
    public static func dateInFileName(_ name: String) -> CalendarDate? {
        let bytes = Array(name.utf8)
        guard bytes.count >= 10 else { return nil }
        for start in 0...(bytes.count - 10) {
            let candidate = bytes[start..<(start + 10)]
            if candidate.enumerated().allSatisfy({ [4, 7].contains($0.offset) ? $0.element == UInt8(ascii: "-") : ($0.element >= 48 && $0.element <= 57) }),
               let date = CalendarDate(iso: String(decoding: candidate, as: UTF8.self)) {
                return date
            }
        }
        return nil
    }

    /// Imports `url` as the snapshot of `asOf`.
    public func importFile(_ url: URL, displayPath: String? = nil, asOf: CalendarDate, rejectFile: URL? = nil) throws -> ImportReport {
        let shown = displayPath ?? url.path
        let rejectURL = rejectFile ?? Self.defaultRejectFile(for: url)
        // Name the reject file the way the user named the input (relative stays relative).
        let shownDirectory = (shown as NSString).deletingLastPathComponent
        let rejectShown = rejectFile != nil ? rejectURL.path
            : shownDirectory.isEmpty ? rejectURL.lastPathComponent : shownDirectory + "/" + rejectURL.lastPathComponent
        let units = try datastore.units().map(\.code)
        guard !units.isEmpty else {
            throw PantauError(file: datastore.displayPath, step: .datastore, "the datastore has no units yet; run `pantau import units units.csv` before importing employees")
        }
        let reader = try CSVReader(url: url, displayPath: shown)
        guard try reader.next() else {
            throw PantauError(file: shown, line: 1, step: .datastore, "the file is empty; expected a header line such as `nip,nik,nama,…`")
        }
        let header = reader.fields
        let columns = try EmployeeColumns(header: header, categories: datastore.categories, mapping: columnMapping, file: shown, line: reader.recordLine)
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        var validator = EmployeeRowValidator(columns: columns, categoryKeys: datastore.categories.map(\.key), unitCodes: units,
                                             expectedRows: 1_024)
        var counts = UnitCounters(units: units.count, categories: datastore.categories.count)
        var report = ImportReport(file: shown, asOf: asOf, outcome: .current)
        report.ignoredColumns = columns.ignored
        var rejects: CSVWriter?

        try datastore.wrap { db in
            // A large page cache and a sorting helper thread for the index built after the bulk insert.
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA threads = 1")
        }
        try datastore.wrapTransaction { db in
            let newest = try String.fetchOne(db, sql: "SELECT max(as_of) FROM snapshot").flatMap(CalendarDate.init(iso:))
            let becomesCurrent = newest.map { asOf >= $0 } ?? true
            report.outcome = becomesCurrent ? .current : .history
            var writer: EmployeeBulkWriter?
            if becomesCurrent {
                try db.execute(sql: "DROP TABLE IF EXISTS employee_next")
                try db.execute(sql: Schema.createEmployeeTable(named: "employee_next"))
                writer = try EmployeeBulkWriter(db: db, table: "employee_next", unitCodes: units, displayPath: shown)
            }
            while try reader.next() {
                let line = reader.recordLine
                let rejection = try reader.withRecord { record -> RowRejection? in
                    if record.isBlank { return nil }  // `;;;;` rows Excel leaves behind
                    report.read += 1
                    if report.read == 1_000 {
                        // Now the average row length is known: size the NIP table for the whole file at once.
                        validator.expect(rows: fileSize / max(reader.bytesConsumed / max(reader.recordLine, 1), 1) * 11 / 10)
                    }
                    guard let rejection = validator.validate(record, line: line) else {
                        report.imported += 1
                        counts.add(validator.row)
                        try writer?.insert(validator.row)
                        return nil
                    }
                    return rejection
                }
                if let rejection {
                    report.rejectedByReason[rejection.reason, default: 0] += 1
                    if report.rejections.count < ImportReport.keptRejections { report.rejections.append(rejection) }
                    if rejects == nil {
                        let created = try CSVWriter(url: rejectURL, displayPath: rejectShown, delimiter: reader.delimiter)
                        try created.write(["baris", "alasan"] + header)
                        rejects = created
                    }
                    try rejects?.write(["\(line)", rejection.message] + reader.fields)
                }
            }
            let hash = reader.sha256Hex
            if let earlier = try String.fetchOne(db, sql: "SELECT as_of FROM snapshot WHERE source_hash = ?", arguments: [hash]) {
                report = ImportReport(file: shown, asOf: CalendarDate(iso: earlier) ?? asOf, outcome: .alreadyImported(asOf: CalendarDate(iso: earlier) ?? asOf))
                rejects = nil
                return .rollback
            }
            guard report.imported > 0 else {
                try rejects?.finish()
                let top = report.rejectedByReason.max { $0.value < $1.value }.map { " (mostly \($0.key.rawValue))" } ?? ""
                throw PantauError(file: shown, step: .datastore, "none of the \(report.read) rows could be imported\(top); nothing changed. See \(rejectShown) for each row's reason")
            }
            // Safety rails, before anything of this import is kept (a refusal rolls the transaction back).
            let previous = try Row.fetchOne(db, sql: "SELECT employees, as_of FROM snapshot WHERE as_of < ? ORDER BY as_of DESC LIMIT 1",
                                            arguments: [asOf.description])
            report.rejectFile = rejects.map { _ in rejectShown }
            do {
                let previousAsOf = (previous?[1] as String?).flatMap(CalendarDate.init(iso:))
                try safety?.check(report, previousEmployees: previous?[0], previousAsOf: previousAsOf)
            } catch {
                try rejects?.finish()
                throw error
            }
            report.rejectFile = nil
            if let replaced = try Int64.fetchOne(db, sql: "SELECT id FROM snapshot WHERE as_of = ?", arguments: [asOf.description]) {
                try db.execute(sql: "DELETE FROM snapshot WHERE id = ?", arguments: [replaced])
                try db.execute(sql: "DELETE FROM snapshot_unit WHERE snapshot_id = ?", arguments: [replaced])
                report.replacedSameDate = true
            }
            try db.execute(sql: """
                INSERT INTO snapshot (as_of, source_hash, source_file, imported_at, employees, rows_read, rows_rejected)
                VALUES (?, ?, ?, datetime('now'), ?, ?, ?)
                """, arguments: [asOf.description, hash, url.lastPathComponent, report.imported, report.read, report.rejected])
            let snapshotID = db.lastInsertedRowID
            report.snapshotID = snapshotID
            try counts.store(db: db, snapshot: snapshotID, unitCodes: units)
            if becomesCurrent {
                let previous = try String.fetchCursor(db, sql: "SELECT nip FROM employee")
                while let nip = try previous.next() {
                    if !validator.contains(nip: UInt64(nip) ?? 0) { report.noLongerCounted += 1 }
                }
                try db.execute(sql: "DROP TABLE employee")
                try db.execute(sql: "ALTER TABLE employee_next RENAME TO employee")
            }
            return .commit
        }
        if let rejects {
            try rejects.finish()
            report.rejectFile = rejectShown
        } else if case .alreadyImported = report.outcome {
            // Leave an earlier reject file alone: it belongs to the same bytes.
        } else if FileManager.default.fileExists(atPath: rejectURL.path) {
            try? FileManager.default.removeItem(at: rejectURL)  // stale: this import rejected nothing
        }
        return report
    }
}

/// Per-unit tallies of one import, kept in memory (a few thousand units at most) and stored with the snapshot.
struct UnitCounters {
    private var employees: [Int], activated: [Int], complete: [Int], done: [Int]
    private let categories: Int

    init(units: Int, categories: Int) {
        employees = Array(repeating: 0, count: units)
        activated = employees
        complete = employees
        done = Array(repeating: 0, count: units * categories)
        self.categories = categories
    }

    mutating func add(_ row: EmployeeRowValidator.Row) {
        let unit = row.unitIndex
        employees[unit] += 1
        if row.activated { activated[unit] += 1 }
        var all = true
        for (index, letter) in row.statuses.enumerated() {
            if letter == CategoryStatus.sesuai.letter || letter == CategoryStatus.disetujui.letter {
                done[unit * categories + index] += 1
            } else {
                all = false
            }
        }
        if all { complete[unit] += 1 }
    }

    func store(db: Database, snapshot: Int64, unitCodes: [String]) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO snapshot_unit (snapshot_id, unit_code, employees, activated, complete, done) VALUES (?, ?, ?, ?, ?, ?)")
        for (unit, code) in unitCodes.enumerated() where employees[unit] > 0 {
            let doneText = done[(unit * categories)..<((unit + 1) * categories)].map(String.init).joined(separator: ",")
            try statement.execute(arguments: [snapshot, code, employees[unit], activated[unit], complete[unit], doneText])
        }
    }
}
