import Foundation
import Testing

@testable import Pantau

@Suite struct MarkdownTests {
    @Test func headingsGetStableUniqueIDs() {
        let result = Markdown.render("## Lupa Password?\n\ntext\n\n## Lupa password\n\n### Ganti *email* lama\n")
        #expect(result.headings.map(\.id) == ["lupa-password", "lupa-password-1", "ganti-email-lama"])
        #expect(result.headings.map(\.line) == [1, 5, 7])
        #expect(result.html.contains("<h2 id=\"lupa-password\">Lupa Password?</h2>"))
        #expect(result.html.contains("<h3 id=\"ganti-email-lama\">Ganti <em>email</em> lama</h3>"))
    }

    /// The heading-id splice used to look for a marker byte in the HTML, which a page could contain too.
    @Test(arguments: ["Teks &#1;Hhalo\n\n## Bagian dua\n", "Teks \u{1}Hhalo\u{1}\n\n## Bagian dua\n"])
    func controlCharactersCannotCorruptHeadings(source: String) {
        let result = Markdown.render(Substring(source))
        #expect(result.html.hasSuffix("<h2 id=\"bagian-dua\">Bagian dua</h2>\n"))
        #expect(result.html.hasPrefix("<p>Teks \u{1}Hhalo"))
    }

    @Test func headingIDsNeverRepeat() {
        let result = Markdown.render("# Foo\n## Foo\n## Foo 1\n## Foo\n## !!\n## ?\n")
        #expect(result.headings.map(\.id) == ["foo", "foo-1", "foo-1-1", "foo-2", "bagian", "bagian-1"])
        #expect(Set(result.headings.map(\.id)).count == result.headings.count)
    }

    @Test func smartPunctuationStaysOutOfLiveFigures() {
        let result = Markdown.render("\"Ya\" {{pantau pegawai unit=\"setda\" -- ...}} dan \"tidak\"\n\n{{pantau x\n\n\"b\"")
        #expect(result.html == "<p>“Ya” {{pantau pegawai unit=&quot;setda&quot; -- ...}} dan “tidak”</p>\n<p>{{pantau x</p>\n<p>“b”</p>\n")
    }

    @Test func smartPunctuationCanBeTurnedOff() {
        #expect(Markdown.render("\"a\" -- b...").html == "<p>“a” – b…</p>\n")
        #expect(Markdown.render("\"a\" -- b...", smartPunctuation: false).html == "<p>&quot;a&quot; -- b...</p>\n")
        #expect(Markdown.render("`\"a\" --`").html == "<p><code>&quot;a&quot; --</code></p>\n")
    }

    @Test(arguments: [
        ("Pemutakhiran Data — Mandiri!", "pemutakhiran-data-mandiri"), ("Ñamé  café", "name-cafe"), ("2021: Batas", "2021-batas"),
    ])
    func slugs(text: String, slug: String) {
        #expect(Markdown.slugify(text) == slug)
    }

    @Test func safeModeDropsRawHTMLAndJavascriptLinks() {
        let result = Markdown.render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>b</b>\n")
        #expect(!result.html.contains("<script>"))
        #expect(!result.html.contains("javascript:"))
        #expect(!result.html.contains("<b>"))
    }

    @Test func unsafeModeKeepsRawHTML() {
        let result = Markdown.render("<div class=\"x\">hi</div>\n", unsafeHTML: true)
        #expect(result.html.contains("<div class=\"x\">hi</div>"))
    }

    @Test func linksAreRewrittenAndLocated() {
        let result = Markdown.render("Teks\n\nLihat [a](lupa.md#x) dan [b](https://bkn.go.id).\n", firstLine: 5) { link in
            link.url == "lupa.md#x" ? "/bantuan/lupa/#x" : nil
        }
        #expect(result.links.map(\.url) == ["lupa.md#x", "https://bkn.go.id"])
        #expect(result.links.first?.line == 7)
        #expect(result.html.contains("href=\"/bantuan/lupa/#x\""))
        #expect(result.html.contains("href=\"https://bkn.go.id\""))
    }

    @Test func plainTextHasNoMarkup() {
        let result = Markdown.render("## Judul\n\nSatu **dua** [tiga](x.md).\n")
        #expect(result.plainText == "Judul\nSatu dua tiga.\n")
    }
}

