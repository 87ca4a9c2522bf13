import Foundation

/// Everything `site.yml` says, decoded once, validated, with defaults filled in.
public struct SiteConfig: Sendable {
    /// Site title, shown in every page's header and `<title>`.
    var title: String
    /// One line about the site, for the home page and search engines.
    var description: String
    /// Absolute base URL of the published site, ending in `/`.
    public var baseURL: String
    /// Interface language: `id` (default) or `en`; picks the theme's translation file.
    var language: String
    /// The language the Markdown pages are written in (`content_language`, default `id`): marked with `lang`
    /// where it differs from the interface's.
    var contentLanguage = "id"
    /// Time zone for dates and "data per" times, default `Asia/Makassar` (WITA).
    public var timeZone: TimeZone
    /// Name of the site's theme folder under `Themes/`; `default` fills in anything it lacks.
    var theme: String
    /// Whether raw HTML in Markdown is kept (libcmark's safe mode drops it by default).
    var unsafeHTML: Bool
    /// How pages' Markdown is read (`markdown:` in site.yml).
    var markdown = MarkdownOptions()
    /// The campaign's deadline, shown as "days left" and used for projections.
    var deadline: CalendarDate?
    /// Named menus (`main`, `footer`), each in display order.
    var menus: [String: [MenuItem]]
    /// Where the employee datastore is and how imports read exports.
    public var data: DataConfig
    /// Official helpdesk contacts, shown on `/kontak/` and on every guidance page.
    var contacts: [Contact]
    /// The private "cek status" lookup: on or off, its cost and salt, and its cache file.
    var lookup: LookupConfig
    /// The opt-in encrypted per-unit roster pages (`/unit/<slug>/daftar/`) and where their keys live.
    var rosters: RosterConfig = RosterConfig()
    /// `campaign.heat_target`: the done-% the `/progres/` heat map is centred on; nil = the pace that finishes
    /// on the deadline (see ``HeatScale``).
    var heatTarget: Double?

    /// Options for pages' Markdown: smart punctuation and the largest page accepted.
    struct MarkdownOptions: Sendable, Equatable {
        /// Curly quotes, en and em dashes and ellipses from `"`, `--`, `---`, `...` (libcmark's
        /// CMARK_OPT_SMART); never inside code or `{{pantau …}}` figures. `smart_punctuation`, default on.
        var smartPunctuation = true
        /// `max_page_mb`, default 10.
        var maxPageBytes = 10 * 1_048_576
        /// `image_budget_kb`, default 200: a larger image beside a page is a warning (readers are on cheap phones).
        var imageBudgetBytes = 200 * 1024
    }
    /// The share image, home-screen name and theme colour (`share:`).
    var share = ShareConfig()
    /// Values exempt from the privacy guard (`privacy.allow`).
    var privacy: PrivacyConfig

    /// Sections with an Atom feed (`feeds: [pengumuman]`), each at its section's URL + `index.xml`.
    /// Nil when site.yml says nothing: then `pengumuman` gets one if the site has that section.
    var feeds: [String]?
    /// The sections to make feeds for: the configured ones, else `pengumuman`.
    var feedSections: [String] { feeds ?? ["pengumuman"] }

    /// One link in a menu.
    struct MenuItem: Sendable, Equatable {
        var name: String
        var url: String
        var weight: Int
    }

    /// A config with every default, for a site without `site.yml` entries.
    init(title: String = "Pantau", baseURL: String = "/") {
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
        self.privacy = PrivacyConfig()
        self.feeds = nil
    }

    /// The interface languages a theme has translations for.
    static let languages = ["id", "en"]

    /// The config file's name inside a site folder.
    static let fileName = "site.yml"

