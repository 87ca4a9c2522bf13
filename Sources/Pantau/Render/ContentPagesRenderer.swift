import Foundation

/// Renders the Markdown pages through the theme: home, sections, pages, their aliases, and 404.
public struct ContentPagesRenderer: Sendable {
    public let context: RenderContext
    public let content: SiteContent
    public let formatter: Formatter
    /// Keys every content page's template also sees (contacts, live figures …), from later stages.
    public let extras: @Sendable (Page) -> [String: Any]
    /// Replaces live-figure placeholders in a page's HTML.
    public let expand: @Sendable (Page, String) throws -> String

    public init(context: RenderContext, content: SiteContent, formatter: Formatter,
                extras: @escaping @Sendable (Page) -> [String: Any] = { _ in [:] },
                expand: @escaping @Sendable (Page, String) throws -> String = { $1 }) {
        self.context = context
        self.content = content
        self.formatter = formatter
        self.extras = extras
        self.expand = expand
    }

    /// Which template a page uses: its `layout`, else `home`, `section` or `page`.
    func template(for page: Page) throws -> String {
        let name = page.source.frontMatter.layout
            ?? (page.url == "/" ? "home" : page.source.isSectionIndex ? "section" : "page")
        guard context.theme.templateNames.contains(name) else {
            throw PantauError(file: page.source.file, line: 2, step: .render,
                              "layout \"\(name)\" does not exist; create Themes/\(context.config.theme)/templates/\(name).mustache or use one of \(context.theme.templateNames.sorted().joined(separator: ", "))")
        }
        return name
    }

    /// Every content page, rendered on all cores, plus alias redirects and 404.html.
    public func render() throws -> [OutputFile] {
        let byPath = Dictionary(uniqueKeysWithValues: content.pages.map { ($0.source.relativePath, $0) })
        let pages = try content.pages.parallelMap { page -> OutputFile in
            let name = try template(for: page)
            let html = try render(page, template: name, byPath: byPath)
            return OutputFile(path: OutputFile.path(forURL: page.url), bytes: Data(html))
        }
        var files = pages
        var seen = Set(pages.map(\.path))
        for page in content.pages {
            for alias in page.source.frontMatter.aliases {
                let path = OutputFile.path(forURL: alias.hasSuffix("/") || alias.hasSuffix(".html") ? alias : alias + "/")
                guard seen.insert(path).inserted else {
                    throw PantauError(file: page.source.file, line: 2, step: .render, "alias \(alias) is already the URL of another page or alias; remove it")
                }
                let target = context.link(page.url)
                let ctx = context.page(url: alias, title: page.title, extra: ["target": target, "target_absolute": context.absolute(page.url)])
                files.append(OutputFile(path: path, text: try context.theme.render("redirect", ctx)))
            }
        }
        if context.theme.templateNames.contains("404") {
            let ctx = context.page(url: "/404.html", title: context.theme.t("not_found_title"), extra: ["sections": sectionLinks()])
            files.append(OutputFile(path: "404.html", text: try context.theme.render("404", ctx)))
        }
        return files
    }

    private func render(_ page: Page, template: String, byPath: [String: Page]) throws -> [UInt8] {
        let fm = page.source.frontMatter
        let crumbs = breadcrumbs(for: page, byPath: byPath)
        var extra: [String: Any] = [
            "content": try expand(page, page.html),
            "date": fm.date.map(formatter.date) ?? "",
            "date_iso": fm.date?.description ?? "",
            "tags": fm.tags,
            "breadcrumbs": crumbs,
            "has_breadcrumbs": !crumbs.isEmpty,
            "section_name": page.source.section,
        ]
        if fm.toc {
            let entries = page.headings.filter { $0.level == 2 || $0.level == 3 }
            if entries.count >= 2 {
                extra["toc"] = entries.map { ["id": $0.id, "text": $0.text, "sub": $0.level == 3] as [String: Any] }
                extra["has_toc"] = true
            }
        }
        if page.source.isSectionIndex {
            let section = page.source.section
            extra["pages"] = content.pages(inSection: section).map(summary)
            extra["subsections"] = content.subsections(of: section).map(summary)
        }
        if page.url == "/" {
            extra["sections"] = sectionLinks()
        }
        for (key, value) in extras(page) { extra[key] = value }
        return try context.theme.renderBytes(template, context.page(url: page.url, title: page.title, description: fm.description, extra: extra))
    }

    /// Title, link and description of a page, for listings.
    func summary(_ page: Page) -> [String: Any] {
        let fm = page.source.frontMatter
        return [
            "title": page.title,
            "url": context.link(page.url),
            "description": RenderContext.hideEmpty(fm.description),
            "date": RenderContext.hideEmpty(fm.date.map(formatter.date) ?? ""),
            "date_iso": fm.date?.description ?? "",
        ]
    }

    /// The top-level sections, for the home page and 404.
    func sectionLinks() -> [[String: Any]] {
        content.subsections(of: "").map(summary)
    }

    private func breadcrumbs(for page: Page, byPath: [String: Page]) -> [[String: Any]] {
        guard page.url != "/" else { return [] }
        var crumbs: [[String: Any]] = []
        if let home = byPath["_index.md"] { crumbs.append(["title": home.title, "url": context.link("/")]) }
        var folders: [String] = []
        let parts = page.source.section.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            folders.append(part)
            let isSelf = page.source.isSectionIndex && i == parts.count - 1
            if !isSelf, let section = byPath[folders.joined(separator: "/") + "/_index.md"] {
                crumbs.append(["title": section.title, "url": context.link(section.url)])
            }
        }
        return crumbs
    }
}
