import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Checks the built site as a browser would load it: every internal `href`/`src` names a file the
/// build produced (and an `id` there, for `#fragments`), and no page loads anything from another host.
///
/// A 10,000-page site has hundreds of thousands of references, so the usual ones (`/sec01/page-00042/`,
/// `#ringkasan`, `../a/`, all ASCII) are checked on their bytes: no `String` is made unless there
/// is a problem to report. Anything unusual (non-ASCII bytes, `%` in a fragment, `#` before `?`)
/// takes ``general(_:_:page:)``, the original `String` code, so both give the same answers.
enum LinkCheck {
    /// Every problem in `files`, each naming the output file and the reference.
    /// With serve's `memo`, a page whose bytes are unchanged keeps its earlier scan.
    static func problems(in files: [OutputFile], basePath: String, memo: BuildMemo? = nil) throws -> [PantauError] {
        let site = Site(files: files, basePath: basePath)
        let scans = try memo?.linkScans(of: site.html.map { files[$0] }) ?? site.html.parallelMap { PageScan(files[$0].bytes) }
        let perFile = try Array(site.html.indices).parallelMap { page in
            Page(site: site, scans: scans, number: page).problems()
        }
        return collapse(perFile.flatMap { $0 })
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

    /// What every worker needs to know about the whole site.
    struct Site: Sendable {
        let files: [OutputFile]
        let basePath: String
        let basePathBytes: [UInt8]
        /// Whether the base path allows byte comparison: ASCII, and no CR (`"\r\n"` is one `Character`).
        let basePathIsPlain: Bool
        /// Indices into `files` of the `.html` files, in order.
        let html: [Int]
        /// For each file, its position in `html`, or -1.
        let pageNumber: [Int]
        /// ASCII paths by their bytes, to the first file with that path.
        let index: PathIndex
        /// Paths with non-ASCII bytes. `String` compares those by canonical equivalence, so an ASCII
        /// link can equal one (a Kelvin sign is a `K`): a link that does takes the general path.
        let nonASCIIPaths: Set<String>
        let general: GeneralIndex

        init(files: [OutputFile], basePath: String) {
            self.files = files
            self.basePath = basePath
            basePathBytes = Array(basePath.utf8)
            basePathIsPlain = basePathBytes.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") }
            var html: [Int] = []
            var pageNumber = [Int](repeating: -1, count: files.count)
            var ascii: [(key: String, value: Int)] = []
            ascii.reserveCapacity(files.count)
            var nonASCII = Set<String>()
            let suffix = Array(".html".utf8.reversed())
            for (i, file) in files.enumerated() {
                let isASCII = file.path.utf8.allSatisfy { $0 < 0x80 }
                let isHTML = isASCII ? file.path.utf8.reversed().starts(with: suffix) : file.path.hasSuffix(".html")
                if isHTML {
                    pageNumber[i] = html.count
                    html.append(i)
                }
                if isASCII { ascii.append((file.path, i)) } else { nonASCII.insert(file.path) }
            }
            self.html = html
            self.pageNumber = pageNumber
            index = PathIndex(ascii)
            nonASCIIPaths = nonASCII
            general = GeneralIndex(files: files, html: html)
        }
    }

    /// The `String` tables the general path uses, built the first time one is needed.
    final class GeneralIndex: @unchecked Sendable {
        private let files: [OutputFile]
        private let html: [Int]
        private let lock = NSLock()
        private var built: (paths: Set<String>, htmlByPath: [String: Int])?

        init(files: [OutputFile], html: [Int]) {
            self.files = files
            self.html = html
        }

        var tables: (paths: Set<String>, htmlByPath: [String: Int]) {
            lock.lock()
            defer { lock.unlock() }
            if let built { return built }
            let tables = (Set(files.map(\.path)), Dictionary(html.map { (files[$0].path, $0) }, uniquingKeysWith: { a, _ in a }))
            built = tables
            return tables
        }
    }

    /// The outcome of checking one reference.
    enum Outcome {
        case fine
        case problem(String)
        /// The bytes need `String` semantics: ask ``general(_:_:page:)``.
        case general
    }

    /// One page being checked: its references against the site's files and the pages' ids.
    struct Page {
        let site: Site
        let scans: [PageScan]
        let number: Int

        func problems() -> [PantauError] {
            let file = site.files[site.html[number]]
            let scan = scans[number]
            guard !scan.references.isEmpty else { return [] }
            var problems: [PantauError] = []
            let scratch = Scratch()
            // A clean ASCII path (as `OutputFile.checkPaths` requires) resolves relative links on bytes.
            var path = file.path
            let plain = site.basePathIsPlain && path.withUTF8 { PathIndex.isPlainRelativePath($0) }
            // The byte check reads everything through unsafe buffers, so nothing is retained per link.
            scans.withUnsafeBufferPointer { scans in
                site.pageNumber.withUnsafeBufferPointer { pageNumber in
                    site.basePathBytes.withUnsafeBufferPointer { basePath in
                        path.withUTF8 { path in
                            scan.values.withUnsafeBufferPointer { values in
                                // No bytes at all: every value is empty, and empty values are not checked.
                                guard let base = values.baseAddress else { return }
                                let quick = Quick(
                                    site: site, index: site.index, scans: scans, pageNumber: pageNumber, basePath: basePath,
                                    path: path, scratch: scratch, hasNonASCIIPaths: !site.nonASCIIPaths.isEmpty)
                                for ref in scan.references {
                                    let value = UnsafeBufferPointer(start: base + ref.start, count: ref.count)
                                    var outcome = plain && ref.isASCII ? quick.check(value, ref) : .general
                                    if case .general = outcome { outcome = LinkCheck.general(value, ref, page: self) }
                                    if case .problem(let message) = outcome {
                                        problems.append(PantauError(file: file.path, step: .checks, message))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return problems
        }

        static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The original check of one reference, on `String`s: for values the byte check does not handle.
    static func general(_ bytes: UnsafeBufferPointer<UInt8>, _ ref: PageScan.Reference, page: Page) -> Outcome {
        let site = page.site
        let file = site.files[site.html[page.number]]
        let value = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "&amp;", with: "&")
        if value.isEmpty || value.hasPrefix("mailto:") || value.hasPrefix("tel:") || value.hasPrefix("data:")
            || value.hasPrefix("javascript:")
        {
            return .fine
        }
        if value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("//") {
            guard ref.isFetched else { return .fine }
            return .problem("loads \(value) from another host; ship the file in the theme's static/ folder instead")
        }
        let (pathPart, fragment) = split(value)
        let target: String
        if pathPart.isEmpty {
            target = file.path
        } else if pathPart.hasPrefix("/") {
            guard pathPart.hasPrefix(site.basePath) else {
                return .problem("links to \(value), outside the site's base path \(site.basePath)")
            }
            target = resolve(String(pathPart.dropFirst(site.basePath.count)), relativeTo: "")
        } else {
            target = resolve(pathPart, relativeTo: (file.path as NSString).deletingLastPathComponent)
        }
        let tables = site.general.tables
        let candidates = [target, target.isEmpty ? "index.html" : target + (target.hasSuffix("/") ? "index.html" : "/index.html")]
        guard let found = candidates.first(where: tables.paths.contains) else {
            return .problem("links to \(value), but the build produced no such file; fix the link or add the page")
        }
        if let fragment, !fragment.isEmpty, found.hasSuffix(".html"),
            tables.htmlByPath[found].map({ ids(in: site.files[$0].bytes) })?.contains(fragment) != true
        {
            return .problem("links to \(value), but \(found) has no element with id \"\(fragment)\"")
        }
        return .fine
    }

    /// Values of `id="…"` attributes.
    static func ids(in bytes: Data) -> Set<String> {
        var out = Set<String>()
        let marker = Array(" id=\"".utf8)
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i + marker.count < b.count {
                if b[i] == marker[0], b[i + 1] == marker[1], b[i + 2] == marker[2], b[i + 3] == marker[3], b[i + 4] == marker[4] {
                    let start = i + marker.count
                    var end = start
                    while end < b.count, b[end] != UInt8(ascii: "\"") { end += 1 }
                    out.insert(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
                    i = end
                }
                i += 1
            }
        }
        return out
    }

    private static func split(_ url: String) -> (String, String?) {
        var url = url
        if let q = url.firstIndex(of: "?") {
            let hash = url.firstIndex(of: "#")
            url = String(url[..<q]) + (hash.map { String(url[$0...]) } ?? "")
        }
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]).removingPercentEncoding)
    }

    private static func resolve(_ path: String, relativeTo folder: String) -> String {
        var parts = folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(String(part))
        }
        let joined = parts.joined(separator: "/")
        return path.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }
}