@Suite struct LinkResolverTests {
    @Test(arguments: [
        ("lupa-password.md", "bantuan/aktivasi.md", "bantuan/lupa-password.md", nil as String?),
        ("../kontak.md#whatsapp", "bantuan/aktivasi.md", "kontak.md", "whatsapp"),
        ("./a/b.md", "x.md", "a/b.md", nil),
        ("/panduan/x.md", "bantuan/y.md", "panduan/x.md", nil),
        ("#langkah", "bantuan/y.md", "bantuan/y.md", "langkah"),
        // Going up past the content root stays at the root; empty and `.` segments are skipped.
        ("../../../kontak.md", "bantuan/a/b.md", "kontak.md", nil),
        ("../../x.md#", "k.md", "x.md", ""),
        ("a//./b/../c.md", "p/q.md", "p/a/c.md", nil),
        ("../bantuan/lupa-password.md#jika-email-tidak-aktif", "panduan/aktivasi.md", "bantuan/lupa-password.md", "jika-email-tidak-aktif"),
        ("sandi-ø.md#bagian-ü", "bantuan/a.md", "bantuan/sandi-ø.md", "bagian-ü"),
    ])
    func resolves(url: String, from: String, path: String, fragment: String?) {
        #expect(LinkResolver.resolve(url, from: from) == .init(path: path, fragment: fragment))
    }

    @Test(arguments: ["https://bkn.go.id/a.md", "mailto:a@b.c", "/aktivasi/", "gambar.png", "//cdn.example/x.md"])
    func leavesOtherLinksAlone(url: String) {
        #expect(LinkResolver.resolve(url, from: "a.md") == nil)
    }

    @Test func brokenLinksAndAnchorsFailWithLocations() throws {
        let sources = [
            try ContentLoader.page(
                relativePath: "a.md", file: "Content/a.md", text: "---\ntitle: A\n---\nIntro\n\n[x](b.md#nope) [y](hilang.md)\n"),
            try ContentLoader.page(relativePath: "b.md", file: "Content/b.md", text: "## Ada\n"),
        ]
        do {
            _ = try SiteContent(sources: sources, unsafeHTML: false)
            Issue.record("expected broken links to fail")
        } catch let error as PantauError {
            #expect(
                error.description
                    == "Content/a.md:6:16: links to hilang.md, but there is no page Content/hilang.md; fix the path or create the page")
        }
        let fixed = [sources[1], try ContentLoader.page(relativePath: "a.md", file: "Content/a.md", text: "[x](b.md#nope)\n")]
        do {
            _ = try SiteContent(sources: fixed, unsafeHTML: false)
            Issue.record("expected a missing anchor to fail")
        } catch let error as PantauError {
            #expect(
                error.description == "Content/a.md:1:1: links to #nope in Content/b.md, which has no such heading (headings there: ada)")
        }
    }

    @Test func duplicateURLsFail() throws {
        let sources = [
            try ContentLoader.page(relativePath: "a.md", file: "Content/a.md", text: "---\nslug: b\n---\n"),
            try ContentLoader.page(relativePath: "b.md", file: "Content/b.md", text: "x"),
        ]
        #expect(
            throws: PantauError(
                file: "Content/b.md", line: 1, step: .content, "has the same URL /b/ as Content/a.md; give one of them another `slug`")
        ) {
            try SiteContent(sources: sources, unsafeHTML: false)
        }
    }
}

@Suite struct ByteSearchTests {
    @Test(arguments: [
        ("Isi {{pantau pegawai}} lagi", "{{pantau", true), ("aaab", "aab", true), ("ab", "abc", false),
        ("", "x", false), ("x", "", true), ("Pemutakhiran é data", "é d", true), ("{{panta", "{{pantau", false),
    ])
    func findsBytes(text: String, needle: String, found: Bool) {
        #expect(text.containsBytes(needle) == found)
        #expect(Substring(text).containsBytes(needle) == found)
    }

    /// A page body is a slice of its file: the search must stay inside the slice, not find the
    /// needle in the front matter or after the end.
    @Test func findsBytesOnlyInsideASlice() {
        let file = "{{pantau x}} --- isi halaman --- {{pantau y}}"
        let start = file.index(file.startIndex, offsetBy: 13)
        let end = file.index(file.startIndex, offsetBy: 32)
        let body = file[start..<end]
        #expect(body == "--- isi halaman ---")
        #expect(!body.containsBytes("{{pantau"))
        #expect(body.containsBytes("isi halaman ---"))
        #expect(!body.containsBytes("halaman --- {"))
    }
}
