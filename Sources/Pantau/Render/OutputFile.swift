import Foundation

/// One file of the built site, as a value: where it goes and what it holds.
struct OutputFile: Sendable {
    /// Path inside the output folder, `/` separated, no leading slash: `bantuan/lupa-password/index.html`.
    var path: String
    var bytes: Data

    init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }

    init(path: String, text: String) {
        self.init(path: path, bytes: Data(text.utf8))
    }

    /// Fails when a path could leave the output folder or two files want the same path.
    /// Runs before the checks, which index files by path.
    static func checkPaths(_ files: [OutputFile]) throws {
        var seen = Set<String>()
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.isEmpty, !file.path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
                !file.path.unicodeScalars.contains(where: { $0.value < 0x20 })
            else {
                throw PantauError(
                    file: file.path, step: .output, "is not a safe path inside the output folder; check the slug or alias that made it")
            }
            guard seen.insert(file.path).inserted else {
                throw PantauError(
                    file: file.path, step: .output,
                    "two generated files want the same path; an alias, slug or unit name repeats a URL another page already has, so change "
                        + "one"
                )
            }
        }
    }

    /// The output path of a page URL: `/a/b/` → `a/b/index.html`.
    static func path(forURL url: String) -> String {
        let trimmed = url.hasPrefix("/") ? String(url.dropFirst()) : url
        if trimmed.isEmpty { return "index.html" }
        return trimmed.hasSuffix("/") ? trimmed + "index.html" : trimmed
    }
}
