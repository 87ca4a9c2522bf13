import Foundation

/// All pages of a site, rendered, with links between them checked.
struct SiteContent: Sendable {
    /// Pages sorted by URL.
    var pages: [Page]
    /// Warnings for the build summary: resources nothing links to, images over the size budget.
    var notes: [String] = []
    /// Links to anything but a `.md` page or a file beside the page (`/cek/`, `../kontak/`, other sites): checked
    /// against the built files by ``LinkCheck``, and reported here in Content/.
    var sourceLinks: [LinkCheck.SourceLink] = []

    /// A site with no pages yet (before the content step has run).
    init() { pages = [] }

    /// Renders every page on all cores, rewriting `.md` links to URLs.
    /// Fails with every broken link and duplicate URL at once, each with `file:line:col`.
    /// - Parameter basePath: the path of `base_url` (`/` or `/pdm/`), put before every rewritten site link.
    /// - Parameter resources: files beside the pages; a relative link to one is rewritten to where it is
    ///   published, and a relative link to a file that is not there is an error.
    /// - Parameter imageBudget: images larger than this many bytes are noted.
    /// - Parameter memo: serve's memo: a page whose body and file are unchanged, on a site whose page URLs,
    ///   resources and options are unchanged, keeps its earlier rendering.
    init(
        sources: [SourcePage], unsafeHTML: Bool, smartPunctuation: Bool = true, generatedURLs: Set<String> = [], basePath: String = "/",
        resources: [PageResource] = [], imageBudget: Int = 200 * 1024, memo: BuildMemo? = nil
    ) throws {
        var errors: [PantauError] = []
        var byURL: [String: SourcePage] = [:]
        for page in sources.sorted(by: { $0.file < $1.file }) {
            if let other = byURL[page.url] {
                errors.append(
                    PantauError(
                        file: page.file, line: 1, step: .content,
                        "has the same URL \(page.url) as \(other.file); give one of them another `slug`"))
            } else if generatedURLs.contains(page.url) {
                errors.append(
                    PantauError(
                        file: page.file, line: 1, step: .content,
                        "wants URL \(page.url), which a generated page uses; give it another `slug`"))
            } else {
                byURL[page.url] = page
            }
        }
        try PantauErrors.throwIfAny(errors)

        let urlByPath = Dictionary(uniqueKeysWithValues: sources.map { ($0.relativePath, $0.url) })
        let resourcePaths = Set(resources.map(\.path))
        let sizeByURL = Dictionary(
            resources.compactMap { r in r.imageSize.map { (basePath + r.path, $0) } }, uniquingKeysWith: { a, _ in a })
        let imageSizes = resources.map { ($0.path, $0.imageSize.map { "\($0)" } ?? "") }
        let setting = BuildMemo.MarkdownSetting(
            urlByPath: urlByPath, resources: Dictionary(imageSizes, uniquingKeysWith: { a, _ in a }), basePath: basePath,
            unsafeHTML: unsafeHTML, smartPunctuation: smartPunctuation)
        // The memo's renderings, taken out of it so that they are updated in place below (only what changed).
        var table = memo?.markdownSetting == setting ? memo?.take(\.markdown) ?? [:] : [:]
        // Each page, its problems, and whether its Markdown was rendered and whether its memo entry is new.
        typealias Result = (Page, [PantauError], [String], [LinkCheck.SourceLink], rendered: Bool, changed: Bool)
        func renderAll(_ known: [String: BuildMemo.Rendered]) throws -> [Result] {
            try sources.parallelMap { source -> Result in
                if let old = known[source.relativePath], old.bodyLine == source.bodyLine, old.file == source.file,
                    BuildMemo.same(old.body, source.body)
                {
                    // Whether the body has live figures, as when it was rendered: the page kept its body only then
                    // (searching 10,000 bodies again for `{{pantau` cost a rebuild milliseconds).
                    let figures = !old.page.source.body.isEmpty
                    // The same page as last time (front matter included) is the same value, shared.
                    if figures ? old.page.source == source : source.isSame(asWithoutBody: old.page.source) {
                        return (old.page, old.broken, old.usedResources, old.sourceLinks, false, false)
                    }
                    var kept = source
                    if !figures { kept.body = "" }
                    let page = Page(
                        source: kept, html: old.html, headings: old.headings, plainText: old.plainText, internalLinks: old.internalLinks,
                        plainTextCode: old.plainTextCode)
                    return (page, old.broken, old.usedResources, old.sourceLinks, false, true)
                }
                var resolvedLinks: [ResolvedLink] = []
                var broken: [PantauError] = []
                var usedResources: [String] = []
                var sourceLinks: [LinkCheck.SourceLink] = []
                let pagePath = OutputFile.path(forURL: source.url)
                let markdown = Markdown.render(
                    source.body, firstLine: source.bodyLine, unsafeHTML: unsafeHTML, smartPunctuation: smartPunctuation,
                    rewrite: { link in
                        guard let target = LinkResolver.resolve(link.url, from: source.relativePath) else {
                            if let file = LinkResolver.resolveResource(link.url, from: source.relativePath) {
                                guard resourcePaths.contains(file.path) else {
                                    broken.append(
                                        PantauError(
                                            file: source.file, line: link.line, column: link.column, step: .content,
                                            "links to \(link.url), but there is no file Content/\(file.path); "
                                                + "put the file there, beside the page, or fix the path"))
                                    return nil
                                }
                                usedResources.append(file.path)
                                return basePath + file.path + file.suffix
                            }
                            // A site path written by hand (`/aktivasi/`) gets the base path too.
                            var published: String?
                            if basePath != "/", link.url.hasPrefix("/"), !link.url.hasPrefix("//") {
                                published = basePath + link.url.dropFirst()
                            }
                            sourceLinks.append(
                                LinkCheck.SourceLink(
                                    file: source.file, line: link.line, column: link.column, url: link.url,
                                    published: published ?? link.url,
                                    pagePath: pagePath, isImage: link.isImage))
                            return published
                        }
                        guard let url = urlByPath[target.path] else {
                            broken.append(
                                PantauError(
                                    file: source.file, line: link.line, column: link.column, step: .content,
                                    "links to \(link.url), but there is no page Content/\(target.path); fix the path or create the page"))
                            return nil
                        }
                        resolvedLinks.append(
                            ResolvedLink(targetPath: target.path, fragment: target.fragment, line: link.line, column: link.column))
                        return basePath + url.dropFirst() + (target.fragment.map { "#" + $0 } ?? "")
                    }, imageSize: { sizeByURL[$0] })
                // Keep only what later stages use: the Markdown source only where a live figure may need
                // its line for an error, and the plain text only as far as the search index reads it.
                var kept = source
                if !source.body.containsBytes("{{pantau") { kept.body = "" }
                let plain = Self.searchText(markdown.plainText)
                let page = Page(
                    source: kept, html: markdown.html, headings: markdown.headings, plainText: plain, internalLinks: resolvedLinks,
                    plainTextCode: markdown.plainTextCode)
                return (page, broken, usedResources, sourceLinks, true, true)
            }
        }
        let results = try renderAll(table)
        if let memo {
            memo.redone.markdown = results.filter(\.rendered).count
            memo.markdownSetting = setting
            for (source, result) in zip(sources, results) where result.changed {
                let page = result.0
                table[source.relativePath] = BuildMemo.Rendered(
                    body: source.body, bodyLine: source.bodyLine, file: source.file, html: page.html, headings: page.headings,
                    plainText: page.plainText, plainTextCode: page.plainTextCode, internalLinks: page.internalLinks,
                    broken: result.1, usedResources: result.2, sourceLinks: result.3, page: page)
            }
            // Pages gone since the last build.
            if table.count != sources.count {
                let paths = Set(sources.map(\.relativePath))
                table = table.filter { paths.contains($0.key) }
            }
            memo.markdown = table
        }
        try PantauErrors.throwIfAny(results.flatMap(\.1))
        let rendered = results.map(\.0)
        let used = Set(results.flatMap(\.2))
        sourceLinks = results.flatMap(\.3)
        for resource in resources {
            if resource.isImage, resource.bytes.count > imageBudget {
                notes.append(
                    "Warning: Content/\(resource.path) is \(resource.bytes.count / 1024) KB, over the \(imageBudget / 1024) KB image "
                        + "budget; "
                        + "readers are on cheap phones and slow data, so resize or compress it")
            }
            if !used.contains(resource.path) {
                notes.append("Warning: Content/\(resource.path) is published but no page links to it; link it from a page or remove it")
            }
        }

        // Anchors can only be checked once every page's headings are known.
        // A heading is looked for among the target's few headings: a set of ids per page cost more than the rest
        // of a rebuild's check.
        var indexByPath: [String: Int] = [:]
        indexByPath.reserveCapacity(rendered.count)
        for (i, page) in rendered.enumerated() { indexByPath[page.source.relativePath] = i }
        for page in rendered {
            for link in page.internalLinks {
                guard let fragment = link.fragment, !fragment.isEmpty else { continue }
                let target = indexByPath[link.targetPath].map { rendered[$0] }
                if target?.headings.contains(where: { $0.id == fragment }) != true {
                    let ids = Set(target?.headings.map(\.id) ?? [])
                    let known = ids.sorted().prefix(8).joined(separator: ", ")
                    errors.append(
                        PantauError(
                            file: page.source.file, line: link.line, column: link.column, step: .content,
                            "links to #\(fragment) in Content/\(link.targetPath), which has no such heading (headings there: "
                                + "\(known.isEmpty ? "none" : known))"
                        ))
                }
            }
        }
        try PantauErrors.throwIfAny(errors)
        // Sort positions, not the pages: moving 10,000 large values around in a sort cost more than rendering them.
        pages = rendered.indices.sorted { rendered[$0].source.url < rendered[$1].source.url }.map { rendered[$0] }
    }

