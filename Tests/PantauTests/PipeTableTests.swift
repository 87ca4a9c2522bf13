import Foundation
import Testing

@testable import Pantau

/// GFM pipe tables match the reference implementation, cmark-gfm, byte for byte (its output is in
/// Fixtures/gfm-tables, written by Debian's `cmark-gfm -e table`; see the README there).
@Suite struct PipeTableTests {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/gfm-tables")
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
    }()

    @Test func everySpecExampleIsThere() {
        #expect(Self.cases.filter { $0.hasPrefix("spec-") }.count == 8)
    }

    @Test(arguments: cases)
    func matchesCmarkGFM(name: String) throws {
        let markdown = try String(contentsOf: Self.folder.appendingPathComponent(name + ".md"), encoding: .utf8)
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(name + ".html"), encoding: .utf8)
        let result = Markdown.render(Substring(markdown), smartPunctuation: name.hasPrefix("smart-"))
        #expect(result.html == expected)
    }

    @Test func linksInCellsAreLocatedRewrittenAndChecked() {
        let source = "Teks\n\n| Berkas | Di mana |\n|---|---|\n| SK | lihat [unggah](unggah.md) |\n"
        let result = Markdown.render(Substring(source), firstLine: 3) { link in link.url == "unggah.md" ? "/unggah/" : nil }
        #expect(result.links == [MarkdownLink(url: "unggah.md", line: 7, column: 14)])
        #expect(result.html.contains("<td>lihat <a href=\"/unggah/\">unggah</a></td>"))
        #expect(result.plainText == "Teks\nBerkas Di mana SK lihat unggah \n")
    }

    /// Pages over a megabyte render with malloc instead of the arena; the HTML must be the same.
    @Test func largePagesRenderLikeSmallOnes() {
        let filler = String(repeating: "isian ", count: 60)
        let chunks = (1...3_000).map {
            "## Bagian \($0)\n\nTeks *\($0)* \"kutip\" \(filler).\n\n| a | b |\n|:-|-:|\n| [x](y\($0)) | **\($0)** |\n\n"
        }
        let whole = chunks.joined()
        #expect(whole.utf8.count > Markdown.arenaLimit)
        let expected = chunks.map { Markdown.render(Substring($0)).html }.joined()
        let result = Markdown.render(Substring(whole))
        #expect(result.html == expected)
        #expect(result.headings.count == 3_000)
        #expect(result.links.last == MarkdownLink(url: "y3000", line: 3_000 * 8 - 1, column: 3))
    }

    /// A large page's tree is freed block by block as its HTML is written, and its cells are parsed in
    /// batches; the same text rendered as a small page (one piece, one parse) is the oracle.
    @Test(arguments: cases + ["guidance", "mixed"])
    func largePageRenderingMatchesTheSmallPagePath(name: String) throws {
        let markdown: String
        switch name {
        case "guidance":
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let folder = root.appendingPathComponent("Content")
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }
            markdown = try (files ?? []).sorted().map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
                .joined(separator: "\n\n")
        case "mixed":
            // Lists, quotes, code, raw HTML, a heading run into a table, a table that ends in a paragraph.
            markdown = (1...400).map {
                "# Judul \($0)\n> | q | r |\n> |---|---|\n> | \($0) | `k|` |\n\n- butir\n\n  | x |\n  |:-:|\n  | [t](u\($0).md) |\n"
                    + "Teks\n| a |\n| - |\n| b |\nakhir\n\n```\n| bukan | tabel |\n|---|---|\n```\n\n<div>x</div>\n\n---\n"
            }.joined()
        default:
            markdown = try String(contentsOf: Self.folder.appendingPathComponent(name + ".md"), encoding: .utf8)
        }
        let small = Markdown.render(Substring(markdown), largePage: false)
        let large = Markdown.render(Substring(markdown), largePage: true)
        #expect(large.html == small.html)
        #expect(large.headings == small.headings)
        #expect(large.links == small.links)
        #expect(large.plainText == small.plainText)
        #expect(!small.html.isEmpty)
    }

    @Test func unsafeModeKeepsRawHTMLInCells() {
        let result = Markdown.render("| a |\n|---|\n| <b>x</b> |\n", unsafeHTML: true)
        #expect(result.html.contains("<td><b>x</b></td>"))
    }

    @Test func theGuidancePagesTablesRender() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let content = root.appendingPathComponent("Content")
        let files = FileManager.default.enumerator(atPath: content.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") } ?? []
        var tables = 0
        for file in files {
            let text = try String(contentsOf: content.appendingPathComponent(file), encoding: .utf8)
            let html = Markdown.render(Substring(text)).html
            tables += html.components(separatedBy: "<table>").count - 1
            #expect(!html.contains("|—|"), "\(file) has a table left as a paragraph")
        }
        #expect(tables >= 1)
    }

    @Test(arguments: [
        ("| a | b |", ["a", "b"]), ("a|b", ["a", "b"]), ("|a|", ["a"]), ("|", []), ("| |", [""]),
        ("f\\|oo | `\\|`", ["f|oo", "`|`"]), ("\\\\| x", ["\\\\", "x"]), ("  a  |  ", ["a"]),
    ])
    func splitsRows(line: String, cells: [String]) {
        let bytes = Array(line.utf8)
        #expect(PipeTableRow(bytes, 0..<bytes.count).cells.map { String(decoding: $0.text, as: UTF8.self) } == cells)
    }

    @Test(arguments: [("| --- | :-- | --: | :-: |", true), ("|---|", true), (":-", true), ("| - | x |", false), ("| |", false)])
    func recognisesDelimiterRows(line: String, isDelimiter: Bool) {
        let bytes = Array(line.utf8)
        #expect((PipeTableRow(bytes, 0..<bytes.count).alignments != nil) == isDelimiter)
    }
}
