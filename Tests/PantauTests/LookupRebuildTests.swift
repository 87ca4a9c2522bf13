import Crypto
import Foundation
import Testing

@testable import Pantau

/// What makes a cek rebuild cheap: the sealed records kept in the cache and reused only when nothing
/// they were sealed from changed, the older cache format still read, and the byte-level fast paths
/// (record JSON, email mask) checked against the general code they replace.
@Suite struct LookupRebuildTests {
    static func cacheURL() -> URL {
        TestSupport.temporaryDirectory("cek-rebuild").appendingPathComponent("data/cek-cache.bin")
    }

    static func prepare(_ entries: [LookupEntry], cacheURL: URL, deriver: KeyDeriver = .pbkdf2) throws -> CekLookup {
        try CekLookup.prepare(entries: entries, config: LookupTests.config(), cacheURL: cacheURL, deriver: deriver)
    }

    // MARK: - Sealed records

    @Test func anUnchangedRebuildPublishesTheSealedRecordsOfTheCache() throws {
        let url = Self.cacheURL()
        let (entries, _) = LookupTests.entries()
        #expect(try Self.prepare(entries, cacheURL: url).saveCache() == nil)

        // Mark the kept records so reuse is visible: same fingerprint, one blob replaced.
        var cache = LookupCache.load(from: url, displayPath: "c").cache
        var sealed = try #require(cache.sealed)
        let b = try #require(sealed.buckets.firstIndex { !$0.isEmpty })
        sealed.buckets[b][0].blob = "DITANDAI"
        cache.sealed = sealed
        try cache.write(to: url)

        let again = try #require(try Self.prepare(entries, cacheURL: url).table)
        #expect(again.buckets[b][0].blob == "DITANDAI", "nothing changed, so nothing is sealed again")
        #expect(again.derived == 0)
        #expect(again.records == 3)
    }

    @Test(arguments: ["activated", "email", "unit", "notDone", "nik"])
    func anyChangeToARecordSealsAgain(field: String) throws {
        let url = Self.cacheURL()
        var (entries, _) = LookupTests.entries()
        #expect(try Self.prepare(entries, cacheURL: url).saveCache() == nil)
        var cache = LookupCache.load(from: url, displayPath: "c").cache
        var sealed = try #require(cache.sealed)
        for i in sealed.buckets.indices { for j in sealed.buckets[i].indices { sealed.buckets[i][j].blob = "BASI" } }
        cache.sealed = sealed
        try cache.write(to: url)

        switch field {
        case "activated": entries[0].record.activated.toggle()
        case "email": entries[0].record.email = "zz****@y****.com"
        case "unit": entries[0].record.unit = "Dinas Lain"
        case "notDone": entries[0].record.notDone.removeLast()
        default: entries[0].nik = "6474021503870009"
        }
        let changed = try #require(try Self.prepare(entries, cacheURL: url).table)
        let fresh = try #require(try Self.prepare(entries, cacheURL: Self.cacheURL()).table)
        #expect(changed.buckets == fresh.buckets, "a changed record reseals everything, as a first build would")
        #expect(!changed.buckets.joined().contains { $0.blob == "BASI" })
        #expect(try LookupTests.open(changed, nip: entries[0].nip, nik: entries[0].nik) == entries[0].record)
    }

    @Test func aCacheOfTheFirstFormatStillSavesEveryDerivation() throws {
        let url = Self.cacheURL()
        let (entries, _) = LookupTests.entries()
        #expect(try Self.prepare(entries, cacheURL: url).saveCache() == nil)
        let current = LookupCache.load(from: url, displayPath: "c").cache
        // Version 1: magic, version, count, sorted (key, master) pairs, SHA-256; no sealed records.
        var old = Array("PANTAUCK".utf8) + [1, 0, 0, 0, UInt8(current.count)]
        for (key, master) in current.entries.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) { old += key + master }
        old += Array(SHA256.hash(data: old))
        try Data(old).write(to: url)

        let counter = LookupTests.CountingDeriver()
        let rebuilt = try Self.prepare(entries, cacheURL: url, deriver: counter.deriver)
        #expect(counter.count == 0, "an upgrade must not cost every employee's derivation again")
        #expect(rebuilt.notes.allSatisfy { !$0.contains("ignoring it") })
        #expect(rebuilt.saveCache() == nil)
        #expect(LookupCache.load(from: url, displayPath: "c").cache.sealed != nil, "rewritten in the current format")
    }

    @Test func aTruncatedSealedSectionIsIgnoredWithANote() throws {
        let url = Self.cacheURL()
        let (entries, _) = LookupTests.entries()
        #expect(try Self.prepare(entries, cacheURL: url).saveCache() == nil)
        var bytes = Array(try Data(contentsOf: url))
        bytes.removeLast(32 + 10)
        bytes += Array(SHA256.hash(data: bytes))
        try Data(bytes).write(to: url)
        #expect(LookupCache.load(from: url, displayPath: "c").note?.contains("is truncated") == true)
    }

    // MARK: - Fast paths against the general code

    static let awkward = [
        "Dinas \"Kutip\" \\ Garis/Miring", "Kel. Api-Api <b>", "Tab\tBaris\nBaru", "Ünïcödé – ✓", "\u{1}\u{1F}", "",
    ]

    @Test func recordJSONReadsBackAsTheRecordAndMatchesJSONEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for round in 0..<300 {
            let record = LookupRecord(
                activated: Bool.random(using: &generator),
                activatedOn: round % 3 == 0 ? nil : "2021-0\(round % 9 + 1)-1\(round % 10)",
                email: round % 4 == 0 ? nil : Self.awkward.randomElement(using: &generator),
                unit: Self.awkward.randomElement(using: &generator) ?? "",
                notDone: Array(["data_utama", "pendidikan", "x\"y", "ü"].prefix(round % 5)))
            let fast = LookupRecords.json(record)
            #expect(try JSONDecoder().decode(LookupRecord.self, from: Data(fast)) == record)
            let text = [record.unit, record.email ?? ""] + record.notDone
            if text.allSatisfy({ !$0.contains("<") && !$0.unicodeScalars.contains { $0.value < 0x20 } }) {
                #expect(fast == Array(try encoder.encode(record)), "same bytes as JSONEncoder where it escapes alike")
            }
        }
    }

    @Test func asciiEmailMaskAgreesWithTheGeneralOne() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Bu", "di", ".", "@", "go", "id", "co", "sch", "x", " ", "\t", "..", "-", "_", "9", "Mail", "ac", "uk"]
        var fastPathTaken = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...10, using: &generator)
            let email = (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(EmailMask.mask(email) == EmailMask.maskAnyText(email), "\(email.debugDescription)")
            if let fast = EmailMask.maskPrintableASCII(email) {
                fastPathTaken += 1
                #expect(fast == EmailMask.maskAnyText(email), "\(email.debugDescription)")
            } else {
                #expect(email.contains("\t"), "only a tab inside leaves printable ASCII: \(email.debugDescription)")
            }
        }
        #expect(fastPathTaken > 2_000)
        #expect(EmailMask.maskPrintableASCII("sïti@gmail.com") == nil, "not ASCII: left to the general code")
        #expect(EmailMask.mask("Sïti@Gmail.com") == "s****@g****.com")
    }
}
