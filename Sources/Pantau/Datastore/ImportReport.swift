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
    /// Where the rejected rows were written, nil when none were rejected.
    public var rejectFile: String?
    /// Header names the importer did not use.
    public var ignoredColumns: [String] = []

    /// How many rejections are kept in ``rejections`` (all are counted and written to the reject file).
    public static let keptRejections = 1000

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }

    public init(file: String, asOf: CalendarDate, outcome: Outcome) {
        self.file = file
        self.asOf = asOf
        self.outcome = outcome
    }

    /// The lines `pantau import employees` prints.
    public var summary: String {
        if case .alreadyImported(let date) = outcome {
            return "\(file): already imported as the snapshot of \(date); nothing changed."
        }
        var lines: [String] = []
        let kind = outcome == .current ? "now the current employees" : "added to the history only (older than the newest snapshot, so the current employees stay)"
        lines.append("\(file): snapshot of \(asOf)\(replacedSameDate ? " (replaces the earlier import of that date)" : ""), \(kind).")
        lines.append("  read \(read) rows, imported \(imported), rejected \(rejected)")
        for (reason, count) in rejectedByReason.sorted(by: { $0.key < $1.key }) {
            lines.append("    \(reason.rawValue): \(count)")
        }
        if outcome == .current {
            lines.append("  \(noLongerCounted) employee\(noLongerCounted == 1 ? "" : "s") of the previous import \(noLongerCounted == 1 ? "is" : "are") not in this export and no longer counted")
        }
        for rejection in rejections.prefix(10) {
            lines.append("  \(file):\(rejection.line): \(rejection.message)")
        }
        if rejected > 10 { lines.append("  … \(rejected - 10) more") }
        if let rejectFile {
            lines.append("  rejected rows with their line (baris) and reason (alasan): \(rejectFile); fix them in the export and import it again")
        }
        if !ignoredColumns.isEmpty {
            lines.append("  ignored columns: \(ignoredColumns.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}
