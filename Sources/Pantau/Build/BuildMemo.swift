import CArena
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `pantau serve` carries from one build to the next, so that saving one page re-renders only what
/// depends on it. `pantau build` passes none and builds everything, as before.
///
/// Every entry is a cache keyed by everything its value was made from, so a reused value is the value a
/// full build would make: a page's file by its `stat` (device, inode, size, modification and change
/// times), its Markdown rendering by its body and the site-wide facts a rendering reads (every page's URL,
/// the resources, base path, options), a templated page by its template and the whole value the template
/// reads (or, without computing that value, by the page itself while every page's ``Outline`` is the same),
/// a search index entry by its page and link, privacy findings and link scans by the file's bytes (the
/// search index's findings entry by entry, by each entry's bytes), a page's link problems by its bytes while
/// every output path and every page's ids are the same. Anything outside `Content/` (site.yml, Themes/,
/// data/, the datastore) is fingerprinted before each build; a difference drops the memo whole. Tables are
/// updated in place, only where something changed.
///
/// Builds using one memo must run one at a time (serve's rebuilds do); within a build the memo is only
/// read while work runs in parallel, and updated between the steps.
public final class BuildMemo: @unchecked Sendable {
    /// The identity of a file's current contents as `stat` gives it.
    struct Stamp: Equatable, Sendable {
        var device: UInt64 = 0
        var inode: UInt64 = 0
        var size: Int64 = 0
        var modified: Int64 = 0
        var changed: Int64 = 0

        /// A regular file with one name (not a link, no hard links): a watch on its folder sees every change to it.
        var watchable = false

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            if (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 {
                watchable = true
            } else {
                guard stat(path, &info) == 0 else { return nil }
            }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
        }
    }

    /// A Markdown page's rendering and what it found, before it is put together with its current front matter.
    struct Rendered: Sendable {
        var body: Substring
        var bodyLine: Int
        var file: String
        var html: String
        var headings: [Heading]
        var plainText: String
        var plainTextCode: [Range<Int>]
        var internalLinks: [ResolvedLink]
        var broken: [PantauError]
        var usedResources: [String]
        var sourceLinks: [LinkCheck.SourceLink]
        /// The page made last time, reused whole while its source is the same.
        var page: Page
    }

    /// The site-wide facts a page's Markdown rendering reads besides its own body.
    struct MarkdownSetting: Equatable, Sendable {
        var urlByPath: [String: String]
        var resources: [String: String]
        var basePath: String
        var unsafeHTML: Bool
        var smartPunctuation: Bool
    }

    /// A templated page: what the template read, and the bytes it made. `page` is the content page it was
    /// made from (nil without a memo).
    struct Templated: Sendable {
        var template: String
        var values: [TemplateValue]
        var bytes: Data
        var page: Page?
        /// Where it is written.
        var path: String
    }

    /// What a content page's template values read from the other pages of the site (breadcrumbs, section
    /// listings, the home page's sections): while every page's outline is the same, a page's values depend only
    /// on the page itself and on what the memo's fingerprint covers.
    struct Outline: Equatable, Sendable {
        var relativePath: String
        var url: String
        var title: String
        var description: String
        var date: CalendarDate?
        var weight: Int
        var section: String
        var isSectionIndex: Bool

        init(_ page: Page) {
            let fm = page.source.frontMatter
            relativePath = page.source.relativePath
            url = page.url
            title = fm.title
            description = fm.description
            date = fm.date
            weight = fm.weight
            section = page.source.section
            isSectionIndex = page.source.isSectionIndex
        }
    }

    /// The fingerprint of everything a build reads outside `Content/`, and the build's options.
    private var inputs: [String: Stamp]?
    private var options: [String] = []

    /// Parsed pages by path below Content/, with the stamp they were read at.
    var sources: [String: (stamp: Stamp, page: SourcePage)] = [:]
    /// The paths below Content/ a watcher saw change since ``sources`` was last brought up to date (nil: unknown,
    /// every page's stamp is read again). A page not among them, read with a ``Stamp/watchable`` stamp, is reused
    /// without its `stat`. Serve notes the watcher's paths with ``noteContentChanges(_:)``.
    var contentChanges: Set<String>?
    /// Serve sets it while a watcher (inotify) reports every change below Content/ with ``noteContentChanges(_:)``.
    public var watcherReportsChanges = false

