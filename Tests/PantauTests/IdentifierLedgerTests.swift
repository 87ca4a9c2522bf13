import CKeyedHash
import Crypto
import Foundation
import GRDB
import Testing

@testable import Pantau

/// Issue 12, "Why" 1: the guard knew only today's valid employees, so a leaver's or a rejected row's
/// identifiers published in an announcement passed the build.
@Suite struct IdentifierLedgerTests {
    static let categories = DataConfig.campaignCategories
    static let header =
        "nip,nik,nama,jenis_kelamin,status_pegawai,golongan,jabatan,kode_unit,email,status_aktivasi,tanggal_aktivasi,"
        + categories.map(\.key).joined(separator: ",")
    static func row(nip: String, nik: String, name: String, unit: String = "setda", email: String) -> String {
        "\(nip),\(nik),\(name),L,PNS,III/a,Analis,\(unit),\(email),sudah,2021-06-14,"
            + categories.map { _ in "belum" }.joined(separator: ",")
    }
    static let stays = row(nip: "198609262015051001", nik: "6474012609860001", name: "Budi Contoh", email: "budi@example.com")
    // A leaver: imported in the first snapshot only. Its NIK's province code (99) is no real one, so only the
    // ledger can know it.
    static let leaverNIK = "9904011203790002"
    static let leaverEmail = "sari.pergi@example.com"
    static let leaver = row(nip: "197903122005012003", nik: leaverNIK, name: "Sari Pergi", email: leaverEmail)
    // Rejected at import (unknown unit), so never in the employee table.
    static let rejectedNIK = "9905021505880003"
    static let rejectedEmail = "tolak.aku@example.com"
    static let rejected = row(nip: "198805152010011004", nik: rejectedNIK, name: "Tolak Aku", unit: "tidak-ada", email: rejectedEmail)

    /// A site whose datastore saw `leaver` and `rejected` in its first snapshot and neither in its second.
    static func siteWithHistory() throws -> URL {
        let site = try TestSupport.makeSite("basic")
        let store = try Datastore(path: site.appendingPathComponent("data/pantau.sqlite"), categories: categories)
        let units = site.appendingPathComponent("units.csv")
        try Data("kode,nama,induk,jenis\nsetda,Sekretariat Daerah,,sekretariat\n".utf8).write(to: units)
        _ = try UnitImporter(datastore: store).importFile(units)
        for (name, asOf, rows) in [("pegawai-1.csv", "2021-06-14", [stays, leaver, rejected]), ("pegawai-2.csv", "2021-07-14", [stays])] {
            let url = site.appendingPathComponent(name)
            try Data(([header] + rows).joined(separator: "\n").utf8).write(to: url)
            _ = try EmployeeImporter(datastore: store).importFile(url, displayPath: name, asOf: CalendarDate(iso: asOf)!)
        }
        return site
    }

