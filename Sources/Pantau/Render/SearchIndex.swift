import Foundation

/// The guidance search index: every content page's title, headings and text, as compact JSON the
/// theme's script searches in the browser (offline once loaded, no server).
public enum SearchIndex {
    /// Characters of body text kept per page: enough for matching and snippets on a guidance site.
    public static let textLimit = 4000

    /// `search/index.json`: `[{"t": title, "u": url, "h": "heading | heading", "x": text}]`, sorted by URL.
    public static func file(content: SiteContent, context: RenderContext) -> OutputFile {
        var entries: [String] = []
        for page in content.pages {
            let headings = page.headings.map(\.text).joined(separator: " | ")
            var text = page.plainText.replacingOccurrences(of: "\n", with: " ")
            // Live-figure placeholders say nothing useful to a searcher.
            text = text.replacing(/\{\{pantau[^}]*\}\}/, with: "")
            if text.count > textLimit { text = String(text.prefix(textLimit)) }
            let fields = [("t", page.title), ("u", context.link(page.url)), ("h", headings), ("x", text)]
            entries.append("{" + fields.map { "\"\($0.0)\":\(json($0.1))" }.joined(separator: ",") + "}")
        }
        return OutputFile(path: "search/index.json", text: "[\n" + entries.joined(separator: ",\n") + "\n]\n")
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
