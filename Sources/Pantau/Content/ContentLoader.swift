import Foundation

/// Reads `Content/**/*.md`, splits front matter, and gives every page its URL.
public struct ContentLoader: Sendable {
    public var contentDirectory: URL
    public var includeDrafts: Bool
    /// Prefix for file paths in messages (`Content/`).
    public var displayPrefix: String = "Content/"

    public init(contentDirectory: URL, includeDrafts: Bool) {
        self.contentDirectory = contentDirectory
        self.includeDrafts = includeDrafts
    }

    /// Every Markdown file under the content folder, sorted by path so builds are deterministic.
    func markdownFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: contentDirectory.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".md"), !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// Reads and routes every page (in parallel); drafts are dropped unless asked for.
    public func load() throws -> [SourcePage] {
        let files = markdownFiles()
        let directory = contentDirectory
        let prefix = displayPrefix
        let pages = try files.parallelMap { path -> SourcePage in
            let file = prefix + path
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path) else {
                throw PantauError(file: file, step: .content, "could not read the file; check its permissions")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw PantauError(file: file, step: .content, "is not UTF-8 text; save it as UTF-8")
            }
            return try Self.page(relativePath: path, file: file, text: text)
        }
        return pages.filter { includeDrafts || !$0.frontMatter.draft }
    }

    /// Builds one page from its text.
    static func page(relativePath: String, file: String, text: String) throws -> SourcePage {
        let (frontMatter, body, bodyLine) = try FrontMatter.split(text, file: file)
        var parts = relativePath.split(separator: "/").map(String.init)
        let name = String((parts.popLast() ?? "").dropLast(3))
        let isIndex = name == "_index" || name == "index"
        let section = parts.joined(separator: "/")
        var urlParts = parts
        if !isIndex { urlParts.append(frontMatter.slug ?? name) } else if let slug = frontMatter.slug, !urlParts.isEmpty {
            urlParts[urlParts.count - 1] = slug
        }
        let url = urlParts.isEmpty ? "/" : "/" + urlParts.joined(separator: "/") + "/"
        var fm = frontMatter
        if fm.title.isEmpty {
            fm.title = isIndex ? (parts.last.map { $0.replacingOccurrences(of: "-", with: " ").capitalized } ?? "Beranda") : name.replacingOccurrences(of: "-", with: " ").capitalized
        }
        return SourcePage(relativePath: relativePath, file: file, frontMatter: fm, body: body, bodyLine: bodyLine, isSectionIndex: isIndex, section: section, url: url)
    }
}