    /// Reads and validates `site.yml` in `siteDirectory`.
    public static func load(siteDirectory: URL) throws -> SiteConfig {
        let url = siteDirectory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PantauError(
                file: fileName, step: .config,
                "no \(fileName) in \(siteDirectory.path); run `pantau init DIR` to create a site, or pass --site DIR")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UTF8Validation.error(file: fileName, step: .config, bytes: data)
        }
        return try parse(text, file: fileName)
    }

    /// Parses the text of a `site.yml`.
    static func parse(_ text: String, file: String = fileName) throws -> SiteConfig {
        var map = try YAMLMap(parsing: text, file: file, step: .config)
        var config = SiteConfig()
        config.title = try map.requiredString("title")
        config.description = try map.string("description") ?? ""
        if let base = try map.string("base_url") {
            guard base.hasPrefix("http://") || base.hasPrefix("https://") || base.hasPrefix("/") else {
                throw map.error(
                    at: map.node("base_url"),
                    "`base_url` should start with https:// (or / for a site served from the root), found \"\(base)\"")
            }
            config.baseURL = base.hasSuffix("/") ? base : base + "/"
        }
        if let language = try map.string("language") {
            guard Self.languages.contains(language) else {
                throw map.error(at: map.node("language"), "`language` should be `id` or `en`, found \"\(language)\"")
            }
            config.language = language
            if language == "en" { config.data.categories = DataConfig.campaignCategoriesEnglish }
        }
        if let language = try map.string("content_language") {
            guard Self.languages.contains(language) else {
                throw map.error(
                    at: map.node("content_language"), "`content_language` should be `id` or `en`, found \"\(language)\"")
            }
            config.contentLanguage = language
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
        if var markdown = try map.map("markdown") {
            config.markdown.smartPunctuation = try markdown.bool("smart_punctuation") ?? true
            if let megabytes = try markdown.int("max_page_mb") {
                guard megabytes >= 1, megabytes <= 1024 else {
                    throw markdown.error(at: markdown.node("max_page_mb"), "`max_page_mb` should be between 1 and 1024, found \(megabytes)")
                }
                config.markdown.maxPageBytes = megabytes * 1_048_576
            }
            if let kilobytes = try markdown.int("image_budget_kb") {
                guard kilobytes >= 1 else {
                    throw markdown.error(
                        at: markdown.node("image_budget_kb"),
                        "`image_budget_kb` should be a positive number of kilobytes, found \(kilobytes)")
                }
                config.markdown.imageBudgetBytes = kilobytes * 1024
            }
            try markdown.finish(known: "`smart_punctuation`, `max_page_mb`, `image_budget_kb`")
        }
        if var campaign = try map.map("campaign") {
            config.deadline = try campaign.date("deadline")
            if let target = try campaign.int("heat_target") {
                guard (1...100).contains(target) else {
                    throw campaign.error(
                        at: campaign.node("heat_target"), "`heat_target` should be a percentage from 1 to 100, found \(target)")
                }
                config.heatTarget = Double(target)
            }
            try campaign.finish(known: "`deadline`, `heat_target`")
        }
        if var menus = try map.map("menus") {
            for (name, _) in menus.entries() {
                var menuMap = menus
                var items: [MenuItem] = []
                for var entry in try menuMap.maps(name) ?? [] {
                    let name = try entry.requiredLocalizedString("name", language: config.language)
                    let item = MenuItem(
                        name: name,
                        url: try entry.requiredString("url"),
                        weight: try entry.int("weight") ?? 0)
                    try entry.finish(known: "`name`, `url`, `weight`")
                    items.append(item)
                }
                // Stable: by weight, then as written.
                config.menus[name] = items.enumerated().sorted { ($0.element.weight, $0.offset) < ($1.element.weight, $1.offset) }.map(
                    \.element)
            }
        }
        if var data = try map.map("data") {
            config.data = try DataConfig.parse(&data, language: config.language)
        }
        for var entry in try map.maps("contacts") ?? [] {
            config.contacts.append(try Contact.parse(&entry))
        }
        if var lookup = try map.map("lookup") {
            config.lookup = try LookupConfig.parse(&lookup)
        }
        if var rosters = try map.map("rosters") {
            config.rosters = try RosterConfig.parse(&rosters)
        }
        if var share = try map.map("share") {
            config.share = try ShareConfig.parse(&share)
        }
        if var privacy = try map.map("privacy") {
            config.privacy = try PrivacyConfig.parse(&privacy)
        }
        if let feeds = try map.strings("feeds") {
            if let bad = feeds.first(where: { $0.isEmpty || $0.hasPrefix("/") || $0.hasSuffix("/") || $0.contains("..") }) {
                throw map.error(
                    at: map.node("feeds"), "`feeds` should list section folders under Content/ like [pengumuman], found \"\(bad)\"")
            }
            config.feeds = feeds
        }
        try map.finish(
            known: "`title`, `description`, `base_url`, `language`, `content_language`, `time_zone`, `theme`, `unsafe_html`, "
                + "`markdown`, `campaign`, `menus`, `data`, `contacts`, `lookup`, `rosters`, `share`, `privacy`, `feeds`")
        return config
    }
}
