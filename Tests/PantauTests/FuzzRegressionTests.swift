import Foundation
import Testing

@testable import Pantau

/// Inputs `scripts/fuzz` found that crashed or hung a parser, kept so they never come back
/// (Tests/PantauTests/Fixtures/fuzz/, named after what they do).
@Suite struct FuzzRegressionTests {
    static let folder = TestSupport.fixtures.appendingPathComponent("fuzz")

    /// A workbook whose sheet's deflate stream never ends: ZIPFoundation read on past the part for ever and
    /// `pantau import` hung. Now it is a damaged workbook, said so at once.
    @Test(.timeLimit(.minutes(1)))
    func aWorkbookWhoseDeflateStreamNeverEndsIsDamagedNotAHang() throws {
        let url = Self.folder.appendingPathComponent("xlsx-deflate-never-ends.xlsx")
        do {
            let reader = try ExportReader.open(url, displayPath: "pegawai.xlsx", options: ImportOptions())
            while try reader.next() {}
            Issue.record("the damaged workbook was read")
        } catch let error as PantauError {
            #expect(error.file == "pegawai.xlsx")
            #expect(error.message.contains("damaged or cut short"), "\(error)")
        }
    }

    /// The same workbook cut at every 97th byte: each is read or refused with a message, never a hang or a crash.
    @Test(.timeLimit(.minutes(1)))
    func workbooksCutShortAreRefusedWithAMessage() throws {
        let whole = try Data(contentsOf: TestSupport.repoRoot.appendingPathComponent("Fuzz/corpus/xlsx/small-workbook.xlsx"))
        let folder = TestSupport.temporaryDirectory()
        for cut in stride(from: 1, to: whole.count, by: 97) {
            let url = folder.appendingPathComponent("cut-\(cut).xlsx")
            try whole.prefix(cut).write(to: url)
            do {
                let reader = try ExportReader.open(url, displayPath: "cut.xlsx", options: ImportOptions())
                while try reader.next() {}
            } catch let error as PantauError {
                #expect(error.file == "cut.xlsx" && !error.message.isEmpty)
            }
        }
    }

    /// The intact workbook still reads: header, a shared string in two runs, a date cell and a row with a gap.
    @Test func theSeedWorkbookReads() throws {
        let url = TestSupport.repoRoot.appendingPathComponent("Fuzz/corpus/xlsx/small-workbook.xlsx")
        let reader = try ExportReader.open(url, displayPath: "seed.xlsx", options: ImportOptions())
        var rows: [[String]] = []
        while try reader.next() { rows.append(reader.fields) }
        #expect(rows.first == ["NIP", "Nama", "Tanggal"])
        #expect(rows.count == 3)
        #expect(rows[1].prefix(2) == ["198609262015051001", "Budi Santoso"])
    }
}

/// Markdown inputs the fuzzer found.
@Suite struct MarkdownFuzzRegressionTests {
    static func sized(_ url: String) -> ImageSize? { ImageSize(width: 3, height: 2) }

    /// An image inside another image's alt text, both with a known size: the outer one was freed with the inner
    /// one inside it, and the inner one was then read (a use after free, and on this page an endless loop).
    @Test(.timeLimit(.minutes(1)))
    func anImageInsideAnImagesAltText() throws {
        let html = Markdown.render("![a ![b](x.png) c](y.png)", imageSize: Self.sized).html
        #expect(html == "<p><img src=\"y.png\" alt=\"a b c\" width=\"3\" height=\"2\" loading=\"lazy\" /></p>\n")
        // The page the fuzzer found, rendered as `scripts/fuzz markdown` does (its first byte picks raw HTML on).
        let bytes = try Data(contentsOf: FuzzRegressionTests.folder.appendingPathComponent("markdown-image-in-image-alt.bin"))
        let page = String(decoding: bytes.dropFirst(), as: UTF8.self)
        #expect(Markdown.render(Substring(page), unsafeHTML: true, smartPunctuation: false, imageSize: Self.sized).html.contains("<img "))
    }
}
