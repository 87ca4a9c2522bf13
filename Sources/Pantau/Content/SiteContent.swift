import Foundation

/// All pages of a site, rendered, with links between them checked.
public struct SiteContent: Sendable {
    /// Pages sorted by URL.
    public var pages: [Page]

    /// A site with no pages yet (before the content step has run).
    init() { pages = [] }

    /// Renders every page on all cores, rewriting `.md` links to URLs.
    /// Fails with every broken link and duplicate URL at once, each with `file:line:col`.
    /// - Parameter basePath: the path of `base_url` (`/` or `/pdm/`), put before every rewritten site link.
    public init(sources: [SourcePage], unsafeHTML: Bool, generatedURLs: Set<String> = [], basePath: String = "/") throws {
        var errors: [PantauError] = []
        var byURL: [String: SourcePage] = [:]
        for page in sources.sorted(by: { $0.file < $1.file }) {
            if let other = byURL[page.url] {
                errors.append(PantauError(file: page.file, line: 1, step: .content, "has the same URL \(page.url) as \(other.file); give one of them another `slug`"))
            } else if generatedURLs.contains(page.url) {
                errors.append(PantauError(file: page.file, line: 1, step: .content, "wants URL \(page.url), which a generated page uses; give it another `slug`"))
            } else {
                byURL[page.url] = page
            }
        }
        try PantauErrors.throwIfAny(errors)

        let urlByPath = Dictionary(uniqueKeysWithValues: sources.map { ($0.relativePath, $0.url) })
        let results: [(Page, [PantauError])] = try sources.parallelMap { source in
            var resolvedLinks: [ResolvedLink] = []
            var broken: [PantauError] = []
            let markdown = Markdown.render(source.body, firstLine: source.bodyLine, unsafeHTML: unsafeHTML) { link in
                guard let target = LinkResolver.resolve(link.url, from: source.relativePath) else {
                    // A site path written by hand (`/aktivasi/`) gets the base path too.
                    if basePath != "/", link.url.hasPrefix("/"), !link.url.hasPrefix("//") { return basePath + link.url.dropFirst() }
                    return nil
                }
                guard let url = urlByPath[target.path] else {
                    broken.append(PantauError(file: source.file, line: link.line, column: link.column, step: .content,
                                              "links to \(link.url), but there is no page Content/\(target.path); fix the path or create the page"))
                    return nil
                }
                resolvedLinks.append(ResolvedLink(targetPath: target.path, fragment: target.fragment, line: link.line, column: link.column))
                return basePath + url.dropFirst() + (target.fragment.map { "#" + $0 } ?? "")
            }
            // Keep only what later stages use: the Markdown source only where a live figure may need
            // its line for an error, and the plain text only as far as the search index reads it.
            var kept = source
            if !source.body.containsBytes("{{pantau") { kept.body = "" }
            let plain = Self.searchText(markdown.plainText)
            return (Page(source: kept, html: markdown.html, headings: markdown.headings, plainText: plain, internalLinks: resolvedLinks), broken)
        }
        try PantauErrors.throwIfAny(results.flatMap(\.1))
        let rendered = results.map(\.0)

        // Anchors can only be checked once every page's headings are known.
        let idsByPath = Dictionary(uniqueKeysWithValues: rendered.map { ($0.source.relativePath, Set($0.headings.map(\.id))) })
        for page in rendered {
            for link in page.internalLinks {
                guard let fragment = link.fragment, !fragment.isEmpty else { continue }
                if idsByPath[link.targetPath]?.contains(fragment) != true {
                    let known = idsByPath[link.targetPath].map { $0.sorted().prefix(8).joined(separator: ", ") } ?? ""
                    errors.append(PantauError(file: page.source.file, line: link.line, column: link.column, step: .content,
                                              "links to #\(fragment) in Content/\(link.targetPath), which has no such heading (headings there: \(known.isEmpty ? "none" : known))"))
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
    public func pages(inSection section: String) -> [Page] {
        let members = pages.indices.filter { pages[$0].source.section == section && !pages[$0].source.isSectionIndex }
        return members.sorted { Self.order(pages[$0], pages[$1]) }.map { pages[$0] }
    }

    /// Subsections directly below `section`.
    public func subsections(of section: String) -> [Page] {
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
        let bytes = Array(url.utf8)
        if bytes.contains(UInt8(ascii: ":")) || bytes.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) { return nil }
        let hash = bytes.firstIndex(of: UInt8(ascii: "#"))
        let pathPart = bytes[..<(hash ?? bytes.endIndex)]
        let fragment = hash.map { String(decoding: bytes[($0 + 1)...], as: UTF8.self) }
        if pathPart.isEmpty {
            guard let fragment else { return nil }
            return Target(path: page, fragment: fragment)
        }
        guard pathPart.count >= 3, pathPart.suffix(3).elementsEqual(".md".utf8) else { return nil }
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
        return Target(path: String(decoding: out, as: UTF8.self), fragment: fragment)
    }
}
