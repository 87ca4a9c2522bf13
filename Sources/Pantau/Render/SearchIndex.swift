import Foundation

/// The guidance search index: every content page's title, headings and text, as compact JSON the
/// theme's script searches in the browser (offline once loaded, no server).
public enum SearchIndex {
    /// Characters of body text kept per page: enough for matching and snippets on a guidance site.
    public static let textLimit = 4000

    /// `search/index.json`: `[{"t": title, "u": url, "h": "heading | heading", "x": text}]`, sorted by URL.
    /// Entries are built as bytes on all cores and joined once (profiling a 10,000-page build showed
    /// a fifth of all samples here when it appended `String`s scalar by scalar).
    public static func file(content: SiteContent, context: RenderContext) throws -> OutputFile {
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
    /// keeping at most `limit` characters.
    static func appendJSON(_ text: String, to out: inout [UInt8], newlinesAsSpaces: Bool = false, limit: Int = .max) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        var characters = 0
        for byte in text.utf8 {
            // Count characters by their first byte; stop before the one past the limit.
            if byte & 0xC0 != 0x80 {
                if characters == limit { break }
                characters += 1
            }
            switch byte {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case UInt8(ascii: "\n"): if newlinesAsSpaces { out.append(32) } else { out += [92, 110] }
            case UInt8(ascii: "\r"): out += [92, 114]
            case UInt8(ascii: "\t"): out += [92, 116]
            case UInt8(ascii: "<"): out += Array("\\u003c".utf8)
            case 0..<0x20: out += [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
