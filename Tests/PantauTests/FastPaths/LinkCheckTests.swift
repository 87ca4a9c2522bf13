import Foundation
import Testing

@testable import Pantau

/// The link check on built files: what it reports for each kind of reference, and that the
/// byte-level check reports exactly what the plain reference check (``ReferenceLinkCheck``) does.
@Suite struct LinkCheckTests {
    /// A small built site (pages with ids, a stylesheet, a file that is not a page) with `html` added to the page at `path`.
    static func site(_ html: String, at path: String = "index.html") -> [OutputFile] {
        var files = [
            OutputFile(path: "index.html", text: "<html><body><h1 id=\"judul\">Beranda</h1></body></html>"),
            OutputFile(
                path: "a/index.html", text: "<h2 id=\"top\">A</h2>\n<h2 id=\"langkah\">L</h2><h2 id=\"café\">C</h2><p>x id=\"bebas\"</p>"),
            OutputFile(path: "a/b/index.html", text: "<h2 id=\"rinci\">B</h2>"),
            OutputFile(path: "css/style.css", text: "body{}"),
            OutputFile(path: "unduh/panduan.pdf", text: "%PDF"),
            OutputFile(path: "jadwal-\u{FC}/index.html", text: "<h2 id=\"tahap-\u{FC}\">J</h2>"),
            OutputFile(path: "bantuan/lupa password/index.html", text: "<h2 id=\"langkah 1\">L</h2>"),
        ]
        if let i = files.firstIndex(where: { $0.path == path }) {
            files[i].bytes += Data(html.utf8)
        } else {
            files.append(OutputFile(path: path, text: html))
        }
        return files
    }

    static func messages(_ html: String, at path: String = "index.html", basePath: String = "/") throws -> [String] {
        try LinkCheck.problems(in: site(html, at: path), basePath: basePath).map(\.message)
    }

