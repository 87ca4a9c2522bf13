import Foundation

/// What every template sees, whatever the page: the site, its menus, strings and asset paths,
/// under the page's own model (``TemplateModel``).
struct RenderContext: Sendable {
    let config: SiteConfig
    let theme: Theme
    /// Path prefix from `base_url` (`/` or `/pantau/`), put before every internal URL.
    let basePath: String
    /// Fail a template that asks for a name its model lacks (`pantau build --strict`, the tests).
    let strict: Bool
    /// `lang`, `site`, `t` and `assets`: the same for every page, made once.
    let shared: TemplateValue

    /// - Parameter searchFallback: where the search form goes without JavaScript (a section listing).
    /// - Parameter dataAsOf: the latest snapshot's date and its text ("12 Juli 2021"), for the stale-data notice
    ///   that the reader's browser shows on every page once the data is older than `data.stale_after_days`.
    init(
        config: SiteConfig, theme: Theme, searchFallback: String = "/", dataAsOf: (iso: String, text: String)? = nil,
        strict: Bool = false
    ) {
        self.config = config
        self.theme = theme
        self.strict = strict
        let basePath = Self.basePath(of: config)
        self.basePath = basePath
        var assets: [String: TemplateValue] = [:]
        for (source, published) in theme.assetPaths {
            assets[Self.assetKey(source)] = .text(basePath + published)
        }
        shared = .object([
            "lang": .text(config.language),
            "site": .object([
                "title": .text(config.title),
                "description": .text(config.description),
                "base_url": .text(config.baseURL),
                "base": .text(basePath),
                "search_fallback": .text(basePath + searchFallback.dropFirst()),
                // Hidden without data, so that strict templates may still ask for them.
                "data_as_of": .optional(dataAsOf?.iso),
                "data_as_of_text": .optional(dataAsOf?.text),
                "stale_after_days": dataAsOf == nil ? .hidden : .number(config.data.rails.staleAfterDays),
                "stale_notice": .optional(dataAsOf.map { theme.t("stale_notice").replacingOccurrences(of: "{date}", with: $0.text) }),
            ]),
            "t": .object(theme.strings.mapValues(TemplateValue.text)),
            "assets": .object(assets),
        ])
    }

    /// The path part of `base_url`, ending in `/`: `https://x.go.id/pdm` → `/pdm/`.
    static func basePath(of config: SiteConfig) -> String {
        let path = URL(string: config.baseURL)?.path ?? "/"
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// `css/style.css` → `css_style_css`, a key Mustache can address.
    static func assetKey(_ path: String) -> String {
        String(path.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// A site URL (`/bantuan/`) with the base path in front.
    func link(_ url: String) -> String {
        guard url.hasPrefix("/"), !url.hasPrefix("//") else { return url }
        return basePath + url.dropFirst()
    }

    /// The absolute URL of a site path, for feeds and sitemaps.
    func absolute(_ url: String) -> String {
        let base = config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL
        if base.hasPrefix("http") { return base + url }
        return url
    }

    /// Renders `template` for the page at `url`: the shared keys, then the page's (menus with the
    /// active entry, title, canonical URL …), then `model`'s, innermost last.
    func render(_ template: String, url: String, title: String, description: String = "", model: some TemplateModel) throws -> [UInt8] {
        try render(template, values: values(url: url, title: title, description: description, model: model))
    }

    /// What ``render(_:url:title:description:model:)`` gives `template` under the shared keys: the page's
    /// keys and its model's (serve's memo compares them to reuse a page's bytes).
    func values(url: String, title: String, description: String = "", model: some TemplateModel) -> [TemplateValue] {
        [page(url: url, title: title, description: description), model.templateValue]
    }

    /// Renders `template` with ``shared`` under `values`.
    func render(_ template: String, values: [TemplateValue]) throws -> [UInt8] {
        try theme.render(template, [shared] + values, strict: strict)
    }

    /// The keys of the page at `url` every template may use.
    func page(url: String, title: String, description: String = "") -> TemplateValue {
        // The menus the default theme shows are there (empty) even when site.yml has none.
        var menus: [String: TemplateValue] = ["main": .list([]), "footer": .list([])]
        for (name, items) in config.menus {
            menus[name] = .list(
                items.map { item in
                    let active = item.url == "/" ? url == "/" : url.hasPrefix(item.url)
                    return .object(["name": .text(item.name), "url": .text(link(item.url)), "active": .bool(active)])
                })
        }
        return .object([
            "menus": .object(menus),
            "title": .text(title),
            "page_title": .text(title == config.title ? title : "\(title) · \(config.title)"),
            "description": .text(description.isEmpty ? config.description : description),
            "url": .text(link(url)),
            "canonical": .text(absolute(url)),
            "is_home": .bool(url == "/"),
        ])
    }
}
