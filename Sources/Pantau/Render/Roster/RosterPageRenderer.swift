import Foundation

/// The encrypted `/unit/<slug>/daftar/` pages: a passphrase form and the sealed list in a JSON block that
/// `daftar.js` opens in the browser. Nothing personal is in the page in the clear.
public struct RosterPageRenderer: Sendable {
    public let context: RenderContext

    public init(context: RenderContext) { self.context = context }

    /// The page URL of a unit's roster.
    public static func url(slug: String) -> String { "/unit/\(slug)/daftar/" }

    public func render(salt: String, rosters: [SealedRoster], iterations: Int) throws -> [OutputFile] {
        let t = context.theme
        var strings: [String: String] = [:]
        for (key, value) in t.strings where key.hasPrefix("daftar_js_") { strings[String(key.dropFirst("daftar_js_".count))] = value }
        return try rosters.map { roster in
            let config: [String: Any] = [
                "version": RosterSeal.formatVersion, "iterations": iterations, "salt": salt, "unit": roster.code,
                "id": roster.id, "blob": roster.blob, "file": "daftar-\(roster.slug).csv", "strings": strings,
            ]
            let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys, .withoutEscapingSlashes])
            let json = String(decoding: data, as: UTF8.self)
            let url = Self.url(slug: roster.slug)
            let title = t.t("daftar_title") + ": " + roster.name
            let page = context.page(url: url, title: title, description: t.t("daftar_description"), extra: [
                "daftar": ["config_json": json.replacingOccurrences(of: "<", with: "\\u003c"), "unit_name": roster.name,
                           "unit_url": context.link("/unit/\(roster.slug)/")],
            ])
            return OutputFile(path: OutputFile.path(forURL: url), text: try t.render("daftar", page))
        }
    }
}
