import Foundation
import Testing

@testable import Pantau

/// Live figures in headings: the table of contents and the search index show the value a reader sees in
/// the heading, never the raw `{{pantau …}}`; in code the syntax stays as written.
@Suite struct LiveFigureTextTests {
    static let markdown = """
        ---
        title: Progres
        toc: true
        ---
        ## Sudah {{pantau persen_aktivasi}} aktif

        Tercatat {{pantau pegawai}} pegawai per {{pantau data_per}}.

        ## Cara menulis `{{pantau pegawai}}`

        Contoh: `{{pantau pegawai}}` menjadi {{pantau pegawai}}.

            {{pantau sisa_hari}}
        """

    static func rendered() throws -> (html: String, index: String) {
        let source = try ContentLoader.page(relativePath: "progres-data.md", file: "Content/progres-data.md", text: Self.markdown)
        let content = try SiteContent(sources: [source], unsafeHTML: false)
        let theme = try Theme(themesDirectory: TestSupport.repoRoot.appendingPathComponent("Themes"), name: "default", language: "id")
        let context = RenderContext(config: SiteConfig(), theme: theme)
        let figures = LiveFigures(
            dashboard: MetricsFixture.dashboard(), formatter: DisplayFormatter(language: "id", timeZone: .gmt), noData: "belum ada data")
        let files = try ContentPagesRenderer(context: context, content: content, formatter: figures.formatter, figures: figures).render()
        let page = try #require(files.first { $0.path == "progres-data/index.html" })
        let index = try SearchIndex.file(content: content, context: context, figures: figures)
        return (String(decoding: page.bytes, as: UTF8.self), String(decoding: index.bytes, as: UTF8.self))
    }

    @Test func tableOfContentsShowsTheFiguresValue() throws {
        let html = try Self.rendered().html
        // The fixture's organisation: 44 of 125 activated (35,2%), data of 11 June 2021.
        #expect(html.contains("<a href=\"#sudah-pantau-persen-aktivasi-aktif\">Sudah 35,2% aktif</a>"))
        #expect(html.contains("<h2 id=\"sudah-pantau-persen-aktivasi-aktif\">Sudah 35,2% aktif</h2>"))
        // Inline code in a heading shows the syntax, in the heading and in the contents alike.
        #expect(html.contains(">Cara menulis {{pantau pegawai}}</a>"))
        #expect(!html.contains(">Sudah {{pantau"))
    }

    @Test func searchIndexHoldsTheValuesNotThePlaceholders() throws {
        let index = try Self.rendered().index
        #expect(index.contains("\"h\":\"Sudah 35,2% aktif | Cara menulis {{pantau pegawai}}\""))
        #expect(index.contains("Tercatat 125 pegawai per 11 Juni 2021."))
        #expect(index.contains("Contoh: {{pantau pegawai}} menjadi 125."))
        // A code block shows the syntax too.
        #expect(index.contains("{{pantau sisa_hari}}"))
        #expect(!index.contains("{{pantau persen_aktivasi}}"))
        #expect(!index.contains("{{pantau data_per}}"))
    }

    @Test func textExpansionKeepsCodeAndDropsACutOffPlaceholder() throws {
        let figures = LiveFigures(
            dashboard: MetricsFixture.dashboard(), formatter: DisplayFormatter(language: "id", timeZone: .gmt), noData: "belum ada data")
        let page = Page(
            source: try ContentLoader.page(relativePath: "a.md", file: "Content/a.md", text: "x\n"), html: "", headings: [],
            plainText: "", internalLinks: [])
        let text = "a {{pantau pegawai}} b {{pantau pegawai}} c {{pantau peg"
        // Offsets 23..<41 are the second placeholder, in code.
        #expect(try figures.expand(text: text, code: [23..<41], in: page) == "a 125 b {{pantau pegawai}} c ")
        #expect(throws: PantauError.self) { try figures.expand(text: "{{pantau apa}}", in: page) }
    }
}

/// Live figures in headings through the `pantau` binary, with a real import.
@Suite struct LiveFigureEndToEndTests {
    @Test func theBuiltTableOfContentsAndSearchIndexHoldTheImportedCount() throws {
        let site = try TestSupport.makeSite("basic")
        let sample = site.appendingPathComponent("sampel")
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml += "lookup:\n  enabled: false\n"
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        try "---\ntitle: Angka\ntoc: true\n---\n## Ada {{pantau pegawai}} pegawai\n\nTeks.\n\n## Cara `{{pantau pegawai}}`\n\nTeks.\n"
            .write(
                to: site.appendingPathComponent("Content/bantuan/angka.md"), atomically: true, encoding: .utf8)
        var imported: String?
        for args in [
            ["sample", "--out", sample.path, "--employees", "60", "--seed", "3", "--snapshots", "1"],
            ["import", "units", sample.appendingPathComponent("units.csv").path, "--site", site.path],
            ["import", "employees", sample.appendingPathComponent("pegawai-2021-07-26.csv").path, "--site", site.path],
            ["build", "--site", site.path],
        ] {
            let result = try TestSupport.run(args)
            #expect(result.status == 0, "\(args.first ?? ""): \(result.output)")
            if let match = result.output.firstMatch(of: /imported ([0-9]+), rejected/) { imported = String(match.output.1) }
        }
        // The count the import reported (under 1,000: no thousands separator).
        let count = try #require(imported)
        let out = site.appendingPathComponent("Output")
        let page = TestSupport.read(out.appendingPathComponent("bantuan/angka/index.html"))
        #expect(page.contains("<a href=\"#ada-pantau-pegawai-pegawai\">Ada \(count) pegawai</a>"))
        #expect(page.contains("<h2 id=\"ada-pantau-pegawai-pegawai\">Ada \(count) pegawai</h2>"))
        #expect(page.contains(">Cara {{pantau pegawai}}</a>"))
        let index = TestSupport.read(out.appendingPathComponent("search/index.json"))
        #expect(index.contains("\"h\":\"Ada \(count) pegawai | Cara {{pantau pegawai}}\""))
    }
}
