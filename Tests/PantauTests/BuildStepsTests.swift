import Foundation
import Testing

@testable import Pantau

/// The build as named steps over one context, the registry of generated pages, feeds from site.yml,
/// and the datastore path the import and the build share.
@Suite struct BuildStepsTests {
    @Test func timingRowsAreTheStepNamesInOrder() async throws {
        let site = try TestSupport.makeSite("basic")
        let report = try await TestSupport.build(site)
        let expected = SiteBuilder.steps.map(\.name).filter { $0 != BuildStep.rosterPages.name }
        #expect(report.stages.map(\.name) == [SiteBuilder.loadStepName] + expected, "rosters are off here: no row for them")
        #expect(report.timingTable.contains("privacy guard"))
        #expect(!report.timingTable.contains("roster pages"))
    }

    @Test func theRegistryRefusesTwoGeneratedPagesAtOneURL() throws {
        var pages = GeneratedPages()
        try pages.add(GeneratedPage(url: "/aktivasi/", kind: .dashboard, lastModified: nil))
        try pages.add(GeneratedPage(url: "/data/progres.csv", kind: .openData, lastModified: nil))
        #expect(throws: PantauError.self) { try pages.add(GeneratedPage(url: "/aktivasi/", kind: .unit, lastModified: nil)) }
        // Files are registered but are not pages: not counted, not in the sitemap.
        #expect(pages.pageCount == 1)
        #expect(pages.sitemapEntries.map(\.url) == ["/aktivasi/"])
    }

    @Test func aContentPageCannotTakeAGeneratedPagesURL() async throws {
        let site = try TestSupport.makeSite("basic")
        try "---\ntitle: Cek\nslug: cek\n---\nTeks.\n".write(
            to: site.appendingPathComponent("Content/cek.md"), atomically: true, encoding: .utf8)
        await #expect(throws: PantauError.self) { try await TestSupport.build(site) }
    }

    @Test func feedsComeFromSiteYml() async throws {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        try (TestSupport.read(yml) + "\nfeeds: [bantuan]\n").write(to: yml, atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        let files = TestSupport.tree(site.appendingPathComponent("Output"))
        #expect(files["bantuan/index.xml"] != nil)
        #expect(files["pengumuman/index.xml"] == nil)
        let feed = TestSupport.read(site.appendingPathComponent("Output/bantuan/index.xml"))
        #expect(feed.contains("<link href=\"https://uji.example.go.id/bantuan/lupa-password/\"/>"))
    }

    @Test func aFeedForASectionThatDoesNotExistIsAnError() async throws {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        try (TestSupport.read(yml) + "\nfeeds: [berita]\n").write(to: yml, atomically: true, encoding: .utf8)
        do {
            try await TestSupport.build(site)
            Issue.record("a feed of a missing section built")
        } catch let error as PantauError {
            #expect(error.description.contains("site.yml"))
            #expect(error.description.contains("Content/berita/_index.md"))
        }
    }

    @Test func badFeedsEntryNamesTheKey() {
        #expect(throws: PantauError.self) { try SiteConfig.parse("title: A\nfeeds: [/pengumuman/]\n") }
    }

    /// Import and build find the same datastore when site.yml gives an absolute path.
    @Test func anAbsoluteDatastorePathWorksForImportAndBuild() throws {
        let site = try TestSupport.makeSite("basic")
        let data = TestSupport.temporaryDirectory("absolute-store")
        let store = data.appendingPathComponent("pantau.sqlite")
        let yml = site.appendingPathComponent("site.yml")
        // Few employees and a cheap lookup: this test is about where the datastore is, not about key derivation.
        try (TestSupport.read(yml) + "\ndata:\n  datastore: \(store.path)\nlookup:\n  iterations: 1000\n  cache: data/cek.bin\n")
            .write(to: yml, atomically: true, encoding: .utf8)
        let sample = data.appendingPathComponent("sample")
        #expect(try TestSupport.run(["sample", "--out", sample.path, "--seed", "7", "--employees", "60", "--snapshots", "2"]).status == 0)
        #expect(try TestSupport.run(["import", "units", sample.appendingPathComponent("units.csv").path, "--site", site.path]).status == 0)
        let export = try #require(
            try FileManager.default.contentsOfDirectory(atPath: sample.path).sorted().first { $0.hasPrefix("pegawai-") })
        let imported = try TestSupport.run(["import", "employees", sample.appendingPathComponent(export).path, "--site", site.path])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(FileManager.default.fileExists(atPath: store.path))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent(store.path).path))
        let built = try TestSupport.run(["build", "--site", site.path, "--strict"])
        #expect(built.status == 0, "\(built.output)")
        #expect(!built.output.contains("No employee data imported yet"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/data/progres.csv").path))
    }
}
