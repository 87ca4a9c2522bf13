/// The registry of generated pages and files: the one list the sitemap, the page count and the
/// URL-collision checks read, so a new kind of generated page is registered in one place.
struct GeneratedPages: Sendable {
    private(set) var entries: [GeneratedPage] = []
    private var byURL: [String: GeneratedPage] = [:]

    /// Adds `page`; fails when another generated page or file already has its URL.
    mutating func add(_ page: GeneratedPage) throws {
        if let other = byURL[page.url] {
            throw PantauError(
                file: "site.yml", step: .render,
                "the \(page.kind.rawValue) page \(page.url) has the same URL as a \(other.kind.rawValue) page; "
                    + "rename the section or unit that makes one of them")
        }
        byURL[page.url] = page
        entries.append(page)
    }

    mutating func add(contentsOf pages: [GeneratedPage]) throws {
        for page in pages { try add(page) }
    }

    /// URLs of the HTML pages, which no content page may take.
    var pageURLs: Set<String> { Set(entries.lazy.filter(\.isPage).map(\.url)) }

    /// How many HTML pages, for the build summary.
    var pageCount: Int { entries.lazy.filter(\.isPage).count }

    /// Sitemap entries of the HTML pages.
    var sitemapEntries: [(url: String, date: CalendarDate?)] {
        entries.filter(\.isPage).map { ($0.url, $0.lastModified) }
    }

    func contains(_ url: String) -> Bool { byURL[url] != nil }
}
