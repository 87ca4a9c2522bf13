import GRDB

/// An employee import just before it commits, as ``EmployeeImporter/beforeCommit(_:db:)`` sees it.
struct PendingImport {
    /// The import's counts so far (read, imported, rejected by reason, employees no longer counted).
    var report: ImportReport
    /// The identifiers of every rejected row, as written in the file, and the fields of every status-list row.
    var rejected: [RowIdentifiers]
    /// The table holding the valid rows (in the open transaction).
    var validRowsTable: String
    /// The ledger entries of the valid rows' NIP, NIK and email, when computed while the rows were stored
    /// (``EmployeeWriterThread``); nil: read the rows back from ``validRowsTable``.
    var validEntries: [UInt64]? = nil

    /// Calls `body` with the NIP, NIK and email of every valid row, streaming from the table.
    func forEachValidIdentifier(_ db: Database, _ body: (RowIdentifiers) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: "SELECT rowid, nip, nik, email FROM \(validRowsTable) ORDER BY rowid")
        while let row = try cursor.next() {
            try body(RowIdentifiers(line: nil, nip: row[1], nik: row[2], email: row[3]))
        }
    }
}

/// The identifying fields of one row: valid rows carry normalised values, rejected rows the file's text.
struct RowIdentifiers: Sendable, Equatable {
    /// The row's line, for rejected rows.
    var line: Int?
    var nip: String?
    var nik: String?
    var email: String?
}

/// Collects the identifiers of rejected rows (their NIP also as a number, to tell "rejected" from "absent").
struct RejectedIdentifiers {
    private let nip: Int?, nik: Int?, email: Int?
    private(set) var rows: [RowIdentifiers] = []
    private var nips = NIPTable(expectedCount: 1_024)

    init(columns: EmployeeColumns) {
        nip = columns.index["nip"]
        nik = columns.index["nik"]
        email = columns.index["email"]
    }

    func contains(nip: UInt64) -> Bool { nips.line(of: nip) != nil }

    /// Records the raw row `record` (a rejected one).
    mutating func append(_ record: CSVRecord, line: Int) {
        func text(_ column: Int?) -> String? {
            guard let column, column < record.count else { return nil }
            let value = String(decoding: EmployeeRowValidator.trim(record[column]), as: UTF8.self)
            return value.isEmpty ? nil : value
        }
        let identifiers = RowIdentifiers(line: line, nip: text(nip), nik: text(nik), email: text(email))
        rows.append(identifiers)
        let digits = (identifiers.nip ?? "").filter(\.isNumber)
        if digits.count == 18, let value = UInt64(digits), nips.line(of: value) == nil { nips.insert(value, line: line) }
    }
}
