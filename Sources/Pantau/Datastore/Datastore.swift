import Foundation
import GRDB
import GRDBSQLite

/// The employee datastore: an SQLite file behind a small API. The only place in Pantau that speaks SQL.
///
/// Opening it runs the GRDB migrations and checks that the datastore tracks the same data categories as
/// `site.yml`; reading never loads every employee at once.
public final class Datastore: Sendable {
    /// The SQLite connection (serialised: one import or query at a time).
    let queue: DatabaseQueue
    /// The categories the datastore tracks, in the order of the stored statuses.
    let categories: [DataConfig.DataCategory]
    /// The datastore's path as the user gave it, for messages.
    let displayPath: String

    /// Opens the datastore at `path`, creating the file and its folder when missing, and migrates it.
    ///
    /// Throws when the datastore already holds snapshots for a different list of category keys.
    /// `busyWait`: how long to wait for another pantau command holding the datastore, in seconds.
    public init(path: URL, categories: [DataConfig.DataCategory], displayPath: String? = nil, busyWait: Double = Datastore.busyWaitSeconds)
        throws
    {
        let shown = displayPath ?? path.path
        self.displayPath = shown
        self.categories = categories
        do {
            try PrivateFiles.prepare(path)
            var configuration = Configuration()
            configuration.label = "pantau"
            // A replaced employee table's pages are zeroed when freed, so leavers' NIKs and emails do not linger in the
            // file as free pages (the identifier ledger keeps only keyed hashes of them).
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
            // Another pantau command holding the datastore: say so once, then wait up to busyWait seconds.
            let wait = busyWait
            configuration.busyMode = .callback { attempts in
                if attempts == 0 {
                    FileHandle.standardError.write(Data("another pantau command is using \(shown); waiting…\n".utf8))
                }
                guard Double(attempts) * 0.1 < wait else { return false }
                usleep(100_000)
                return true
            }
            queue = try DatabaseQueue(path: path.path, configuration: configuration)
            try Schema.migrator.migrate(queue)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw Self.busyError(shown)
        } catch let error as DatabaseError {
            throw PantauError(
                file: shown, step: .datastore,
                "the datastore could not be opened (\(error.message ?? "\(error)")); is it an SQLite file made by Pantau?")
        } catch let error as PantauError {
            throw error
        } catch {
            throw PantauError(file: shown, step: .datastore, "the datastore could not be opened: \(error.localizedDescription)")
        }
        try checkCategories()
    }

    /// Opens the datastore if its file exists; nil for a new site that has imported nothing yet.
    static func openExisting(path: URL, categories: [DataConfig.DataCategory], displayPath: String? = nil) throws -> Datastore? {
        guard FileManager.default.fileExists(atPath: path.path) else { return nil }
        return try Datastore(path: path, categories: categories, displayPath: displayPath)
    }