    /// The first ``SearchIndex/textLimit`` characters of a page's text: counted by bytes when the text
    /// is ASCII without \r\n pairs (the same thing, without walking 10,000 pages grapheme by grapheme).
    static func searchText(_ text: String) -> String {
        let limit = SearchIndex.textLimit
        guard text.utf8.count > limit else { return text }
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return String(decoding: text.utf8.prefix(limit), as: UTF8.self) }
        return String(text.prefix(limit))
    }

    /// Pages in a section (not the section's own `_index.md`), by weight, then date (newest first), then title.
    func pages(inSection section: String) -> [Page] {
        let members = pages.indices.filter { pages[$0].source.section == section && !pages[$0].source.isSectionIndex }
        return members.sorted { Self.order(pages[$0], pages[$1]) }.map { pages[$0] }
    }

    /// Subsections directly below `section`.
    func subsections(of section: String) -> [Page] {
        pages.filter { page in
            guard page.source.isSectionIndex, !page.source.section.isEmpty else { return false }
            let parent = page.source.section.split(separator: "/").dropLast().joined(separator: "/")
            return parent == section
        }.sorted(by: Self.order)
    }

    static func order(_ a: Page, _ b: Page) -> Bool {
        if a.source.frontMatter.weight != b.source.frontMatter.weight { return a.source.frontMatter.weight < b.source.frontMatter.weight }
        if a.source.frontMatter.date != b.source.frontMatter.date {
            return (a.source.frontMatter.date ?? CalendarDate(dayNumber: 0)) > (b.source.frontMatter.date ?? CalendarDate(dayNumber: 0))
        }
        if a.source.frontMatter.title != b.source.frontMatter.title { return a.source.frontMatter.title < b.source.frontMatter.title }
        return a.url < b.url
    }
}

