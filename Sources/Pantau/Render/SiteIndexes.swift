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
        var xml =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
            + "xml:lang=\"\(context.config.language)\">\n"
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
