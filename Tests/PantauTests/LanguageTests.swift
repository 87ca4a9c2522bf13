import Foundation
import Testing

@testable import Pantau

/// `language: en`: the interface in English, the Indonesian pages marked `lang="id"`, and menus and
/// category labels given per language in site.yml.
@Suite struct LanguageTests {
    static let menus = """
        menus:
          main:
            - {name: {id: Beranda, en: Home}, url: /, weight: 1}
            - name:
                id: Bantuan
                en: Help
              url: /bantuan/
              weight: 2
            - {name: Kontak, url: /kontak/, weight: 3}

        """

    @Test func menuNamesAndCategoryLabelsPerLanguage() throws {
        let yaml = """
            title: Situs
            \(Self.menus)data:
              categories:
                - {key: rw_jabatan, label: {id: Riwayat jabatan, en: Position history}}
                - {key: rw_skp, label: Riwayat SKP}
            """
        let indonesian = try SiteConfig.parse(yaml)
        #expect(indonesian.menus["main"]?.map(\.name) == ["Beranda", "Bantuan", "Kontak"])
        #expect(indonesian.data.categories.map(\.label) == ["Riwayat jabatan", "Riwayat SKP"])
        let english = try SiteConfig.parse("language: en\n" + yaml)
        #expect(english.menus["main"]?.map(\.name) == ["Home", "Help", "Kontak"])
        #expect(english.data.categories.map(\.label) == ["Position history", "Riwayat SKP"])
    }

    @Test func theCampaignsCategoriesHaveEnglishLabelsUnderEnglish() throws {
        let config = try SiteConfig.parse("title: Situs\nlanguage: en\n")
        #expect(config.data.categories.count == 12)
        #expect(config.data.categories.first == .init(key: "data_personal", label: "Personal data"))
        #expect(config.data.categories.map(\.key) == DataConfig.campaignCategories.map(\.key))
        #expect(try SiteConfig.parse("title: Situs\n").data.categories.first?.label == "Data personal")
    }

    @Test func aMissingTranslationIsAnErrorAtItsLine() {
        let yaml = "title: Situs\nlanguage: en\nmenus:\n  main:\n    - {name: {id: Beranda}, url: /}\n"
        #expect(
            throws: PantauError(
                file: "site.yml", line: 5, column: 14, step: .config,
                "`name` has no `en` text, and the site's `language` is en; add `en: …` to it")
        ) { try SiteConfig.parse(yaml) }
        // A language Pantau has no interface for is a misspelling.
        #expect(
            throws: PantauError(file: "site.yml", line: 4, column: 43, step: .config, "unknown key `fr`; known keys here are `id`, `en`")
        ) {
            try SiteConfig.parse(
                "title: Situs\ndata:\n  categories:\n    - {key: a, label: {id: Satu, en: One, fr: Un}}\n")
        }
        #expect(throws: PantauError.self) { try SiteConfig.parse("title: Situs\ncontent_language: jv\n") }
    }

    static func build(extra: String) throws -> (status: Int32, output: String, out: URL) {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        var text = TestSupport.read(yml)
        // The fixture's own menus make way for the per-language ones.
        text =
            String(text[..<(text.range(of: "menus:")?.lowerBound ?? text.endIndex)])
            + String(text[(text.range(of: "privacy:")?.lowerBound ?? text.endIndex)...])
        try (text + extra).write(to: yml, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["build", "--site", site.path])
        return (result.status, result.output, site.appendingPathComponent("Output"))
    }

    @Test func anEnglishInterfaceMarksTheIndonesianPages() throws {
        let built = try Self.build(extra: "language: en\n" + Self.menus)
        #expect(built.status == 0, "\(built.output)")
        let page = TestSupport.read(built.out.appendingPathComponent("bantuan/lupa-password/index.html"))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        // Interface in English, the menu from its `en` names.
        #expect(page.contains("<a class=\"skip\" href=\"#isi\">Skip to content</a>"))
        #expect(page.contains("<li><a href=\"/\">Home</a></li>"))
        #expect(page.contains("<li><a href=\"/bantuan/\" aria-current=\"page\">Help</a></li>"))
        // The page's own text is Indonesian: title, body, table of contents, breadcrumbs.
        #expect(page.contains("<h1 lang=\"id\">Lupa password</h1>"))
        #expect(page.contains("<div lang=\"id\"><p>Intro dengan"))
        #expect(page.contains("<a href=\"#langkah-langkah\" lang=\"id\">Langkah-langkah</a>"))
        #expect(page.contains("<li><a href=\"/bantuan/\" lang=\"id\">Bantuan</a></li>"))
        #expect(page.contains("<h2 id=\"toc-title\">Contents</h2>"))
        #expect(page.contains(">Share on WhatsApp</a>"))
        // Search results are the pages' text too.
        #expect(page.contains("data-content-lang=\"id\""))
        // A section's listing.
        let section = TestSupport.read(built.out.appendingPathComponent("bantuan/index.html"))
        #expect(
            section.contains(
                "<a href=\"/bantuan/lupa-password/\" lang=\"id\">Lupa password</a><p lang=\"id\">Cara memakai fitur Lupa Password.</p>"))
        // The announcements' feed is their text: Indonesian.
        #expect(TestSupport.read(built.out.appendingPathComponent("pengumuman/index.xml")).contains("xml:lang=\"id\""))
        // A dashboard is interface only.
        let dashboard = TestSupport.read(built.out.appendingPathComponent("aktivasi/index.html"))
        #expect(dashboard.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!dashboard.contains(" lang=\"id\""))
    }

    @Test func translatedContentOrAnIndonesianSiteNeedsNoMarks() throws {
        for extra in ["language: en\ncontent_language: en\n", "language: id\n"] {
            let built = try Self.build(extra: extra + Self.menus)
            #expect(built.status == 0, "\(built.output)")
            let page = TestSupport.read(built.out.appendingPathComponent("bantuan/lupa-password/index.html"))
            #expect(!page.replacingOccurrences(of: "<html lang=\"id\">", with: "").contains(" lang=\"id\""), "\(extra)")
            #expect(!page.contains("data-content-lang"), "\(extra)")
            #expect(page.contains("<h1>Lupa password</h1>"))
        }
    }
}
