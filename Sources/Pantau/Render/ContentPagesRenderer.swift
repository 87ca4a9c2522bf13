import Foundation

/// Renders the Markdown pages through the theme: home, sections, pages, their aliases, and 404.
struct ContentPagesRenderer: Sendable {
    let context: RenderContext
    let content: SiteContent
    let formatter: DisplayFormatter
    /// The contacts every page may show.
    let contacts: [Contact]
    /// The dashboard summary the home page shows.
    let home: DashboardSummaryModel?
    /// Replaces live-figure placeholders in a page's HTML and table of contents (nil: left as written).
    let figures: LiveFigures?
    /// Serve's memo: a page whose template and template values are unchanged keeps its earlier bytes.
    var memo: BuildMemo?

    init(
        context: RenderContext, content: SiteContent, formatter: DisplayFormatter, contacts: [Contact] = [],
        home: DashboardSummaryModel? = nil, figures: LiveFigures? = nil
    ) {
        self.context = context
        self.content = content
        self.formatter = formatter
        self.contacts = contacts
        self.home = home
        self.figures = figures
    }

    /// Which template a page uses: its `layout`, else `home`, `section` or `page`.
    func template(for page: Page) throws -> String {
        let name =
            page.source.frontMatter.layout
            ?? (page.url == "/" ? "home" : page.source.isSectionIndex ? "section" : "page")
        guard context.theme.templateNames.contains(name) else {
            throw PantauError(
                file: page.source.file, line: 2, step: .render,
                "layout \"\(name)\" does not exist; create Themes/\(context.config.theme)/templates/\(name).mustache or use one of "
                    + "\(context.theme.templateNames.sorted().joined(separator: ", "))"
            )
        }
        return name
    }

    /// Every content page, rendered on all cores, plus alias redirects and 404.html.
    func render() throws -> [OutputFile] {
        // The memo's pages, taken out of it so that they are updated in place below (only what changed).
        var table = memo?.templateShared == context.shared ? memo?.take(\.templated) ?? [:] : [:]
        // On a site whose outline is unchanged, a page equal to the one an earlier rendering was made from
        // has the same template values (they read nothing else that the memo's fingerprint does not cover):
        // its bytes are reused without computing them.
        let outline = memo == nil ? [] : try content.pages.parallelMap(BuildMemo.Outline.init)
        let sameOutline = !table.isEmpty && memo?.outline == outline
        let remember = memo != nil
        /// Each page's rendering, whether it is a new memo entry, and whether its bytes are the memo's.
        func renderAll(_ known: [String: BuildMemo.Templated]) throws -> [(BuildMemo.Templated, changed: Bool, sameBytes: Bool)] {
            // On all cores: comparing 10,000 pages with the memo's was a good part of a rebuild after one edit.
            let kept = try content.pages.parallelMap { page -> BuildMemo.Templated? in
                guard sameOutline, let old = known[page.url], old.page == page else { return nil }
                return old
            }
            let byPath =
                kept.contains { $0 == nil } ? Dictionary(uniqueKeysWithValues: content.pages.map { ($0.source.relativePath, $0) }) : [:]
            return try Array(content.pages.indices).parallelMap { i in
                if let old = kept[i] { return (old, false, true) }
                let page = content.pages[i]
                let name = try template(for: page)
                let values = try context.values(
                    url: page.url, title: page.title, description: try description(of: page), article: name == "page",
                    model: model(for: page, byPath: byPath))
                let path = OutputFile.path(forURL: page.url)
                if let old = known[page.url], old.template == name, old.values == values {
                    return (BuildMemo.Templated(template: name, values: old.values, bytes: old.bytes, page: page, path: path), true, true)
                }
                let bytes = Data(try context.render(name, values: values))
                // Without a memo nothing compares the values again: holding every page's until the end cost a
                // 10,000-page build some 50 MB.
                let templated = BuildMemo.Templated(
                    template: name, values: remember ? values : [], bytes: bytes, page: remember ? page : nil, path: path)
                return (templated, true, false)
            }
        }
        let rendered = try renderAll(table)
        let pages = rendered.map { OutputFile(path: $0.0.path, bytes: $0.0.bytes) }
        if let memo {
            memo.redone.templated = rendered.count { !$0.sameBytes }
            memo.templateShared = context.shared
            memo.outline = outline
            for (page, result) in zip(content.pages, rendered) where result.changed { table[page.url] = result.0 }
            // Pages gone since the last build.
            if table.count != content.pages.count {
                let urls = Set(content.pages.map(\.url))
                table = table.filter { urls.contains($0.key) }
            }
            memo.templated = table
        }
        var files = pages
        // Paths taken, made only when some page has aliases.
        var seen = content.pages.contains { !$0.source.frontMatter.aliases.isEmpty } ? Set(pages.map(\.path)) : []
        for page in content.pages {
            for alias in page.source.frontMatter.aliases {
                let path = OutputFile.path(forURL: alias.hasSuffix("/") || alias.hasSuffix(".html") ? alias : alias + "/")
                guard seen.insert(path).inserted else {
                    throw PantauError(
                        file: page.source.file, line: 2, step: .render,
                        "alias \(alias) is already the URL of another page or alias; remove it")
                }
                let model = RedirectModel(target: context.link(page.url), targetAbsolute: context.absolute(page.url))
                files.append(
                    OutputFile(path: path, bytes: Data(try context.render("redirect", url: alias, title: page.title, model: model))))
            }
        }
        if context.theme.templateNames.contains("404") {
            let html = try context.render(
                "404", url: "/404.html", title: context.theme.t("not_found_title"), model: NotFoundModel(sections: sectionLinks()))
            files.append(OutputFile(path: "404.html", bytes: Data(html)))
        }
        return files
    }

