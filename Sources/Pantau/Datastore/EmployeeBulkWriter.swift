import GRDB
import GRDBSQLite

/// Appends validated employee rows to a table through one prepared statement and SQLite's C API.
///
/// GRDB's `StatementArguments` would build Swift values for every field of four million rows; binding the
/// reader's bytes directly keeps an import close to the speed of the `sqlite3` shell's `.import`.
struct EmployeeBulkWriter {
    private let statement: Statement
    private let unitCodes: [[UInt8]]
    private let displayPath: String
    private var dateBytes = [UInt8](repeating: 0, count: 10)

    init(db: Database, table: String, unitCodes: [String], displayPath: String) throws {
        statement = try db.makeStatement(
            sql:
                "INSERT INTO \(table) (nip, nik, name, gender, status, golongan, position, unit_code, email, activated, activation_date, "
                + "statuses) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
        )
        self.unitCodes = unitCodes.map { Array($0.utf8) }
        self.displayPath = displayPath
    }

    /// Inserts `row`.
    mutating func insert(_ row: EmployeeRowValidator.Row) throws {
        let handle = statement.sqliteStatement
        row.nipText.withUnsafeBufferPointer { Self.bind(handle, 1, $0) }
        row.nik.withUnsafeBufferPointer { Self.bind(handle, 2, $0) }
        Self.bind(handle, 3, row.name)
        var gender = row.gender
        sqlite3_bind_text(handle, 4, &gender, 1, transient)  // copied: the local goes away
        var status = row.status.rawValue
        status.withUTF8 {
            sqlite3_bind_text(
                handle, 5, UnsafeRawPointer($0.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, Int32($0.count), transient)
        }  // copied: the local goes away
        Self.bind(handle, 6, row.golongan)
        Self.bind(handle, 7, row.position)
        unitCodes[row.unitIndex].withUnsafeBufferPointer { Self.bind(handle, 8, $0) }
        Self.bind(handle, 9, row.email)
        sqlite3_bind_int(handle, 10, row.activated ? 1 : 0)
        if let date = row.activationDate {
            Self.write(date.year, digits: 4, into: &dateBytes, at: 0)
            dateBytes[4] = UInt8(ascii: "-")
            Self.write(date.month, digits: 2, into: &dateBytes, at: 5)
            dateBytes[7] = UInt8(ascii: "-")
            Self.write(date.day, digits: 2, into: &dateBytes, at: 8)
            dateBytes.withUnsafeBufferPointer { Self.bind(handle, 11, $0) }
        } else {
            sqlite3_bind_null(handle, 11)
        }
        row.statuses.withUnsafeBufferPointer { Self.bind(handle, 12, $0) }
        try step(handle)
    }

    /// Inserts every row of `batch`, in order: the same values ``insert(_:)`` binds for each row.
    func insert(_ batch: EmployeeRowBatch) throws {
        let handle = statement.sqliteStatement
        let columns = EmployeeRowBatch.textColumns
        try batch.withStorage { bytes, ends, activated in
            var start = 0
            for row in 0..<activated.count {
                for column in 0..<columns {
                    let end = Int(ends[row * columns + column])
                    // Parameter 10 is `activated`, the one integer.
                    Self.bind(handle, Int32(column < 9 ? column + 1 : column + 2), UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
                sqlite3_bind_int(handle, 10, activated[row] ? 1 : 0)
                try step(handle)
            }
        }
    }

    private func step(_ handle: OpaquePointer) throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            throw PantauError(file: displayPath, step: .datastore, "SQLite could not store an employee (\(message)); nothing was imported")
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds without a copy (`SQLITE_STATIC`, a null destructor): every buffer bound here (the reader's record,
    /// the row's arrays, the unit codes) stays unchanged until `sqlite3_step` has returned, which is all SQLite
    /// needs, and every parameter is bound again before the next step.
    private static func bind(_ handle: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            sqlite3_bind_null(handle, index)
            return
        }
        _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    private static func write(_ value: Int, digits: Int, into bytes: inout [UInt8], at offset: Int) {
        var value = value
        for position in stride(from: offset + digits - 1, through: offset, by: -1) {
            bytes[position] = UInt8(48 + value % 10)
            value /= 10
        }
    }
}
