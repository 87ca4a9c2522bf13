import Foundation

/// Decides, just before an employee import commits, whether its figures are safe to keep: a cut-off download
/// or a broken export must not become the published numbers (and stay in the history) unnoticed.
///
/// Refusals are ``PantauError/refusal(file:step:_:)`` errors (exit status 2); the import's transaction then rolls
/// back, so the datastore is exactly as before.
public struct ImportSafetyPolicy: Sendable, Equatable {
    /// The limits from `site.yml` (`data.max_drop`, `data.max_rejects`).
    var rails: DataRails
    /// `--accept-drop`: the drop or the rejects are real (a reorganisation, a known bad batch); import anyway.
    var acceptDrop: Bool

    public init(rails: DataRails = DataRails(), acceptDrop: Bool = false) {
        self.rails = rails
        self.acceptDrop = acceptDrop
    }

    /// Throws a refusal when the import's valid rows fall more than `maxDrop` below `previousEmployees` (the
    /// snapshot before this one; nil for the first import) or its rejected rows exceed `maxRejects` of the rows read.
    func check(_ report: ImportReport, previousEmployees: Int?, previousAsOf: CalendarDate?) throws {
        guard !acceptDrop else { return }
        if let previous = previousEmployees, previous > 0 {
            let drop = Double(previous - report.imported) / Double(previous)
            if drop > rails.maxDrop {
                throw PantauError.refusal(
                    file: report.file, step: .datastore,
                    """
                    refused: \(report.imported) valid rows is \(Self.percent(drop)) fewer than the \(previous) employees of the \
                    previous snapshot\(previousAsOf.map { " (\($0))" } ?? ""), more than data.max_drop (\(Self.percent(rails.maxDrop))); \
                    nothing changed. A cut-off download looks like this: fetch the export again. If the drop is real, \
                    import with --accept-drop
                    """)
            }
        }
        if report.read > 0 {
            let share = Double(report.rejected) / Double(report.read)
            if share > rails.maxRejects {
                throw PantauError.refusal(
                    file: report.file, step: .datastore,
                    """
                    refused: \(report.rejected) of \(report.read) rows rejected (\(Self.percent(share))), more than \
                    data.max_rejects (\(Self.percent(rails.maxRejects))); nothing changed. \
                    \(report.rejectFile.map { "See \($0) for each row's reason; " } ?? "")fix the export, \
                    or import with --accept-drop if these rows are expected to fail
                    """)
            }
        }
    }

    /// `12.5%`, `10%`: one decimal, without a trailing `.0`.
    static func percent(_ share: Double) -> String {
        let text = String(format: "%.1f", share * 100)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }
}
