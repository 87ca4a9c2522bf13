import Foundation
import Testing

@testable import Pantau

/// Whole builds of fixture sites through the library: golden pages, determinism, the atomic swap.
@Suite struct BuildTests {
    /// Golden files of the rendered basic site. Re-record with `PANTAU_RECORD=1 swift test`.
    @Test func renderedPagesMatchGoldenFiles() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site)
        // Stylesheet and script names carry a content hash; normalise it so a CSS or JS edit does not touch every golden page.
        let built = TestSupport.tree(site.appendingPathComponent("Output")).filter {
            !$0.key.hasPrefix("css/") && !$0.key.hasPrefix("js/") && !$0.key.hasPrefix("img/") && $0.key != "favicon.svg"
                && $0.key != "README.md"
        }
        .mapValues {
            Data(
                String(decoding: $0, as: UTF8.self).replacing(/([a-z-]+)\.[0-9a-f]{10}\.(css|js)/) { "\($0.output.1).HASH.\($0.output.2)" }
                    .utf8)
        }
        let golden = TestSupport.fixtures.appendingPathComponent("golden/basic")
        if ProcessInfo.processInfo.environment["PANTAU_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            for (path, data) in built {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        let expected = TestSupport.tree(golden)
        #expect(!expected.isEmpty, "no golden files in \(golden.path); record them with PANTAU_RECORD=1 swift test")
        #expect(Set(built.keys) == Set(expected.keys))
        for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
            let got = built[path].map { String(decoding: $0, as: UTF8.self) } ?? "(missing)"
            #expect(
                got == String(decoding: data, as: UTF8.self),
                "\(path) differs from its golden file; if the change is intended, re-record with PANTAU_RECORD=1")
        }
    }

    @Test func sitePagesHaveWhatTheIssueAsksFor() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site)
        let out = site.appendingPathComponent("Output")
        let files = TestSupport.tree(out)
        // Pretty URLs, section pages, 404, sitemap, robots, feed, alias redirect.
        for path in [
            "index.html", "bantuan/index.html", "bantuan/lupa-password/index.html", "bantuan/email-mati/index.html",
            "404.html", "sitemap.xml", "robots.txt", "pengumuman/index.xml", "lupa-password/index.html",
        ] {
            #expect(files[path] != nil, "missing \(path)")
        }
        // Drafts are left out.
        #expect(files["bantuan/draf/index.html"] == nil)
        let page = TestSupport.read(out.appendingPathComponent("bantuan/lupa-password/index.html"))
        // Links between Markdown files became URLs, anchors kept.
        #expect(page.contains("href=\"/bantuan/email-mati/\""))
        #expect(page.contains("href=\"/kontak/#whatsapp\""))
        // Safe mode: the raw script and the javascript: link are gone.
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("javascript:"))
        // Table of contents from the headings.
        #expect(page.contains("href=\"#langkah-langkah\""))
        // CSS has a content hash in its name, and nothing loads from another host.
        let css = files.keys.first { $0.hasPrefix("css/style.") && $0.hasSuffix(".css") }
        #expect(css?.split(separator: ".").count == 3)
        #expect(!page.contains("src=\"http"))
        // The alias redirects to the page.
        #expect(TestSupport.read(out.appendingPathComponent("lupa-password/index.html")).contains("url=/bantuan/lupa-password/"))
        // Feed: newest announcement first.
        let feed = TestSupport.read(out.appendingPathComponent("pengumuman/index.xml"))
        let batas = try #require(feed.range(of: "Batas aktivasi"))
        let mulai = try #require(feed.range(of: "PDM dimulai"))
        #expect(batas.lowerBound < mulai.lowerBound)
        #expect(feed.contains("<updated>2021-06-21T00:00:00Z</updated>"))
    }

    @Test func draftsAppearWhenAskedFor() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site, drafts: true)
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/bantuan/draf/index.html").path))
    }

    @Test func twoBuildsGiveIdenticalBytes() async throws {
        let site = try TestSupport.makeSite("basic")
        let a = site.appendingPathComponent("A")
        let b = site.appendingPathComponent("B")
        try await TestSupport.build(site, output: a)
        try await TestSupport.build(site, output: b)
        let treeA = TestSupport.tree(a)
        let treeB = TestSupport.tree(b)
        #expect(treeA.count > 10)
        #expect(treeA == treeB)
    }

    @Test func failedBuildLeavesThePreviousSiteUntouched() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site)
        let out = site.appendingPathComponent("Output")
        let before = TestSupport.tree(out)
        // Break a link, then build again: it must fail and leave Output as it was.
        try "[x](tidak-ada.md)\n".write(to: site.appendingPathComponent("Content/bantuan/rusak.md"), atomically: true, encoding: .utf8)
        await #expect(throws: PantauError.self) { try await TestSupport.build(site) }
        #expect(TestSupport.tree(out) == before)
        // No staging folder is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0.hasPrefix(".Output.building") }
        #expect(leftovers.isEmpty)
    }

    @Test func filesNoPageProducesAreGoneAfterTheSwap() async throws {
        let site = try TestSupport.makeSite("basic")
        let out = site.appendingPathComponent("Output")
        try await TestSupport.build(site)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("lama"), withIntermediateDirectories: true)
        try "old".write(to: out.appendingPathComponent("lama/index.html"), atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("lama/index.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }

    @Test func templateErrorsNameTheTemplateLineAndColumn() async throws {
        let site = try TestSupport.makeSite("basic")
        let theme = site.appendingPathComponent("Themes/default/templates")
        try "<p>\n{{#pages}}\n<li>{{title}}</li>\n".write(
            to: theme.appendingPathComponent("section.mustache"), atomically: true, encoding: .utf8)
        await #expect(throws: PantauError.self) { try await TestSupport.build(site) }
        do { try await TestSupport.build(site) } catch {
            #expect("\(error)".hasPrefix("Themes/default/templates/section.mustache:"))
            #expect("\(error)".contains("a section {{#…}} is never closed with {{/…}}"))
        }
        try "{{>nonexistent}}\n".write(to: theme.appendingPathComponent("section.mustache"), atomically: true, encoding: .utf8)
        do {
            try await TestSupport.build(site)
            Issue.record("a missing partial should fail the build")
        } catch {
            #expect(
                "\(error)"
                    == "Themes/default/templates/section.mustache:1:1: uses template \"nonexistent\", which does not exist in "
                    + "Themes/*/templates/; create nonexistent.mustache or fix the name"
            )
        }
    }

    @Test func siteThemeOverridesOneTemplate() async throws {
        let site = try TestSupport.makeSite("basic")
        let own = site.appendingPathComponent("Themes/kota/templates")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        try "{{<base}}{{$main}}<p class=\"kota\">{{title}}</p>{{{content}}}{{/main}}{{/base}}".write(
            to: own.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml += "theme: kota\n"
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        let page = TestSupport.read(site.appendingPathComponent("Output/bantuan/lupa-password/index.html"))
        #expect(page.contains("<p class=\"kota\">Lupa password</p>"))
        // The rest still comes from the default theme.
        #expect(page.contains("<a class=\"brand\""))
    }

    @Test func missingLayoutFails() async throws {
        let site = try TestSupport.makeSite("basic")
        try "---\nlayout: galeri\n---\n".write(to: site.appendingPathComponent("Content/galeri.md"), atomically: true, encoding: .utf8)
        do {
            try await TestSupport.build(site)
            Issue.record("an unknown layout should fail")
        } catch {
            #expect("\(error)".hasPrefix("Content/galeri.md:2: layout \"galeri\" does not exist"))
        }
    }
}

/// Review findings turned into tests: sites served from a sub-path, notes carried over, unsafe paths.
@Suite struct BuildSafetyTests {
    @Test func aSiteUnderASubPathLinksWithThatPath() async throws {
        let site = try TestSupport.makeSite("basic")
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml = yml.replacingOccurrences(of: "base_url: https://uji.example.go.id/", with: "base_url: https://uji.example.go.id/pdm/")
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        let page = TestSupport.read(site.appendingPathComponent("Output/bantuan/lupa-password/index.html"))
        #expect(page.contains("href=\"/pdm/bantuan/email-mati/\""))
        #expect(page.contains("href=\"/pdm/kontak/#whatsapp\""))
        #expect(page.contains("href=\"/pdm/css/style."))
    }

    @Test func aCarriedOverNoteIsCheckedLikeEveryOtherFile() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site)
        let note = site.appendingPathComponent("Output/README.md")
        try "Catatan untuk operator.\n".write(to: note, atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        #expect(TestSupport.read(note) == "Catatan untuk operator.\n")
        // A note that is a link (for example to the datastore) is not published.
        try FileManager.default.removeItem(at: note)
        try FileManager.default.createSymbolicLink(atPath: note.path, withDestinationPath: site.appendingPathComponent("site.yml").path)
        try await TestSupport.build(site)
        #expect(!FileManager.default.fileExists(atPath: note.path))
    }

    @Test func anAliasThatWouldLeaveOutputOrHitAGeneratedPageFails() async throws {
        let site = try TestSupport.makeSite("basic")
        try "---\ntitle: X\naliases: [/aktivasi/]\n---\n".write(
            to: site.appendingPathComponent("Content/x.md"), atomically: true, encoding: .utf8)
        do {
            try await TestSupport.build(site)
            Issue.record("an alias onto a dashboard page should fail")
        } catch {
            #expect("\(error)".hasPrefix("aktivasi/index.html: two generated files want the same path"))
        }
    }
}

@Suite struct RollbackTests {
    @Test func thePreviousSiteSurvivesAFailedBuild() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site)
        let first = TestSupport.tree(site.appendingPathComponent("Output"))
        try "---\ntitle: Baru\n---\n".write(to: site.appendingPathComponent("Content/baru.md"), atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        // The site the second build replaced is kept as .Output.previous.
        #expect(TestSupport.tree(site.appendingPathComponent(".Output.previous")) == first)
        try "[x](hilang.md)\n".write(to: site.appendingPathComponent("Content/rusak.md"), atomically: true, encoding: .utf8)
        await #expect(throws: PantauError.self) { try await TestSupport.build(site) }
        #expect(TestSupport.tree(site.appendingPathComponent(".Output.previous")) == first)
    }
}
