import Foundation
import Testing

@testable import Pantau

@Suite struct FrontMatterTests {
    @Test func readsEveryKey() throws {
        let page = try ContentLoader.page(
            relativePath: "bantuan/lupa.md", file: "Content/bantuan/lupa.md",
            text: """
                ---
                title: "Lupa: password"
                description: Cara
                date: 2021-06-01
                draft: true
                weight: 5
                slug: lupa-password
                aliases: [/lama/]
                tags: [akun, email]
                toc: true
                layout: page
                whatsapp_message: "NIP: "
                ---
                Isi
                """)
        let fm = page.frontMatter
        #expect(fm.title == "Lupa: password")
        #expect(fm.date == CalendarDate(year: 2021, month: 6, day: 1))
        #expect(fm.draft && fm.toc)
        #expect(fm.weight == 5)
        #expect(fm.aliases == ["/lama/"])
        #expect(fm.tags == ["akun", "email"])
        #expect(fm.whatsappMessage == "NIP: ")
        #expect(page.url == "/bantuan/lupa-password/")
        #expect(page.bodyLine == 14)
        #expect(page.body == "Isi")
    }

    /// A page saved on Windows: every line ends in \r\n. Its front matter must be found and read,
    /// and its body and line numbers must be the same as with \n.
    @Test func windowsLineEndingsAreReadLikeUnixOnes() throws {
        let unix = "---\ntitle: \"Lupa password\"\ndate: 2021-06-01\ntags: [akun]\n---\n# Judul\n\nIsi\n"
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        let a = try ContentLoader.page(relativePath: "lupa.md", file: "Content/lupa.md", text: unix)
        let b = try ContentLoader.page(relativePath: "lupa.md", file: "Content/lupa.md", text: windows)
        #expect(b.frontMatter == a.frontMatter)
        #expect(b.frontMatter.title == "Lupa password")
        #expect(b.bodyLine == a.bodyLine)
        #expect(b.bodyLine == 6)
        #expect(b.body == "# Judul\r\n\r\nIsi\r\n")
        // A front matter that never closes is still reported, with either line ending.
        #expect(throws: PantauError.self) {
            try ContentLoader.page(relativePath: "x.md", file: "Content/x.md", text: "---\r\ntitle: x\r\nIsi\r\n")
        }
    }

    @Test(arguments: [
        ("bantuan/_index.md", "/bantuan/"),
        ("_index.md", "/"),
        ("kontak.md", "/kontak/"),
        ("a/b/c.md", "/a/b/c/"),
    ])
    func urlsArePretty(path: String, url: String) throws {
        #expect(try ContentLoader.page(relativePath: path, file: path, text: "x").url == url)
    }

    /// Every front-matter error, with the file, line and column of the fault.
    @Test(arguments: [
        ("---\ntitle: A\ncolor: red\n---\n", "Content/p.md:3:1: unknown key `color`; known keys here are \(FrontMatter.knownKeys)"),
        ("---\ntitle: A\nweight: berat\n---\n", "Content/p.md:3:9: `weight` should be a whole number like 10, found \"berat\""),
        ("---\ndate: 30 Juni 2021\n---\n", "Content/p.md:2:7: `date` should be a date like 2021-06-30, found \"30 Juni 2021\""),
        ("---\ndraft: sometimes\n---\n", "Content/p.md:2:8: `draft` should be true or false, found \"sometimes\""),
        (
            "---\ntitle: [a\n---\n",
            "Content/p.md:3:1: YAML is malformed (while parsing a flow sequence: did not find expected ',' or ']'); check indentation and "
                + "quote values that contain `: ` or `#`"
        ),
        ("---\ntitle: A\n", "Content/p.md:1:1: front matter starts with `---` but never ends; add a line `---` after it"),
        ("---\ntags: {a: 1}\n---\n", "Content/p.md:2:7: `tags` should be a list like [a, b]"),
        ("---\ntitle: {a: 1}\n---\n", "Content/p.md:2:8: `title` should be text"),
        (
            "---\nslug: a/b\n---\n",
            "Content/p.md:2:7: `slug` should be one URL word (no /, spaces, #, ?, % or ..), like lupa-password; found \"a/b\""
        ),
        (
            "---\nslug: \"..\"\n---\n",
            "Content/p.md:2:7: `slug` should be one URL word (no /, spaces, #, ?, % or ..), like lupa-password; found \"..\""
        ),
        (
            "---\naliases: [/../keluar/]\n---\n",
            "Content/p.md:2:10: each alias should be a site path starting with /, like /lama/lupa-password/; found \"/../keluar/\""
        ),
        (
            "---\naliases: [lama]\n---\n",
            "Content/p.md:2:10: each alias should be a site path starting with /, like /lama/lupa-password/; found \"lama\""
        ),
        ("---\n- a\n- b\n---\n", "Content/p.md:2:1: the top level should be a mapping of `key: value` lines"),
        // A duplicate is reported where it is, the line to delete, not at the first occurrence.
        ("---\ntitle: A\nweight: 1\n\"title\": B\n---\n", "Content/p.md:4:1: key given twice: title (first at line 2); keep one"),
    ])
    func frontMatterErrors(text: String, expected: String) {
        do {
            _ = try ContentLoader.page(relativePath: "p.md", file: "Content/p.md", text: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect("\(error)" == expected)
        }
    }
}

