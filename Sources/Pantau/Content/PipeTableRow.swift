/// One line of a GFM pipe table split into cells, as cmark-gfm's table extension splits it:
/// on unescaped `|` (also inside code spans), leading and trailing pipe optional, cells trimmed,
/// `\|` turned into `|` inside a cell.
struct PipeTableRow: Equatable {
    /// A cell's Markdown text and the 0-based byte offset in its line where that text starts.
    struct Cell: Equatable {
        var text: [UInt8]
        var offset: Int
    }

    /// The alignment a delimiter-row cell asks for (`:--`, `:-:`, `--:`).
    enum Alignment: Equatable {
        case none, left, center, right

        /// The attribute cmark-gfm writes with `--table-prefer-style-attributes`, with its leading space, or "":
        /// HTML5 made `align` obsolete (the W3C validator rejects it).
        var attribute: String {
            switch self {
            case .none: ""
            case .left: " style=\"text-align: left\""
            case .center: " style=\"text-align: center\""
            case .right: " style=\"text-align: right\""
            }
        }
    }

    var cells: [Cell]

    /// Splits `line[range]`; offsets count from `range.lowerBound`.
    init<Bytes: RandomAccessCollection<UInt8>>(_ line: Bytes, _ range: Range<Int>) where Bytes.Index == Int {
        var cells: [Cell] = []
        var i = range.lowerBound
        let end = range.upperBound
        while i < end, Self.isSpace(line[i]) { i += 1 }
        if i < end, line[i] == UInt8(ascii: "|") { i += 1 }
        while i < end {
            var j = i
            while j < end, line[j] != UInt8(ascii: "|") {
                j += line[j] == UInt8(ascii: "\\") && j + 1 < end ? 2 : 1
            }
            var start = i
            var stop = min(j, end)
            while start < stop, Self.isSpace(line[start]) { start += 1 }
            while stop > start, Self.isSpace(line[stop - 1]) { stop -= 1 }
            // Text after the last pipe is a cell only if it is not blank.
            if j < end || start < stop {
                cells.append(Cell(text: Self.unescapingPipes(line, start..<stop), offset: start - range.lowerBound))
            }
            i = j + 1
        }
        self.cells = cells
    }

    /// The alignments of a delimiter row (every cell `:?-+:?`), or nil when the row is not one.
    var alignments: [Alignment]? {
        guard !cells.isEmpty else { return nil }
        var result: [Alignment] = []
        for cell in cells {
            var text = cell.text[...]
            let left = text.first == UInt8(ascii: ":")
            if left { text = text.dropFirst() }
            let right = text.last == UInt8(ascii: ":")
            if right { text = text.dropLast() }
            guard !text.isEmpty, text.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            result.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return result
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func unescapingPipes<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ range: Range<Int>) -> [UInt8]
    where Bytes.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < range.upperBound, bytes[i + 1] == UInt8(ascii: "|") {
                out.append(UInt8(ascii: "|"))
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
