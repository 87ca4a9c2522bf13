import Crypto
import Foundation
import ZIPFoundation

/// Reads the rows of one sheet of an XLSX workbook as raw fields, like ``CSVReader`` does for CSV.
///
/// The sheet is inflated by ZIPFoundation into a private temporary file (mode 0600, removed when the reader goes)
/// and parsed by libxml2's streaming reader, so memory stays flat however many rows it has. Cells become text:
/// shared and inline strings as written, booleans `TRUE`/`FALSE`, numbers as Excel stores them, and numbers in
/// a date style as `YYYY-MM-DD` (1900 or 1904 date system). Missing cells are empty fields; a row's fields
/// reach its last cell (shorter rows are padded to the widest row seen so far, so the header sets the width).
final class XLSXReader: RowSource {
    let displayPath: String
    private(set) var recordLine = 0
    private var fieldData: [UInt8] = []
    private var fieldEnds: [Int] = []
    private let workbook: XLSXWorkbook
    private let reader: XMLPullReader
    private let temporary: URL
    private let sheetSize: Int
    private var width = 0
    let sha256Hex: String
    var rejectDelimiter: UInt8 { UInt8(ascii: ";") }
    var progress: (done: Int, total: Int) { (reader.bytesConsumed, sheetSize) }
    var fieldCount: Int { fieldEnds.count }

    init(url: URL, displayPath: String, sheet: String?) throws {
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
        workbook = try XLSXWorkbook(archive: archive, displayPath: displayPath)
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
        guard let entry = archive[chosen.path] else {
            throw PantauError(
                file: displayPath, step: .datastore,
                "the workbook's sheet \"\(chosen.name)\" is missing from the file (\(chosen.path)); save the workbook again")
        }
        // The inflated sheet holds personal data: private (0600) and removed when the reader goes.
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-sheet-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            throw PantauError(
                file: displayPath, step: .datastore,
                "could not write a temporary file in \(FileManager.default.temporaryDirectory.path); check the free space")
        }
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16) { try handle.write(contentsOf: $0) }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw PantauError(
                file: displayPath, step: .datastore,
                "the sheet \"\(chosen.name)\" could not be unpacked (\(error)); save the workbook again")
        }
        sheetSize = (try? FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int) ?? 0
        guard let reader = XMLPullReader(path: temporary.path) else {
            try? FileManager.default.removeItem(at: temporary)
            throw PantauError(
                file: displayPath, step: .datastore, "the sheet \"\(chosen.name)\" could not be read; save the workbook again")
        }
        self.reader = reader
        sha256Hex = try Self.hash(url, displayPath: displayPath)
    }

    deinit { try? FileManager.default.removeItem(at: temporary) }

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

    private enum CellType { case number, shared, inline, boolean, text, error }

    /// Reads the next row that has at least one cell.
    func next() throws -> Bool {
        fieldData.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var inRow = false
        var inValue = false
        var column = 0
        var nextColumn = 0
        var style = -1
        var type = CellType.number
        var value: [UInt8] = []
        do {
            while let node = try reader.read() {
                switch node {
                case .start(let empty):
                    if reader.isNamed("row") {
                        inRow = true
                        nextColumn = 0
                        recordLine = Int(reader.attribute("r") ?? "") ?? recordLine + 1
                        if empty { inRow = false }
                    } else if inRow, reader.isNamed("c") {
                        type = .number
                        style = -1
                        column = nextColumn
                        value.removeAll(keepingCapacity: true)
                        reader.forEachAttribute { name, bytes in
                            switch name.pointee {
                            case 0x72 where name[1] == 0: column = Self.column(bytes) ?? nextColumn  // r
                            case 0x74 where name[1] == 0:  // t
                                let first = bytes.first ?? 0
                                type =
                                    first == UInt8(ascii: "s")
                                    ? (bytes.count == 1 ? .shared : .text)
                                    : first == UInt8(ascii: "i")
                                        ? .inline
                                        : first == UInt8(ascii: "b")
                                            ? .boolean
                                            : first == UInt8(ascii: "e") ? .error : .number
                            case 0x73 where name[1] == 0: style = Self.number(bytes) ?? -1  // s
                            default: break
                            }
                        }
                        nextColumn = column + 1
                        if empty { try finishCell(column: column, type: type, style: style, value: value) }
                    } else if inRow, reader.isNamed("v") || reader.isNamed("t") {
                        inValue = !empty
                    } else if inRow, reader.isNamed("rPh") {
                        inValue = false
                    }
                case .text:
                    if inValue { reader.withValue { value.append(contentsOf: $0) } }
                case .end:
                    if reader.isNamed("v") || reader.isNamed("t") {
                        inValue = false
                    } else if inRow, reader.isNamed("c") {
                        try finishCell(column: column, type: type, style: style, value: value)
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
        } catch XMLPullReader.XMLError.malformed(let line) {
            throw PantauError(
                file: displayPath, line: recordLine, step: .datastore,
                "the sheet's XML is malformed near row \(recordLine) (line \(line) of the sheet part); open the file in a spreadsheet and "
                    + "save it again"
            )
        }
        return false
    }

    /// Places a cell's text at its column, padding skipped columns with empty fields.
    private func finishCell(column: Int, type: CellType, style: Int, value: [UInt8]) throws {
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
