import Foundation

/// What every template sees, whatever the page: the site, its menus, strings and asset paths.
/// Pages add their own keys on top with ``page(_:)``.
public struct RenderContext: @unchecked Sendable {
    public let config: SiteConfig
    public let theme: Theme
    /// Path prefix from `base_url` (`/` or `/pantau/`), put before every internal URL.
    public let basePath: String
    private let shared: [String: Any]

    /// - Parameter searchFallback: where the search form goes without JavaScript (a section listing).
    /// - Parameter dataAsOf: the latest snapshot's date and its text ("12 Juli 2021"), for the stale-data notice
    ///   that the reader's browser shows on every page once the data is older than `data.stale_after_days`.
    public init(config: SiteConfig, theme: Theme, searchFallback: String = "/", dataAsOf: (iso: String, text: String)? = nil) {
        self.config = config
        self.theme = theme
        self.basePath = Self.basePath(of: config)
        var assets: [String: String] = [:]
        for (source, published) in theme.assetPaths {
            assets[Self.assetKey(source)] = basePath + published
        }
        shared = [
            "lang": config.language,
            "site": [
                "title": config.title,
                "description": config.description,
                "base_url": config.baseURL,
                "base": basePath,
                "search_fallback": basePath + searchFallback.dropFirst(),
            ].merging(dataAsOf.map { asOf in
                ["data_as_of": asOf.iso, "data_as_of_text": asOf.text, "stale_after_days": config.data.rails.staleAfterDays,
                 "stale_notice": theme.t("stale_notice").replacingOccurrences(of: "{date}", with: asOf.text)]
            } ?? [:]) { a, _ in a } as [String: Any],
            "t": theme.strings,
            "assets": assets,
        ]
    }

    /// The path part of `base_url`, ending in `/`: `https://x.go.id/pdm` → `/pdm/`.
    public static func basePath(of config: SiteConfig) -> String {
        let path = URL(string: config.baseURL)?.path ?? "/"
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// Mustache treats "" as true and looks a missing key up in outer contexts; an empty text
    /// becomes ``NoText``, which is false and stops the lookup, so `{{#date}}…{{/date}}` hides.
    public static func hideEmpty(_ value: Any) -> Any {
        if let text = value as? String, text.isEmpty { return NoText() }
        return value
    }

    /// Renders as nothing and counts as false in sections.
    struct NoText {}

    /// `css/style.css` → `css_style_css`, a key Mustache can address.
    static func assetKey(_ path: String) -> String {
        String(path.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// A site URL (`/bantuan/`) with the base path in front.
    public func link(_ url: String) -> String {
        guard url.hasPrefix("/"), !url.hasPrefix("//") else { return url }
        return basePath + url.dropFirst()
    }

    /// The absolute URL of a site path, for feeds and sitemaps.
    public func absolute(_ url: String) -> String {
        let base = config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL
        if base.hasPrefix("http") { return base + url }
        return url
    }

    /// The context for one page at `url`: shared keys, menus with the active entry, and `extra`.
    public func page(url: String, title: String, description: String = "", extra: [String: Any] = [:]) -> [String: Any] {
        var context = shared
        var menus: [String: Any] = [:]
        for (name, items) in config.menus {
            menus[name] = items.map { item -> [String: Any] in
                let active = item.url == "/" ? url == "/" : url.hasPrefix(item.url)
                return ["name": item.name, "url": link(item.url), "active": active]
            }
        }
        context["menus"] = menus
        context["title"] = title
        context["page_title"] = title == config.title ? title : "\(title) · \(config.title)"
        context["description"] = description.isEmpty ? config.description : description
        context["url"] = link(url)
        context["canonical"] = absolute(url)
        context["is_home"] = url == "/"
        for (key, value) in extra { context[key] = Self.hideEmpty(value) }
        return context
    }
}