    @Test func leaversAndRejectedRowsFailTheBuildNamingFileAndLine() async throws {
        let site = try Self.siteWithHistory()
        defer { try? FileManager.default.removeItem(at: site) }
        let pages: [String: String] = [
            "Content/pengumuman/keluar.md":
                "---\ntitle: Keluar\n---\nPegawai pindah.\n\nNIK \(Self.leaverNIK)\n\nSurel \(Self.leaverEmail)\n",
            "Content/pengumuman/ditolak.md": "---\ntitle: Ditolak\n---\nBaris ditolak, mohon perbaiki:\n\n"
                + "NIK \(Self.rejectedNIK.prefix(8)) \(Self.rejectedNIK.dropFirst(8))\n\nSurel TOLAK.AKU [at] example.com\n",
        ]
        for (path, text) in pages { try text.write(to: site.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        do {
            try await TestSupport.build(site)
            Issue.record("the build passed")
        } catch let errors as PantauErrors {
            let shown = errors.errors.map(\.description)
            for file in ["pengumuman/keluar/index.html", "pengumuman/ditolak/index.html"] {
                for rule in ["datastore-nik", "datastore-email"] {
                    let found = shown.contains { $0.hasPrefix(file + ":") && $0.contains("privacy rule \(rule):") }
                    #expect(found, "\(file) \(rule): \(shown)")
                }
            }
            #expect(errors.errors.allSatisfy { ($0.line ?? 0) > 0 })
            #expect(!shown.joined().contains(Self.leaverNIK) && !shown.joined().contains("example.com"))
        }
    }

    @Test func theLedgerHoldsKeyedHashesNotIdentifiers() throws {
        let site = try Self.siteWithHistory()
        defer { try? FileManager.default.removeItem(at: site) }
        let queue = try DatabaseQueue(path: site.appendingPathComponent("data/pantau.sqlite").path)
        let (blob, secret) = try queue.read { db in
            (
                try Data.fetchOne(db, sql: "SELECT hashes FROM identifier_ledger") ?? Data(),
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'ledger_secret'") ?? ""
            )
        }
        // Three rows of NIP, NIK and email: nine entries, none of them readable.
        #expect(blob.count == 9 * 8)
        #expect(secret.count == 64)
        for value in [Self.leaverNIK, Self.rejectedNIK, Self.leaverEmail, "197903122005012003"] {
            #expect(blob.range(of: Data(value.utf8)) == nil)
            let packed = Data(value.utf8.filter { $0 != UInt8(ascii: "@") }.prefix(8))
            #expect(blob.range(of: packed) == nil)
        }
        let again = try queue.read { db in try IdentifierLedger.load(db) }
        #expect(again?.count == 9)
    }

    /// A leaver's NIK and email are nowhere in the datastore file: not in a table, not in the ledger, not as stale free
    /// pages of the replaced employee table (`secure_delete`, which Debian's SQLite also enables by default).
    @Test func aLeaversIdentifiersAreGoneFromTheDatastoreFile() throws {
        let site = try Self.siteWithHistory()
        defer { try? FileManager.default.removeItem(at: site) }
        let bytes = try Data(contentsOf: site.appendingPathComponent("data/pantau.sqlite"))
        #expect(bytes.range(of: Data(Self.leaverNIK.utf8)) == nil)
        #expect(bytes.range(of: Data(Self.leaverEmail.utf8)) == nil)
    }

    @Test func eachDatastoreHasItsOwnSecret() throws {
        let one = try ScratchStore()
        let two = try ScratchStore()
        let secrets = try [one, two].map { store in
            try DatabaseQueue(path: store.path.path).read { db in
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'ledger_secret'")
            }
        }
        #expect(secrets[0] != nil && secrets[0] != secrets[1])
    }

    /// The ledger's own HMAC-SHA256 (C, SHA instructions where the CPU has them) gives swift-crypto's entries, for
    /// values of every length around SHA-256's block and padding boundaries.
    @Test(.serialized, arguments: [false, true])
    func entriesAreHMACSHA256AsSwiftCryptoComputesIt(portable: Bool) {
        // The plain C compression is checked too, whatever this CPU has (once chosen, it stays for the process).
        if portable { #expect(pantau_sha256_uses_cpu_instructions(1) == 0) }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let matcher = IdentifierLedger(secret: secret).matcher()
            let length = [0, 1, 16, 18, 31, 32, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 200][round % 17]
            let value = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let code = HMAC<SHA256>.authenticationCode(for: value, using: SymmetricKey(data: secret))
            let expected = code.withUnsafeBytes { raw in raw.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            #expect(value.withUnsafeBufferPointer { matcher.entry($0) } == expected, "\(length) bytes")
        }
    }

    /// Plain-ASCII values skip ``PrivacyText``; every value must get the forms it would through it.
    @Test func plainValuesGetTheFormsThePrivacyTextGives() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["1986", "0926", " ", "-", ".", "Budi", "@", "MAIL", ".go.id", "\t", "&#64;", "%40", "\\u0040", "１", "é", "[at]"]
        for _ in 0..<3_000 {
            let value = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let general = value.isEmpty ? [] : IdentifierLedger.forms(of: PrivacyText(value).bytes)
            #expect(IdentifierLedger.normalised(value) == general, "\(value.debugDescription)")
        }
        #expect(IdentifierLedger.normalised("19860926 201505 1 001") == [Array("198609262015051001".utf8)])
        #expect(IdentifierLedger.normalised("Budi&#64;Mail.go.id") == [Array("budi@mail.go.id".utf8)])
    }
}
