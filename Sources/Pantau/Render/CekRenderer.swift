import Foundation

/// The `/cek/` page, `/cek/params.json` and the bucket files under `/cek/data/`.
///
/// The page carries a JSON block (not a script) with what `cek.js` needs to explain a record:
/// category labels, the guidance pages the site has, and the interface strings whose keys start
/// with `cek_js_` in the theme's translations.
struct CekRenderer: Sendable {
    /// The lookup page's URL.
    static let url = "/cek/"
    /// The lookup page's entry in the build's registry of generated pages.
    static let page = GeneratedPage(url: url, kind: .cek, lastModified: nil)

    /// Guidance pages a result points to, by what they help with. Only those the site has are used,
    /// so a site without one of them still passes the link check.
    static let guides: [(key: String, url: String)] = [
        ("activate", "/panduan/aktivasi-mysapk/"),
        ("forgot_password", "/bantuan/lupa-password/"),
        ("email", "/bantuan/email-tidak-aktif/"),
        ("update", "/panduan/langkah-update-data-mandiri/"),
        ("contact", "/kontak/"),
    ]

    let context: RenderContext
    let formatter: DisplayFormatter

    /// The page, and when the lookup is on, its parameters and every bucket.
    func render(_ lookup: CekLookup, categories: [DataConfig.DataCategory], asOf: CalendarDate?, pageURLs: Set<String>) throws
        -> [OutputFile]
    {
        let t = context.theme
        var cek = CekPageModel(enabled: lookup.table != nil)
        var links: [String: String] = [:]
        for guide in Self.guides where pageURLs.contains(guide.url) { links[guide.key] = context.link(guide.url) }
        cek.contactURL = links["contact"]
        cek.asOf = asOf.map(formatter.date)
        var files: [OutputFile] = []
        if let table = lookup.table {
            var strings: [String: String] = [:]
            for (key, value) in t.strings where key.hasPrefix("cek_js_") { strings[String(key.dropFirst("cek_js_".count))] = value }
            let pageConfig = PageConfig(
                params: context.link(Self.url + "params.json"),
                categories: Dictionary(categories.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a }),
                links: links, strings: strings,
                months: (t.strings["months"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            cek.configJSON = try Self.json(pageConfig).replacingOccurrences(of: "<", with: "\\u003c")
            files.append(try paramsFile(table))
            files += bucketFiles(table)
        } else {
            cek.offReason = t.t("cek_off_\(lookup.offReason?.rawValue ?? "disabled")")
        }
        let page = try context.render("cek", url: Self.url, title: t.t("cek_title"), description: t.t("cek_description"), model: cek)
        files.insert(OutputFile(path: OutputFile.path(forURL: Self.url), bytes: Data(page)), at: 0)
        return files
    }

    /// What the page's script reads from its `<script type="application/json">` block.
    struct PageConfig: Encodable {
        var params: String
        var categories: [String: String]
        var links: [String: String]
        var strings: [String: String]
        var months: [String]
    }

    /// What the browser needs to derive keys and find a bucket (`cek/params.json`).
    struct Params: Encodable {
        var version = LookupKeys.formatVersion
        var kdf = "PBKDF2-SHA256"
        var iterations: Int
        var salt: String
        var buckets: Int
        var idBytes = LookupKeys.idByteCount
        var data = "data/"

        enum CodingKeys: String, CodingKey {
            case version, kdf, iterations, salt, buckets, data
            case idBytes = "id_bytes"
        }
    }

    /// What the browser needs to derive keys and find a bucket.
    func paramsFile(_ table: LookupTable) throws -> OutputFile {
        let params = Params(iterations: table.iterations, salt: table.salt, buckets: table.buckets.count)
        return OutputFile(path: "cek/params.json", text: try Self.json(params) + "\n")
    }

    /// `cek/data/<n>.json` for every bucket, empty ones included, so a file's existence says nothing.
    func bucketFiles(_ table: LookupTable) -> [OutputFile] {
        table.buckets.enumerated().map { index, entries in
            // Ids are hex and blobs base64: nothing to escape.
            let lines = entries.map { "\"\($0.id)\":\"\($0.blob)\"" }
            let text = lines.isEmpty ? "{}\n" : "{\n" + lines.joined(separator: ",\n") + "\n}\n"
            return OutputFile(path: "cek/data/\(index).json", text: text)
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
