import Foundation
import Testing

@testable import Pantau

/// Issue 10, "nothing silent on the site": rows the latest import rejected are shown next to the figures and in
/// the open data, so nobody reads the dashboards as complete when they are not.
@Suite struct ImportGapsOnSiteTests {
    @Test func rejectedRowsOfTheLatestImportAreShownAndPublished() throws {
        let site = try TestSupport.makeSite("basic")
        // The cek lookup (600,000 PBKDF2 rounds per employee) is not what this test is about.
        let config = site.appendingPathComponent("site.yml")
        try (TestSupport.read(config) + "lookup:\n  enabled: false\n").write(to: config, atomically: true, encoding: .utf8)
        let samples = site.deletingLastPathComponent().appendingPathComponent("sampel")
        let sample = try TestSupport.run(["sample", "--out", samples.path, "--employees", "200", "--seed", "5", "--snapshots", "1"])
        #expect(sample.status == 0, "\(sample.output)")
        let export = try #require(
            try FileManager.default.contentsOfDirectory(atPath: samples.path)
                .first { $0.hasPrefix("pegawai-") && $0.hasSuffix(".csv") && !$0.contains("ditolak") })
        // Three rows get a NIP that cannot be one (letters): the import rejects exactly those three.
        let url = samples.appendingPathComponent(export)
        var lines = TestSupport.read(url).components(separatedBy: "\n")
        for i in [3, 10, 20] { lines[i] = "19XX" + lines[i].dropFirst(4) }
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)

        #expect(
            try TestSupport.run(["import", "units", samples.appendingPathComponent("units.csv").path, "--site", site.path]).status == 0)
        let imported = try TestSupport.run(["import", "employees", url.path, "--site", site.path])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("rejected 3"), "\(imported.output)")
        let built = try TestSupport.run(["build", "--site", site.path])
        #expect(built.status == 0, "\(built.output)")

        let home = TestSupport.read(site.appendingPathComponent("Output/index.html"))
        #expect(home.contains("3 baris ditolak pada impor terakhir; angka di atas tanpa mereka."))
        #expect(!home.contains("dihitung belum aktivasi dan belum lengkap"), "no status lists were used")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("Output/data/ringkasan.json")))
        let summary = try #require(json as? [String: Any])
        #expect(summary["ditolak"] as? Int == 3)
        #expect(summary["tanpa_status"] as? Int == 0)
    }
}
