import Foundation

/// The encrypted `/unit/<slug>/daftar/` pages: a passphrase form and the sealed list in a JSON block that
/// `daftar.js` opens in the browser. Nothing personal is in the page in the clear.
struct RosterPageRenderer: Sendable {
    let context: RenderContext

    /// The page URL of a unit's roster.
    static func url(slug: String) -> String { "/unit/\(slug)/daftar/" }

    func render(salt: String, rosters: [SealedRoster], iterations: Int) throws -> [OutputFile] {
        let t = context.theme
        var strings: [String: String] = [:]
        for (key, value) in t.strings where key.hasPrefix("daftar_js_") { strings[String(key.dropFirst("daftar_js_".count))] = value }
        return try rosters.map { roster in
            let config = PageConfig(
                iterations: iterations, salt: salt, unit: roster.code, id: roster.id, blob: roster.blob,
                file: "daftar-\(roster.slug).csv", strings: strings)
            let json = try CekRenderer.json(config)
            let url = Self.url(slug: roster.slug)
            let title = t.t("daftar_title") + ": " + roster.name
            let model = RosterPageModel(
                configJSON: json.replacingOccurrences(of: "<", with: "\\u003c"), unitName: roster.name,
                unitURL: context.link("/unit/\(roster.slug)/"))
            let bytes = try context.render("daftar", url: url, title: title, description: t.t("daftar_description"), model: model)
            return OutputFile(path: OutputFile.path(forURL: url), bytes: Data(bytes))
        }
    }

    /// What `daftar.js` reads from the page's JSON block.
    struct PageConfig: Encodable {
        var version = RosterSeal.formatVersion
        var iterations: Int
        var salt: String
        var unit: String
        var id: String
        var blob: String
        var file: String
        var strings: [String: String]
    }
}
