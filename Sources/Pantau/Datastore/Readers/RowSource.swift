/// A reader of one export format (CSV, XLSX): the rows of a file as raw fields, one row at a time.
///
/// Every reader produces the same stream: no header handling, no value cleaning, no validation. Those are
/// separate steps after it (``HeaderLocator``, ``EmployeeRowMapper``, ``EmployeeRowValidator``), so a new
/// export shape is a new reader, not a new importer.
protocol RowSource: AnyObject {
    /// The file as the user named it, for messages.
    var displayPath: String { get }
    /// Where the current row starts: the physical line (CSV) or the sheet's row number (XLSX).
    var recordLine: Int { get }
    /// Number of fields in the current row.
    var fieldCount: Int { get }
    /// Reads the next row; false at the end. Empty lines are skipped.
    func next() throws -> Bool
    /// Calls `body` with a view of the current row, valid only during the call.
    func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R
    /// SHA-256 of the file's bytes, lower-case hex (complete once ``next()`` returned false).
    var sha256Hex: String { get }
    /// The delimiter the reject file is written with (the input's own for CSV).
    var rejectDelimiter: UInt8 { get }
    /// Input bytes processed so far and the total, for progress and row-count estimates.
    var progress: (done: Int, total: Int) { get }
}

extension RowSource {
    /// The current row's fields as strings (invalid UTF-8 shown as U+FFFD), for messages and reject files.
    var fields: [String] {
        withRecord { record in (0..<record.count).map { String(decoding: record[$0], as: UTF8.self) } }
    }
}
