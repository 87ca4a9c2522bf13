import Foundation

/// What a scheduled job should look at after a build that succeeded: old data, rejected rows, empty units.
extension SiteBuilder.Report {
    /// Days between the latest snapshot and the build; nil without data.
    public var dataAgeDays: Int? {
        dashboard.map { today.dayNumber - $0.asOf.dayNumber }
    }

    /// Whether the latest snapshot is older than `data.stale_after_days`.
    public var isStale: Bool { (dataAgeDays ?? 0) > rails.staleAfterDays }

    /// Units in the unit list with no employee in the latest snapshot (themselves or below), by code.
    var unitsWithoutEmployees: [OrgUnit] {
        (dashboard?.units ?? []).filter { $0.progress.employees == 0 }.map(\.unit)
    }

    /// The warnings, one line each: printed by `pantau build` (also with `--quiet`) and listed in its report.
    public var warnings: [String] {
        warningEntries.map(\.message)
    }

    /// The warnings with a stable kind (`stale_data`, `rejected_rows`, `units_without_employees`) for the report.
    var warningEntries: [(kind: String, message: String)] {
        guard let dashboard else { return [] }
        var out: [(String, String)] = []
        if let age = dataAgeDays, isStale {
            out.append(
                (
                    "stale_data",
                    """
                    the latest data is of \(dashboard.asOf), \(age) days old (data.stale_after_days is \(rails.staleAfterDays)): \
                    is the scheduled import still running? Every page tells its readers how old the data is
                    """
                ))
        }
        if let latest = latestImport, latest.rowsRejected > 0 {
            out.append(
                (
                    "rejected_rows",
                    """
                    the latest import (\(latest.sourceFile), \(latest.asOf)) rejected \(latest.rowsRejected) of \(latest.rowsRead) rows; \
                    they are not counted; see its .ditolak.csv file
                    """
                ))
        }
        let empty = unitsWithoutEmployees
        if !empty.isEmpty {
            let shown = empty.prefix(5).map { "\($0.code) \($0.name)" }.joined(separator: ", ")
            out.append(
                (
                    "units_without_employees",
                    """
                    \(empty.count) unit\(empty.count == 1 ? " has" : "s have") no employees in the latest snapshot \
                    (\(shown)\(empty.count > 5 ? ", …" : "")): check kode_unit in the export or the unit list
                    """
                ))
        }
        return out
    }
}
