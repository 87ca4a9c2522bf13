import Crypto
import Foundation
import ZIPFoundation

/// Reads the rows of one sheet of an XLSX workbook as raw fields, like ``CSVReader`` does for CSV.
///
/// The sheet is inflated by ZIPFoundation on its own thread as it is read (``ZipEntryStream``: a few chunks in
/// memory, nothing written to disk) and parsed by ``XMLByteScanner`` (libxml2 for a sheet not in UTF-8, and as
/// the tests' reference), so memory stays flat however many rows it has. Cells become text: shared and inline
/// strings as written (phonetic runs left out), booleans `TRUE`/`FALSE`, numbers as Excel stores them, and
/// numbers in a date style as `YYYY-MM-DD` (1900 or 1904 date system). Missing cells are empty fields; a row's
/// fields reach its last cell (shorter rows are padded to the widest row seen so far, so the header sets the width).
final class XLSXReader: RowSource {
    let displayPath: String
    private let workbook: XLSXWorkbook
    private let part: XLSXPartReader
    private let sheetName: String
    private let sheetSize: Int
    /// The row being read, behind a pointer: a stored `var` of a class costs a dynamic exclusivity check on each
    /// access, and these are touched for every cell.
    private struct Row {
        var recordLine = 0
        var fieldData: [UInt8] = []
        var fieldEnds: [Int] = []
        var width = 0
        var value: [UInt8] = []
    }
    private let row: UnsafeMutablePointer<Row>
    private(set) var recordLine: Int {
        get { row.pointee.recordLine }
        _modify { yield &row.pointee.recordLine }
    }
    private var fieldData: [UInt8] {
        get { row.pointee.fieldData }
        _modify { yield &row.pointee.fieldData }
    }
    private var fieldEnds: [Int] {
        get { row.pointee.fieldEnds }
        _modify { yield &row.pointee.fieldEnds }
    }
    private var width: Int {
        get { row.pointee.width }
        _modify { yield &row.pointee.width }
    }
    private var value: [UInt8] {
        get { row.pointee.value }
        _modify { yield &row.pointee.value }
    }
    let sha256Hex: String
    var rejectDelimiter: UInt8 { UInt8(ascii: ";") }
    var progress: (done: Int, total: Int) { (part.bytesConsumed, sheetSize) }
    var fieldCount: Int { fieldEnds.count }

