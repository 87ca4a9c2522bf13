import Foundation
import GRDB

/// `pantau snapshots`: list, remove and re-date imported snapshots, each change in one transaction.
///
/// The current employees always follow the newest snapshot, so a change that would make another snapshot the
/// newest cannot keep them: removing the newest snapshot empties them and says which export to import again;
/// re-dating is refused when it would change which snapshot is the newest.
public struct SnapshotManager {
    let datastore: Datastore

    public init(datastore: Datastore) {
        self.datastore = datastore
    }

    /// One line per snapshot.
    public struct Entry: Sendable, Equatable {
        var asOf: CalendarDate
        var file: String
        var imported: Int
        var rejected: Int
        var importedAt: String
    }

    public func list() throws -> [Entry] {
        try datastore.wrap { db in
            let sql = "SELECT as_of, source_file, employees, rows_rejected, imported_at FROM snapshot ORDER BY as_of"
            return try Row.fetchAll(db, sql: sql).compactMap { row in
                CalendarDate(iso: row[0]).map { Entry(asOf: $0, file: row[1], imported: row[2], rejected: row[3], importedAt: row[4]) }
            }
        }
    }

    /// The table `pantau snapshots` prints.
    public static func table(_ entries: [Entry]) -> String {
        guard !entries.isEmpty else { return "no snapshots yet; import an export with `pantau import employees FILE`" }
        var lines = ["date        imported  rejected  imported at (UTC)    file"]
        for entry in entries {
            let imported = String(entry.imported)
            let rejected = String(entry.rejected)
            lines.append(
                "\(entry.asOf)  \(String(repeating: " ", count: max(0, 8 - imported.count)))\(imported)  "
                    + "\(String(repeating: " ", count: max(0, 8 - rejected.count)))\(rejected)  \(entry.importedAt)  \(entry.file)")
        }
        return lines.joined(separator: "\n")
    }

    /// Removes the snapshot of `date`; returns what to tell the user.
    public func remove(_ date: CalendarDate) throws -> String {
        var message = ""
        try datastore.wrapTransaction { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM snapshot WHERE as_of = ?", arguments: [date.description]) else {
                throw try missing(date, db)
            }
            let newest = try String.fetchOne(db, sql: "SELECT max(as_of) FROM snapshot")
            try db.execute(sql: "DELETE FROM snapshot_unit WHERE snapshot_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM snapshot WHERE id = ?", arguments: [id])
            message = "removed the snapshot of \(date)"
            if newest == date.description {
                try db.execute(sql: "DELETE FROM employee")
                if let row = try Row.fetchOne(db, sql: "SELECT id, as_of, source_file FROM snapshot ORDER BY as_of DESC LIMIT 1") {
                    // Its file may be imported again to bring its employees back: forget its bytes.
                    try db.execute(sql: "UPDATE snapshot SET source_hash = 'reimport:' || id WHERE id = ?", arguments: [row[0] as Int64])
                    let file: String = row[2]
                    let asOf: String = row[1]
                    message +=
                        "; it held the current employees, so there are none now: import \(file) again with --as-of \(asOf)"
                        + " to bring back the employees of the newest snapshot"
                } else {
                    message += "; no snapshot is left"
                }
            }
            return .commit
        }
        return message
    }

    /// Moves the snapshot of `date` to `newDate`.
    public func redate(_ date: CalendarDate, to newDate: CalendarDate) throws -> String {
        try datastore.wrapTransaction { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM snapshot WHERE as_of = ?", arguments: [date.description]) != nil else {
                throw try missing(date, db)
            }
            let taken = try Int64.fetchOne(db, sql: "SELECT id FROM snapshot WHERE as_of = ?", arguments: [newDate.description])
            if taken != nil {
                throw PantauError(
                    file: datastore.displayPath, step: .datastore,
                    "there is already a snapshot of \(newDate); remove it first with `pantau snapshots remove \(newDate)`")
            }
            let dates = try String.fetchAll(db, sql: "SELECT as_of FROM snapshot ORDER BY as_of").compactMap(CalendarDate.init(iso:))
            let newestBefore = dates.last
            let newestAfter = (dates.filter { $0 != date } + [newDate]).max()
            if (newestBefore == date) != (newestAfter == newDate) {
                throw PantauError(
                    file: datastore.displayPath, step: .datastore,
                    "moving \(date) to \(newDate) would change which snapshot is the newest, whose employees are the current ones; "
                        + "remove the snapshot and import its export again with --as-of \(newDate) instead")
            }
            try db.execute(sql: "UPDATE snapshot SET as_of = ? WHERE as_of = ?", arguments: [newDate.description, date.description])
            return .commit
        }
        return "the snapshot of \(date) is now the snapshot of \(newDate)"
    }

    private func missing(_ date: CalendarDate, _ db: Database) throws -> PantauError {
        let dates = try String.fetchAll(db, sql: "SELECT as_of FROM snapshot ORDER BY as_of")
        let known = dates.isEmpty ? "there are none yet" : "the snapshots are " + dates.joined(separator: ", ")
        return PantauError(file: datastore.displayPath, step: .datastore, "there is no snapshot of \(date); \(known)")
    }
}
