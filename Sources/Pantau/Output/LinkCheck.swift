import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Checks the built site as a browser would load it: every internal link names a file the build produced
/// (and an `id` there, for `#fragments`), and no page loads anything from another host.
///
/// One check of one reference (``Checker/check(_:htmlEncoded:isFetched:from:)``) serves both kinds of link:
/// - Links written in Markdown come from ``SiteContent`` with their `Content/…:line:col`. Links to `.md`
///   files, their headings and files beside the page are checked there, on the Markdown; the rest (site
///   paths such as `/cek/`, folders, files of the theme) are checked here against the built files, and
///   reported where they were written.
/// - Links the templates produced are found by one scan of each output page (``LinkScan``) and reported
///   with the output file. A problem already reported at its place in Content/ is not repeated.
///
/// A reference is compared as a web server compares it: `&amp;` decoded (in HTML), `%XX` decoded, `.` and
/// `..` applied, a folder meaning its `index.html`, the bytes compared. Anything with a URI scheme
/// (RFC 3986: `sms:`, `whatsapp://`, `HTTPS://`) or starting with `//` is another site's business, unless
/// the browser would fetch it for the page (`src`, a stylesheet): that must ship with the site.
enum LinkCheck {
    /// A link written in a Markdown page, to check against the built files.
    struct SourceLink: Sendable, Equatable {
        /// `Content/…` path, line and column of the link.
        var file: String
        var line: Int
        var column: Int
        /// The destination as written in the Markdown.
        var url: String
        /// The destination as published (with the base path before a site path).
        var published: String
        /// The output file of the page the link is on.
        var pagePath: String
        /// `![…](…)`: the browser fetches it with the page.
        var isImage: Bool
    }

    /// Every problem: Markdown links located in Content/, template links naming the output file.
    /// With serve's `memo`, a page whose bytes are unchanged keeps its earlier scan.
    static func problems(
        in files: [OutputFile], basePath: String, sourceLinks: [SourceLink] = [], memo: BuildMemo? = nil
    ) throws -> [PantauError] {
        let site = Site(files: files, basePath: basePath)
        let htmlFiles = site.html.map { files[$0] }
        let (scans, sameIDs) = try memo?.linkScans(of: htmlFiles) ?? (htmlFiles.parallelMap { LinkScan($0.bytes) }, false)
        var checker = Checker(site: site, scans: scans)
        var fromContent: [PantauError] = []
        var reportedInContent = Set<[UInt8]>()
        for link in sourceLinks {
            let published = Array(link.published.utf8)
            let page = Array(link.pagePath.utf8)
            let found = published.withUnsafeBufferPointer { published in
                page.withUnsafeBufferPointer { checker.check(published, htmlEncoded: false, isFetched: link.isImage, from: $0) }
            }
            guard let problem = found else { continue }
            reportedInContent.insert(page + [0] + problem.key)
            fromContent.append(
                PantauError(
                    file: link.file, line: link.line, column: link.column, step: .content,
                    problem.message(link.url, basePath: basePath, inContent: true)))
        }
        // A page's problems depend on its bytes, its path, every output path, the base path and the ids of the
        // pages it links to: with the same paths and ids everywhere, an unchanged page keeps its problems.
        let linkSite = memo == nil ? [] : files.map(\.path) + [basePath]
        var table = sameIDs && memo?.linkSite == linkSite ? memo?.take(\.linkProblems) ?? [:] : [:]
        /// Each page's problems, and whether they were found again (not the memo's).
        func checkAll(_ known: [String: (bytes: Data, problems: [Found])]) throws -> [([Found], new: Bool)] {
            try Array(site.html.indices).parallelMap { number -> ([Found], new: Bool) in
                let file = files[site.html[number]]
                if let old = known[file.path], BuildMemo.same(old.bytes, file.bytes) { return (old.problems, false) }
                var checker = Checker(site: site, scans: scans)
                let scan = scans[number]
                var problems: [Found] = []
                var path = file.path
                path.withUTF8 { path in
                    scan.values.withUnsafeBufferPointer { values in
                        guard let base = values.baseAddress else { return }
                        for ref in scan.references {
                            let value = UnsafeBufferPointer(start: base + ref.start, count: ref.count)
                            guard let problem = checker.check(value, htmlEncoded: ref.hasAmpersand, isFetched: ref.isFetched, from: path)
                            else { continue }
                            let written = Checker.decodingAmpersands(value)
                            problems.append(
                                Found(
                                    key: Array(path) + [0] + problem.key,
                                    error: PantauError(
                                        file: file.path, step: .checks,
                                        problem.message(String(decoding: written, as: UTF8.self), basePath: basePath, inContent: false))))
                        }
                    }
                }
                return (problems, true)
            }
        }
        let checked = try checkAll(table)
        let perPage = checked.map(\.0)
        if let memo {
            memo.linkSite = linkSite
            for (index, result) in zip(site.html, checked) where result.new { table[files[index].path] = (files[index].bytes, result.0) }
            BuildMemo.keep(site.html.count, of: site.html.map { files[$0].path }, in: &table)
            memo.linkProblems = table
        }
        let reported = reportedInContent
        let fromOutput = perPage.flatMap { $0 }.filter { reported.isEmpty || !reported.contains($0.key) }.map(\.error)
        return fromContent + collapse(fromOutput)
    }