/// Which files under Content/ become pages.
@Suite struct ContentLoaderTests {
    @Test func findsMarkdownFilesSkipsHiddenOnesAndReportsBrokenLinks() throws {
        let content = TestSupport.temporaryDirectory("pantau-content").appendingPathComponent("Content")
        let fm = FileManager.default
        for folder in ["sub", ".git", "nyata"] {
            try fm.createDirectory(at: content.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for path in ["a.md", "sub/b.md", ".git/x.md", "sub/.draft.md", "nyata/d.md", "catatan.txt"] {
            try "---\ntitle: T\n---\nisi\n".write(to: content.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("c.md").path, withDestinationPath: "sub/b.md")
        // A link to a folder is not followed (it could point back up and loop).
        try fm.createSymbolicLink(atPath: content.appendingPathComponent("tautan").path, withDestinationPath: "nyata")
        let loader = ContentLoader(contentDirectory: content, includeDrafts: false)
        #expect(loader.markdownFiles() == ["a.md", "c.md", "nyata/d.md", "sub/b.md"])

        try fm.createSymbolicLink(atPath: content.appendingPathComponent("hilang.md").path, withDestinationPath: "tidak-ada.md")
        #expect(loader.markdownFiles().contains("hilang.md"))
        do {
            _ = try loader.load()
            Issue.record("a broken link to a page should fail the build")
        } catch let error as PantauError {
            #expect("\(error)".hasPrefix("Content/hilang.md"))
            #expect("\(error)".contains("symbolic link"))
        }
    }
}

/// Files that cannot be pages are refused with a message that says where and what to do.
@Suite struct ContentLimitsTests {
    @Test func invalidUTF8IsLocated() throws {
        let content = TestSupport.temporaryDirectory("pantau-utf8").appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        var bytes = Array("---\ntitle: T\n---\nBaris satu\nKafé ".utf8)
        bytes += [0x63, 0x61, 0x66, 0xE9, 0x20, 0x78, 0x0A]  // "café x" in Latin-1
        try Data(bytes).write(to: content.appendingPathComponent("a.md"))
        #expect(
            throws: PantauError(
                file: "Content/a.md", line: 5, column: 9, step: .content,
                "is not UTF-8 text: byte 0xE9 here is not valid UTF-8 (often a file saved as Windows-1252 or Latin-1); save it as UTF-8")
        ) {
            try ContentLoader(contentDirectory: content, includeDrafts: false).load()
        }
    }

    @Test(arguments: [([0xC3, 0x28] as [UInt8], 1), ([0xED, 0xA0, 0x80], 1), ([0x41, 0xF4, 0x90, 0x80, 0x80], 2), ([0xE2, 0x82], 1)])
    func invalidSequences(bytes: [UInt8], column: Int) {
        #expect(UTF8Validation.firstInvalid(bytes)?.column == column)
        #expect(UTF8Validation.firstInvalid(Array("ñ\n€ 𝄞 ok".utf8)) == nil)
    }

    @Test func pagesOverTheLimitAreRefused() throws {
        let content = TestSupport.temporaryDirectory("pantau-big").appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data(repeating: 0x61, count: 2 * 1_048_576 + 10).write(to: content.appendingPathComponent("besar.md"))
        var loader = ContentLoader(contentDirectory: content, includeDrafts: false)
        #expect(try loader.load().count == 1)
        loader.maxPageBytes = 1_048_576
        #expect(
            throws: PantauError(
                file: "Content/besar.md", step: .content,
                "is 2 MB, over the limit of 1 MB for one page; split it, or raise `markdown: max_page_mb` in site.yml")
        ) {
            try loader.load()
        }
    }
}