    @Test(
        arguments: [
            // Absolute site paths, with and without a fragment.
            ("<a href=\"/a/\">", "/", []),
            ("<a href=\"/a/#langkah\">", "/", []),
            ("<a href=\"/a\">", "/", []),
            ("<a href=\"/a/index.html#top\">", "/", []),
            ("<a href=\"/\">", "/", []),
            ("<a href=\"/a/#nope\">", "/", ["links to /a/#nope, but a/index.html has no element with id \"nope\""]),
            ("<a href=\"/hilang/\">", "/", ["links to /hilang/, but the build produced no such file; fix the link or add the page"]),
            // Fragment only: the page itself.
            ("<a href=\"#judul\">", "/", []),
            ("<a href=\"#\">", "/", []),
            ("<a href=\"#tidak-ada\">", "/", ["links to #tidak-ada, but index.html has no element with id \"tidak-ada\""]),
            // ` id="` counts wherever it appears after a space, as before (also in text).
            ("<a href=\"/a/#bebas\">", "/", []),
            // Query strings are dropped before the lookup, the fragment after them kept.
            ("<a href=\"/a/?q=1\">", "/", []),
            ("<a href=\"?q=1\">", "/", []),
            ("<a href=\"/a/?q=1#langkah\">", "/", []),
            ("<a href=\"/a/?q=1#x\">", "/", ["links to /a/?q=1#x, but a/index.html has no element with id \"x\""]),
            // The fragment is everything after the first `#`, a `?` in it included.
            ("<a href=\"/a/#x?y\">", "/", ["links to /a/#x?y, but a/index.html has no element with id \"x?y\""]),
            ("<a href=\"/a#x?y#z\">", "/", ["links to /a#x?y#z, but a/index.html has no element with id \"x?y#z\""]),
            // `&amp;` in a URL is decoded before anything else; the message shows the decoded value.
            ("<a href=\"/a/?x=1&amp;y=2#top\">", "/", []),
            (
                "<a href=\"/zz/?x=1&amp;y=2&amp;amp;\">", "/",
                ["links to /zz/?x=1&y=2&amp;, but the build produced no such file; fix the link or add the page"]
            ),
            ("<a href=\"/a&amp;b/\">", "/", ["links to /a&b/, but the build produced no such file; fix the link or add the page"]),
            // Percent-encoded fragments are decoded; then the bytes must match, as in a browser.
            ("<a href=\"/a/#caf%C3%A9\">", "/", []),
            ("<a href=\"/a/#%74op\">", "/", []),
            ("<a href=\"/a/#%7A\">", "/", ["links to /a/#%7A, but a/index.html has no element with id \"z\""]),
            ("<a href=\"/a/#caf%C3\">", "/", ["links to /a/#caf%C3, but a/index.html has no element with id \"caf\u{FFFD}\""]),
            ("<a href=\"/a/#café\">", "/", []),
            ("<a href=\"/a/#cafe\u{301}\">", "/", ["links to /a/#cafe\u{301}, but a/index.html has no element with id \"cafe\u{301}\""]),
            // Pages whose names have accents or spaces, linked encoded (as libcmark writes them) or not.
            ("<a href=\"/jadwal-%C3%BC/\"><a href=\"/jadwal-%c3%bc/#tahap-%C3%BC\"><a href=\"jadwal-\u{FC}/index.html\">", "/", []),
            ("<a href=\"/bantuan/lupa%20password/#langkah%201\"><a href=\"bantuan/lupa password\">", "/", []),
            (
                "<a href=\"bantuan/lupa%2520password/\">", "/",
                ["links to bantuan/lupa%2520password/, but the build produced no such file; fix the link or add the page"]
            ),
            (
                "<a href=\"/jadwal-%zz/\">", "/",
                ["links to /jadwal-%zz/, but the build produced no such file; fix the link or add the page"]
            ),
            ("<a href=\"/a/%2E%2E/jadwal-%C3%BC/?v=1\">", "/", []),
            // A trailing slash, or none, or index.html: the same page; a file is not a folder.
            ("<a href=\"/a/b\"><a href=\"/a/b/index.html\"><a href=\"a/b/?x#rinci\">", "/", []),
            (
                "<a href=\"/a/index.html/\">", "/",
                ["links to /a/index.html/, but the build produced no such file; fix the link or add the page"]
            ),
            // A fragment on a file that is not a page is not checked.
            ("<a href=\"/css/style.css#x\">", "/", []),
            ("<a href=\"/unduh/panduan.pdf#page=2\">", "/", []),
            // Relative paths and `..`, from the page's folder; `..` above the root stays at the root.
            ("<a href=\"a/b/\">", "/", []),
            ("<a href=\"./a/./b/#rinci\">", "/", []),
            ("<a href=\"a/b/../../a/#top\">", "/", []),
            ("<a href=\"../../../a/\">", "/", []),
            ("<a href=\"a//b\">", "/", []),
            ("<a href=\"a/c/../d/\">", "/", ["links to a/c/../d/, but the build produced no such file; fix the link or add the page"]),
            ("<a href=\"b/#rinci\">", "/", ["links to b/#rinci, but the build produced no such file; fix the link or add the page"]),
            // Any URI scheme, in any case, is another site's business; so is an empty value.
            (
                "<a href=\"\"><a href=\"mailto:x@y.id\"><a href=\"tel:+62\"><img src=\"data:image/png;base64,AA\"><a "
                    + "href=\"javascript:void(0)\">",
                "/", []
            ),
            (
                "<a href=\"sms:+62812?body=Halo\"><a href=\"whatsapp://send?text=x\"><a href=\"HTTPS://BKN.GO.ID/\"><a href=\"MAILTO:a@b.id\">"
                    + "<a href=\"ftp://x.id/f\"><a href=\"Tel:+62\"><a href=\"web+pantau:x\"><a href=\"a.b-c:x\"><a href=\"foo:bar\">",
                "/", []
            ),
            // Not a scheme: a colon after `/`, `?` or `#`, or a name not starting with a letter.
            ("<a href=\"./foo:bar\">", "/", ["links to ./foo:bar, but the build produced no such file; fix the link or add the page"]),
            ("<a href=\"1foo:bar\">", "/", ["links to 1foo:bar, but the build produced no such file; fix the link or add the page"]),
            ("<a href=\"/a/?u=http://x\"><a href=\"#top:x\">", "/", ["links to #top:x, but index.html has no element with id \"top:x\""]),
            ("<a href=\":x\">", "/", ["links to :x, but the build produced no such file; fix the link or add the page"]),
            // Other hosts: a link is fine, anything the browser fetches is not.
            ("<a href=\"https://bkn.go.id/\">", "/", []),
            ("<form action=\"https://example.org/cari\">", "/", []),
            (
                "<img src=\"HTTPS://cdn.example.org/x.png\"><img src=\"ftp://x.org/y.png\"><img src=\"sms:1\">", "/",
                [
                    "loads HTTPS://cdn.example.org/x.png from another host; ship the file in the theme's static/ folder instead",
                    "loads ftp://x.org/y.png from another host; ship the file in the theme's static/ folder instead",
                ]
            ),
            (
                "<img src=\"https://cdn.example.org/x.png\">", "/",
                ["loads https://cdn.example.org/x.png from another host; ship the file in the theme's static/ folder instead"]
            ),
            (
                "<script src=\"//cdn.example.org/x.js\"></script>", "/",
                ["loads //cdn.example.org/x.js from another host; ship the file in the theme's static/ folder instead"]
            ),
            (
                "<link rel=\"stylesheet\" href=\"http://cdn.example.org/x.css\">", "/",
                ["loads http://cdn.example.org/x.css from another host; ship the file in the theme's static/ folder instead"]
            ),
            ("<link rel=\"canonical\" href=\"https://pdm.example.go.id/\">", "/", []),
            ("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"https://pdm.example.go.id/index.xml\">", "/", []),
            (
                "<link\nrel=\"icon\"\nhref=\"https://cdn.example.org/i.png\">", "/",
                ["loads https://cdn.example.org/i.png from another host; ship the file in the theme's static/ folder instead"]
            ),
            (
                "<link rel=\"canonical\" title=\"Beranda ü\" href=\"https://pdm.example.go.id/\"><link title=\"ü\" "
                    + "href=\"https://x.org/a.css\">",
                "/",
                ["loads https://x.org/a.css from another host; ship the file in the theme's static/ folder instead"]
            ),
            // A site under a sub-folder: site links must start with it.
            ("<a href=\"/pdm/a/#top\"><a href=\"/pdm/\"><a href=\"a/b/\">", "/pdm/", []),
            (
                "<a href=\"/a/\">", "/pdm/",
                ["links to /a/, outside the site's base path /pdm/; start the link with /pdm/ or make it relative"]
            ),
            (
                "<a href=\"/pdmx/a/\">", "/pdm/",
                ["links to /pdmx/a/, outside the site's base path /pdm/; start the link with /pdm/ or make it relative"]
            ),
            (
                "<a href=\"/pdm/hilang/\">", "/pdm/",
                ["links to /pdm/hilang/, but the build produced no such file; fix the link or add the page"]
            ),
            ("<a href=\"/ä/\">", "/", ["links to /ä/, but the build produced no such file; fix the link or add the page"]),
            // Only ` href="` after a space or newline counts; a value ends at the next quote.
            (
                "<a data-href=\"/hilang/\"><a\nhref=\"/hilang/\">", "/",
                ["links to /hilang/, but the build produced no such file; fix the link or add the page"]
            ),
            ("<a href=\" href=\"/hilang/\">", "/", ["links to  href=, but the build produced no such file; fix the link or add the page"]),
            ("<a title=\"x\" href=\"/a/", "/", []),
        ] as [(String, String, [String])])
    func reports(html: String, basePath: String, expected: [String]) throws {
        #expect(try Self.messages(html, basePath: basePath) == expected)
        #expect(
            try LinkCheck.problems(in: Self.site(html), basePath: basePath)
                == ReferenceLinkCheck.problems(in: Self.site(html), basePath: basePath))
    }

