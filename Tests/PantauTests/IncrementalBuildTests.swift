import Foundation
import Testing

@testable import Pantau
@testable import PantauServe

/// `pantau serve`'s incremental rebuilds (``BuildMemo``): after every kind of edit an author makes, the
/// folder serve keeps up to date holds exactly the files, with exactly the bytes, that a fresh full build
/// of the same inputs writes.
@Suite struct IncrementalBuildTests {
    /// A site, the folder serve builds into with one memo, and a way to compare it with a fresh build.
    /// `serve`: set up as serve sets it up: a watcher names the changed pages (``write(_:_:)`` and ``changed(_:)``
    /// tell the memo, as inotify would), and the site is answered from memory before its folder is written.
    struct Session {
        let site: URL
        let served: URL
        let memo = BuildMemo()
        let serve: Bool

        init(serve: Bool = false) throws {
            site = try TestSupport.makeSite("basic")
            served = TestSupport.temporaryDirectory("incremental").appendingPathComponent("site")
            self.serve = serve
            memo.deferWrites = serve
            memo.watcherReportsChanges = serve
        }

        func file(_ path: String) -> URL { site.appendingPathComponent(path) }

        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(at: file(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file(path), atomically: true, encoding: .utf8)
            changed(path)
        }

        /// What inotify reports of a change to `path` (below the site folder), with serve's memo.
        func changed(_ path: String) {
            guard serve, path.hasPrefix("Content/") else { return }
            memo.noteContentChanges([String(path.dropFirst("Content/".count))])
        }

        func rebuild() async throws {
            _ = try await SiteBuilder(siteDirectory: site, outputDirectory: served, includeDrafts: true, memo: memo).build()
        }

        /// Rebuilds with the memo, builds the same inputs afresh, and compares the two folders.
        func expectSameAsFullBuild(_ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            try await rebuild()
            let fresh = TestSupport.temporaryDirectory("full").appendingPathComponent("site")
            _ = try await SiteBuilder(siteDirectory: site, outputDirectory: fresh, includeDrafts: true).build()
            let full = TestSupport.tree(fresh)
            if serve {
                // What serve answers before the folder is written.
                let answered = memo.files ?? [:]
                #expect(answered.keys.sorted() == full.keys.sorted(), "\(comment): served", sourceLocation: sourceLocation)
                let differing = full.keys.filter { answered[$0] != full[$0] }.sorted()
                #expect(differing.isEmpty, "\(comment): served \(differing)", sourceLocation: sourceLocation)
                try memo.flush()
            }
            let incremental = TestSupport.tree(served)
            #expect(incremental.keys.sorted() == full.keys.sorted(), comment, sourceLocation: sourceLocation)
            let differing = full.keys.filter { incremental[$0] != full[$0] }.sorted()
            #expect(differing.isEmpty, "\(comment): \(differing)", sourceLocation: sourceLocation)
            #expect(Self.folders(served) == Self.folders(fresh), "\(comment): folders", sourceLocation: sourceLocation)
        }

