import Foundation

extension XMLByteScanner {
    /// A sheet cell read in one step by ``simpleCell()``: its `r`, `t` and `s` attribute values (nil when absent)
    /// and the text of its `<v>`, all pointing into the scanner's buffer (valid until the next call).
    struct SimpleCell {
        var reference: UnsafeBufferPointer<UInt8>?
        var type: UnsafeBufferPointer<UInt8>?
        var style: UnsafeBufferPointer<UInt8>?
        var value: UnsafeBufferPointer<UInt8>
    }

    /// The cell at the current position when it has the one shape spreadsheet writers give nearly every cell,
    /// read in one step instead of five nodes: `<c` with only `r`, `t` and `s` attributes (each at most once,
    /// one space before each, double quotes, letters and digits only), then `><v>`, printable ASCII text
    /// without `<`, `&` or `]`, and `</v></c>`, all already in the buffer. Such a cell is well-formed and needs
    /// no decoding, so this reads exactly what ``read()`` would. Anything else returns nil and moves nothing:
    /// ``read()`` takes it, with every check and error. The tests hold both, through the XLSX reader, to libxml2.
    func simpleCell() -> SimpleCell? {
        guard !closeEmpty, !inCDATA, phase == .content else { return nil }
        let bytes = buffer
        let stop = end
        var index = position
        guard index + 3 < stop, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "c"),
            bytes[index + 2] == UInt8(ascii: " ")
        else { return nil }
        index += 2
        var reference: UnsafeBufferPointer<UInt8>?
        var type: UnsafeBufferPointer<UInt8>?
        var style: UnsafeBufferPointer<UInt8>?
        while true {
            guard index < stop else { return nil }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            guard bytes[index] == UInt8(ascii: " "), index + 4 < stop, bytes[index + 2] == UInt8(ascii: "="),
                bytes[index + 3] == UInt8(ascii: "\"")
            else { return nil }
            let name = bytes[index + 1]
            let start = index + 4
            var cursor = start
            while cursor < stop, Self.isLetterOrDigit(bytes[cursor]) { cursor += 1 }
            guard cursor < stop, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
            let value = UnsafeBufferPointer(start: bytes + start, count: cursor - start)
            switch name {
            case UInt8(ascii: "r") where reference == nil: reference = value
            case UInt8(ascii: "t") where type == nil: type = value
            case UInt8(ascii: "s") where style == nil: style = value
            default: return nil
            }
            index = cursor + 1
        }
        guard index + 3 <= stop, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "v"),
            bytes[index + 2] == UInt8(ascii: ">")
        else { return nil }
        index += 3
        let valueStart = index
        while index < stop, Self.isPlainText(bytes[index]) { index += 1 }
        let valueEnd = index
        guard index + 8 <= stop, Self.same(bytes + index, Self.cellEnd.utf8Start, 8) else { return nil }
        position = index + 8
        let value = UnsafeBufferPointer(start: bytes + valueStart, count: valueEnd - valueStart)
        return SimpleCell(reference: reference, type: type, style: style, value: value)
    }

    private static let cellEnd: StaticString = "</v></c>"

    @inline(__always)
    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Printable ASCII that text may hold as is: not `<`, `&` or `]` (which could start `]]>`).
    @inline(__always)
    private static func isPlainText(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "]")
    }
}
