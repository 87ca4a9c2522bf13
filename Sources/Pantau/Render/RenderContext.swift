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
        let absoluteBase = Self.hasAbsoluteBase(config)
        // Shared links need absolute URLs: without a host in base_url there is no og:image (nor og:url).
        let image = absoluteBase ? theme.asset(config.share.image) : nil
        let imageSize = image.flatMap { ImageSize(of: $0.bytes, name: $0.path) }
        shared = .object([
            "lang": .text(config.language),
            "og_locale": .text(config.language == "en" ? "en_US" : "id_ID"),
            // Markdown pages keep their language inside another interface language (`lang="id"` in English).
            "content_lang": .optional(config.contentLanguage == config.language ? nil : config.contentLanguage),
            "site": .object([
                "title": .text(config.title),
                "manifest": .text(basePath + Self.manifestPath),
                "theme_color": .text(config.share.themeColor),
                "share_image": .optional(image.map { Self.absolute("/" + $0.path, baseURL: config.baseURL) }),
                "share_image_width": imageSize.map { .number($0.width) } ?? .hidden,
                "share_image_height": imageSize.map { .number($0.height) } ?? .hidden,
                // A wide image shows large in a shared link; a square one as a thumbnail.
                "twitter_card": .text(imageSize.map { $0.width > $0.height } == true ? "summary_large_image" : "summary"),
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

    /// Where the web app manifest is published, below the base path.
    static let manifestPath = "manifest.webmanifest"

    /// Whether `base_url` names a host, so that pages can have absolute URLs (share links, og:url).
    static func hasAbsoluteBase(_ config: SiteConfig) -> Bool {
        config.baseURL.hasPrefix("https://") || config.baseURL.hasPrefix("http://")
    }

    /// Fails when `share.image` is not a file of the theme's `static/` folder, or not an image, naming its
    /// line in site.yml.
    static func checkShareImage(config: SiteConfig, theme: Theme) throws {
        let share = config.share
        func fail(_ message: String) -> PantauError {
            PantauError(
                file: SiteConfig.fileName, line: share.imageLocation?.line, column: share.imageLocation?.column, step: .config, message)
        }
        guard let asset = theme.asset(share.image) else {
            throw fail(
                "`share.image` is \(share.image), but there is no Themes/\(config.theme)/static/\(share.image)"
                    + (config.theme == "default" ? "" : " nor Themes/default/static/\(share.image)")
                    + "; put the image there, or remove `image` to use the theme's \(ShareConfig.defaultImage)")
        }
        guard ImageSize(of: asset.bytes, name: asset.path) != nil else {
            throw fail("`share.image` \(share.image) is not a PNG, JPEG, GIF or WebP image; WhatsApp and others show only those")
        }
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
        Self.absolute(url, baseURL: config.baseURL)
    }

    static func absolute(_ url: String, baseURL: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if base.hasPrefix("http") { return base + url }
        return url
    }

    /// Renders `template` for the page at `url`: the shared keys, then the page's (menus with the
    /// active entry, title, canonical URL …), then `model`'s, innermost last.
    /// - Parameter article: a guidance page (`og:type` article, a WhatsApp share link), not a listing or dashboard.
    func render(
        _ template: String, url: String, title: String, description: String = "", article: Bool = false, model: some TemplateModel
    ) throws -> [UInt8] {
        try render(template, values: values(url: url, title: title, description: description, article: article, model: model))
    }

    /// What ``render(_:url:title:description:article:model:)`` gives `template` under the shared keys: the
    /// page's keys and its model's (serve's memo compares them to reuse a page's bytes).
    func values(url: String, title: String, description: String = "", article: Bool = false, model: some TemplateModel) -> [TemplateValue] {
        [page(url: url, title: title, description: description, article: article), model.templateValue]
    }

    /// Renders `template` with ``shared`` under `values`.
    func render(_ template: String, values: [TemplateValue]) throws -> [UInt8] {
        try theme.render(template, [shared] + values, strict: strict)
    }

    /// The keys of the page at `url` every template may use.
    func page(url: String, title: String, description: String = "", article: Bool = false) -> TemplateValue {
        // The menus the default theme shows are there (empty) even when site.yml has none.
        var menus: [String: TemplateValue] = ["main": .list([]), "footer": .list([])]
        for (name, items) in config.menus {
            menus[name] = .list(
                items.map { item in
                    let active = item.url == "/" ? url == "/" : url.hasPrefix(item.url)
                    return .object(["name": .text(item.name), "url": .text(link(item.url)), "active": .bool(active)])
                })
        }
        let description = description.isEmpty ? config.description : description
        return .object([
            "menus": .object(menus),
            "title": .text(title),
            "page_title": .text(title == config.title ? title : "\(title) · \(config.title)"),
            "description": .text(description),
            "og_description": .optional(description),
            "url": .text(link(url)),
            "canonical": .text(absolute(url)),
            "is_home": .bool(url == "/"),
            "og_type": .text(article ? "article" : "website"),
            "og_url": .optional(Self.hasAbsoluteBase(config) ? absolute(url) : nil),
            "share_whatsapp": .optional(
                article && Self.hasAbsoluteBase(config) ? Self.whatsappShare(title: title, url: absolute(url)) : nil),
        ])
    }

    /// `https://wa.me/?text=…`: WhatsApp opens with the page's title and address, to pick a chat or group.
    static func whatsappShare(title: String, url: String) -> String {
        "https://wa.me/?text=" + percentEncoded(title + "\n" + url)
    }

    /// Every byte but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
