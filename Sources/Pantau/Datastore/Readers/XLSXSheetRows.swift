import Foundation

/// The rows of one sheet as ``XLSXReader`` describes them, read one at a time from the sheet's XML: the work
/// ``XLSXRowPipeline`` does on its own thread. Each row is read into a buffer of its own and copied into a block.
/// Sendable only to be handed to that thread once: from then on no other thread touches it.
final class XLSXSheetRows: @unchecked Sendable {
    private let workbook: XLSXWorkbook
    private let part: XLSXPartReader
    private let sheetName: String
    private let displayPath: String
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
    private var recordLine: Int {
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

    init(workbook: XLSXWorkbook, part: XLSXPartReader, sheetName: String, displayPath: String) {
        self.workbook = workbook
        self.part = part
        self.sheetName = sheetName
        self.displayPath = displayPath
        row = .allocate(capacity: 1)
        row.initialize(to: Row())
    }

    deinit {
        row.deinitialize(count: 1)
        row.deallocate()
    }

    var bytesConsumed: Int { part.bytesConsumed }

    /// Reads the next row that has at least one cell; throws a ``PantauError`` naming the sheet and row.
    func next() throws -> Bool {
        do {
            switch part {
            case .scanner(let scanner): return try nextRow(scanner)
            case .libxml2(let reader): return try nextRow(reader)
            }
        } catch let error as PantauError {
            throw error
        } catch {
            throw XLSXReader.error(error, sheet: sheetName, row: recordLine, displayPath: displayPath)
        }
    }

    /// Copies the row just read into `block`.
    func append(to block: XLSXRowPipeline.Block) {
        let line = recordLine
        row.pointee.fieldData.withUnsafeBufferPointer { bytes in
            row.pointee.fieldEnds.withUnsafeBufferPointer { ends in block.append(line: line, bytes: bytes, ends: ends) }
        }
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
                        if Reader.matches(name, "r") { number = XLSXReader.number(bytes) }
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
                        case UInt8(ascii: "r"): column = XLSXReader.column(bytes) ?? nextColumn
                        case UInt8(ascii: "t"): type = Self.cellType(bytes)
                        case UInt8(ascii: "s"): style = XLSXReader.number(bytes) ?? -1
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
            guard let index = value.withUnsafeBufferPointer(XLSXReader.number), let text = workbook.sharedString(index) else {
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
}
