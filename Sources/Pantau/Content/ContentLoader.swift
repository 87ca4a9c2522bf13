import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads `Content/**/*.md`, splits front matter, and gives every page its URL.
struct ContentLoader: Sendable {
    var contentDirectory: URL
    var includeDrafts: Bool
    /// Prefix for file paths in messages (`Content/`).
    var displayPrefix: String = "Content/"
    /// Pages larger than this are refused (site.yml `markdown: max_page_mb`), default 10 MB: a guidance
    /// page is a few kilobytes, and a huge one is most likely a file put in Content/ by mistake.
    var maxPageBytes: Int = SiteConfig.MarkdownOptions().maxPageBytes
    /// Where pages may really come from (symbolic links resolved); by default inside the content folder's parent.
    var containment: SiteContainment
    /// Serve's memo: a page whose file has the same `stat` as when it was last read is not read again.
    var memo: BuildMemo?

    init(contentDirectory: URL, includeDrafts: Bool) {
        self.contentDirectory = contentDirectory
        self.includeDrafts = includeDrafts
        self.containment = SiteContainment(siteDirectory: contentDirectory.deletingLastPathComponent())
    }

    /// Every Markdown file under the content folder, sorted by path so builds are deterministic.
    /// Hidden files and folders (`.git`, `.draft.md`) are skipped.
    func markdownFiles() -> [String] { contentFiles().pages }

    /// Every file under the content folder (hidden ones skipped), split into Markdown pages and the
    /// resources beside them (images, PDFs), each sorted by path.
    func contentFiles() -> (pages: [String], resources: [String]) {
        // A broken link named *.md is still a page the author meant: reading it reports it.
        let files = FolderEntries.files(under: contentDirectory.path, keepBroken: { $0.hasSuffix(".md") })
        return (files.filter { $0.hasSuffix(".md") }, files.filter { !$0.hasSuffix(".md") })
    }

    /// The files beside the pages, read, to be published at the same place under the output folder; only
    /// images and PDFs (``PageResource/publishedExtensions``): anything else under Content/ (a spreadsheet
    /// exported by mistake, a note) is left out, and named in `notes`.
    /// - Parameter listed: the resources of ``contentFiles()`` when the caller has listed them already.
    func loadResources(listed: [String]? = nil) throws -> (resources: [PageResource], notes: [String]) {
        let directory = contentDirectory
        let prefix = displayPrefix
        let all = listed ?? contentFiles().resources
        let published = all.filter { PageResource.isPublished($0) }
        let notes = all.filter { !PageResource.isPublished($0) }.map {
            "Warning: \(prefix)\($0) is not published: only images and PDFs beside pages are "
                + "(\(PageResource.publishedExtensions.joined(separator: ", ")))"
        }
        let resources = try published.parallelMap { path in
            guard let bytes = Self.readFile(directory.path + "/" + path) else {
                throw PantauError(
                    file: prefix + path, step: .content,
                    "could not read the file; check that it is readable and, if it is a symbolic link, that its target exists")
            }
            return PageResource(path: path, bytes: Data(bytes))
        }
        return (resources, notes)
    }

    /// Reads and routes every page (in parallel); drafts are dropped unless asked for.
    /// - Parameter listed: the pages of ``contentFiles()`` when the caller has listed them already.
    func load(listed: [String]? = nil) throws -> [SourcePage] {
        let files = listed ?? markdownFiles()
        let directory = contentDirectory
        let prefix = displayPrefix
        let maxBytes = maxPageBytes
        let containment = containment
        // The memo's pages, taken out of it so that they are updated in place below (only what changed).
        var table = memo?.take(\.sources) ?? [:]
        let remember = memo != nil
        // Nothing changed since the last build but these (a watcher said so): other pages are reused unstamped.
        let changes = memo?.contentChanges
        func readAll(_ known: [String: (stamp: BuildMemo.Stamp, page: SourcePage)]) throws -> [(
            stamp: BuildMemo.Stamp?, page: SourcePage, read: Bool
        )] {
            try files.parallelMap { path -> (stamp: BuildMemo.Stamp?, page: SourcePage, read: Bool) in
                let file = prefix + path
                if let changes, let old = known[path], old.stamp.watchable, !changes.contains(path) { return (old.stamp, old.page, false) }
                // Stamped before reading: a change while the file is read shows as a new stamp next time.
                let stamp = remember ? BuildMemo.Stamp(path: directory.path + "/" + path) : nil
                if let stamp, let old = known[path], old.stamp == stamp { return (old.stamp, old.page, false) }
                try containment.check(directory.path + "/" + path, shown: file)
                guard let bytes = Self.readFile(directory.path + "/" + path) else {
                    throw PantauError(
                        file: file, step: .content,
                        "could not read the file; check that it is readable and, if it is a symbolic link, that its target exists")
                }
                guard bytes.count <= maxBytes else {
                    throw PantauError(
                        file: file, step: .content,
                        "is \(bytes.count / 1_048_576) MB, over the limit of "
                            + "\(maxBytes / 1_048_576) MB for one page; split it, or raise `markdown: max_page_mb` in site.yml")
                }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw UTF8Validation.error(file: file, step: .content, bytes: bytes)
                }
                return (stamp, try Self.page(relativePath: path, file: file, text: text), true)
            }
        }
        let read = try readAll(table)
        if let memo {
            for entry in read where entry.read {
                table[entry.page.relativePath] = entry.stamp.map { ($0, entry.page) }
            }
            // Files gone since the last build.
            if table.count != files.count {
                let paths = Set(files)
                table = table.filter { paths.contains($0.key) }
            }
            memo.sources = table
            // Every page is now as its file is: only later changes need reading again (if a watcher reports them).
            memo.contentChanges = memo.watcherReportsChanges ? [] : nil
        }
        let pages = read.map(\.page)
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
            bytes.append(
                contentsOf: [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
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
        if !isIndex {
            urlParts.append(frontMatter.slug ?? name)
        } else if let slug = frontMatter.slug, !urlParts.isEmpty {
            urlParts[urlParts.count - 1] = slug
        }
        let url = urlParts.isEmpty ? "/" : "/" + urlParts.joined(separator: "/") + "/"
        var fm = frontMatter
        if fm.title.isEmpty {
            fm.title =
                isIndex
                ? (parts.last.map { $0.replacingOccurrences(of: "-", with: " ").capitalized } ?? "Beranda")
                : name.replacingOccurrences(of: "-", with: " ").capitalized
        }
        return SourcePage(
            relativePath: relativePath, file: file, frontMatter: fm, body: body, bodyLine: bodyLine, isSectionIndex: isIndex,
            section: section, url: url)
    }
}