    /// `engine` and `chunkSize` (bytes inflated at a time) are for the tests: imports use the defaults.
    init(url: URL, displayPath: String, sheet: String?, engine: XLSXPartReader.Engine = .scanner, chunkSize: Int = 1 << 18) throws {
        self.displayPath = displayPath
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw PantauError(
                file: displayPath, step: .datastore,
                "this is a zip archive (an Excel .xlsx workbook?) that cannot be opened; it may be cut short: download or save the "
                    + "workbook again"
            )
        }
        let parts = try ZipParts(url: url, archive: archive, displayPath: displayPath)
        workbook = try XLSXWorkbook(parts: parts, url: url, displayPath: displayPath, engine: engine, chunkSize: chunkSize)
        let chosen: (name: String, path: String)
        if let sheet {
            guard
                let found = workbook.sheets.first(where: { $0.name == sheet })
                    ?? workbook.sheets.first(where: { $0.name.lowercased() == sheet.lowercased() })
            else {
                throw PantauError(
                    file: displayPath, step: .datastore,
                    "the workbook has no sheet \"\(sheet)\"; its sheets are "
                        + "\(workbook.sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))"
                )
            }
            chosen = found
        } else {
            guard let first = workbook.sheets.first else {
                throw PantauError(
                    file: displayPath, step: .datastore, "the workbook lists no sheets; open it in a spreadsheet and save it again")
            }
            chosen = first
        }
        sheetName = chosen.name
        let missing = PantauError(
            file: displayPath, step: .datastore,
            "the workbook's sheet \"\(chosen.name)\" is missing from the file (\(chosen.path)); save the workbook again")
        do {
            guard let stream = try ZipEntryStream(url: url, path: chosen.path, chunkSize: chunkSize) else { throw missing }
            sheetSize = stream.size
            part = try XLSXPartReader.open(stream, engine: engine)
        } catch let error as PantauError {
            throw error
        } catch {
            throw Self.error(error, sheet: chosen.name, row: 0, displayPath: displayPath)
        }
        sha256Hex = try Self.hash(url, displayPath: displayPath)
        row = .allocate(capacity: 1)
        row.initialize(to: Row())
    }

    deinit {
        row.deinitialize(count: 1)
        row.deallocate()
    }

    private static func hash(_ url: URL, displayPath: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw PantauError(file: displayPath, step: .datastore, "the file cannot be read; check its permissions")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R {
        try fieldData.withUnsafeBufferPointer { bytes in
            try fieldEnds.withUnsafeBufferPointer { ends in try body(CSVRecord(bytes: bytes, ends: ends)) }
        }
    }

    /// Reads the next row that has at least one cell.
    func next() throws -> Bool {
        do {
            switch part {
            case .scanner(let scanner): return try nextRow(scanner)
            case .libxml2(let reader): return try nextRow(reader)
            }
        } catch let error as PantauError {
            throw error
        } catch {
            throw Self.error(error, sheet: sheetName, row: recordLine, displayPath: displayPath)
        }
    }

    /// The message for an error of the sheet's XML or of its inflating.
    private static func error(_ error: Error, sheet: String, row: Int, displayPath: String) -> PantauError {
        if let location = XLSXPartReader.describe(error) {
            let near = row > 0 ? " near row \(row)" : ""
            return PantauError(
                file: displayPath, line: row > 0 ? row : nil, step: .datastore,
                "the sheet's XML is malformed\(near) (sheet \"\(sheet)\", \(location)); open the file in a spreadsheet and save it again"
            )
        }
        let reason = (error as? ZipEntryStream.Failure)?.reason ?? "\(error)"
        return PantauError(
            file: displayPath, line: row > 0 ? row : nil, step: .datastore,
            "the sheet \"\(sheet)\" could not be unpacked: \(reason); download or save the workbook again")
    }

    private enum CellType { case number, shared, inline, boolean, text, error }

    /// The rows of `<sheetData>`: `<row r>` of `<c r t s>` cells whose text is in `<v>` or, for inline strings,
    /// in the `<t>` runs of `<is>` (phonetic `<rPh>` runs left out).
    private func nextRow<Reader: XMLEventReader>(_ reader: Reader) throws -> Bool {
        fieldData.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var inRow = false
        var inValue = false
        var inPhonetic = false
        var column = 0
        var nextColumn = 0
        var style = -1
        var type = CellType.number
        while let node = try reader.read() {
            switch node {
            case .start(let empty):
                if reader.isNamed("row") {
                    inRow = !empty
                    nextColumn = 0
                    var number: Int?
                    reader.forEachAttribute { name, bytes in
                        if Reader.matches(name, "r") { number = Self.number(bytes) }
                    }
                    recordLine = number ?? recordLine + 1
                } else if inRow, reader.isNamed("c") {
                    type = .number
                    style = -1
                    column = nextColumn
                    value.removeAll(keepingCapacity: true)
                    reader.forEachAttribute { name, bytes in
                        guard name.count == 1 else { return }
                        switch name[0] {
                        case UInt8(ascii: "r"): column = Self.column(bytes) ?? nextColumn
                        case UInt8(ascii: "t"): type = Self.cellType(bytes)
                        case UInt8(ascii: "s"): style = Self.number(bytes) ?? -1
                        default: break
                        }
                    }
                    nextColumn = column + 1
                    if empty { try finishCell(column: column, type: type, style: style) }
                } else if inRow, reader.isNamed("v") || reader.isNamed("t") {
                    inValue = !empty && !inPhonetic
                } else if inRow, reader.isNamed("rPh") {
                    inPhonetic = !empty
                    inValue = false
                }
            case .text:
                if inValue { reader.withValue { value.append(contentsOf: $0) } }
            case .end:
                if reader.isNamed("v") || reader.isNamed("t") {
                    inValue = false
                } else if reader.isNamed("rPh") {
                    inPhonetic = false
                } else if inRow, reader.isNamed("c") {
                    try finishCell(column: column, type: type, style: style)
                } else if reader.isNamed("row") {
                    inRow = false
                    if !fieldEnds.isEmpty {
                        while fieldEnds.count < width { fieldEnds.append(fieldData.count) }
                        width = max(width, fieldEnds.count)
                        return true
                    }
                }
            case .other:
                break
            }
        }
        return false
    }

    /// `t="s"` shared, `t="inlineStr"`, `t="b"`, `t="e"`, `t="str"` (a formula's text); anything else a number.
    private static func cellType(_ bytes: UnsafeBufferPointer<UInt8>) -> CellType {
        switch bytes.first {
        case UInt8(ascii: "s"): bytes.count == 1 ? .shared : .text
        case UInt8(ascii: "i"): .inline
        case UInt8(ascii: "b"): .boolean
        case UInt8(ascii: "e"): .error
        default: .number
        }
    }

    /// Places a cell's text at its column, padding skipped columns with empty fields.
    private func finishCell(column: Int, type: CellType, style: Int) throws {
        guard column < 16_384 else { return }
        while fieldEnds.count < column { fieldEnds.append(fieldData.count) }
        if fieldEnds.count > column { return }  // a repeated cell reference: keep the first
        switch type {
        case .shared:
            guard let index = value.withUnsafeBufferPointer(Self.number), let text = workbook.sharedString(index) else {
                throw PantauError(
                    file: displayPath, line: recordLine, column: column + 1, step: .datastore,
                    "the cell refers to a shared string the workbook does not have; save the workbook again")
            }
            fieldData.append(contentsOf: text)
        case .boolean:
            fieldData.append(contentsOf: value == [UInt8(ascii: "1")] ? Array("TRUE".utf8) : Array("FALSE".utf8))
        case .number:
            if style >= 0, style < workbook.dateStyles.count, workbook.dateStyles[style],
                let serial = Double(String(decoding: value, as: UTF8.self)),
                let date = ImportDate.excelSerial(Int(serial.rounded(.down)), system1904: workbook.system1904)
            {
                fieldData.append(contentsOf: date.description.utf8)
            } else {
                fieldData.append(contentsOf: value)
            }
        case .inline, .text, .error:
            fieldData.append(contentsOf: value)
        }
        fieldEnds.append(fieldData.count)
    }

    /// `B12` → 1 (zero-based column of a cell reference).
    static func column(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            guard byte >= 65 && byte <= 90 else { break }
            column = column * 26 + Int(byte - 64)
            letters += 1
        }
        return letters > 0 && letters <= 3 ? column - 1 : nil
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 10 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