    @Test func relativeLinksResolveFromThePageFolder() throws {
        #expect(
            try Self.messages("<a href=\"../\"><a href=\"b/#rinci\"><a href=\"#café\"><a href=\"../a/#langkah\">", at: "a/index.html") == []
        )
        #expect(
            try Self.messages(
                "<a href=\"../../#judul\"><a href=\"../../../#judul\"><a href=\"./#rinci\"><a href=\"../#judul\">", at: "a/b/index.html")
                == [
                    "links to ../#judul, but a/index.html has no element with id \"judul\""
                ])
    }

    @Test func aRepeatedBrokenLinkIsReportedOnceWithACount() throws {
        var files = Self.site("<a href=\"/hilang/\">")
        for i in 1...4 {
            files.append(OutputFile(path: "p\(i)/index.html", text: "<nav><a href=\"/hilang/\">x</a></nav><a href=\"/p\(i)/#x\">"))
        }
        let problems = try LinkCheck.problems(in: files, basePath: "/")
        #expect(
            problems.map(\.description) == [
                "index.html: links to /hilang/, but the build produced no such file; fix the link or add the page (the same link is in 4 "
                    + "more files: a menu or template link?)",
                "p1/index.html: links to /p1/#x, but p1/index.html has no element with id \"x\"",
                "p2/index.html: links to /p2/#x, but p2/index.html has no element with id \"x\"",
                "p3/index.html: links to /p3/#x, but p3/index.html has no element with id \"x\"",
                "p4/index.html: links to /p4/#x, but p4/index.html has no element with id \"x\"",
            ])
        #expect(problems.allSatisfy { $0.step == .checks })
    }

    /// Paths compare by their bytes, as a web server compares them: a Kelvin sign is not a `K`, and a
    /// decomposed `é` is not a composed one.
    @Test func pathsCompareByBytes() throws {
        let files = [
            OutputFile(
                path: "index.html", text: "<a href=\"/K/\"><a href=\"/caf\u{E9}/#x\"><a href=\"/cafe\u{301}/\"><a href=\"/\u{212A}/\">"),
            OutputFile(path: "\u{212A}/index.html", text: "<h1 id=\"a\">"),
            OutputFile(path: "cafe\u{301}/index.html", text: "<h1 id=\"x\">"),
        ]
        let problems = try LinkCheck.problems(in: files, basePath: "/")
        #expect(problems == ReferenceLinkCheck.problems(in: files, basePath: "/"))
        #expect(
            problems.map(\.message) == [
                "links to /K/, but the build produced no such file; fix the link or add the page",
                "links to /caf\u{E9}/#x, but the build produced no such file; fix the link or add the page",
            ])
    }

    @Test func oddFilePathsAndBasePaths() throws {
        let html = "<a href=\"#a\"><a href=\"x/\"><a href=\"../#a\"><a href=\"/b/\"><a href=\"/b\r\n/\">"
        for path in ["/lead/index.html", "a//b.html", "./a/b.html", "a/../b.html", "a/b/", "ü/index.html", ".html", "a\r\nb/index.html"] {
            for basePath in ["/", "", "/b", "/b\r", "/ü/"] {
                let files = [OutputFile(path: path, text: html), OutputFile(path: "b/index.html", text: "<p id=\"a\">")]
                #expect(
                    try LinkCheck.problems(in: files, basePath: basePath) == ReferenceLinkCheck.problems(in: files, basePath: basePath),
                    "path \(path), base path \(basePath)")
            }
        }
    }

    /// Random pages built from the pieces real sites (and odd ones) are made of, checked by both.
    @Test(arguments: 0..<40)
    func sameProblemsAsTheReferenceCheck(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 0x5EED)
        let folders = ["", "a/", "a/b/", "sec01/", "sec01/page-00042/", "ü/", "\u{212A}/", "cafe\u{301}/", "c%20d/", "c d/", "a:b/"]
        let names = ["index.html", "index.html", "index.html", "style.css", "data.json", "x.html"]
        var paths: [String] = []
        for _ in 0..<Int.random(in: 3...9, using: &rng) {
            paths.append(folders.randomElement(using: &rng)! + names.randomElement(using: &rng)!)
        }
        let ids = ["top", "langkah", "ringkasan", "café", "cafe\u{301}", "", "a b", "x?y", "K", "\u{212A}"]
        let basePath = ["/", "/", "/pdm/", "", "/pdm"].randomElement(using: &rng)!
        func value() -> String {
            if Int.random(in: 0..<12, using: &rng) == 0 {
                return [
                    "", "mailto:a@b", "tel:1", "data:x", "javascript:x", "http://x.org/a", "https://x.org/", "//x.org/y", "#", "?", "/?#",
                    "HTTPS://X.ORG/", "sms:+62", "whatsapp://send?text=a", "MAILTO:a@b", "ftp://x/y", "foo:bar", "1a:b", ":x", "a:b/",
                ].randomElement(using: &rng)!
            }
            var v = ["", "/", basePath, basePath, "../", "./", "../../", "/pdm/", "#"].randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                v += [
                    "a", "b", "sec01", "page-00042", "index.html", "style.css", ".", "..", "", "ü", "\u{212A}", "K", "cafe\u{301}", "c%20d",
                    "x.html", "c d", "c%2520d", "%C3%BC", "%c3%bc", "%2E%2E", "%zz", "%", "a%3Ab",
                ].randomElement(using: &rng)!
                if Bool.random(using: &rng) { v += "/" }
            }
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: v += "?q=1&amp;r=2"
            case 1: v += "?"
            case 2: v += "&amp;"
            default: break
            }
            if Int.random(in: 0..<3, using: &rng) > 0 {
                v += "#" + (ids + ["nope", "%74op", "caf%C3%A9", "caf%C3", "%zz", "x?y", "a#b"]).randomElement(using: &rng)!
            }
            if Int.random(in: 0..<20, using: &rng) == 0 { v += "?z" }
            if Int.random(in: 0..<30, using: &rng) == 0 {
                v.insert(contentsOf: "\r\n", at: v.index(v.startIndex, offsetBy: Int.random(in: 0...v.count, using: &rng)))
            }
            return v
        }
        func page() -> String {
            var html = ""
            for _ in 0..<Int.random(in: 0...30, using: &rng) {
                let space = Int.random(in: 0..<6, using: &rng) == 0 ? "\n" : " "
                switch Int.random(in: 0..<14, using: &rng) {
                case 0, 1, 2: html += "<a\(space)href=\"\(value())\">x</a>"
                case 3: html += "<img\(space)src=\"\(value())\">"
                case 4:
                    html +=
                        "<link rel=\"\(["stylesheet", "canonical", "alternate", "icon"].randomElement(using: &rng)!)\"\(space)"
                        + "href=\"\(value())\">"
                case 5: html += "<form\(space)action=\"\(value())\">"
                case 6, 7: html += "<h2\(space)id=\"\(ids.randomElement(using: &rng)!)\">t</h2>"
                case 8:
                    html += [
                        "<p>a id=\"top\" b</p>", "<a data-href=\"/x/\">", "<a href=\" href=\"/x/\">",
                        "<a title=\"<link\" href=\"https://x.org/\">",
                        "<p title=\"a=b\">", "<link title=\"ü\" href=\"//x.org/a.css\">", "==\"", " id=\" id=\"top\"",
                        "<a href=\"/a\u{0}b/\">",
                    ].randomElement(using: &rng)!
                case 9: html += "<p>Teks biasa dengan = tanda dan > dan < lain.</p>\n"
                case 10: html += "<link\(space)href=\"\(value())\" rel=\"canonical\">"
                case 11: html += "<script src=\"\(value())\"></script>"
                default: html += "\n"
                }
            }
            // Sometimes an unterminated attribute at the very end.
            if Int.random(in: 0..<6, using: &rng) == 0 {
                html += [" href=\"/a", " id=\"", " src=\"", " href=\"", " id=\"x"].randomElement(using: &rng)!
            }
            return html
        }
        let files = paths.map { OutputFile(path: $0, text: $0.hasSuffix(".html") ? page() : "data") }
        #expect(try LinkCheck.problems(in: files, basePath: basePath) == ReferenceLinkCheck.problems(in: files, basePath: basePath))
    }
}

/// A small deterministic generator (SplitMix64), so a failing seed can be rerun.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
