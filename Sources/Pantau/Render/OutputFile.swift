import Foundation

/// One file of the built site, as a value: where it goes and what it holds.
public struct OutputFile: Sendable {
    /// Path inside the output folder, `/` separated, no leading slash: `bantuan/lupa-password/index.html`.
    public var path: String
    public var bytes: Data

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Data(text.utf8))
    }

    /// The output path of a page URL: `/a/b/` → `a/b/index.html`.
    public static func path(forURL url: String) -> String {
        let trimmed = url.hasPrefix("/") ? String(url.dropFirst()) : url
        if trimmed.isEmpty { return "index.html" }
        return trimmed.hasSuffix("/") ? trimmed + "index.html" : trimmed
    }
}
