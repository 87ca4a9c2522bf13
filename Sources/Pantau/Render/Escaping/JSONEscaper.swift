/// The one JSON string escaper (search index, `/cek/` data): a string literal with `<` escaped
/// too, so the JSON is safe inside HTML.
enum JSONEscaper {
    /// Appends `text` as a JSON string literal (`<` escaped so the JSON is safe inside HTML too),
    /// keeping at most `limit` characters (counted as Unicode scalars).
    static func append(_ text: String, to out: inout [UInt8], newlinesAsSpaces: Bool = false, limit: Int = .max) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var characters = 0
            var plainStart = 0
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                // Count characters by their first byte; stop before the one past the limit.
                if byte & 0xC0 != 0x80 {
                    if characters == limit { break }
                    characters += 1
                }
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "<") {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<i]))
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): if newlinesAsSpaces { out.append(32) } else { out.append(contentsOf: "\\n".utf8) }
                case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "\\u003c".utf8)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex.utf8Start[Int(byte >> 4)])
                    out.append(hex.utf8Start[Int(byte & 15)])
                }
                i += 1
                plainStart = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plainStart..<i]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