/// Turns a relative Markdown link into the content path it names.
enum LinkResolver {
    struct Target: Equatable {
        var path: String
        var fragment: String?
    }

    /// `lupa-password.md#langkah` from `bantuan/aktivasi.md` → `bantuan/lupa-password.md`, `langkah`.
    /// Returns nil for links that are not to Markdown files (other sites, `/aktivasi/`, `mailto:`).
    /// A bare `#anchor` resolves to the page itself.
    static func resolve(_ url: String, from page: String) -> Target? {
        // On bytes: this runs for every link of every page (50,000 in the 10,000-page benchmark).
        // A file name with spaces or accents is written percent-encoded (`lupa%20password.md`).
        if hasScheme(url) || url.hasPrefix("//") { return nil }
        var bytes = Array(url.utf8)
        if bytes.contains(UInt8(ascii: "%")), let decoded = url.removingPercentEncoding { bytes = Array(decoded.utf8) }
        let hash = bytes.firstIndex(of: UInt8(ascii: "#"))
        let pathPart = bytes[..<(hash ?? bytes.endIndex)]
        let fragment = hash.map { String(decoding: bytes[($0 + 1)...], as: UTF8.self) }
        if pathPart.isEmpty {
            guard let fragment else { return nil }
            return Target(path: page, fragment: fragment)
        }
        guard pathPart.count >= 3, pathPart.suffix(3).elementsEqual(".md".utf8) else { return nil }
        return Target(path: joined(pathPart, from: page), fragment: fragment)
    }

