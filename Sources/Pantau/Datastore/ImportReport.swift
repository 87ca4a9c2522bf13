import Foundation

/// What an employee import did, for the command's summary and for tests.
public struct ImportReport: Sendable, Equatable {
    /// What became of the file as a whole.
    public enum Outcome: Sendable, Equatable {
        /// A new snapshot; its rows are now the current employees.
        case current
        /// A new snapshot older than the newest one: its counts join the history, the current employees stay.
        case history
        /// The same bytes were imported before (as the snapshot of `asOf`): nothing changed.
        case alreadyImported(asOf: CalendarDate)
    }

    /// The file as the user named it.
    public var file: String
    public var asOf: CalendarDate
    public var outcome: Outcome
    /// The new snapshot's id (nil when the file was already imported).
    public var snapshotID: Int64?
    /// Whether a snapshot with the same as-of date (another file) was replaced.
    public var replacedSameDate = false
    /// Data rows read (not counting the header and blank rows).
    public var read = 0
    /// Rows imported.
    public var imported = 0
    /// Rejected rows by reason.
    public var rejectedByReason: [RejectReason: Int] = [:]
    /// The first rejections, in file order (at most ``ImportReport/keptRejections``).
    public var rejections: [RowRejection] = []
    /// Employees current before the import who are not in this export, so no longer counted.
    public var noLongerCounted = 0
    /// Employees current before the import whose rows in this export were rejected (so no longer counted).
    public var previousRejected = 0
    /// Rejections summarised by reason (and, for unknown units, by value), in order of first appearance.
    public var groups: [RejectGroup] = []
    /// Line of the header row (past any title rows).
    public var headerLine = 1
    /// With status lists: imported employees that no status row named (counted as not activated, nothing done).
    public var withoutStatus = 0
    /// With status lists: status rows whose NIP is not in the export, and the first of them (`status.csv:4`).
    public var statusWithoutEmployee = 0
    public var statusWithoutEmployeeLines: [String] = []
    /// Where the rejected rows were written, nil when none were rejected.
    public var rejectFile: String?
    /// Header names the importer did not use.
    public var ignoredColumns: [String] = []

    /// How many rejections are kept in ``rejections`` (all are counted and written to the reject file).
    public static let keptRejections = 1000
    /// How many groups are kept apart; rejections beyond join their reason's last group.
    public static let keptGroups = 200

    /// Rejections of one reason (and group value): how many, the first lines, and the first row's message.
    public struct RejectGroup: Sendable, Equatable {
        public var reason: RejectReason
        public var group: String?
        public var count: Int
        /// The first three lines.
        public var lines: [Int]
        public var message: String

        /// `unit "X" (412 rows; lines 17, 25, 31, …): not in the unit list; …` or
        /// `malformed email (2 rows; lines 7, 9): email "ani@" is malformed; …`.
        public var summary: String {
            let rows =
                "\(count) row\(count == 1 ? "" : "s"); line\(lines.count == 1 ? "" : "s") "
                + lines.map(String.init).joined(separator: ", ") + (count > lines.count ? ", …" : "")
            if reason == .unknownUnit, let group {
                return "unit \"\(group)\" (\(rows)): not in the unit list; add it or an alias to units.csv and run `pantau import units`"
            }
            return "\(reason.rawValue) (\(rows)): \(count > 1 ? "first: " : "")\(message)"
        }
    }

    /// Counts `rejection` in its group.
    mutating func count(_ rejection: RowRejection) {
        rejectedByReason[rejection.reason, default: 0] += 1
        if rejections.count < Self.keptRejections { rejections.append(rejection) }
        let index =
            groups.lastIndex { $0.reason == rejection.reason && $0.group == rejection.group }
            ?? (groups.count >= Self.keptGroups ? groups.lastIndex { $0.reason == rejection.reason } : nil)
        if let index {
            groups[index].count += 1
            if groups[index].lines.count < 3 { groups[index].lines.append(rejection.line) }
        } else {
            groups.append(
                RejectGroup(reason: rejection.reason, group: rejection.group, count: 1, lines: [rejection.line], message: rejection.message)
            )
        }
    }

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }

    public init(file: String, asOf: CalendarDate, outcome: Outcome) {
        self.file = file
        self.asOf = asOf
        self.outcome = outcome
    }

    /// `unused columns (3): A, B, C`, at most 20 names and 200 characters of each (a 10,000-column export
    /// must not print a line of many kilobytes).
    static func unusedColumns(_ names: [String]) -> String {
        let shown = names.prefix(20).map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
        let more = names.count > 20 ? ", … and \(names.count - 20) more" : ""
        return "unused columns (\(names.count)): \(shown.joined(separator: ", "))\(more)"
    }

    /// The lines `pantau import employees` prints.
    public var summary: String {
        if case .alreadyImported(let date) = outcome {
            return "\(file): already imported as the snapshot of \(date); nothing changed."
        }
        var lines: [String] = []
        let kind =
            outcome == .current
            ? "now the current employees" : "added to the history only (older than the newest snapshot, so the current employees stay)"
        lines.append("\(file): snapshot of \(asOf)\(replacedSameDate ? " (replaces the earlier import of that date)" : ""), \(kind).")
        if headerLine > 1 { lines.append("  header on line \(headerLine); the lines above it were skipped as titles") }
        lines.append("  read \(read) rows, imported \(imported), rejected \(rejected)")
        for group in groups.prefix(30) {
            lines.append("    \(group.summary)")
        }
        if groups.count > 30 {
            let rest = groups.dropFirst(30).reduce(0) { $0 + $1.count }
            lines.append("    … \(groups.count - 30) more kinds of problem (\(rest) rows); see the reject file")
        }
        if withoutStatus > 0 {
            lines.append(
                "  \(withoutStatus) employee\(withoutStatus == 1 ? " has" : "s have") no status row; counted as not activated with nothing "
                    + "done"
            )
        }
        if statusWithoutEmployee > 0 {
            let more = statusWithoutEmployee > statusWithoutEmployeeLines.count ? ", …" : ""
            lines.append(
                "  \(statusWithoutEmployee) status row\(statusWithoutEmployee == 1 ? " names a NIP" : "s name NIPs") not in this export "
                    + "(\(statusWithoutEmployeeLines.joined(separator: ", "))\(more)); written to the reject file")
        }
        if outcome == .current {
            lines.append(
                "  \(noLongerCounted) employee\(noLongerCounted == 1 ? "" : "s") of the previous import "
                    + "\(noLongerCounted == 1 ? "is" : "are") not in this export and no longer counted"
            )
            if previousRejected > 0 {
                lines.append(
                    "  \(previousRejected) employee\(previousRejected == 1 ? "" : "s") of the previous import "
                        + "\(previousRejected == 1 ? "is" : "are") in this export but rejected (see above), so no longer counted"
                )
            }
        }
        if let rejectFile {
            lines.append(
                "  rejected rows with their line (baris) and reason (alasan): \(rejectFile); fix them in the export and import it again")
        }
        if !ignoredColumns.isEmpty {
            lines.append("  " + Self.unusedColumns(ignoredColumns))
        }
        return lines.joined(separator: "\n")
    }
}
