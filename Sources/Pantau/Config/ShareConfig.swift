import Foundation

/// The `share:` section of `site.yml`: how a page looks when shared (the Open Graph image) and when the
/// site is added to a phone's home screen (the web app manifest's short name and theme colour).
struct ShareConfig: Sendable {
    /// The default share image, shipped in the default theme's `static/` folder.
    static let defaultImage = "img/bagikan.png"

    /// `image`: a file in the theme's `static/` folder (`img/bagikan.png`), each page's `og:image`.
    var image = ShareConfig.defaultImage
    /// Where `image` was written in site.yml (line, column), for the error when the theme lacks it.
    var imageLocation: (line: Int, column: Int)?
    /// `short_name`: the name under the home-screen icon; nil = from the site title.
    var shortName: String?
    /// `theme_color`: `#rrggbb` for the browser's bar and the manifest.
    var themeColor = "#0b5cad"

    static func parse(_ map: inout YAMLMap) throws -> ShareConfig {
        var config = ShareConfig()
        if let image = try map.string("image") {
            let node = map.node("image")
            guard !image.isEmpty, !image.hasPrefix("/"), !image.split(separator: "/").contains(".."), !image.contains("://") else {
                throw map.error(
                    at: node, "`image` should be a file in the theme's static/ folder like img/bagikan.png, found \"\(image)\"")
            }
            config.image = image
            config.imageLocation = node?.mark.map { ($0.line + map.lineOffset, $0.column) }
        }
        if let name = try map.string("short_name") {
            guard !name.isEmpty, name.count <= 30 else {
                throw map.error(
                    at: map.node("short_name"), "`short_name` should be a short name (12 characters fit under an icon), found \"\(name)\"")
            }
            config.shortName = name
        }
        if let color = try map.string("theme_color") {
            guard color.count == 7, color.first == "#", color.dropFirst().allSatisfy(\.isHexDigit) else {
                throw map.error(at: map.node("theme_color"), "`theme_color` should be a colour like \"#0b5cad\", found \"\(color)\"")
            }
            config.themeColor = color.lowercased()
        }
        try map.finish(known: "`image`, `short_name`, `theme_color`")
        return config
    }

    /// The name under the home-screen icon: `short_name`, else the title's first words that fit in 12
    /// characters (`PDM ASN Kota Bontang` → `PDM ASN Kota`), else its first 12 characters.
    func shortName(title: String) -> String {
        if let shortName { return shortName }
        guard title.count > 12 else { return title }
        var name = ""
        for word in title.split(separator: " ") {
            let longer = name.isEmpty ? String(word) : name + " " + word
            guard longer.count <= 12 else { break }
            name = longer
        }
        return name.isEmpty ? String(title.prefix(12)) : name
    }
}
