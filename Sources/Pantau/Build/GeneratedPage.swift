/// One page or file the build makes from data rather than from `Content/`: a dashboard, a unit page,
/// `/cek/`, a feed, an open-data file. Entries live in a ``GeneratedPages`` registry.
struct GeneratedPage: Sendable, Equatable {
    /// What made it, for messages (`dashboard`, `unit`, `cek`, `feed`, `open data`).
    enum Kind: String, Sendable {
        case dashboard, unit, cek, feed
        /// An encrypted `/unit/<slug>/daftar/` page (`rosters.enabled`).
        case roster
        case openData = "open data"
    }

    /// The site URL: `/aktivasi/` for a page, `/data/progres.csv` for a file.
    let url: String
    let kind: Kind
    /// The date the sitemap gives it (the data date for dashboards).
    let lastModified: CalendarDate?

    /// An HTML page (its URL ends in `/`): in the sitemap and the page count. Encrypted roster pages are
    /// not (as before the registry: nothing to index, and the count is of public pages).
    var isPage: Bool { url.hasSuffix("/") && kind != .roster }
}