    /// A problem found in an output page: the error, and what it resolved to on that page (its output path, a
    /// zero byte, the problem's key) to leave it out when the same link was reported in Content/.
    struct Found: Sendable {
        var key: [UInt8]
        var error: PantauError
    }

    /// A broken link in a menu or template repeats on every page: report it once, with a count.
    static func collapse(_ problems: [PantauError]) -> [PantauError] {
        var order: [String] = []
        var byMessage: [String: [PantauError]] = [:]
        for p in problems {
            if byMessage[p.message] == nil { order.append(p.message) }
            byMessage[p.message, default: []].append(p)
        }
        return order.flatMap { message -> [PantauError] in
            let group = byMessage[message] ?? []
            guard group.count > 3, var first = group.first else { return group }
            first.message += " (the same link is in \(group.count - 1) more files: a menu or template link?)"
            return [first]
        }
    }

    /// The built files, as every worker sees them.
    struct Site: Sendable {
        let files: [OutputFile]
        let basePath: [UInt8]
        /// Indices into `files` of the `.html` files, in order.
        let html: [Int]
        /// For each file, its position in `html`, or -1.
        let pageNumber: [Int]
        /// Each path's bytes, to the first file with that path.
        let paths: ByteTable<Int>

        init(files: [OutputFile], basePath: String) {
            self.files = files
            self.basePath = Array(basePath.utf8)
            var html: [Int] = []
            var pageNumber = [Int](repeating: -1, count: files.count)
            var paths = ByteTable<Int>(expectedCount: files.count)
            for (i, file) in files.enumerated() {
                var path = file.path
                if path.utf8.reversed().starts(with: ".html".utf8.reversed()) {
                    pageNumber[i] = html.count
                    html.append(i)
                }
                path.withUTF8 { _ = paths.insert($0, i) }
            }
            self.html = html
            self.pageNumber = pageNumber
            self.paths = paths
        }
    }

    /// What is wrong with one reference.
    struct Problem: Equatable {
        enum Kind: Equatable {
            case otherHost
            case outsideBasePath
            case noFile
            case noID(file: String, id: String)
        }

        var kind: Kind
        /// What the reference resolved to, so the same problem found in the Markdown and in the output is told once.
        var key: [UInt8]

        /// The message for the reference as the user wrote it.
        func message(_ written: String, basePath: String, inContent: Bool) -> String {
            switch kind {
            case .otherHost:
                let fix =
                    inContent
                    ? "put the file beside the page in Content/ and link it from there" : "ship the file in the theme's static/ folder"
                return "loads \(written) from another host; \(fix) instead"
            case .outsideBasePath:
                return "links to \(written), outside the site's base path \(basePath); start the link with \(basePath) or make it relative"
            case .noFile:
                return "links to \(written), but the build produced no such file; fix the link or add the page"
            case .noID(let file, let id):
                return "links to \(written), but \(file) has no element with id \"\(id)\""
            }
        }
    }

    /// The check of one reference, with buffers reused from one reference to the next (one per worker).
    struct Checker {
        let site: Site
        let scans: [LinkScan]
        private var value: [UInt8] = []
        private var path: [UInt8] = []
        private var fragment: [UInt8] = []
        private var target: [UInt8] = []
        /// The target's length before each of its segments, so `..` can drop the last one.
        private var segments: [Int] = []

        init(site: Site, scans: [LinkScan]) {
            self.site = site
            self.scans = scans
        }

