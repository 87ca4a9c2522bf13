import Foundation
import Testing

@testable import Pantau

/// Shared links (Open Graph and Twitter meta, the WhatsApp share link), the favicon and the web app
/// manifest, built by the `pantau` binary as a user would.
@Suite struct ShareTests {
    /// Builds the basic fixture with `base_url` and any extra site.yml lines; returns the exit status, output and site.
    static func build(baseURL: String, extra: String = "", page: String? = nil) throws -> (status: Int32, output: String, site: URL) {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        var text = TestSupport.read(yml).replacingOccurrences(of: "base_url: https://uji.example.go.id/", with: "base_url: \(baseURL)")
        text += extra
        try text.write(to: yml, atomically: true, encoding: .utf8)
        if let page {
            try page.write(to: site.appendingPathComponent("Content/bantuan/bagikan.md"), atomically: true, encoding: .utf8)
        }
        let result = try TestSupport.run(["build", "--site", site.path])
        return (result.status, result.output, site)
    }

    @Test func everyPageCarriesOpenGraphWithAbsoluteURLsUnderTheSubPath() throws {
        let page = """
            ---
            title: Cara "aman" & cepat
            ---
            Pertama, buka menu Profil > Data di aplikasi "resmi" & masuk dengan NIP.

            ## Langkah berikutnya

            Isi data.
            """
        let built = try Self.build(baseURL: "https://bkpsdm.contoh.go.id/pdm/", page: page)
        #expect(built.status == 0, "\(built.output)")
        let out = built.site.appendingPathComponent("Output")
        let html = TestSupport.read(out.appendingPathComponent("bantuan/bagikan/index.html"))
        #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(html.contains("<meta property=\"og:site_name\" content=\"Situs Uji\">"))
        #expect(html.contains("<meta property=\"og:title\" content=\"Cara &quot;aman&quot; &amp; cepat\">"))
        // No description in the front matter: the start of the text, escaped, headings left out; smart quotes from Markdown.
        #expect(
            html.contains(
                "<meta property=\"og:description\" content=\"Pertama, buka menu Profil &gt; Data di aplikasi “resmi” &amp; masuk dengan NIP. Isi data.\">"
            ))
        #expect(html.contains("<meta property=\"og:locale\" content=\"id_ID\">"))
        #expect(html.contains("<meta property=\"og:url\" content=\"https://bkpsdm.contoh.go.id/pdm/bantuan/bagikan/\">"))
        #expect(html.contains("<meta property=\"og:image\" content=\"https://bkpsdm.contoh.go.id/pdm/img/bagikan.png\">"))
        #expect(html.contains("<meta property=\"og:image:width\" content=\"1200\">"))
        #expect(html.contains("<meta property=\"og:image:height\" content=\"630\">"))
        #expect(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        // The WhatsApp share link: title, a line break and the address, percent-encoded.
        #expect(
            html.contains(
                "<a href=\"https://wa.me/?text=Cara%20%22aman%22%20%26%20cepat%0Ahttps%3A%2F%2Fbkpsdm.contoh.go.id%2Fpdm%2Fbantuan%2Fbagikan%2F\""
            ))
        #expect(html.contains(">Bagikan ke WhatsApp</a>"))
        // Favicon, touch icon and manifest are local files under the base path, and published.
        #expect(html.contains("<link rel=\"icon\" href=\"/pdm/favicon.svg\" type=\"image/svg+xml\">"))
        #expect(html.contains("<link rel=\"icon\" href=\"/pdm/img/ikon-192.png\" type=\"image/png\" sizes=\"192x192\">"))
        #expect(html.contains("<link rel=\"manifest\" href=\"/pdm/manifest.webmanifest\">"))
        for file in ["favicon.svg", "img/ikon-192.png", "img/ikon-512.png", "img/bagikan.png", "manifest.webmanifest"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
        }
        // A dashboard is a website, not an article, and has no share link; a listing neither.
        let dashboard = TestSupport.read(out.appendingPathComponent("aktivasi/index.html"))
        #expect(dashboard.contains("<meta property=\"og:type\" content=\"website\">"))
        #expect(dashboard.contains("<meta property=\"og:url\" content=\"https://bkpsdm.contoh.go.id/pdm/aktivasi/\">"))
        #expect(!dashboard.contains("wa.me/?text"))
        #expect(!TestSupport.read(out.appendingPathComponent("bantuan/index.html")).contains("wa.me/?text"))
    }

    @Test func manifestStartsAndStaysUnderTheSubPath() throws {
        let built = try Self.build(baseURL: "https://bkpsdm.contoh.go.id/pdm/")
        #expect(built.status == 0, "\(built.output)")
        let data = try Data(contentsOf: built.site.appendingPathComponent("Output/manifest.webmanifest"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["name"] as? String == "Situs Uji")
        #expect(manifest["short_name"] as? String == "Situs Uji")
        #expect(manifest["start_url"] as? String == "/pdm/")
        #expect(manifest["scope"] as? String == "/pdm/")
        #expect(manifest["theme_color"] as? String == "#0b5cad")
        let icons = try #require(manifest["icons"] as? [[String: String]])
        #expect(icons.map { $0["src"] } == ["/pdm/favicon.svg", "/pdm/img/ikon-192.png", "/pdm/img/ikon-512.png"])
        #expect(icons.map { $0["sizes"] } == ["any", "192x192", "512x512"])
    }

    @Test func englishLocaleAndConfiguredShareSettings() throws {
        let built = try Self.build(
            baseURL: "https://uji.example.go.id/", extra: "language: en\nshare:\n  short_name: Uji PDM\n  theme_color: \"#AA3300\"\n")
        #expect(built.status == 0, "\(built.output)")
        let out = built.site.appendingPathComponent("Output")
        let html = TestSupport.read(out.appendingPathComponent("bantuan/lupa-password/index.html"))
        #expect(html.contains("<meta property=\"og:locale\" content=\"en_US\">"))
        #expect(html.contains("<meta name=\"theme-color\" content=\"#aa3300\">"))
        #expect(html.contains(">Share on WhatsApp</a>"))
        let manifest = TestSupport.read(out.appendingPathComponent("manifest.webmanifest"))
        #expect(manifest.contains("\"short_name\": \"Uji PDM\""))
    }

    @Test func aMissingShareImageIsAConfigErrorAtItsLine() throws {
        let built = try Self.build(baseURL: "https://uji.example.go.id/", extra: "share:\n  image: img/tidak-ada.png\n")
        #expect(built.status == 1)
        // site.yml of the fixture has 15 lines; `share:` is line 16, `image:` line 17.
        #expect(
            built.output.contains(
                "site.yml:17:10: `share.image` is img/tidak-ada.png, but there is no Themes/default/static/img/tidak-ada.png; "
                    + "put the image there, or remove `image` to use the theme's img/bagikan.png"), "\(built.output)")
        #expect(!FileManager.default.fileExists(atPath: built.site.appendingPathComponent("Output").path))
    }

    @Test func aShareImageThatIsNotAnImageIsRefused() throws {
        let built = try Self.build(baseURL: "https://uji.example.go.id/", extra: "share:\n  image: css/style.css\n")
        #expect(built.status == 1)
        #expect(
            built.output.contains("site.yml:17:10: `share.image` css/style.css is not a PNG, JPEG, GIF or WebP image"), "\(built.output)")
    }

    @Test func withoutAHostThereAreNoAbsoluteShareURLs() throws {
        let built = try Self.build(baseURL: "/")
        #expect(built.status == 0, "\(built.output)")
        let html = TestSupport.read(built.site.appendingPathComponent("Output/bantuan/lupa-password/index.html"))
        #expect(html.contains("<meta property=\"og:title\" content=\"Lupa password\">"))
        #expect(!html.contains("og:url"))
        #expect(!html.contains("og:image"))
        #expect(!html.contains("wa.me/?text"))
    }

    @Test func aLongTextIsCutAtAWordForTheDescription() {
        let text = Array(repeating: "kata", count: 40).joined(separator: " ")
        // 160 characters hold 32 words of "kata " (5 each): the cut falls after the 32nd word.
        #expect(ContentPagesRenderer.excerpt(text) == Array(repeating: "kata", count: 32).joined(separator: " ") + "…")
        #expect(ContentPagesRenderer.excerpt("Pendek saja.") == "Pendek saja.")
    }

    @Test func shortNameFitsUnderAnIcon() {
        let share = ShareConfig()
        #expect(share.shortName(title: "PDM ASN Kota Bontang") == "PDM ASN Kota")
        #expect(share.shortName(title: "Situs Uji") == "Situs Uji")
        #expect(share.shortName(title: "Pemutakhiran Data") == "Pemutakhiran")
        #expect(share.shortName(title: "Kepegawaiandaerah") == "Kepegawaiand")
    }

    @Test func badShareSettingsAreErrorsAtTheirLine() {
        #expect(
            throws: PantauError(
                file: "site.yml", line: 3, column: 16, step: .config, "`theme_color` should be a colour like \"#0b5cad\", found \"biru\"")
        ) {
            try SiteConfig.parse("title: A\nshare:\n  theme_color: biru\n")
        }
        #expect(throws: PantauError.self) { try SiteConfig.parse("title: A\nshare:\n  image: https://x.go.id/a.png\n") }
        #expect(throws: PantauError.self) { try SiteConfig.parse("title: A\nshare:\n  gambar: a.png\n") }
    }
}
