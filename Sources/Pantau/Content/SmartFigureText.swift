/// Undoes libcmark's smart punctuation inside `{{pantau …}}` figures, whose arguments are written with
/// straight quotes and must reach the figure parser (and its error messages) as written. Fed the text
/// nodes of one block in order, since a curly quote is a text node of its own.
struct SmartFigureText {
    private var inFigure = false
    private static let opening = Array("{{pantau".utf8)

    /// Forgets an unclosed figure at a block boundary.
    mutating func reset() { inFigure = false }

    /// The text with “ ” ‘ ’ – — … turned back into " ' -- --- ... where it lies inside a figure, or nil
    /// when nothing changed.
    mutating func undoingSmartPunctuation(in text: UnsafePointer<UInt8>, count: Int) -> String? {
        var out: [UInt8] = []
        var changed = false
        var i = 0
        while i < count {
            if !inFigure, text[i] == UInt8(ascii: "{"), i + Self.opening.count <= count,
                Self.opening.indices.allSatisfy({ text[i + $0] == Self.opening[$0] })
            {
                inFigure = true
                out += Self.opening
                i += Self.opening.count
                continue
            }
            if inFigure, text[i] == UInt8(ascii: "}"), i + 1 < count, text[i + 1] == UInt8(ascii: "}") {
                inFigure = false
            }
            if inFigure, text[i] == 0xE2, i + 2 < count, text[i + 1] == 0x80, let plain = Self.plain(text[i + 2]) {
                out += plain
                changed = true
                i += 3
                continue
            }
            out.append(text[i])
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : nil
    }

    private static func plain(_ last: UInt8) -> [UInt8]? {
        switch last {
        case 0x9C, 0x9D: Array("\"".utf8)
        case 0x98, 0x99: Array("'".utf8)
        case 0x93: Array("--".utf8)
        case 0x94: Array("---".utf8)
        case 0xA6: Array("...".utf8)
        default: nil
        }
    }
}
