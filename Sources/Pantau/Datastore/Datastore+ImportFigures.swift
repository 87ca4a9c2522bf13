import Foundation
import GRDB

/// What the build report needs of the imports themselves (the snapshot table's counters).
extension Datastore {
    /// Rows read and rejected by the import of the newest snapshot, and its file name; nil without snapshots.
    func latestImportFigures() throws -> LatestImportFigures? {
        try wrap { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT as_of, rows_read, rows_rejected, source_file, (SELECT count(*) FROM snapshot)
                    FROM snapshot ORDER BY as_of DESC LIMIT 1
                    """
            ).map { row in
                LatestImportFigures(
                    asOf: CalendarDate(iso: row[0]) ?? CalendarDate(dayNumber: 0), rowsRead: row[1] ?? 0,
                    rowsRejected: row[2] ?? 0, sourceFile: row[3] ?? "", snapshotCount: row[4])
            }
        }
    }
}

/// The newest snapshot's import counters, for the build's warnings and `pantau build --report`.
struct LatestImportFigures: Sendable, Equatable {
    var asOf: CalendarDate
    var rowsRead: Int
    var rowsRejected: Int
    /// The export's file name as imported.
    var sourceFile: String
    /// How many snapshots the datastore holds.
    var snapshotCount: Int
}
