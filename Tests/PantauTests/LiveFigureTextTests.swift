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
            dashboard: MetricsFixture.dashboard(), formatter: Formatter(language: "id", timeZone: .gmt), noData: "belum ada data")
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
            dashboard: MetricsFixture.dashboard(), formatter: Formatter(language: "id", timeZone: .gmt), noData: "belum ada data")
        let page = Page(
            source: try ContentLoader.page(relativePath: "a.md", file: "Content/a.md", text: "x\n"), html: "", headings: [],
            plainText: "", internalLinks: [])
        let text = "a {{pantau pegawai}} b {{pantau pegawai}} c {{pantau peg"
        // Offsets 23..<41 are the second placeholder, in code.
        #expect(try figures.expand(text: text, code: [23..<41], in: page) == "a 125 b {{pantau pegawai}} c ")
        #expect(throws: PantauError.self) { try figures.expand(text: "{{pantau apa}}", in: page) }
    }
}