    /// A relative link to a file beside the pages (`gambar/layar.png`, `../formulir.pdf?v=2`): its path under
    /// Content/ and the `?query#fragment` to keep. Nil for pages, site paths, URLs with a scheme, and
    /// paths whose last segment has no extension (`../kontak/`, left to the output check).
    struct File: Equatable {
        var path: String
        var suffix: String
    }

    static func resolveResource(_ url: String, from page: String) -> File? {
        guard let first = url.first, first != "/", first != "#", first != "?", !hasScheme(url) else { return nil }
        let end = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        let rawPath = url[..<end]
        guard let path = rawPath.removingPercentEncoding, !path.hasSuffix(".md"),
            let last = path.split(separator: "/").last, last.contains("."), last != "..", last != "."
        else { return nil }
        return File(path: joined(Array(path.utf8)[...], from: page), suffix: String(url[end...]))
    }

    /// Whether `url` starts with a URI scheme (`sms:`, `whatsapp://`, `HTTPS://`).
    static func hasScheme(_ url: String) -> Bool { schemeLength(url.utf8) != nil }

    /// The length of the URI scheme `url` starts with, before its `:`, or nil. RFC 3986: a letter, then letters,
    /// digits, `+`, `-` or `.`, in any case. So `foo:bar` is another scheme's URL; a relative path with a colon
    /// in its first segment is written `./foo:bar`.
    static func schemeLength<Bytes: Sequence<UInt8>>(_ url: Bytes) -> Int? {
        var count = 0
        for c in url {
            let lower = c | 0x20
            let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            if c == UInt8(ascii: ":") { return count > 0 ? count : nil }
            let isDigit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
            let isDigitOrMark = isDigit || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            guard isLetter || (count > 0 && isDigitOrMark) else { return nil }
            count += 1
        }
        return nil
    }

    /// `path` (relative to the folder of `page`, or to the content root when it starts with `/`) with `.`
    /// and `..` applied; never above the root.
    private static func joined(_ pathPart: ArraySlice<UInt8>, from page: String) -> String {
        // Start from the page's folder (or the content root for `/…`), then apply each segment.
        var out: [UInt8] = []
        if pathPart.first != UInt8(ascii: "/"), let slash = page.utf8.lastIndex(of: UInt8(ascii: "/")) {
            out.append(contentsOf: page.utf8[..<slash])
        }
        for segment in pathPart.split(separator: UInt8(ascii: "/")) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                out.removeSubrange((out.lastIndex(of: UInt8(ascii: "/")) ?? 0)...)
                continue
            }
            if !out.isEmpty { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: segment)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
