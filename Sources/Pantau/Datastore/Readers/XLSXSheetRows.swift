import Foundation

/// The rows of one sheet as ``XLSXReader`` describes them, read one at a time from the sheet's XML: the work
/// ``XLSXRowPipeline`` does on its own thread. Each row is read into a buffer of its own and copied into a block.
/// Sendable only to be handed to that thread once: from then on no other thread touches it.
final class XLSXSheetRows: @unchecked Sendable {
    private let workbook: XLSXWorkbook
    /// The workbook's shared strings (the same storage, not a copy), read through a pointer for each cell.
    private let sharedBytes: [UInt8]
    private let sharedEnds: [Int]
    private let part: XLSXPartReader
    private let sheetName: String
    private let displayPath: String
    /// The row being read, behind a pointer: a stored `var` of a class costs a dynamic exclusivity check on each
    /// access, and these are touched for every cell.
    private struct Row {
        var recordLine = 0
        var fieldData = List<UInt8>(capacity: 1 << 12)
        var fieldEnds = List<Int>(capacity: 64)
        var width = 0
        var value = List<UInt8>(capacity: 256)
    }

    /// A growable list of plain values in memory of its own: an append checks neither uniqueness nor exclusive
    /// access (an Array's `append` and `removeAll(keepingCapacity:)` took a tenth of the sheet thread's time).
    private struct List<Element: BitwiseCopyable> {
        private(set) var base: UnsafeMutablePointer<Element>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        func free() { base.deallocate() }

        var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

        mutating func removeAll() { count = 0 }

        private mutating func grow(_ needed: Int) {
            var grown = capacity * 2
            while grown < needed { grown *= 2 }
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: grown)
            bigger.initialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity = grown
        }

        @inline(__always)
        mutating func append(_ element: Element) {
            if count == capacity { grow(count + 1) }
            (base + count).initialize(to: element)
            count += 1
        }