    /// Adds what a watcher saw change (paths below Content/; nil: it cannot say) to what the next build reads again.
    public func noteContentChanges(_ paths: Set<String>?) {
        guard let paths, let known = contentChanges else {
            contentChanges = nil
            return
        }
        contentChanges = known.union(paths)
    }
    var markdownSetting: MarkdownSetting?
    var markdown: [String: Rendered] = [:]

    /// Templated pages by output path, valid while ``templateShared`` is the shared template value.
    var templateShared: TemplateValue?
    var templated: [String: Templated] = [:]

    /// Every content page's ``Outline`` when ``templated`` was made, in page order.
    var outline: [Outline] = []
    /// Search index entries by page path: the page and link each was made from, and its JSON.
    var searchEntries: [String: (page: Page, link: String, entry: [UInt8])] = [:]
    /// The last search index built: its bytes, and the entries it joins (`[\n`, entries joined by `,\n`, `\n]\n`).
    var searchIndex: (bytes: Data, entries: [(path: String, entry: [UInt8])])?
    /// The privacy rules broken in each search index entry scanned alone (nil: it must be scanned with the whole
    /// file), by page path.
    var privacyEntries: [String: (entry: [UInt8], rules: [PrivacyGuard.Rule]?)] = [:]
    /// The privacy guard (made from the datastore, which the fingerprint covers) and its findings by output path.
    var privacyGuard: PrivacyGuard?
    var privacyErrors: [String: (bytes: Data, errors: [PantauError])] = [:]
    /// The sitemap's entries (URL and date, in the order the build lists them, unsorted) and the file made from them.
    var sitemap: (urls: [String], dates: [CalendarDate?], file: OutputFile)?
    /// Link-check scans of HTML files by output path.
    var linkScans: [String: (bytes: Data, scan: LinkScan)] = [:]
    /// The link check's problems in each HTML file by output path (before leaving out those reported in
    /// Content/), valid while ``linkSite`` (every output path in order, then the base path) is the same and no
    /// page's ids changed.
    var linkProblems: [String: (bytes: Data, problems: [LinkCheck.Found])] = [:]
    var linkSite: [String] = []
    /// What the output folder holds, written by an earlier build with this memo (nil: nothing known yet);
    /// with ``deferWrites``, what it holds once ``pending`` is written.
    var written: [String: Data]?
    /// Serve: a build after the first only notes the files it changed, for ``flush()`` to write once the new
    /// site is served from ``files`` (the folder is then behind for a moment; nothing reads it meanwhile).
    public var deferWrites = false
    /// The output folder, and the changes not yet written into it.
    private var pending: (root: String, changes: Changes)?
    /// What the last build did again rather than reuse: pages whose Markdown it rendered, pages it put
    /// through a template, files it wrote (for serve's log line and the tests).
    public internal(set) var redone = (markdown: 0, templated: 0, written: 0)

    public init() {}

    /// Drops everything when anything outside Content/ or an option changed since the last build.
    /// - Returns: whether the memo was kept.
    @discardableResult
    func validate(siteDirectory: URL, options: [String]) -> Bool {
        let now = Self.inputs(siteDirectory: siteDirectory)
        let kept = now == inputs && options == self.options
        if !kept {
            let written = options == self.options ? written : nil
            sources = [:]
            contentChanges = nil
            markdownSetting = nil
            markdown = [:]
            templateShared = nil
            templated = [:]
            outline = []
            searchEntries = [:]
            searchIndex = nil
            sitemap = nil
            privacyEntries = [:]
            privacyGuard = nil
            privacyErrors = [:]
            linkScans = [:]
            linkProblems = [:]
            linkSite = []
            // The output folder still holds what was written, whatever the inputs are now.
            self.written = written
        }
        inputs = now
        self.options = options
        return kept
    }

