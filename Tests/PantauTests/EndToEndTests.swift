import Foundation
import Testing

@testable import Pantau

/// Runs the built `pantau` binary the way a user would and reads what it wrote.
@Suite struct EndToEndTests {
    @Test func buildWritesTheSiteAndSaysWhatItDid() throws {
        let site = try TestSupport.makeSite("basic")
        let result = try TestSupport.run(["build", "--site", site.path])
        #expect(result.status == 0, "\(result.output)")
        // 8 Markdown pages (the draft left out) the two dashboard pages and /cek/, which say no data is imported yet.
        #expect(result.output.contains("Built 11 pages"))
        #expect(result.output.contains("No employee data imported yet"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/bantuan/lupa-password/index.html").path))
    }

    @Test func outputOptionAndCurrentFolderDefault() throws {
        let site = try TestSupport.makeSite("basic")
        let elsewhere = TestSupport.temporaryDirectory("out").appendingPathComponent("public")
        let result = try TestSupport.run(["build", "--output", elsewhere.path], in: site)
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("index.html").path))
    }

    @Test func badFrontMatterIsOneClearLineAndNonZeroExit() throws {
        let site = try TestSupport.makeSite("basic")
        try "---\ntitle: A\nweight: berat\n---\n".write(
            to: site.appendingPathComponent("Content/rusak.md"), atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["build", "--site", site.path])
        #expect(result.status != 0)
        #expect(
            result.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == "Error: Content/rusak.md:3:9: `weight` should be a whole number like 10, found \"berat\"")
    }

    @Test func anOutputThatWouldSwallowTheSiteIsRefused() throws {
        let site = try TestSupport.makeSite("basic")
        for output in [site.path, site.deletingLastPathComponent().path] {
            let result = try TestSupport.run(["build", "--site", site.path, "--output", output])
            #expect(result.status != 0)
            #expect(result.output.contains("is the site folder or contains it"))
        }
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("site.yml").path))
    }

    @Test func aSymlinkedOutputFolderIsUpdatedWhereItPoints() throws {
        let site = try TestSupport.makeSite("basic")
        let webRoot = TestSupport.temporaryDirectory("webroot").appendingPathComponent("html")
        try FileManager.default.createDirectory(at: webRoot, withIntermediateDirectories: true)
        let link = site.appendingPathComponent("Output")
        try? FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: webRoot)
        let result = try TestSupport.run(["build", "--site", site.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: webRoot.appendingPathComponent("index.html").path))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) != nil)
    }

    @Test func missingSiteYmlSaysWhatToDo() throws {
        let empty = TestSupport.temporaryDirectory("empty")
        let result = try TestSupport.run(["build", "--site", empty.path])
        #expect(result.status != 0)
        #expect(result.output.contains("site.yml: no site.yml in"))
        #expect(result.output.contains("pantau init DIR"))
    }

    @Test func initCreatesASiteThatBuildsAtOnce() throws {
        let dir = TestSupport.temporaryDirectory("init").appendingPathComponent("kota-baru")
        let created = try TestSupport.run(
            ["init", dir.path, "--agency", "BKPSDM Kota Baru"],
            environment: ["PANTAU_THEME_DIR": TestSupport.repoRoot.appendingPathComponent("Themes/default").path])
        #expect(created.status == 0, "\(created.output)")
        let built = try TestSupport.run(["build", "--site", dir.path])
        #expect(built.status == 0, "\(built.output)")
        let home = TestSupport.read(dir.appendingPathComponent("Output/index.html"))
        #expect(home.contains("PDM ASN BKPSDM Kota Baru"))
        // A second init into the same folder refuses instead of overwriting.
        let again = try TestSupport.run(["init", dir.path])
        #expect(again.status != 0)
        #expect(again.output.contains("already exists and is not empty"))
    }
}

/// The privacy guard end to end: a real datastore, a NIP planted in a page, a build that must fail.
@Suite struct PrivacyEndToEndTests {
    @Test func aPlantedNIPFailsTheBuildAndKeepsTheOldSite() throws {
        let site = try TestSupport.makeSite("basic")
        let sample = site.appendingPathComponent("sampel")
        // Fast lookup settings: this test is about the guard, not the key derivation.
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml += "lookup:\n  iterations: 1000\n"
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        for args in [
            ["sample", "--out", sample.path, "--employees", "60", "--seed", "3", "--snapshots", "1"],
            ["import", "units", sample.appendingPathComponent("units.csv").path, "--site", site.path],
            ["import", "employees", sample.appendingPathComponent("pegawai-2021-07-26.csv").path, "--site", site.path],
            ["build", "--site", site.path],
        ] {
            let result = try TestSupport.run(args)
            #expect(result.status == 0, "\(args.first ?? ""): \(result.output)")
        }
        let before = TestSupport.tree(site.appendingPathComponent("Output"))
        #expect(before.keys.contains { $0.hasPrefix("unit/") })
        // Take a real employee's NIP from the export and put it in a guidance page, spaced as people write it.
        let export = TestSupport.read(sample.appendingPathComponent("pegawai-2021-07-26.csv"))
        let nip = try #require(export.split(separator: "\n").dropFirst().first?.split(separator: ",").first.map(String.init))
        let spaced = "\(nip.prefix(8)) \(nip.dropFirst(8).prefix(6)) \(nip.dropFirst(14).prefix(1)) \(nip.suffix(3))"
        try "---\ntitle: Contoh\n---\nNIP contoh: \(spaced)\n".write(
            to: site.appendingPathComponent("Content/bantuan/contoh.md"), atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["build", "--site", site.path])
        #expect(result.status != 0)
        // The error names the file, the line of the HTML and the rule.
        let located = try Regex(
            #"bantuan/contoh/index\.html:[0-9]+: privacy rule datastore-nip: contains an NIP imported into the datastore"#)
        #expect(result.output.contains(located))
        #expect(!result.output.contains(nip))
        #expect(TestSupport.tree(site.appendingPathComponent("Output")) == before)
    }
}
