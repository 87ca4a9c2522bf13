import Foundation
import Testing

@testable import Pantau

/// Encrypted roster pages: passphrases, keyring, letters, sealing, and the real daftar.js opening what Swift sealed.
@Suite struct RosterPagesTests {
    func site() throws -> ScratchStore {
        let store = try RosterTests().site()
        try store.write("site.yml", RosterTests.siteYML + "rosters:\n  enabled: true\n")
        return store
    }

    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func passphrasesAreTenWordsOfTheList() {
        #expect(Set(RosterWords.all).count == 256)
        #expect(RosterWords.all.allSatisfy { $0.count >= 3 && $0.count <= 8 && $0.allSatisfy { ("a"..."z").contains($0) } })
        let phrase = RosterPassphrase.generate()
        let words = phrase.split(separator: " ").map(String.init)
        #expect(words.count == 10 && words.allSatisfy(RosterWords.all.contains))
        // 10 words × log2(256) = 80 bits.
        #expect(RosterPassphrase.bits == 80)
        #expect(RosterPassphrase.normalise("  Kopi-Teh,  GULA.susu\n") == "kopi teh gula susu")
    }

    @Test func keysLettersRotationAndSealing() throws {
        let store = try site()
        let first = try RosterKeyIssuer(siteDirectory: store.directory).run()
        #expect(first.created == ["kec-a", "setda"])
        let keysURL = store.directory.appendingPathComponent("data/roster-keys.tsv")
        #expect(try mode(keysURL) == 0o600)
        let ring = try RosterKeyring.load(from: keysURL, displayPath: "data/roster-keys.tsv")
        let setda = try #require(ring.entries["setda"])
        let kec = try #require(ring.entries["kec-a"])
        #expect(setda.iterations == 600_000 && setda.salt == "https://pdm.example.go.id/")
        let letter = store.directory.appendingPathComponent("data/surat-kunci/sekretariat-daerah.html")
        #expect(try mode(letter) == 0o600 && (try mode(letter.deletingLastPathComponent())) == 0o700)
        let letterText = try String(contentsOf: letter, encoding: .utf8)
        #expect(letterText.contains("https://pdm.example.go.id/unit/sekretariat-daerah/daftar/"))
        #expect(setda.passphrase.split(separator: " ").allSatisfy { letterText.contains("</span> \($0)</li>") })

        // A second run keeps every passphrase; rotating one changes only that one.
        #expect(try RosterKeyIssuer(siteDirectory: store.directory).run().kept == ["kec-a", "setda"])
        let config = try SiteConfig.load(siteDirectory: store.directory)
        let dashboard = try #require(try Dashboard.load(from: store.datastore, config: config))
        let before = try #require(
            try RosterPages.prepare(config: config, siteDirectory: store.directory, dashboard: dashboard, store: store.datastore))
        let rotated = try RosterKeyIssuer(siteDirectory: store.directory, unit: "setda", rotate: true).run()
        #expect(rotated.rotated == ["setda"] && rotated.created.isEmpty)
        let after = try RosterKeyring.load(from: keysURL, displayPath: "x")
        #expect(after.entries["setda"]?.passphrase != setda.passphrase && after.entries["kec-a"] == kec)
        let again = try #require(
            try RosterPages.prepare(config: config, siteDirectory: store.directory, dashboard: dashboard, store: store.datastore))
        let blobs = { (r: [SealedRoster]) in Dictionary(r.map { ($0.code, $0.blob) }, uniquingKeysWith: { a, _ in a }) }
        #expect(blobs(again.rosters)["kec-a"] == blobs(before.rosters)["kec-a"])
        #expect(blobs(again.rosters)["setda"] != blobs(before.rosters)["setda"])

        // The sealed list holds exactly the datastore's people; nothing of it is readable without the key.
        let sealed = try #require(again.rosters.first { $0.code == "kec-a" })
        #expect(!sealed.blob.contains("Wati") && !sealed.blob.contains("198609262015051003"))
        let plain = try #require(RosterSeal.open(sealed.blob, master: kec.master))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any])
        #expect((list["rows"] as? [[String]])?.map { $0[1] } == ["Wati Ditolak", "Bambang Usul"])
        #expect(RosterSeal.open(sealed.blob, master: setda.master) == nil)

        // The real daftar.js in node: the right passphrase (typed loosely) opens it, a wrong one opens nothing.
        let params: [String: Any] = ["salt": again.salt, "unit": "kec-a", "iterations": 600_000, "id": sealed.id, "blob": sealed.blob]
        let script = """
            const api = require(process.argv[1]);
            const params = JSON.parse(process.argv[2]);
            (async () => {
              const right = await api.open(globalThis.crypto.subtle, process.argv[3], params);
              const wrong = await api.open(globalThis.crypto.subtle, process.argv[4], params);
              process.stdout.write(JSON.stringify({ right, wrong, csv: api.toCSV(['a', 'b'], [['=1+1', 'x"y']]) }));
            })().catch((e) => { console.error(e); process.exit(1); });
            """
        let loose = "  " + kec.passphrase.uppercased().replacingOccurrences(of: " ", with: "  -  ") + " "
        let node = try LookupTests.runNode([
            "-e", script, TestSupport.repoRoot.appendingPathComponent("Themes/default/static/js/daftar.js").path,
            String(decoding: try JSONSerialization.data(withJSONObject: params), as: UTF8.self),
            loose, setda.passphrase,
        ])
        try #require(node.status == 0, "node failed: \(node.output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(node.output.utf8)) as? [String: Any])
        let opened = try #require(result["right"] as? [String: Any])
        #expect((opened["rows"] as? [[String]])?.map { $0[2] } == ["19860926 201505 1 003", "19860926 201505 1 004"])
        #expect(opened["unit"] as? String == "Kecamatan A")
        #expect(result["wrong"] is NSNull)
        #expect(result["csv"] as? String == "\"a\",\"b\"\r\n\"'=1+1\",\"x\"\"y\"\r\n")
    }

    /// The roster pages and the unit pages that link to them pass strict mode: every key the default theme asks
    /// for is in their models.
    @Test func rosterPagesPassStrictMode() throws {
        let store = try site()
        _ = try RosterKeyIssuer(siteDirectory: store.directory).run()
        let config = try SiteConfig.load(siteDirectory: store.directory)
        let theme = try Theme(
            themesDirectory: TestSupport.repoRoot.appendingPathComponent("Themes"), name: "default", language: config.language)
        let dashboard = try #require(try Dashboard.load(from: store.datastore, config: config))
        let rosters = try #require(
            try RosterPages.prepare(config: config, siteDirectory: store.directory, dashboard: dashboard, store: store.datastore))
        let context = RenderContext(config: config, theme: theme, strict: true)
        let files = try RosterPageRenderer(context: context)
            .render(salt: rosters.salt, rosters: rosters.rosters, iterations: config.rosters.iterations)
        #expect(files.count == 2 && files.allSatisfy { $0.path.hasSuffix("/daftar/index.html") })
        let formatter = DisplayFormatter(language: config.language, timeZone: config.timeZone, monthNames: theme.strings["months"])
        let pages = try DashboardRenderer(context: context, dashboard: dashboard, formatter: formatter).render()
        let setda = try #require(pages.first { $0.path == "unit/sekretariat-daerah/index.html" })
        #expect(String(decoding: setda.bytes, as: UTF8.self).contains("/unit/sekretariat-daerah/daftar/"))
    }

    @Test func aBuildWithoutKeysSaysWhatToRun() throws {
        let store = try site()
        let config = try SiteConfig.load(siteDirectory: store.directory)
        let dashboard = try #require(try Dashboard.load(from: store.datastore, config: config))
        let error = #expect(throws: PantauError.self) {
            try RosterPages.prepare(config: config, siteDirectory: store.directory, dashboard: dashboard, store: store.datastore)
        }
        #expect(error?.message.contains("run `pantau roster keys`") == true)
        #expect(throws: PantauError.self) { try RosterKeyIssuer(siteDirectory: store.directory, rotate: true).run() }
    }

    @Test func rosterIterationsCannotGoBelow600k() throws {
        let store = try site()
        try store.write("site.yml", RosterTests.siteYML + "rosters:\n  enabled: true\n  iterations: 100000\n")
        let error = #expect(throws: PantauError.self) { try SiteConfig.load(siteDirectory: store.directory) }
        #expect(error?.message.contains("between 600000") == true)
    }
}