    /// Stamps of site.yml, every file under Themes/ and data/, and the datastore named in site.yml
    /// (with its write-ahead log). Left out: SQLite's shared-memory index, which reading touches, and the
    /// cek key cache (and its temporary files), which a build writes and which changes no output.
    static func inputs(siteDirectory: URL) -> [String: Stamp] {
        var out: [String: Stamp] = [:]
        let root = siteDirectory.path
        let config = try? SiteConfig.load(siteDirectory: siteDirectory)
        let cache = config.map { siteDirectory.appendingPathComponent($0.lookup.cache).path }
        func note(_ path: String) {
            if let cache, path.hasPrefix(cache) { return }
            var info = stat()
            guard lstat(path, &info) == 0 else { return }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                for entry in FolderEntries.list(path) ?? [] where !entry.name.hasSuffix("-shm") {
                    note(path + "/" + entry.name)
                }
                return
            }
            out[path] = Stamp(path: path)
        }
        note(root + "/" + SiteConfig.fileName)
        note(root + "/Themes")
        note(root + "/data")
        if let config {
            let store = config.data.datastoreURL(siteDirectory: siteDirectory).path
            note(store)
            note(store + "-wal")
        }
        return out
    }

    /// What a watcher of the site's inputs (serve's inotify) watches: folders with everything under them,
    /// folders alone, and which changed paths call for a build.
    public struct Watched: Sendable {
        public let trees: [String]
        public let folders: [String]
        public let relevant: @Sendable (String) -> Bool
    }

    /// Content/, Themes/ and data/ whole; the site folder (site.yml, and the watched folders made or
    /// renamed) and the datastore's folder alone. Relevant: in the site folder only site.yml and the watched
    /// folders, in the datastore's folder only the datastore and its log; never SQLite's shared memory,
    /// hidden files (editors' temporary files; builds skip them) or the cek key cache, which builds write.
    public static func watched(siteDirectory: URL) -> Watched {
        let root = siteDirectory.path
        let config = try? SiteConfig.load(siteDirectory: siteDirectory)
        let store = config.map { $0.data.datastoreURL(siteDirectory: siteDirectory).path }
        let cache = config.map { siteDirectory.appendingPathComponent($0.lookup.cache).path }
        let trees = ["/Content", "/Themes", "/data"]
        let topLevel: Set<String> = [SiteConfig.fileName, "Content", "Themes", "data"]
        let relevant: @Sendable (String) -> Bool = { path in
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix("-shm") { return false }
            if let cache, path.hasPrefix(cache) { return false }
            if let store, path == store || path == store + "-wal" { return true }
            let folder = (path as NSString).deletingLastPathComponent
            if folder == root { return topLevel.contains(name) }
            return trees.contains { path.hasPrefix(root + $0 + "/") }
        }
        return Watched(
            trees: trees.map { root + $0 }, folders: [root] + [store.map { ($0 as NSString).deletingLastPathComponent }].compactMap { $0 },
            relevant: relevant)
    }

    /// Gives the heap's free pages back to the system (glibc keeps them otherwise): serve calls it after each
    /// rebuild, whose new tables replace the memo's old ones.
    public static func returnFreedMemory() { pantau_malloc_trim() }

    /// One of the memo's tables, left empty in the memo: the caller, now its only owner, updates it in place
    /// (only what changed; replacing a 10,000-entry table every rebuild was a good part of its time) and puts
    /// it back.
    func take<Value>(_ table: ReferenceWritableKeyPath<BuildMemo, [String: Value]>) -> [String: Value] {
        defer { self[keyPath: table] = [:] }
        return self[keyPath: table]
    }

    /// Removes from `table` every key not in `keys` (pages or files gone since the last build); the `count`
    /// keys are distinct and all in `table`, so equal counts mean nothing to remove.
    static func keep<Value>(_ count: Int, of keys: @autoclosure () -> [String], in table: inout [String: Value]) {
        guard table.count != count else { return }
        let wanted = Set(keys())
        table = table.filter { wanted.contains($0.key) }
    }

    /// Whether two texts are the same; a text reused from the memo shares its storage, which is seen without
    /// comparing (10,000 page bodies compared byte by byte were milliseconds of every rebuild).
    static func same(_ a: Substring, _ b: Substring) -> Bool {
        let pa = a.utf8.withContiguousStorageIfAvailable { ($0.baseAddress, $0.count) }
        let pb = b.utf8.withContiguousStorageIfAvailable { ($0.baseAddress, $0.count) }
        if let pa, let pb, pa.0 != nil, pa.0 == pb.0, pa.1 == pb.1 { return true }
        return a == b
    }

    /// Whether two byte buffers hold the same bytes; a value reused from the memo shares its storage,
    /// which is seen without comparing.
    static func same(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        let shared = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in pa.baseAddress == pb.baseAddress } }
        return shared || a == b
    }
}

