import Foundation
import Testing

@testable import Pantau

/// Files beside pages under Content/: published where they are, link-checked, images sized.
@Suite struct PageResourceTests {
    /// A PNG header of the given size (signature, IHDR length and type, width, height).
    static func png(width: UInt32, height: UInt32, padding: Int = 0) -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        return Data(bytes + [8, 6, 0, 0, 0] + [UInt8](repeating: 0, count: padding))
    }

    @Test func readsImageSizesFromHeaders() {
        #expect(ImageSize(of: Self.png(width: 640, height: 1136), name: "a.png") == ImageSize(width: 640, height: 1136))
        #expect(ImageSize(of: Data("GIF89a".utf8 + [0x2C, 0x01, 0x64, 0x00, 0, 0]), name: "a.gif") == ImageSize(width: 300, height: 100))
        // JPEG: SOI, an APP0 segment to skip, then SOF0 (length 17, precision 8, height 480, width 720).
        let jpeg: [UInt8] = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0xD0, 0x03, 0, 0, 0, 0,
        ]
        #expect(ImageSize(of: Data(jpeg), name: "a.jpg") == ImageSize(width: 720, height: 480))
        // WebP VP8X: canvas 1024 x 768 stored minus one, 24 bits little-endian.
        let webp =
            Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0, 0xFF, 0x02, 0, 0, 0]
        #expect(ImageSize(of: Data(webp), name: "a.webp") == ImageSize(width: 1024, height: 768))
        #expect(
            ImageSize(of: Data("<?xml?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"48px\" height='32'>".utf8), name: "i.svg")
                == ImageSize(width: 48, height: 32))
        #expect(ImageSize(of: Data("<svg viewBox=\"0 0 120 60.4\">".utf8), name: "i.svg") == ImageSize(width: 120, height: 60))
        #expect(ImageSize(of: Data("%PDF-1.4".utf8), name: "f.pdf") == nil)
        #expect(ImageSize(of: Data([0xFF, 0xD8, 0xFF]), name: "broken.jpg") == nil)
    }

    @Test(arguments: [
        ("gambar/layar.png", "panduan/a.md", "panduan/gambar/layar.png", ""), ("../f%20b.pdf?v=2#p3", "panduan/a.md", "f b.pdf", "?v=2#p3"),
    ])
    func resolvesFilesBesidePages(url: String, page: String, path: String, suffix: String) {
        #expect(LinkResolver.resolveResource(url, from: page) == .init(path: path, suffix: suffix))
    }

    @Test(arguments: [
        "https://x.id/a.png", "HTTPS://X.ID/a.png", "mailto:a@b.id", "sms:+628123", "whatsapp://send", "/img/a.png", "#a", "../kontak/",
        "a.md",
    ])
    func leavesOtherLinksToTheOutputCheck(url: String) {
        #expect(LinkResolver.resolveResource(url, from: "panduan/a.md") == nil)
    }

    @Test func percentEncodedPageNamesResolve() {
        #expect(
            LinkResolver.resolve("lupa%20password.md#x", from: "bantuan/a.md") == .init(path: "bantuan/lupa password.md", fragment: "x"))
        #expect(LinkResolver.resolve("jadwal-%C3%BC.md", from: "a.md") == .init(path: "jadwal-ü.md", fragment: nil))
    }

    @Test func imagesBesideAPageArePublishedSizedAndChecked() async throws {
        let site = try TestSupport.makeSite("basic")
        let folder = site.appendingPathComponent("Content/bantuan/gambar")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.png(width: 640, height: 360).write(to: folder.appendingPathComponent("layar-login.png"))
        try Self.png(width: 10, height: 10, padding: 300 * 1024).write(to: folder.appendingPathComponent("besar.png"))
        try Data("%PDF-1.4\n".utf8).write(to: site.appendingPathComponent("Content/bantuan/formulir.pdf"))
        let page = site.appendingPathComponent("Content/bantuan/gambar-uji.md")
        let markdown =
            "---\ntitle: Uji gambar\n---\nLihat layar:\n\n![Layar *login*](gambar/layar-login.png \"Judul\")\n\n"
            + "[Formulir](formulir.pdf) ![b](gambar/besar.png)\n"
        try markdown.write(to: page, atomically: true, encoding: .utf8)
        let report = try await TestSupport.build(site)
        let out = site.appendingPathComponent("Output")
        #expect(
            FileManager.default.contents(atPath: out.appendingPathComponent("bantuan/gambar/layar-login.png").path)
                == Self.png(width: 640, height: 360))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("bantuan/formulir.pdf").path))
        let html = TestSupport.read(out.appendingPathComponent("bantuan/gambar-uji/index.html"))
        #expect(
            html.contains(
                "<img src=\"/bantuan/gambar/layar-login.png\" alt=\"Layar login\" title=\"Judul\" width=\"640\" height=\"360\" "
                    + "loading=\"lazy\" />"
            ))
        #expect(html.contains("<a href=\"/bantuan/formulir.pdf\">Formulir</a>"))
        #expect(report.notes.contains { $0.contains("Content/bantuan/gambar/besar.png is 300 KB, over the 200 KB image budget") })
        #expect(!report.notes.contains { $0.contains("no page links to it") })

        try "---\ntitle: Uji gambar\n---\nLihat layar:\n\n![Layar](gambar/hilang.png)\n".write(to: page, atomically: true, encoding: .utf8)
        await #expect(
            throws: PantauError(
                file: "Content/bantuan/gambar-uji.md", line: 6, column: 1, step: .content,
                "links to gambar/hilang.png, but there is no file Content/bantuan/gambar/hilang.png; put the file there, beside the page, "
                    + "or fix the path"
            )
        ) {
            try await TestSupport.build(site)
        }
        try "---\ntitle: Uji gambar\n---\nTanpa gambar.\n".write(to: page, atomically: true, encoding: .utf8)
        try Data("nip,nama\n".utf8).write(to: site.appendingPathComponent("Content/bantuan/ekspor.csv"))
        let unlinked = try await TestSupport.build(site)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("bantuan/ekspor.csv").path))
        #expect(unlinked.notes.contains { $0.hasPrefix("Warning: Content/bantuan/ekspor.csv is not published: only images and PDFs") })
        #expect(
            unlinked.notes.contains(
                "Warning: Content/bantuan/formulir.pdf is published but no page links to it; link it from a page or remove it"))
    }
}