        @inline(__always)
        mutating func append(_ elements: UnsafeBufferPointer<Element>) {
            guard let from = elements.baseAddress, !elements.isEmpty else { return }
            if count + elements.count > capacity { grow(count + elements.count) }
            (base + count).initialize(from: from, count: elements.count)
            count += elements.count
        }
    }
    private let row: UnsafeMutablePointer<Row>
    private var recordLine: Int {
        get { row.pointee.recordLine }
        _modify { yield &row.pointee.recordLine }
    }
    private var fieldData: List<UInt8> {
        get { row.pointee.fieldData }
        _modify { yield &row.pointee.fieldData }
    }
    private var fieldEnds: List<Int> {
        get { row.pointee.fieldEnds }
        _modify { yield &row.pointee.fieldEnds }
    }
    private var width: Int {
        get { row.pointee.width }
        _modify { yield &row.pointee.width }
    }
    private var value: List<UInt8> {
        get { row.pointee.value }
        _modify { yield &row.pointee.value }
    }

    init(workbook: XLSXWorkbook, part: XLSXPartReader, sheetName: String, displayPath: String) {
        self.workbook = workbook
        sharedBytes = workbook.sharedBytes
        sharedEnds = workbook.sharedEnds
        self.part = part
        self.sheetName = sheetName
        self.displayPath = displayPath
        row = .allocate(capacity: 1)
        row.initialize(to: Row())
    }

    deinit {
        row.pointee.fieldData.free()
        row.pointee.fieldEnds.free()
        row.pointee.value.free()
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
        block.append(line: line, offset: part.bytesConsumed, bytes: row.pointee.fieldData.buffer, ends: row.pointee.fieldEnds.buffer)
    }

    private enum CellType { case number, shared, inline, boolean, text, error }

    /// The elements of a sheet that matter here: `row`, `c`, `v` or `t` (a value's text), `rPh` (phonetic run).
    private enum Tag { case row, cell, value, phonetic, other }

    private static func tag(_ name: UnsafeBufferPointer<UInt8>) -> Tag {
        switch name.count {
        case 1:
            switch name[0] {
            case UInt8(ascii: "c"): .cell
            case UInt8(ascii: "v"), UInt8(ascii: "t"): .value
            default: .other
            }
        case 3 where name[0] == UInt8(ascii: "r"):
            switch (name[1], name[2]) {
            case (UInt8(ascii: "o"), UInt8(ascii: "w")): .row
            case (UInt8(ascii: "P"), UInt8(ascii: "h")): .phonetic
            default: .other
            }
        default:
            .other
        }
    }

    /// The rows of `<sheetData>`: `<row r>` of `<c r t s>` cells whose text is in `<v>` or, for inline strings,
    /// in the `<t>` runs of `<is>` (phonetic `<rPh>` runs left out).
    private func nextRow<Reader: XMLEventReader>(_ reader: Reader) throws -> Bool {
        fieldData.removeAll()
        fieldEnds.removeAll()
        var inRow = false
        var inValue = false
        var inPhonetic = false
        var column = 0
        var nextColumn = 0
        var style = -1
        var type = CellType.number
        // Right after `<row>` or a cell's end: where a cell of the common shape may be read in one step.
        var betweenCells = false
        while true {
            if betweenCells, let cell = reader.simpleCell() {
                // What the nodes of such a cell do below, in one step.
                type = cell.type.map(Self.cellType) ?? .number
                style = cell.style.flatMap(XLSXReader.number) ?? -1
                column = cell.reference.flatMap(XLSXReader.column) ?? nextColumn
                nextColumn = column + 1
                value.removeAll()
                value.append(cell.value)
                try finishCell(column: column, type: type, style: style)
                continue
            }
            guard let node = try reader.read() else { break }
            betweenCells = false
            switch node {
            case .start(let empty):
                // The element's name is looked at once, not compared with each name in turn (a dozen calls a cell).
                switch reader.withName(Self.tag) {
                case .row:
                    inRow = !empty
                    betweenCells = inRow
                    nextColumn = 0
                    var number: Int?
                    reader.forEachAttribute { name, bytes in
                        if Reader.matches(name, "r") { number = XLSXReader.number(bytes) }
                    }
                    recordLine = number ?? recordLine + 1
                case .cell where inRow:
                    type = .number
                    style = -1
                    column = nextColumn
                    value.removeAll()
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
                case .value where inRow:
                    inValue = !empty && !inPhonetic
                case .phonetic where inRow:
                    inPhonetic = !empty
                    inValue = false
                default:
                    break
                }
            case .text:
                if inValue { reader.withValue { value.append($0) } }
            case .end:
                switch reader.withName(Self.tag) {
                case .value:
                    inValue = false
                case .phonetic:
                    inPhonetic = false
                case .cell where inRow:
                    try finishCell(column: column, type: type, style: style)
                    betweenCells = !inPhonetic && !inValue
                case .row:
                    inRow = false
                    if fieldEnds.count > 0 {
                        while fieldEnds.count < width { fieldEnds.append(fieldData.count) }
                        width = max(width, fieldEnds.count)
                        return true
                    }
                default:
                    break
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
            guard let index = XLSXReader.number(value.buffer), index < sharedEnds.count else {
                throw PantauError(
                    file: displayPath, line: recordLine, column: column + 1, step: .datastore,
                    "the cell refers to a shared string the workbook does not have; save the workbook again")
            }
            let start = index == 0 ? 0 : sharedEnds[index - 1]
            let end = sharedEnds[index]
            sharedBytes.withUnsafeBufferPointer { fieldData.append(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        case .boolean:
            let text: StaticString = value.count == 1 && value.base[0] == UInt8(ascii: "1") ? "TRUE" : "FALSE"
            fieldData.append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        case .number:
            if style >= 0, style < workbook.dateStyles.count, workbook.dateStyles[style],
                let serial = Double(String(decoding: value.buffer, as: UTF8.self)),
                let date = ImportDate.excelSerial(Int(serial.rounded(.down)), system1904: workbook.system1904)
            {
                Array(date.description.utf8).withUnsafeBufferPointer { fieldData.append($0) }
            } else {
                fieldData.append(value.buffer)
            }
        case .inline, .text, .error:
            fieldData.append(value.buffer)
        }
        fieldEnds.append(fieldData.count)
    }
}
