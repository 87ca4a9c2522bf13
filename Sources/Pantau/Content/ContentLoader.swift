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
    /// Hidden files and folders (`.git`, `.draft.md`) are skipped. Read with `readdir`, whose entries
    /// carry their type: Foundation's enumerator looked up every one of 10,000 files again.
    func markdownFiles() -> [String] {
        var files: [String] = []
        func walk(_ folder: String, _ prefix: String) {
            guard let dir = opendir(folder) else { return }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                var type = Int32(entry.pointee.d_type)
                let full = folder + "/" + name
                if type == DT_UNKNOWN {
                    // Some file systems give no type: ask without following a link.
                    var info = stat()
                    guard lstat(full, &info) == 0 else { continue }
                    type = Self.direntType(info.st_mode)
                }
                if type == DT_LNK {
                    // A link to a file counts as the file; a link to a folder is not followed (as
                    // before: it could point back up and loop).
                    var info = stat()
                    guard stat(full, &info) == 0 else {
                        // A broken link named *.md is still a page the author meant: reading it reports it.
                        if name.hasSuffix(".md") { files.append(prefix + name) }
                        continue
                    }
                    type = Self.direntType(info.st_mode)
                    if type == DT_DIR { continue }
                }
                if type == DT_DIR {
                    walk(full, prefix + name + "/")
                } else if type == DT_REG, name.hasSuffix(".md") {
                    files.append(prefix + name)
                }
            }
        }
        walk(contentDirectory.path, "")
        return files.sorted()
    }

    /// A `stat` mode as a `readdir` type: folder, link, regular file, or something else (a pipe or
    /// device, never read: opening a pipe would wait forever).
    private static func direntType(_ mode: mode_t) -> Int32 {
        switch mode & S_IFMT {
        case S_IFDIR: return Int32(DT_DIR)
        case S_IFLNK: return Int32(DT_LNK)
        case S_IFREG: return Int32(DT_REG)
        default: return Int32(DT_UNKNOWN)
        }
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