extension BuildMemo {
    /// The link check's scans of `files` (HTML pages), reusing the scan of every file whose bytes are unchanged.
    /// - Returns: the scans, and whether every file was scanned before with the same ids.
    func linkScans(of files: [OutputFile]) throws -> (scans: [LinkScan], sameIDs: Bool) {
        var table = take(\.linkScans)
        func scanAll(_ known: [String: (bytes: Data, scan: LinkScan)]) throws -> [(LinkScan, sameIDs: Bool, new: Bool)] {
            try files.parallelMap { file -> (LinkScan, sameIDs: Bool, new: Bool) in
                guard let old = known[file.path] else { return (LinkScan(file.bytes), false, true) }
                if Self.same(old.bytes, file.bytes) { return (old.scan, true, false) }
                let scan = LinkScan(file.bytes)
                return (scan, scan.hasSameIDs(as: old.scan), true)
            }
        }
        let scans = try scanAll(table)
        for (file, scan) in zip(files, scans) where scan.new { table[file.path] = (file.bytes, scan.0) }
        Self.keep(files.count, of: files.map(\.path), in: &table)
        linkScans = table
        return (scans.map(\.0), scans.allSatisfy(\.sameIDs))
    }

    /// The privacy guard's problems in `files`, in the order a full check gives them: only files whose bytes
    /// changed are checked again (the guard itself is the same while the datastore and site.yml are).
    func privacyProblems(in files: [OutputFile], guard privacy: PrivacyGuard) throws -> [PantauError] {
        privacyGuard = privacy
        var table = take(\.privacyErrors)
        var changed = files.filter { file in table[file.path].map { !Self.same($0.bytes, file.bytes) } ?? true }
        var found = Dictionary(grouping: try privacy.problems(in: changed.filter { $0.path != SearchIndex.path }), by: \.file)
        changed.removeAll { $0.path != SearchIndex.path }
        for index in changed {
            let errors = try searchIndexFindings(in: index, guard: privacy).map { privacy.problems(in: index, findings: $0) }
            found[index.path] = try errors ?? privacy.problems(in: [index])
        }
        var problems: [PantauError] = []
        for file in files {
            if let known = table[file.path], Self.same(known.bytes, file.bytes) {
                problems += known.errors
                continue
            }
            let errors = found[file.path] ?? []
            table[file.path] = (file.bytes, errors)
            problems += errors
        }
        Self.keep(files.count, of: files.map(\.path), in: &table)
        privacyErrors = table
        return problems
    }

    /// The privacy guard's findings in the search index, entry by entry, each entry scanned only when it changed;
    /// nil when the file is not the index last built or an entry cannot be scanned alone
    /// (``PrivacyGuard/standaloneRules(inLine:)``). Entry `k` (from 0) is line `k + 2` of the file.
    private func searchIndexFindings(in file: OutputFile, guard privacy: PrivacyGuard) throws -> [PrivacyGuard.Finding]? {
        guard let index = searchIndex, Self.same(index.bytes, file.bytes),
            index.entries.allSatisfy({ $0.entry.starts(with: Array("{\"".utf8)) && $0.entry.reversed().starts(with: Array("}\"".utf8)) })
        else { return nil }
        var table = take(\.privacyEntries)
        func rulesOf(_ known: [String: (entry: [UInt8], rules: [PrivacyGuard.Rule]?)]) throws -> [([PrivacyGuard.Rule]?, new: Bool)] {
            try index.entries.parallelMap { path, entry -> ([PrivacyGuard.Rule]?, new: Bool) in
                if let old = known[path], old.entry == entry { return (old.rules, false) }
                return (privacy.standaloneRules(inLine: entry), true)
            }
        }
        let scanned = try rulesOf(table)
        for (entry, result) in zip(index.entries, scanned) where result.new { table[entry.path] = (entry.entry, result.0) }
        Self.keep(index.entries.count, of: index.entries.map(\.path), in: &table)
        privacyEntries = table
        let rules = scanned.map(\.0)
        var findings: [PrivacyGuard.Finding] = []
        for (k, found) in rules.enumerated() {
            guard let found else { return nil }
            findings += found.map { PrivacyGuard.Finding(rule: $0, line: k + 2) }
        }
        return findings
    }