        /// Every folder under `root`, relative: a deleted page must not leave its empty folder behind.
        static func folders(_ root: URL) -> [String] {
            var out: [String] = []
            let e = FileManager.default.enumerator(atPath: root.path)
            while let path = e?.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder),
                    isFolder.boolValue
                {
                    out.append(path)
                }
            }
            return out.sorted()
        }
    }

    @Test(arguments: [false, true]) func everyKindOfEditGivesTheFullBuildsBytes(serve: Bool) async throws {
        let s = try Session(serve: serve)
        try await s.expectSameAsFullBuild("first build")
        try await s.expectSameAsFullBuild("nothing changed")
        #expect(s.memo.redone == (markdown: 0, templated: 0, written: 0))

        let page = "Content/bantuan/lupa-password.md"
        let original = try String(contentsOf: s.file(page), encoding: .utf8)
        try s.write(page, original + "\nKalimat baru dari editor.\n")
        try await s.expectSameAsFullBuild("one page's body edited")
        // Only that page was rendered again, and only its file (and the search index) written.
        #expect(s.memo.redone.markdown == 1)
        #expect(s.memo.redone.templated == 1)
        #expect(s.memo.redone.written == 2)
        #expect(TestSupport.read(s.served.appendingPathComponent("bantuan/lupa-password/index.html")).contains("Kalimat baru"))

        try s.write(page, original.replacingOccurrences(of: "title:", with: "title: Judul Baru —"))
        try await s.expectSameAsFullBuild("a title edited (the section's list shows it)")

        try s.write("Content/bantuan/halaman-baru.md", "---\ntitle: Halaman Baru\n---\n\n## Isi\n\nLihat [lupa](lupa-password.md).\n")
        try await s.expectSameAsFullBuild("a page added")
        #expect(FileManager.default.fileExists(atPath: s.served.appendingPathComponent("bantuan/halaman-baru/index.html").path))

        try FileManager.default.moveItem(at: s.file("Content/bantuan/halaman-baru.md"), to: s.file("Content/pengumuman/dipindah.md"))
        s.changed("Content/bantuan/halaman-baru.md")
        try s.write(
            "Content/pengumuman/dipindah.md",
            "---\ntitle: Halaman Baru\n---\n\n## Isi\n\nLihat [lupa](../bantuan/lupa-password.md).\n")
        try await s.expectSameAsFullBuild("a page renamed into another section")
        #expect(!FileManager.default.fileExists(atPath: s.served.appendingPathComponent("bantuan/halaman-baru").path))

        try FileManager.default.removeItem(at: s.file("Content/pengumuman/dipindah.md"))
        s.changed("Content/pengumuman/dipindah.md")
        try await s.expectSameAsFullBuild("a page deleted")

        // A broken link fails the build and keeps the last good site; fixing it gives the full build's bytes.
        try s.write(page, original + "\n[rusak](tidak-ada.md)\n")
        await #expect(throws: PantauError.self) { try await s.rebuild() }
        try s.write(page, original + "\n[utuh](email-tidak-aktif.md)\n")
        try await s.expectSameAsFullBuild("a broken link fixed")

        let yml = try String(contentsOf: s.file("site.yml"), encoding: .utf8)
        try s.write("site.yml", yml.replacingOccurrences(of: "title:", with: "title: Diganti —"))
        try await s.expectSameAsFullBuild("site.yml changed")

        // An edit that keeps the file's size and modification time is still seen (its inode changes).
        let before = try FileManager.default.attributesOfItem(atPath: s.file(page).path)[.modificationDate] as? Date
        try s.write(page, original.replacingOccurrences(of: "Buka MySAPK", with: "Buka MYSAPK"))
        if let before { try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: s.file(page).path) }
        try await s.expectSameAsFullBuild("an edit that kept the modification time")
    }

    /// With a watcher naming what changed, a page it did not name is reused without its file being looked at
    /// (what spares serve a `stat` of every page); a page that is a link, whose target a watch on its folder
    /// does not see, is looked at every build.
    @Test func pagesTheWatcherDidNotNameAreReusedUnlessTheyAreLinks() async throws {
        let s = try Session(serve: true)
        let outside = s.file("catatan/tautan.md")  // inside the site (pages come from nowhere else), outside Content/
        try FileManager.default.createDirectory(at: outside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "---\ntitle: Tautan\n---\n\nIsi lama.\n".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: s.file("Content/tautan.md"), withDestinationURL: outside)
        s.changed("Content/tautan.md")
        try await s.expectSameAsFullBuild("first build")
        let page = "Content/kontak.md"
        let original = try String(contentsOf: s.file(page), encoding: .utf8)
        try (original + "\nTidak dilaporkan.\n").write(to: s.file(page), atomically: true, encoding: .utf8)
        try "---\ntitle: Tautan\n---\n\nIsi baru.\n".write(to: outside, atomically: true, encoding: .utf8)
        try await s.rebuild()
        #expect(s.memo.redone.markdown == 1, "only the link's target is read again")
        try s.memo.flush()
        #expect(TestSupport.read(s.served.appendingPathComponent("tautan/index.html")).contains("Isi baru."))
        #expect(!TestSupport.read(s.served.appendingPathComponent("kontak/index.html")).contains("Tidak dilaporkan."))
        s.changed(page)
        try await s.expectSameAsFullBuild("the page named")
        #expect(TestSupport.read(s.served.appendingPathComponent("kontak/index.html")).contains("Tidak dilaporkan."))
    }

    /// Edits whose effect reaches other pages (listings, breadcrumbs, menus, links to headings) or comes from
    /// elsewhere (live figures): each compared with a fresh full build.
    @Test func editsThatReachOtherPagesGiveTheFullBuildsBytes() async throws {
        let s = try Session()
        try await s.expectSameAsFullBuild("first build")
        let mulai = "Content/pengumuman/mulai.md"
        let mulaiText = try String(contentsOf: s.file(mulai), encoding: .utf8)
        try s.write(mulai, mulaiText.replacingOccurrences(of: "description: Pemutakhiran data dimulai.", with: "description: Diubah."))
        try await s.expectSameAsFullBuild("a page's description edited (its section's list shows it)")
        try s.write(mulai, mulaiText.replacingOccurrences(of: "date: 2021-05-03", with: "date: 2020-01-01\nweight: 9\ntags: [baru]"))
        try await s.expectSameAsFullBuild("a page's date, weight and tags edited (the order of its section's list)")

        let section = "Content/bantuan/_index.md"
        let sectionText = try String(contentsOf: s.file(section), encoding: .utf8)
        try s.write(section, sectionText + "\nTeks baru bagian ini.\n")
        try await s.expectSameAsFullBuild("a section index's body edited")
        try s.write(section, sectionText.replacingOccurrences(of: "title: Bantuan", with: "title: Pusat Bantuan"))
        try await s.expectSameAsFullBuild("a section index's title edited (breadcrumbs of its pages, the home page)")

        let yml = try String(contentsOf: s.file("site.yml"), encoding: .utf8)
        try s.write("site.yml", yml.replacingOccurrences(of: "name: Bantuan", with: "name: Tolong"))
        try await s.expectSameAsFullBuild("a menu item renamed in site.yml")

        // A heading linked with a #fragment from another page, in Markdown and by site path.
        let target = "Content/bantuan/email-tidak-aktif.md"
        let targetText = try String(contentsOf: s.file(target), encoding: .utf8)
        let from = "Content/kontak.md"
        let fromText = try String(contentsOf: s.file(from), encoding: .utf8)
        try s.write(target, targetText + "\n## Langkah awal\n\nIsi.\n")
        try s.write(from, fromText + "\n[a](bantuan/email-tidak-aktif.md#langkah-awal) [b](/bantuan/email-mati/#langkah-awal)\n")
        try await s.expectSameAsFullBuild("links to a heading added")
        try s.write(target, targetText + "\n## Langkah pertama\n\nIsi.\n")
        await #expect(throws: PantauError.self, "the linked heading renamed, the linking page unchanged") { try await s.rebuild() }
        try s.write(from, fromText + "\n[a](bantuan/email-tidak-aktif.md#langkah-pertama) [b](/bantuan/email-mati/#langkah-pertama)\n")
        try await s.expectSameAsFullBuild("the links follow the renamed heading")

        // Live figures in a heading (and so the table of contents and the search index) and in the text.
        let figures = "Content/angka.md"
        let figuresText =
            "---\ntitle: Angka\ntoc: true\n---\n\n## Aktivasi {{pantau persen_aktivasi}}\n\nSudah {{pantau pegawai}}.\n\n## Lain\n"
        try s.write(figures, figuresText)
        try await s.expectSameAsFullBuild("a page with live figures added")
        try s.write(figures, figuresText + "\nTambahan {{pantau data_per}}.\n")
        try await s.expectSameAsFullBuild("a page with live figures edited")
        try await s.expectSameAsFullBuild("nothing changed after live figures")
        #expect(s.memo.redone == (markdown: 0, templated: 0, written: 0))
    }

    /// The link check with serve's memo finds what it finds without one, when a page it keeps links to a
    /// heading of a page that changed.
    @Test func theLinkCheckOfAnUnchangedPageSeesTheIDsOfAChangedOne() throws {
        func page(_ path: String, _ html: String) -> OutputFile { OutputFile(path: path, bytes: Data(html.utf8)) }
        let linking = page("a/index.html", "<a href=\"/b/#isi\">b</a> <a href=\"/c/\">c</a>")
        let memo = BuildMemo()
        let sites = [
            [linking, page("b/index.html", "<h2 id=\"isi\">Isi</h2>"), page("c/index.html", "")],
            [linking, page("b/index.html", "<h2 id=\"lain\">Lain</h2>"), page("c/index.html", "")],
            [linking, page("b/index.html", "<h2 id=\"lain\">Lain</h2>")],
            [linking, page("b/index.html", "<h2 id=\"isi\">Isi</h2>"), page("c/index.html", "")],
            [linking, page("b/index.html", "<h2 id=\"isi\">Isi</h2>"), page("c/index.html", "")],
        ]
        for (i, files) in sites.enumerated() {
            let oracle = try LinkCheck.problems(in: files, basePath: "/").map(\.description)
            #expect(try LinkCheck.problems(in: files, basePath: "/", memo: memo).map(\.description) == oracle, "site \(i)")
        }
    }

    /// A page body is the same text whether it shares the memo's storage or is a new copy; another range of the
    /// same storage is not.
    @Test func bodiesAreComparedByTextNotOnlyByStorage() {
        let text = String(repeating: "Isi halaman panjang. ", count: 20)
        let body = text.dropFirst(4)
        #expect(BuildMemo.same(body, body))
        #expect(BuildMemo.same(body, Substring(String(body))))
        #expect(!BuildMemo.same(body, text.dropFirst(5)))
        #expect(!BuildMemo.same(body, body.dropLast()))
        #expect(!BuildMemo.same(body, Substring(String(body).replacingOccurrences(of: "Isi", with: "isi"))))
    }

    @Test func aThemeChangeRendersEveryPageAgain() async throws {
        let s = try Session()
        try await s.rebuild()
        let templates = s.file("Themes/default/templates")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: templates.path).first { $0.hasPrefix("page") })
        let template = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
        try (template + "\n<!-- diubah -->\n").write(to: templates.appendingPathComponent(name), atomically: true, encoding: .utf8)
        try await s.expectSameAsFullBuild("a template changed")
    }

    /// The polling fallback (no inotify, or inotify failing) and inotify both report a save.
    @Test(arguments: [false, true]) func changesAreSeenWithAndWithoutInotify(inotify: Bool) async throws {
        let site = try TestSupport.makeSite("basic")
        let (events, method, count) = SiteChanges(siteDirectory: site, inotify: inotify).events()
        #if os(Linux)
            #expect(method == (inotify ? .inotify : .polling))
        #endif
        let consumer = Task { for await _ in events {} }
        defer { consumer.cancel() }
        // A page saved, then a page in a folder made after watching started.
        for path in ["Content/kontak.md", "Content/baru/halaman.md"] {
            let url = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try await Task.sleep(for: .milliseconds(300))  // the new folder is watched (or polled) before the file is made
            let before = count.value
            _ = count.takePaths()
            try "---\ntitle: Diubah\n---\n".write(to: url, atomically: true, encoding: .utf8)
            #expect(try await ServeTests.eventually(20) { count.value > before }, "\(path) (\(method))")
            // inotify names the saved page (serve reads only it again); polling cannot say which file changed.
            let named = count.takePaths().paths
            #expect(inotify && method == .inotify ? named?.contains(url.path) == true : named == nil, "\(path) (\(method))")
        }
    }
}