    /// What the page's template reads.
    func model(for page: Page, byPath: [String: Page]) throws -> ContentPageModel {
        let fm = page.source.frontMatter
        var toc: [ContentPageModel.TocEntry] = []
        if fm.toc {
            let entries = page.headings.filter { $0.level == 2 || $0.level == 3 }
            if entries.count >= 2 {
                // A heading's live figure shows its value here as in the heading itself.
                toc = try entries.map { heading in
                    let text = try figures?.expand(text: heading.text, code: heading.code, in: page) ?? heading.text
                    return .init(id: heading.id, text: text, sub: heading.level == 3)
                }
            }
        }
        let section = page.source.section
        return ContentPageModel(
            content: try figures?.expand(page.html, in: page) ?? page.html, date: fm.date.map(formatter.date) ?? "",
            dateISO: fm.date?.description ?? "",
            tags: fm.tags, breadcrumbs: breadcrumbs(for: page, byPath: byPath), sectionName: section, toc: toc,
            pages: page.source.isSectionIndex ? content.pages(inSection: section).map(summary) : nil,
            subsections: page.source.isSectionIndex ? content.subsections(of: section).map(summary) : nil,
            sections: page.url == "/" ? sectionLinks() : nil,
            contacts: ContactModel.models(contacts, message: fm.whatsappMessage),
            dash: page.url == "/" ? home : nil)
    }

    /// The page's `description`, else the start of its text (live figures filled in) for search engines and
    /// shared links; the home page falls back to the site's description.
    func description(of page: Page) throws -> String {
        let written = page.source.frontMatter.description
        guard written.isEmpty, page.url != "/" else { return written }
        let headings = Set(page.headings.map(\.text))
        var text = ""
        for line in page.plainText.split(separator: "\n") where !headings.contains(String(line)) {
            text += (text.isEmpty ? "" : " ") + line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if text.count > Self.excerptLength { break }
        }
        if let figures, page.source.body.containsBytes("{{pantau") { text = try figures.expand(text: text, in: page) }
        return Self.excerpt(text)
    }

    /// Characters of a page's text in its derived description.
    static let excerptLength = 160

    /// `text` cut at the last word boundary before ``excerptLength`` characters, with `…` when cut.
    static func excerpt(_ text: String) -> String {
        guard text.count > excerptLength else { return text }
        let cut = text.prefix(excerptLength)
        let words = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return words.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:–—-")) + "…"
    }

    /// Title, link and description of a page, for listings.
    func summary(_ page: Page) -> PageSummaryModel {
        let fm = page.source.frontMatter
        return PageSummaryModel(
            title: page.title, url: context.link(page.url), description: fm.description,
            date: fm.date.map(formatter.date) ?? "", dateISO: fm.date?.description ?? "")
    }

    /// The top-level sections, for the home page and 404.
    func sectionLinks() -> [PageSummaryModel] {
        content.subsections(of: "").map(summary)
    }

    private func breadcrumbs(for page: Page, byPath: [String: Page]) -> [ContentPageModel.Crumb] {
        guard page.url != "/" else { return [] }
        var crumbs: [ContentPageModel.Crumb] = []
        if let home = byPath["_index.md"] { crumbs.append(.init(title: home.title, url: context.link("/"))) }
        var folders: [String] = []
        let parts = page.source.section.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            folders.append(part)
            let isSelf = page.source.isSectionIndex && i == parts.count - 1
            if !isSelf, let section = byPath[folders.joined(separator: "/") + "/_index.md"] {
                crumbs.append(.init(title: section.title, url: context.link(section.url)))
            }
        }
        return crumbs
    }
}