    /// Writes `files` into the output folder: the first time through `writer` (a staging folder swapped in),
    /// later only the files whose bytes changed (each to a temporary file renamed over the old one, so a
    /// reader never sees half a file), and deletes the files no longer built. If that fails part way, the
    /// whole site is written again through `writer`. With ``deferWrites``, a later build's changes are only
    /// noted: ``files`` says what the site holds at once, and ``flush()`` writes them.
    func write(_ files: [OutputFile], with writer: OutputWriter) throws {
        // Changes a caller did not flush are written first: the folder must hold what `written` says.
        if pending != nil { try? flush() }
        if var table = written {
            // Taken out of the memo, so that it is updated in place (only what changed).
            written = nil
            let changes = Self.changes(from: &table, to: files)
            redone.written = changes.files.count
            if deferWrites {
                written = table
                pending = (writer.outputDirectory.path, changes)
                return
            }
            do {
                try Self.apply(changes, at: writer.outputDirectory.path)
                written = table
                return
            } catch {
                written = nil
            }
        }
        try writer.write(files)
        redone.written = files.count
        written = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { _, b in b })
    }

    /// Every file of the last good build by output path, with its bytes (nil before the first): what serve answers
    /// requests from, without waiting for ``flush()``.
    public var files: [String: Data]? { written }

    /// Writes the changes a build with ``deferWrites`` noted. If that fails, the next build writes the whole site.
    public func flush() throws {
        guard let (root, changes) = pending else { return }
        pending = nil
        do {
            try Self.apply(changes, at: root)
        } catch {
            written = nil
            throw PantauError(
                file: root, step: .output,
                "could not write the changed files into the preview folder (is the disk full?); the next build writes it again")
        }
    }

    /// What makes a folder holding `table` hold `files` (the files whose bytes differ, and the paths no longer
    /// built), with `table` updated to say so.
    static func changes(from table: inout [String: Data], to files: [OutputFile]) -> Changes {
        var removed: [String] = []
        // Files no longer built (looked for only when not every old path is built again).
        if files.count(where: { table[$0.path] != nil }) != table.count {
            let wanted = Set(files.map(\.path))
            removed = table.keys.filter { !wanted.contains($0) }.sorted()
            for path in removed { table[path] = nil }
        }
        var changed: [OutputFile] = []
        for file in files {
            if let before = table[file.path], Self.same(before, file.bytes) { continue }
            table[file.path] = file.bytes
            changed.append(file)
        }
        return Changes(files: changed, removed: removed)
    }

    /// Files to write and paths to delete in a folder an earlier build wrote.
    struct Changes {
        var files: [OutputFile]
        var removed: [String]
    }

    /// Deletes `changes.removed` (and the folders they leave empty) under `root` and writes `changes.files`.
    private static func apply(_ changes: Changes, at root: String) throws {
        for path in changes.removed {
            guard unlink(root + "/" + path) == 0 || errno == ENOENT else { throw Failure() }
            // Remove the folders left empty, up to the root (rmdir fails on a folder that still holds files).
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard rmdir(root + "/" + folder) == 0 else { break }
            }
        }
        for file in changes.files {
            let target = root + "/" + file.path
            let folder = (target as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = folder + "/.pantau-write-\(getpid())"
            let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard directory >= 0 else { throw Failure() }
            defer { close(directory) }
            try OutputWriter.writeFile(file.bytes, at: (temporary as NSString).lastPathComponent, in: directory, shownAs: { target })
            guard rename(temporary, target) == 0 else {
                unlink(temporary)
                throw Failure()
            }
        }
    }

    private struct Failure: Error {}
}
