import Foundation

/// The guidance search index: every content page's title, headings and text, as compact JSON the
/// theme's script searches in the browser (offline once loaded, no server).
enum SearchIndex {
    /// Characters of body text kept per page: enough for matching and snippets on a guidance site.
    static let textLimit = 4000

    /// `search/index.json`: `[{"t": title, "u": url, "h": "heading | heading", "x": text}]`, sorted by URL.
    /// Entries are built as bytes on all cores and joined once (profiling a 10,000-page build showed
    /// a fifth of all samples here when it appended `String`s scalar by scalar).
    static func file(content: SiteContent, context: RenderContext) throws -> OutputFile {
        let entries = try content.pages.parallelMap { page -> [UInt8] in
            var text = page.plainText
            // Live-figure placeholders say nothing useful to a searcher.
            if text.containsBytes("{{pantau") {
                while let open = text.range(of: "{{pantau"), let close = text[open.upperBound...].range(of: "}}") {
                    text.removeSubrange(open.lowerBound..<close.upperBound)
                }
            }
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + 256)
            out += Array("{\"t\":".utf8)
            appendJSON(page.title, to: &out)
            out += Array(",\"u\":".utf8)
            appendJSON(context.link(page.url), to: &out)
            out += Array(",\"h\":".utf8)
            appendJSON(page.headings.map(\.text).joined(separator: " | "), to: &out)
            out += Array(",\"x\":".utf8)
            appendJSON(text, to: &out, newlinesAsSpaces: true, limit: textLimit)
            out.append(UInt8(ascii: "}"))
            return out
        }
        var data = Data()
        data.reserveCapacity(entries.reduce(4) { $0 + $1.count + 2 })
        data.append(contentsOf: Array("[\n".utf8))
        for (i, entry) in entries.enumerated() {
            if i > 0 { data.append(contentsOf: Array(",\n".utf8)) }
            data.append(contentsOf: entry)
        }
        data.append(contentsOf: Array("\n]\n".utf8))
        return OutputFile(path: "search/index.json", bytes: data)
    }

    /// Appends `text` as a JSON string literal (`<` escaped so the JSON is safe inside HTML too),
    /// keeping at most `limit` characters (counted as Unicode scalars).
    static func appendJSON(_ text: String, to out: inout [UInt8], newlinesAsSpaces: Bool = false, limit: Int = .max) {
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