        /// The problem with `raw`, a reference on the page whose output path is `page`, or nil.
        /// - Parameter htmlEncoded: `raw` is an attribute value in HTML, whose `&amp;` stands for `&`.
        /// - Parameter isFetched: the browser loads it with the page (`src`, a stylesheet, a Markdown image).
        mutating func check(
            _ raw: UnsafeBufferPointer<UInt8>, htmlEncoded: Bool, isFetched: Bool, from page: UnsafeBufferPointer<UInt8>
        ) -> Problem? {
            value.removeAll(keepingCapacity: true)
            if htmlEncoded { value += Self.decodingAmpersands(raw) } else { value.append(contentsOf: raw) }
            guard !value.isEmpty else { return nil }
            // Another site's: a scheme, or `//host`. Fetching it would leave the site only if it names a host.
            let scheme = LinkResolver.schemeLength(value)
            if let scheme {
                let hasHost = value.count >= scheme + 3 && value[scheme + 1] == UInt8(ascii: "/") && value[scheme + 2] == UInt8(ascii: "/")
                return isFetched && hasHost ? Problem(kind: .otherHost, key: value) : nil
            }
            if value.starts(with: "//".utf8) { return isFetched ? Problem(kind: .otherHost, key: value) : nil }
            // The path ends at the first `?` or `#`; the fragment is everything after the first `#`.
            let hash = value.firstIndex(of: UInt8(ascii: "#"))
            let pathEnd = value[..<(hash ?? value.count)].firstIndex(of: UInt8(ascii: "?")) ?? hash ?? value.count
            path.removeAll(keepingCapacity: true)
            Self.appendPercentDecoded(value[..<pathEnd], to: &path)
            fragment.removeAll(keepingCapacity: true)
            if let hash { Self.appendPercentDecoded(value[(hash + 1)...], to: &fragment) }

            target.removeAll(keepingCapacity: true)
            segments.removeAll(keepingCapacity: true)
            if path.isEmpty {
                target.append(contentsOf: page)
            } else if path[0] == UInt8(ascii: "/") {
                guard path.starts(with: site.basePath) else { return Problem(kind: .outsideBasePath, key: path) }
                appendResolved(path[site.basePath.count...])
            } else {
                let folderEnd = page.lastIndex(of: UInt8(ascii: "/")) ?? 0
                appendSegments(page[..<folderEnd])
                appendResolved(path[...])
            }
            return find()
        }

        /// Looks up the target, then its `index.html`; then the fragment among the ids of the page found.
        private mutating func find() -> Problem? {
            var file = target.withUnsafeBufferPointer { site.paths.value(for: $0) }
            let asked = target.count
            if file == nil {
                target += (target.isEmpty || target.last == UInt8(ascii: "/") ? "index.html" : "/index.html").utf8
                file = target.withUnsafeBufferPointer { site.paths.value(for: $0) }
            }
            guard let file else { return Problem(kind: .noFile, key: Array(target[..<asked])) }
            let page = site.pageNumber[file]
            guard !fragment.isEmpty, page >= 0, !fragment.withUnsafeBufferPointer({ scans[page].hasID($0) }) else { return nil }
            let id = String(decoding: fragment, as: UTF8.self)
            return Problem(kind: .noID(file: site.files[file].path, id: id), key: target + [UInt8(ascii: "#")] + fragment)
        }

        /// Appends `path`'s segments to the target, `.` skipped and `..` dropping the last; a trailing `/` is kept.
        private mutating func appendResolved(_ path: ArraySlice<UInt8>) {
            appendSegments(path, dotted: true)
            if path.last == UInt8(ascii: "/"), !target.isEmpty { target.append(UInt8(ascii: "/")) }
        }

        private mutating func appendSegments<Bytes: Collection>(_ path: Bytes, dotted: Bool = false)
        where Bytes.Element == UInt8, Bytes.Index == Int {
            var start = path.startIndex
            while start <= path.endIndex {
                let end = path[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
                defer { start = end + 1 }
                let segment = path[start..<end]
                if segment.isEmpty { continue }
                if dotted, segment.elementsEqual(".".utf8) { continue }
                if dotted, segment.elementsEqual("..".utf8) {
                    if let last = segments.popLast() { target.removeSubrange(last...) }
                    continue
                }
                segments.append(target.count)
                if !target.isEmpty { target.append(UInt8(ascii: "/")) }
                target.append(contentsOf: segment)
            }
        }

        /// The bytes with every `&amp;` as `&`.
        static func decodingAmpersands(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var i = 0
            while i < raw.count {
                out.append(raw[i])
                i += raw[i] == UInt8(ascii: "&") && UnsafeBufferPointer(rebasing: raw[i...]).hasPrefix("&amp;") ? 5 : 1
            }
            return out
        }

        /// Appends `bytes` with each `%XX` (two hex digits) as the byte it stands for; any other `%` stays.
        static func appendPercentDecoded(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
            var i = bytes.startIndex
            while i < bytes.endIndex {
                if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.endIndex, let high = hexValue(bytes[i + 1]),
                    let low = hexValue(bytes[i + 2])
                {
                    out.append(high << 4 | low)
                    i += 3
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
        }

        private static func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}
