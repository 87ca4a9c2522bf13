import Foundation
import Testing

@testable import Pantau

/// Issue 12, item 4: an employee's full name in public output fails the build; contacts' names and
/// `privacy.allow` values are exempt.
@Suite struct PrivacyNameTests {
    static let names = ["Bayu Pratama", "Dr. Hj. Siti Nurhaliza, S.Kom.", "Ani Sri"]

    static func rules(_ text: String, allow: [String] = [], contacts: [String] = []) -> [PrivacyGuard.Rule] {
        PrivacyGuard(identifiers: Identifiers(names: names), allow: allow, publicNames: contacts).rules(in: text)
    }

    @Test(arguments: [
        ("Laporan disusun oleh Bayu Pratama.", true),
        ("<p>oleh <strong>BAYU  PRATAMA</strong></p>", true),
        ("Bayu,\nPratama", true),
        ("dr hj siti nurhaliza s kom", true),
        ("Dr. Hj. Siti Nurhaliza, S.Kom.", true),
        ("Bayu Pratamaningsih", false),  // not the whole word
        ("Bayu dan Pratama", false),  // other words between
        ("Ani Sri", false),  // fewer than 8 letters: too likely in ordinary text
        ("Bayu", false),
    ])
    func plantedNames(text: String, found: Bool) {
        #expect(Self.rules(text).contains(.storedName) == found, "\(text)")
    }

    @Test func contactsAndAllowedNamesPass() {
        #expect(Self.rules("Hubungi Bayu Pratama", contacts: ["Bayu Pratama"]).isEmpty)
        #expect(Self.rules("Kepala: Bayu Pratama", allow: ["bayu pratama"]).isEmpty)
        #expect(Self.rules("Bayu Pratama dan Siti Nurhaliza", contacts: ["Bayu Pratama"]).isEmpty)
        #expect(Self.rules("Dr. Hj. Siti Nurhaliza, S.Kom. dan Bayu Pratama", contacts: ["Bayu Pratama"]) == [.storedName])
    }

    @Test func theErrorNamesFileLineAndHowToAllowButNotTheName() throws {
        let guardian = PrivacyGuard(identifiers: Identifiers(names: Self.names))
        let file = OutputFile(path: "pengumuman/index.html", bytes: Data("<p>Baris satu</p>\n<p>Bayu Pratama</p>\n".utf8))
        let problems = try guardian.problems(in: [file])
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.message.contains("privacy rule datastore-name") == true)
        #expect(problems.first?.message.contains("allow:") == true)
        #expect(problems.first?.message.lowercased().contains("bayu") == false)
    }

    @Test func aPlantedEmployeeNameFailsTheBuild() async throws {
        let site = try IdentifierLedgerTests.siteWithHistory()
        defer { try? FileManager.default.removeItem(at: site) }
        try "---\ntitle: Terima kasih\n---\nTerima kasih kepada\n\nbudi contoh\n"
            .write(to: site.appendingPathComponent("Content/pengumuman/terima.md"), atomically: true, encoding: .utf8)
        do {
            try await TestSupport.build(site)
            Issue.record("the build passed")
        } catch let errors as PantauErrors {
            let shown = errors.errors.map(\.description)
            let found = shown.contains { $0.hasPrefix("pengumuman/terima/index.html:") && $0.contains("privacy rule datastore-name:") }
            #expect(found, "\(shown)")
            #expect(!shown.joined().lowercased().contains("budi contoh"))
        }
    }

    /// Plain-ASCII names skip ``PrivacyText``; any name must get the key and prefixes it would through it.
    @Test func asciiNamesGetTheKeysTheGeneralPathGives() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["Bayu", "SITI", "nur", " ", "  ", ".", ", ", "\t", "\n", "Hj.", "S.Kom", "-", "'", "01", "&amp;", "%20", "é", "\\"]
        for _ in 0..<3_000 {
            let name = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            var fastPrefixes: [UInt64] = []
            var generalPrefixes: [UInt64] = []
            var bytes = name
            let fast = bytes.withUTF8 { NameKeys.key(of: $0, prefixes: &fastPrefixes) }
            let general = NameKeys.key(ofNormalised: PrivacyText(name).bytes, prefixes: &generalPrefixes)
            #expect(fast == general, "\(name.debugDescription)")
            #expect(fastPrefixes == generalPrefixes, "\(name.debugDescription)")
        }
    }

    @Test func manyNamesStillFindEachAndOnlyThem() {
        let names = (0..<20_000).map { "Pegawai Nomor\($0) Contoh" }
        let guardian = PrivacyGuard(identifiers: Identifiers(names: names))
        #expect(guardian.rules(in: "oleh PEGAWAI nomor19999 contoh.") == [.storedName])
        #expect(guardian.rules(in: "oleh Pegawai Nomor20000 Contoh.").isEmpty)
        #expect(guardian.rules(in: "Pegawai Nomor7 dan Contoh").isEmpty)
    }
}
