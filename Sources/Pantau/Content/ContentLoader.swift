import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
    /// Hidden files and folders (`.git`, `.draft.md`) are skipped.
    func markdownFiles() -> [String] {
        // A broken link named *.md is still a page the author meant: reading it reports it.
        FolderEntries.files(under: contentDirectory.path, keepBroken: { $0.hasSuffix(".md") }).filter { $0.hasSuffix(".md") }
    }

    /// Reads and routes every page (in parallel); drafts are dropped unless asked for.
    public func load() throws -> [SourcePage] {
        let files = markdownFiles()
        let directory = contentDirectory
        let prefix = displayPrefix
        let pages = try files.parallelMap { path -> SourcePage in
            let file = prefix + path
            guard let bytes = Self.readFile(directory.path + "/" + path) else {
                throw PantauError(file: file, step: .content, "could not read the file; check that it is readable and, if it is a symbolic link, that its target exists")
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw PantauError(file: file, step: .content, "is not UTF-8 text; save it as UTF-8")
            }
            return try Self.page(relativePath: path, file: file, text: text)
        }
        return pages.filter { includeDrafts || !$0.frontMatter.draft }
    }

    /// A file's bytes with open/fstat/read (FileManager added several system calls per file), or nil.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1  // +1 sees the end without another round when the size is right
        while true {
            var failed = false
            let before = bytes.count
            bytes.append(contentsOf: [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                while count < buffer.count {
                    let n = Glibc.read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failed = true }
                    if n <= 0 { break }
                    count += n
                }
            })
            if failed { return nil }
            if bytes.count - before < capacity { return bytes }  // reached the end
            capacity = 65_536  // the file grew while being read
        }
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