    /// Records the categories on first use; refuses a datastore with history for other categories.
    private func checkCategories() throws {
        let keys = categories.map(\.key).joined(separator: ",")
        let stored = try wrap { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'categories'")
        }
        guard stored != keys else { return }
        let snapshots = try wrap { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshot") ?? 0 }
        if let stored, snapshots > 0 {
            throw PantauError(
                file: displayPath, step: .datastore,
                "the datastore tracks the categories \(stored.replacingOccurrences(of: ",", with: ", ")) but site.yml's data.categories "
                    + "lists \(keys.replacingOccurrences(of: ",", with: ", ")); put site.yml's categories back as they were, or point "
                    + "data.datastore at a new file and import the exports again"
            )
        }
        // No history yet: the datastore simply follows site.yml.
        try wrap { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('categories', ?)", arguments: [keys])
            try db.execute(sql: "DELETE FROM employee")
        }
    }

    // MARK: Reading

    /// Every unit, sorted by code.
    func units() throws -> [OrgUnit] {
        try wrap { db in
            try Row.fetchAll(db, sql: "SELECT \(Schema.unitColumns) FROM unit ORDER BY code").map {
                OrgUnit(row: $0)
            }
        }
    }

    /// Every snapshot, oldest as-of date first.
    func snapshots() throws -> [Snapshot] {
        try wrap { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, as_of, source_hash, employees, imported_at, rows_rejected, rows_without_status
                    FROM snapshot ORDER BY as_of
                    """
            ).map { row in
                let text: String = row[1]
                guard let date = CalendarDate(iso: text) else {
                    throw PantauError(
                        file: displayPath, step: .datastore,
                        "snapshot \(row[0] as Int64) has the unreadable as-of date \"\(text)\"; the datastore is damaged")
                }
                var snapshot = Snapshot(id: row[0], asOf: date, sourceHash: row[2], employees: row[3])
                snapshot.importedAt = row[4]
                snapshot.rejected = row[5]
                snapshot.withoutStatus = row[6]
                return snapshot
            }
        }
    }

    /// Each unit's own counts in a snapshot (no roll-up into parents); units without employees are absent.
    func unitCounts(snapshot: Int64) throws -> [UnitCounts] {
        try wrap { db in
            try Row.fetchAll(
                db,
                sql: "SELECT unit_code, employees, activated, complete, done FROM snapshot_unit WHERE snapshot_id = ? ORDER BY unit_code",
                arguments: [snapshot]
            ).map { row in
                let done: String = row[4]
                let counts = done.split(separator: ",").compactMap { Int($0) }
                guard counts.count == categories.count else {
                    throw PantauError(
                        file: displayPath, step: .datastore,
                        "snapshot \(snapshot), unit \(row[0] as String): \(counts.count) category counts stored for \(categories.count) "
                            + "categories; the datastore is damaged"
                    )
                }
                return UnitCounts(unitCode: row[0], employees: row[1], activated: row[2], complete: row[3], doneByCategory: counts)
            }
        }
    }

    /// Whether any current employee has a NIK (the privacy guard then looks for NIKs in the output).
    var hasNIK: Bool {
        get throws {
            try wrap { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM employee WHERE nik IS NOT NULL)") ?? false }
        }
    }

    /// Calls `body` with each current employee, streaming from disk in import order.
    func forEachEmployee(_ body: (EmployeeRecord) throws -> Void) throws {
        let count = categories.count
        try wrap { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT nip, nik, email, unit_code, activated, activation_date, statuses, name, gender, status, golongan, position
                    FROM employee ORDER BY rowid
                    """)
            while let row = try cursor.next() {
                let letters: String = row[6]
                let statuses = letters.utf8.compactMap(CategoryStatus.init(letter:))
                let nip: String = row[0]
                guard statuses.count == count else {
                    throw PantauError(
                        file: displayPath, step: .datastore,
                        "employee \(nip) has \(statuses.count) category statuses for \(count) categories; the datastore is damaged")
                }
                let date: String? = row[5]
                try body(
                    EmployeeRecord(
                        nip: nip, nik: row[1], email: row[2], unitCode: row[3], activated: row[4],
                        activationDate: date.flatMap(CalendarDate.init(iso:)), statuses: statuses,
                        name: row[7], gender: row[8], employeeStatus: row[9], golongan: row[10], position: row[11]))
            }
        }
    }

    /// The same identifiers and the name as raw UTF-8 bytes, valid only during the call: no `String` per row,
    /// which keeps the privacy guard fast at national scale (millions of rows).
    func forEachIdentifierBytes(
        _ body: (
            _ nip: UnsafeBufferPointer<UInt8>, _ nik: UnsafeBufferPointer<UInt8>, _ email: UnsafeBufferPointer<UInt8>,
            _ name: UnsafeBufferPointer<UInt8>
        ) -> Void
    ) throws {
        try wrap { db in
            let statement = try db.makeStatement(sql: "SELECT nip, nik, email, name FROM employee")
            let handle = statement.sqliteStatement
            func column(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
                guard let text = sqlite3_column_text(handle, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
                return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, i)))
            }
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw PantauError(
                        file: displayPath, step: .datastore,
                        "SQLite could not read employees: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
                }
                body(column(0), column(1), column(2), column(3))
            }
            sqlite3_reset(handle)
        }
    }

    /// How long a command waits for another one holding the datastore (seconds).
    public static let busyWaitSeconds = 60.0

    static func busyError(_ shown: String) -> PantauError {
        PantauError(
            file: shown, step: .datastore,
            "another pantau command kept the datastore busy, and waiting did not help; nothing was changed. Run this again when it has "
                + "finished"
        )
    }

    /// Runs `body` on the connection, turning SQLite errors into a located ``PantauError``.
    func wrap<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw Self.busyError(displayPath)
        } catch let error as DatabaseError {
            throw PantauError(file: displayPath, step: .datastore, "SQLite: \(error.message ?? "\(error)")")
        }
    }

    /// Runs `body` in one immediate transaction (committed or rolled back as it says), errors located.
    func wrapTransaction(_ body: (Database) throws -> Database.TransactionCompletion) throws {
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) { try body(db) }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw Self.busyError(displayPath)
        } catch let error as DatabaseError {
            throw PantauError(file: displayPath, step: .datastore, "SQLite: \(error.message ?? "\(error)"); nothing was changed")
        }
    }
}
