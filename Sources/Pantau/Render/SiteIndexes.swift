import Foundation

/// The machine-readable files of a site: `sitemap.xml`, `robots.txt` and the Atom feed of announcements.
enum SiteIndexes {
    /// Every page URL (content and generated), sorted, with its date when it has one.
    static func sitemap(_ entries: [(url: String, date: CalendarDate?)], context: RenderContext) -> OutputFile {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries.sorted(by: { $0.url < $1.url }) {
            xml += "  <url><loc>\(XMLEscaper.escape(context.absolute(entry.url)))</loc>"
            if let date = entry.date { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return OutputFile(path: "sitemap.xml", text: xml)
    }

    /// `manifest.webmanifest`: the site's name, home-screen icons and colours, starting at and scoped to the
    /// base path (`/pdm/` for `https://x.go.id/pdm/`), so a phone can add the site to its home screen.
    static func manifest(context: RenderContext) -> OutputFile {
        let config = context.config
        var json: [UInt8] = []
        func field(_ name: String, _ value: String, last: Bool = false) {
            json += Array("  \"\(name)\": ".utf8)
            JSONEscaper.append(value, to: &json)
            json += Array((last ? "\n" : ",\n").utf8)
        }
        json += Array("{\n".utf8)
        field("name", config.title)
        field("short_name", config.share.shortName(title: config.title))
        if !config.description.isEmpty { field("description", config.description) }
        field("lang", config.language)
        field("start_url", context.basePath)
        field("scope", context.basePath)
        field("display", "minimal-ui")
        field("background_color", "#ffffff")
        field("theme_color", config.share.themeColor)
        let icons: [(path: String, type: String, sizes: String)] = [
            ("favicon.svg", "image/svg+xml", "any"), ("img/ikon-192.png", "image/png", "192x192"),
            ("img/ikon-512.png", "image/png", "512x512"),
        ].filter { context.theme.assetPaths[$0.path] != nil }
        json += Array("  \"icons\": [".utf8)
        for (i, icon) in icons.enumerated() {
            json += Array((i == 0 ? "\n    {\"src\": " : ",\n    {\"src\": ").utf8)
            JSONEscaper.append(context.basePath + (context.theme.assetPaths[icon.path] ?? icon.path), to: &json)
            json += Array(", \"type\": \"\(icon.type)\", \"sizes\": \"\(icon.sizes)\"}".utf8)
        }
        json += Array((icons.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)
        return OutputFile(path: RenderContext.manifestPath, bytes: Data(json))
    }

    static func robots(context: RenderContext) -> OutputFile {
        OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\nSitemap: \(context.absolute("/sitemap.xml"))\n")
    }

    /// An Atom feed of a section's pages, newest first; `updated` is the newest page's date so
    /// that the same content always gives the same bytes.
    static func feed(section: String, content: SiteContent, context: RenderContext) -> OutputFile? {
        guard let index = content.pages.first(where: { $0.source.isSectionIndex && $0.source.section == section }) else { return nil }
        let entries = content.pages(inSection: section).sorted {
            ($0.source.frontMatter.date ?? CalendarDate(dayNumber: 0), $1.url) > (
                $1.source.frontMatter.date ?? CalendarDate(dayNumber: 0), $0.url
            )
        }
        let updated = entries.compactMap(\.source.frontMatter.date).max() ?? CalendarDate(dayNumber: 0)
        let feedURL = context.absolute(index.url + "index.xml")
        // The entries are the pages' own text: the content's language, whatever the interface's.
        var xml =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
            + "xml:lang=\"\(context.config.contentLanguage)\">\n"
        xml += "  <title>\(XMLEscaper.escape(index.title)) · \(XMLEscaper.escape(context.config.title))</title>\n"
        xml += "  <id>\(XMLEscaper.escape(feedURL))</id>\n"
        xml += "  <link rel=\"self\" href=\"\(XMLEscaper.escape(feedURL))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLEscaper.escape(context.absolute(index.url)))\"/>\n"
        xml += "  <updated>\(updated)T00:00:00Z</updated>\n"
        xml += "  <author><name>\(XMLEscaper.escape(context.config.title))</name></author>\n"
        for page in entries {
            let date = page.source.frontMatter.date ?? updated
            xml += "  <entry>\n"
            xml += "    <title>\(XMLEscaper.escape(page.title))</title>\n"
            xml += "    <id>\(XMLEscaper.escape(context.absolute(page.url)))</id>\n"
            xml += "    <link href=\"\(XMLEscaper.escape(context.absolute(page.url)))\"/>\n"
            xml += "    <updated>\(date)T00:00:00Z</updated>\n"
            if !page.source.frontMatter.description.isEmpty {
                xml += "    <summary>\(XMLEscaper.escape(page.source.frontMatter.description))</summary>\n"
            }
            xml += "    <content type=\"html\">\(XMLEscaper.escape(page.html))</content>\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return OutputFile(path: OutputFile.path(forURL: index.url).replacingOccurrences(of: "index.html", with: "index.xml"), text: xml)
    }
}
