import Foundation

/// Everything `site.yml` says, decoded once, validated, with defaults filled in.
public struct SiteConfig: Sendable {
    /// Site title, shown in every page's header and `<title>`.
    public var title: String
    /// One line about the site, for the home page and search engines.
    public var description: String
    /// Absolute base URL of the published site, ending in `/`.
    public var baseURL: String
    /// Interface language: `id` (default) or `en`; picks the theme's translation file.
    public var language: String
    /// Time zone for dates and "data per" times, default `Asia/Makassar` (WITA).
    public var timeZone: TimeZone
    /// Name of the site's theme folder under `Themes/`; `default` fills in anything it lacks.
    public var theme: String
    /// Whether raw HTML in Markdown is kept (libcmark's safe mode drops it by default).
    public var unsafeHTML: Bool
    /// The campaign's deadline, shown as "days left" and used for projections.
    public var deadline: CalendarDate?
    /// Named menus (`main`, `footer`), each in display order.
    public var menus: [String: [MenuItem]]
    /// Where the employee datastore is and how imports read exports.
    public var data: DataConfig
    /// Official helpdesk contacts, shown on `/kontak/` and on every guidance page.
    public var contacts: [Contact]
    /// The private "cek status" lookup: on or off, its cost and salt, and its cache file.
    public var lookup: LookupConfig

    /// Sections with an Atom feed (`feeds: [pengumuman]`), each at its section's URL + `index.xml`.
    /// Nil when site.yml says nothing: then `pengumuman` gets one if the site has that section.
    public var feeds: [String]?
    /// The sections to make feeds for: the configured ones, else `pengumuman`.
    var feedSections: [String] { feeds ?? ["pengumuman"] }

    /// One link in a menu.
    public struct MenuItem: Sendable, Equatable {
        public var name: String
        public var url: String
        public var weight: Int
    }

    /// A config with every default, for a site without `site.yml` entries.
    public init(title: String = "Pantau", baseURL: String = "/") {
        self.title = title
        self.description = ""
        self.baseURL = baseURL
        self.language = "id"
        self.timeZone = TimeZone(identifier: "Asia/Makassar") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        self.theme = "default"
        self.unsafeHTML = false
        self.deadline = nil
        self.menus = [:]
        self.data = DataConfig()
        self.contacts = []
        self.lookup = LookupConfig()
        self.feeds = nil
    }

    /// The config file's name inside a site folder.
    public static let fileName = "site.yml"

    /// Reads and validates `site.yml` in `siteDirectory`.
    public static func load(siteDirectory: URL) throws -> SiteConfig {
        let url = siteDirectory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PantauError(file: fileName, step: .config, "no \(fileName) in \(siteDirectory.path); run `pantau init DIR` to create a site, or pass --site DIR")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PantauError(file: fileName, step: .config, "\(fileName) is not UTF-8 text; save it as UTF-8")
        }
        return try parse(text, file: fileName)
    }

    /// Parses the text of a `site.yml`.
    public static func parse(_ text: String, file: String = fileName) throws -> SiteConfig {
        var map = try YAMLMap(parsing: text, file: file, step: .config)
        var config = SiteConfig()
        config.title = try map.requiredString("title")
        config.description = try map.string("description") ?? ""
        if let base = try map.string("base_url") {
            guard base.hasPrefix("http://") || base.hasPrefix("https://") || base.hasPrefix("/") else {
                throw map.error(at: map.node("base_url"), "`base_url` should start with https:// (or / for a site served from the root), found \"\(base)\"")
            }
            config.baseURL = base.hasSuffix("/") ? base : base + "/"
        }
        if let language = try map.string("language") {
            guard ["id", "en"].contains(language) else {
                throw map.error(at: map.node("language"), "`language` should be `id` or `en`, found \"\(language)\"")
            }
            config.language = language
        }
        if let zone = try map.string("time_zone") {
            guard let tz = TimeZone(identifier: zone) else {
                throw map.error(at: map.node("time_zone"), "`time_zone` \"\(zone)\" is not a known zone; use a name like Asia/Makassar")
            }
            config.timeZone = tz
        }
        if let theme = try map.string("theme") {
            guard !theme.isEmpty, !theme.contains("/"), !theme.hasPrefix(".") else {
                throw map.error(at: map.node("theme"), "`theme` should be a folder name under Themes/, found \"\(theme)\"")
            }
            config.theme = theme
        }
        config.unsafeHTML = try map.bool("unsafe_html") ?? false
        if var campaign = try map.map("campaign") {
            config.deadline = try campaign.date("deadline")
            try campaign.finish(known: "`deadline`")
        }
        if var menus = try map.map("menus") {
            for (name, _) in menus.entries() {
                var menuMap = menus
                var items: [MenuItem] = []
                for var entry in try menuMap.maps(name) ?? [] {
                    let item = MenuItem(
                        name: try entry.requiredString("name"),
                        url: try entry.requiredString("url"),
                        weight: try entry.int("weight") ?? 0)
                    try entry.finish(known: "`name`, `url`, `weight`")
                    items.append(item)
                }
                // Stable: by weight, then as written.
                config.menus[name] = items.enumerated().sorted { ($0.element.weight, $0.offset) < ($1.element.weight, $1.offset) }.map(\.element)
            }
        }
        if var data = try map.map("data") {
            config.data = try DataConfig.parse(&data)
        }
        for var entry in try map.maps("contacts") ?? [] {
            config.contacts.append(try Contact.parse(&entry))
        }
        if var lookup = try map.map("lookup") {
            config.lookup = try LookupConfig.parse(&lookup)
        }
        if let feeds = try map.strings("feeds") {
            if let bad = feeds.first(where: { $0.isEmpty || $0.hasPrefix("/") || $0.hasSuffix("/") || $0.contains("..") }) {
                throw map.error(at: map.node("feeds"), "`feeds` should list section folders under Content/ like [pengumuman], found \"\(bad)\"")
            }
            config.feeds = feeds
        }
        try map.finish(known: "`title`, `description`, `base_url`, `language`, `time_zone`, `theme`, `unsafe_html`, `campaign`, `menus`, `data`, "
            + "`contacts`, `lookup`, `feeds`")
        return config
    }
}
