import Foundation

/// The guidance search index: every content page's title, headings and text, as compact JSON the
/// theme's script searches in the browser (offline once loaded, no server).
public enum SearchIndex {
    /// Characters of body text kept per page: enough for matching and snippets on a guidance site.
    public static let textLimit = 4000

    /// `search/index.json`: `[{"t": title, "u": url, "h": "heading | heading", "x": text}]`, sorted by URL.
    /// Entries are built on all cores and joined once.
    public static func file(content: SiteContent, context: RenderContext) throws -> OutputFile {
        let entries = try content.pages.parallelMap { page -> String in
            let headings = page.headings.map(\.text).joined(separator: " | ")
            var scalars = String.UnicodeScalarView()
            for scalar in page.plainText.unicodeScalars.prefix(textLimit) { scalars.append(scalar == "\n" ? " " : scalar) }
            var text = String(scalars)
            // Live-figure placeholders say nothing useful to a searcher.
            while text.containsBytes("{{pantau"), let open = text.range(of: "{{pantau"), let close = text[open.upperBound...].range(of: "}}") {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
            let fields = [("t", page.title), ("u", context.link(page.url)), ("h", headings), ("x", text)]
            return "{" + fields.map { "\"\($0.0)\":\(json($0.1))" }.joined(separator: ",") + "}"
        }
        var out = Data()
        out.reserveCapacity(entries.reduce(0) { $0 + $1.utf8.count + 2 } + 4)
        out.append(contentsOf: Array("[\n".utf8))
        for (i, entry) in entries.enumerated() {
            if i > 0 { out.append(contentsOf: Array(",\n".utf8)) }
            out.append(contentsOf: Array(entry.utf8))
        }
        out.append(contentsOf: Array("\n]\n".utf8))
        return OutputFile(path: "search/index.json", bytes: out)
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
