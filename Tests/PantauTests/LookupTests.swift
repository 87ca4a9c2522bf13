import Foundation
import Testing

@testable import Pantau

/// The "cek status" lookup: masking, key schedule, sealing, buckets, cache, the /cek/ page, and
/// the real cek.js run in node against what Swift wrote.
@Suite struct LookupTests {
    // MARK: - Fixtures

    static let categories = Array(DataConfig.campaignCategories.prefix(4))
    static let units = [
        OrgUnit(code: "D01", name: "Dinas Pendidikan dan Kebudayaan", parentCode: nil, kind: "opd"),
        OrgUnit(code: "K02", name: "Kelurahan Api-Api", parentCode: "C01", kind: "kelurahan"),
    ]

    static func employee(
        _ nip: String, _ nik: String?, email: String?, unit: String = "D01", activated: Bool = true,
        on date: CalendarDate? = CalendarDate(year: 2021, month: 6, day: 14), statuses: [CategoryStatus]
    ) -> EmployeeRecord {
        EmployeeRecord(nip: nip, nik: nik, email: email, unitCode: unit, activated: activated, activationDate: date, statuses: statuses)
    }

    /// Three employees with NIK, one without (skipped), one with a malformed NIK (skipped).
    static let employees: [EmployeeRecord] = [
        employee(
            "198703152010011001", "6474021503870001", email: "Rahmat.Hidayat@gmail.com", statuses: [.sesuai, .belum, .disetujui, .ditolak]),
        employee(
            "199001012019032002", "6474014101900002", email: nil, unit: "K02", activated: false, on: nil,
            statuses: [.belum, .belum, .belum, .belum]),
        employee(
            "197512312000121003", "6474033112750003", email: "budi@mail.bontangkota.go.id",
            statuses: [.sesuai, .sesuai, .disetujui, .sesuai]),
        employee("198001012005011004", nil, email: "tanpa.nik@yahoo.co.id", statuses: [.belum, .belum, .belum, .belum]),
        employee("198001012005011005", "12345", email: "nik.rusak@yahoo.co.id", statuses: [.belum, .belum, .belum, .belum]),
    ]

    static func entries() -> (entries: [LookupEntry], skipped: Int) {
        let names = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0.name) })
        var out: [LookupEntry] = []
        var skipped = 0
        for e in employees {
            if let entry = LookupRecords.entry(e, unitNames: names, categories: categories) { out.append(entry) } else { skipped += 1 }
        }
        return (out, skipped)
    }

    static let testIterations = 1_000

    static func config(iterations: Int = testIterations, enabled: Bool = true) -> SiteConfig {
        var config = SiteConfig(title: "Situs Uji", baseURL: "https://uji.example.go.id/")
        config.data.categories = categories
        config.lookup = LookupConfig(enabled: enabled, iterations: iterations)
        return config
    }

    /// A deriver that counts its calls (real PBKDF2 underneath).
    /// NSLock rather than Synchronization.Mutex, which needs macOS 15 and the package targets 14.
    final class CountingDeriver: @unchecked Sendable {
        private let lock = NSLock()
        private var calls = 0
        var deriver: KeyDeriver {
            KeyDeriver { nik, salt, iterations in
                self.lock.withLock { self.calls += 1 }
                return try KeyDeriver.pbkdf2.derive(nik, salt, iterations)
            }
        }
        var count: Int { lock.withLock { calls } }
    }

    static func renderer() throws -> CekRenderer {
        let config = config()
        let theme = try Theme(
            themesDirectory: TestSupport.repoRoot.appendingPathComponent("Themes"), name: "default", language: config.language)
        let formatter = DisplayFormatter(language: config.language, timeZone: config.timeZone, monthNames: theme.strings["months"])
        return CekRenderer(context: RenderContext(config: config, theme: theme), formatter: formatter)
    }

    static let allGuides: Set<String> = Set(CekRenderer.guides.map(\.url))

    /// Builds the lookup files for the fixture employees into memory.
    static func lookupFiles(cacheURL: URL? = nil, deriver: KeyDeriver = .pbkdf2) throws -> (lookup: CekLookup, files: [OutputFile]) {
        let (entries, skipped) = entries()
        let cache = cacheURL ?? TestSupport.temporaryDirectory("cek-cache").appendingPathComponent("cek-cache.bin")
        let lookup = try CekLookup.prepare(entries: entries, skipped: skipped, config: config(), cacheURL: cache, deriver: deriver)
        let files = try renderer().render(
            lookup, categories: categories, asOf: CalendarDate(year: 2021, month: 6, day: 21), pageURLs: allGuides)
        return (lookup, files)
    }

    /// Opens the record of (nip, nik) the way a browser would, from the table alone.
    static func open(_ table: LookupTable, nip: String, nik: String) throws -> LookupRecord? {
        let master = try KeyDeriver.pbkdf2.derive(nik, LookupKeys.salt(site: table.salt, nip: nip), table.iterations)
        let keys = LookupKeys(master: master)
        guard let entry = table.buckets[keys.bucket(count: table.buckets.count)].first(where: { $0.id == keys.idHex }),
            let blob = Data(base64Encoded: entry.blob), let plain = keys.open(Array(blob))
        else { return nil }
        return try JSONDecoder().decode(LookupRecord.self, from: Data(plain))
    }

    // MARK: - Masking

    @Test(arguments: [
        ("rahmat.hidayat@gmail.com", "ra****@g****.com"),
        ("Rahmat.Hidayat@Gmail.COM", "ra****@g****.com"),
        ("budi@gmail.com", "b****@g****.com"),
        ("abcdef@gmail.com", "ab****@g****.com"),
        ("abcde@gmail.com", "a****@g****.com"),
        ("ab@yahoo.com", "a****@y****.com"),
        ("a@yahoo.com", "****@y****.com"),
        ("siti@yahoo.co.id", "s****@y****.co.id"),
        ("bkpsdm@bontangkota.go.id", "bk****@b****.go.id"),
        ("budi@mail.bontangkota.go.id", "b****@****.b****.go.id"),
        ("dosen01@mail.unmul.ac.id", "do****@****.u****.ac.id"),
        ("guru@sdn001.sch.id", "g****@s****.sch.id"),
        ("john.smith@example.co.uk", "jo****@e****.co.uk"),
        ("x.y@a.b.example.com", "x****@****.****.e****.com"),
        ("user@go.id", "u****@g****.id"),
        ("user@localhost", "u****@l****"),
        ("  Spasi@Gmail.com ", "s****@g****.com"),
    ])
    func masksEmails(email: String, expected: String) {
        #expect(EmailMask.mask(email) == expected)
    }

    @Test(arguments: ["", "tanpa-at", "@gmail.com", "user@", "user@gmail..com", "user@.com"])
    func rejectsWhatIsNotAnEmail(_ text: String) {
        #expect(EmailMask.mask(text) == nil)
    }

    // MARK: - Records and keys

    @Test func entriesCarryWhatTheEmployeeShouldSee() {
        let (entries, skipped) = Self.entries()
        #expect(skipped == 2)
        #expect(entries.map(\.nip) == ["198703152010011001", "199001012019032002", "197512312000121003"])
        #expect(
            entries[0].record
                == LookupRecord(
                    activated: true, activatedOn: "2021-06-14", email: "ra****@g****.com",
                    unit: "Dinas Pendidikan dan Kebudayaan", notDone: ["rw_jabatan", "rw_skp"]))
        #expect(
            entries[1].record
                == LookupRecord(
                    activated: false, activatedOn: nil, email: nil, unit: "Kelurahan Api-Api",
                    notDone: ["data_personal", "rw_jabatan", "rw_pendidikan", "rw_skp"]))
        #expect(entries[2].record.notDone.isEmpty)
    }

    @Test func spacedNumbersFromExportsAreNormalised() {
        let e = Self.employee("19870315 201001 1 001", "6474-0215-0387-0001", email: nil, statuses: [])
        let entry = LookupRecords.entry(e, unitNames: [:], categories: Self.categories)
        #expect(entry?.nip == "198703152010011001")
        #expect(entry?.nik == "6474021503870001")
        #expect(entry?.record.unit == "D01", "an unknown unit code is shown as the code")
    }

    @Test func roundTripRecoversEveryRecord() throws {
        let (lookup, _) = try Self.lookupFiles()
        let table = try #require(lookup.table)
        #expect(table.records == 3)
        for entry in Self.entries().entries {
            #expect(try Self.open(table, nip: entry.nip, nik: entry.nik) == entry.record)
        }
    }

    @Test func wrongNIKOrNIPRecoversNothing() throws {
        let (lookup, _) = try Self.lookupFiles()
        let table = try #require(lookup.table)
        let entry = Self.entries().entries[0]
        #expect(try Self.open(table, nip: entry.nip, nik: "6474021503870002") == nil)
        #expect(try Self.open(table, nip: "198703152010011002", nik: entry.nik) == nil)
        // Even handed the right blob, wrong keys cannot open it.
        let right = LookupKeys(
            master: try KeyDeriver.pbkdf2.derive(entry.nik, LookupKeys.salt(site: table.salt, nip: entry.nip), table.iterations))
        let wrong = LookupKeys(
            master: try KeyDeriver.pbkdf2.derive("6474021503870002", LookupKeys.salt(site: table.salt, nip: entry.nip), table.iterations))
        let blob = try #require(table.buckets.flatMap { $0 }.first { $0.id == right.idHex }.flatMap { Data(base64Encoded: $0.blob) })
        #expect(right.open(Array(blob)) != nil)
        #expect(wrong.open(Array(blob)) == nil)
    }

    @Test func sealingIsDeterministicAndNoncesFollowContent() throws {
        let keys = LookupKeys(master: Array(repeating: 7, count: 32))
        let a = try keys.seal(Array("{\"a\":1}".utf8))
        let b = try keys.seal(Array("{\"a\":2}".utf8))
        #expect(try keys.seal(Array("{\"a\":1}".utf8)) == a)
        #expect(a.prefix(12) != b.prefix(12), "different plaintexts under one key must get different nonces")
        #expect(keys.open(a) == Array("{\"a\":1}".utf8))
        var tampered = a
        tampered[20] ^= 1
        #expect(keys.open(tampered) == nil)
    }

    @Test func everyBlobHasTheSameLength() throws {
        let table = try #require(try Self.lookupFiles().lookup.table)
        let lengths = Set(table.buckets.flatMap { $0 }.map(\.blob.count))
        #expect(lengths.count == 1)
    }

    @Test(arguments: [(0, 1), (1, 1), (32, 1), (33, 2), (100, 4), (4_000, 128), (4_096, 128), (4_097, 256)])
    func bucketCountKeepsBucketsSmall(records: Int, buckets: Int) {
        #expect(LookupRecords.bucketCount(forRecords: records) == buckets)
    }

    @Test func bucketsAreAllWrittenSortedAndFindable() throws {
        // 100 synthetic employees: 4 buckets, each file present, entries sorted by id.
        let entries = (0..<100).map { i in
            LookupEntry(
                nip: String(format: "1986092620150510%02d", i), nik: String(format: "64740226098600%02d", i),
                record: LookupRecord(activated: i % 2 == 0, activatedOn: nil, email: nil, unit: "U", notDone: []))
        }
        let lookup = try CekLookup.prepare(
            entries: entries, config: Self.config(), cacheURL: TestSupport.temporaryDirectory().appendingPathComponent("c.bin"))
        let table = try #require(lookup.table)
        #expect(table.buckets.count == 4)
        for bucket in table.buckets { #expect(bucket.map(\.id) == bucket.map(\.id).sorted()) }
        let files = try Self.renderer().render(lookup, categories: Self.categories, asOf: nil, pageURLs: [])
        #expect(Set(files.map(\.path)).isSuperset(of: (0..<4).map { "cek/data/\($0).json" }))
        #expect(try Self.open(table, nip: entries[42].nip, nik: entries[42].nik)?.activated == true)
    }

    @Test func twoBuildsOfTheSameRecordsGiveIdenticalBytes() throws {
        let first = try Self.lookupFiles().files
        let second = try Self.lookupFiles().files
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
    }

    // MARK: - Cache

    @Test func secondBuildDerivesNothingAndAChangedNIKDerivesOne() throws {
        let cacheURL = TestSupport.temporaryDirectory("cek").appendingPathComponent("data/cek-cache.bin")
        let counter = CountingDeriver()
        let first = try Self.lookupFiles(cacheURL: cacheURL, deriver: counter.deriver)
        #expect(counter.count == 3)
        #expect(first.lookup.table?.derived == 3)
        #expect(first.lookup.saveCache() == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: cacheURL.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "the cache is private")

        let second = try Self.lookupFiles(cacheURL: cacheURL, deriver: counter.deriver)
        #expect(counter.count == 3, "a rebuild with the same data runs no derivation")
        #expect(second.lookup.table?.derived == 0)
        #expect(second.files.map(\.bytes) == first.files.map(\.bytes))

        var (entries, _) = Self.entries()
        entries[1].nik = "6474014101900009"
        let third = try CekLookup.prepare(entries: entries, config: Self.config(), cacheURL: cacheURL, deriver: counter.deriver)
        #expect(counter.count == 4)
        #expect(third.table?.derived == 1)
        // The saved cache holds this build's employees only: the old NIK's key is gone.
        #expect(third.saveCache() == nil)
        #expect(LookupCache.load(from: cacheURL, displayPath: "c").cache.count == 3)
    }

    @Test func changedIterationsOrSaltMissTheCache() throws {
        let cacheURL = TestSupport.temporaryDirectory("cek").appendingPathComponent("cek-cache.bin")
        let counter = CountingDeriver()
        let (entries, _) = Self.entries()
        #expect(
            try CekLookup.prepare(entries: entries, config: Self.config(), cacheURL: cacheURL, deriver: counter.deriver).saveCache() == nil)
        _ = try CekLookup.prepare(entries: entries, config: Self.config(iterations: 1_001), cacheURL: cacheURL, deriver: counter.deriver)
        var salted = Self.config()
        salted.lookup.salt = "lain"
        _ = try CekLookup.prepare(entries: entries, config: salted, cacheURL: cacheURL, deriver: counter.deriver)
        #expect(counter.count == 9)
    }

    static func cacheBytes(version: UInt8, count: UInt8) -> Data {
        let header: [UInt8] = Array("PANTAUCK".utf8) + [version, 0, 0, 0, count]
        return Data(header + [UInt8](repeating: 0, count: 32))
    }

    static let badCaches: [(Data, String)] = [
        (Data("bukan cache".utf8), "is not a Pantau lookup cache"),
        (cacheBytes(version: 9, count: 0), "has an unknown format version 9"),
        (cacheBytes(version: 1, count: 5), "is truncated"),
        (cacheBytes(version: 1, count: 0), "fails its checksum"),
    ]

    @Test(arguments: badCaches)
    func aBadCacheIsIgnoredWithANote(bytes: Data, problem: String) throws {
        let cacheURL = TestSupport.temporaryDirectory("cek").appendingPathComponent("cek-cache.bin")
        try bytes.write(to: cacheURL)
        let counter = CountingDeriver()
        let (lookup, _) = try Self.lookupFiles(cacheURL: cacheURL, deriver: counter.deriver)
        #expect(counter.count == 3)
        #expect(
            lookup.notes.first
                == "Cek status: the cache data/cek-cache.bin \(problem); ignoring it and deriving every key again (it is rewritten after "
                + "this build)."
        )
        #expect(lookup.saveCache() == nil)
        #expect(LookupCache.load(from: cacheURL, displayPath: "c").note == nil)
    }

    @Test func aCacheThatCannotBeWrittenIsANoteNotAFailure() throws {
        let blocker = TestSupport.temporaryDirectory("cek").appendingPathComponent("bukan-folder")
        try Data("x".utf8).write(to: blocker)
        let (lookup, files) = try Self.lookupFiles(cacheURL: blocker.appendingPathComponent("cek-cache.bin"))
        #expect(files.contains { $0.path == "cek/params.json" })
        let note = try #require(lookup.saveCache())
        #expect(note.contains("could not write the lookup cache"))
        #expect(note.contains("this build goes on, but the next one will derive every key again"))
    }

    @Test func aFlippedByteInAGoodCacheIsCaught() throws {
        let cacheURL = TestSupport.temporaryDirectory("cek").appendingPathComponent("cek-cache.bin")
        #expect(try Self.lookupFiles(cacheURL: cacheURL).lookup.saveCache() == nil)
        var bytes = try Data(contentsOf: cacheURL)
        bytes[40] ^= 0x80
        try bytes.write(to: cacheURL)
        #expect(LookupCache.load(from: cacheURL, displayPath: "c").note?.contains("fails its checksum") == true)
    }

    // MARK: - Published files

    @Test func noPersonalValueInAnyPublishedFile() throws {
        let (_, files) = try Self.lookupFiles()
        let guardian = PrivacyGuard(
            identifiers: Identifiers(
                nips: Self.employees.map(\.nip), niks: Self.employees.compactMap(\.nik), emails: Self.employees.compactMap(\.email)),
            allow: ["19860926 201505 1 001"])
        #expect(guardian.identifiers.count == 12)
        #expect(try guardian.problems(in: files).isEmpty)
        // The guard is really looking: the same files with one NIK added fail.
        let leak = OutputFile(path: "cek/bocor.txt", text: "6474021503870001")
        #expect(try guardian.problems(in: files + [leak]).map(\.file) == ["cek/bocor.txt"])
        // Nor does any masked email or unit name appear in the clear.
        let text = files.map { String(decoding: $0.bytes, as: UTF8.self) }.joined()
        #expect(!text.contains("ra****"))
        #expect(!text.contains("Api-Api"))
    }

    @Test func pageHasTheFormAndItsScript() throws {
        let (_, files) = try Self.lookupFiles()
        let page = String(decoding: try #require(files.first { $0.path == "cek/index.html" }).bytes, as: UTF8.self)
        for needle in [
            "name=\"nip\"", "name=\"nik\"", "inputmode=\"numeric\"", "autocomplete=\"off\"", "<label for=\"cek-nip\">",
            "<div id=\"cek-result\" class=\"cek-result\" role=\"status\" aria-live=\"polite\">", "<noscript>",
            "type=\"submit\"", "/js/cek.", "Data per 21 Juni 2021", "\"rw_skp\":\"Riwayat SKP\"",
            "\"update\":\"/panduan/langkah-update-data-mandiri/\"",
        ] {
            #expect(page.contains(needle), "cek/index.html lacks \(needle)")
        }
        let params =
            try JSONSerialization.jsonObject(with: try #require(files.first { $0.path == "cek/params.json" }).bytes) as? [String: Any]
        #expect(params?["iterations"] as? Int == Self.testIterations)
        #expect(params?["salt"] as? String == "https://uji.example.go.id/")
        #expect(params?["buckets"] as? Int == 1)
        #expect(params?["version"] as? Int == LookupKeys.formatVersion)
    }

    @Test func guidanceLinksTheSiteLacksAreLeftOut() throws {
        let (entries, _) = Self.entries()
        let lookup = try CekLookup.prepare(
            entries: entries, config: Self.config(), cacheURL: TestSupport.temporaryDirectory().appendingPathComponent("c.bin"))
        let files = try Self.renderer().render(lookup, categories: Self.categories, asOf: nil, pageURLs: ["/kontak/"])
        let page = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(page.contains("\"links\":{\"contact\":\"/kontak/\"}"))
    }

    // MARK: - Lookup off

    @Test(arguments: [
        (CekLookup.OffReason.disabled, "Pengelola situs menonaktifkan"), (.noData, "belum diimpor"), (.noNIK, "tidak memuat NIK"),
    ])
    func lookupOffStillHasAPageThatSaysWhy(reason: CekLookup.OffReason, text: String) throws {
        let lookup = CekLookup.off(reason, note: "")
        let files = try Self.renderer().render(lookup, categories: Self.categories, asOf: nil, pageURLs: ["/kontak/"])
        #expect(files.map(\.path) == ["cek/index.html"])
        let page = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(page.contains(text))
        #expect(page.contains("href=\"/kontak/\""))
        // No lookup form and no lookup script (the site-wide search form and script stay).
        #expect(!page.contains("name=\"nik\""))
        #expect(!page.contains("js/cek."))
    }

    @Test func noUsableNIKTurnsTheLookupOffWithANote() throws {
        let lookup = try CekLookup.prepare(
            entries: [], skipped: 4, config: Self.config(), cacheURL: TestSupport.temporaryDirectory().appendingPathComponent("c.bin"))
        #expect(lookup.table == nil)
        #expect(lookup.offReason == .noNIK)
        #expect(lookup.notes == ["Cek status lookup is off: no employee has an 18-digit NIP and a 16-digit NIK in the data (4 without)."])
    }

    @Test func siteWithoutDataBuildsWithTheLookupOff() async throws {
        let site = try TestSupport.makeSite("basic")
        let report = try await TestSupport.build(site)
        #expect(report.notes.contains("Cek status lookup is off: no employee data imported yet; /cek/ says so."))
        let page = TestSupport.read(site.appendingPathComponent("Output/cek/index.html"))
        #expect(page.contains("Cek status belum tersedia"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/cek/params.json").path))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("data/cek-cache.bin").path))
    }

    @Test func disabledInSiteYml() async throws {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        try (TestSupport.read(yml) + "lookup:\n  enabled: false\n").write(to: yml, atomically: true, encoding: .utf8)
        let report = try await TestSupport.build(site)
        #expect(report.notes.contains("Cek status lookup is off (`lookup.enabled: false` in site.yml); /cek/ says so."))
        #expect(TestSupport.read(site.appendingPathComponent("Output/cek/index.html")).contains("Pengelola situs menonaktifkan"))
    }

    // MARK: - Config

    @Test func lookupConfigDefaultsAndSettings() throws {
        let defaults = try SiteConfig.parse("title: A\nbase_url: https://a.example/\n")
        #expect(defaults.lookup == LookupConfig())
        #expect(defaults.lookup.resolvedSalt(baseURL: defaults.baseURL) == "https://a.example/")
        let set = try SiteConfig.parse(
            "title: A\nlookup:\n  enabled: false\n  iterations: 250000\n  salt: bontang-2021\n  cache: data/lain.bin\n")
        #expect(set.lookup == LookupConfig(enabled: false, iterations: 250_000, salt: "bontang-2021", cache: "data/lain.bin"))
    }

    @Test(arguments: [
        (
            "title: A\nlookup:\n  iterations: 10\n",
            "site.yml:3:15: `iterations` should be between 1000 and 10000000 (default 600000), found 10"
        ),
        (
            "title: A\nlookup:\n  cache: Output/cek.bin\n",
            "site.yml:3:10: `cache` must stay private: put it beside the datastore (data/cek-cache.bin), not under Output/, Content/ or "
                + "Themes/"
        ),
        (
            "title: A\nlookup:\n  cache: ../cek.bin\n",
            "site.yml:3:10: `cache` should be a path inside the site folder like data/cek-cache.bin, found \"../cek.bin\""
        ),
        ("title: A\nlookup:\n  salt: \"\"\n", "site.yml:3:9: `salt` is empty; remove it to use base_url, or set any fixed text"),
        (
            "title: A\nlookup:\n  iterasi: 5\n",
            "site.yml:3:3: unknown key `iterasi`; known keys here are `enabled`, `iterations`, `salt`, `cache`"
        ),
    ])
    func lookupConfigErrors(yaml: String, expected: String) {
        #expect(throws: PantauError.self) { try SiteConfig.parse(yaml) }
        do { _ = try SiteConfig.parse(yaml) } catch { #expect("\(error)" == expected) }
    }

    // MARK: - The browser's side, in node

    /// Runs the real Themes/default/static/js/cek.js in node (WebCrypto as globalThis.crypto.subtle)
    /// against files Swift wrote: right NIP+NIK opens the record, a wrong NIK finds nothing.
    @Test func cekJsInNodeOpensWhatSwiftSealed() throws {
        let (_, files) = try Self.lookupFiles()
        let out = TestSupport.temporaryDirectory("cek-node")
        for file in files {
            let url = out.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.bytes.write(to: url)
        }
        let script = """
            const api = require(process.argv[1]);
            const fs = require('fs'), path = require('path');
            const dir = process.argv[2];
            const params = JSON.parse(fs.readFileSync(path.join(dir, 'cek/params.json'), 'utf8'));
            const fetchJSON = async (p) => JSON.parse(fs.readFileSync(path.join(dir, 'cek', p), 'utf8'));
            (async () => {
              const out = {};
              for (const [name, nip, nik] of JSON.parse(process.argv[3])) {
                const input = api.validate(nip, nik);
                out[name] = Object.keys(input.errors).length ? { errors: input.errors }
                  : await api.lookup({ nip: input.nip, nik: input.nik, params, subtle: globalThis.crypto.subtle, fetchJSON });
              }
              process.stdout.write(JSON.stringify(out));
            })().catch((e) => { console.error(e); process.exit(1); });
            """
        let cases = [
            ["right", "19870315 201001 1 001", "6474 0215 0387 0001"],
            ["inactive", "199001012019032002", "6474014101900002"],
            ["wrong_nik", "198703152010011001", "6474021503870002"],
            ["no_nik_in_data", "198001012005011004", "6474010101800001"],
            ["swapped", "6474021503870001", "198703152010011001"],
            ["short", "1987031520100110", "6474021503870001"],
            ["letters", "19860926201505100x", ""],
        ]
        let node = try Self.runNode([
            "-e", script, TestSupport.repoRoot.appendingPathComponent("Themes/default/static/js/cek.js").path,
            out.path, String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self),
        ])
        try #require(node.status == 0, "node failed: \(node.output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(node.output.utf8)) as? [String: [String: Any]])
        #expect(result["right"]?["status"] as? String == "found")
        let record = try #require(result["right"]?["record"] as? [String: Any])
        #expect(record["activated"] as? Bool == true)
        #expect(record["activated_on"] as? String == "2021-06-14")
        #expect(record["email"] as? String == "ra****@g****.com")
        #expect(record["unit"] as? String == "Dinas Pendidikan dan Kebudayaan")
        #expect(record["not_done"] as? [String] == ["rw_jabatan", "rw_skp"])
        #expect((result["inactive"]?["record"] as? [String: Any])?["activated"] as? Bool == false)
        #expect(result["wrong_nik"]?.keys.sorted() == ["status"])
        #expect(result["wrong_nik"]?["status"] as? String == "not_found")
        #expect(result["no_nik_in_data"]?["status"] as? String == "not_found")
        #expect((result["swapped"]?["errors"] as? [String: [Any]])?["nip"]?.first as? String == "swapped")
        #expect((result["short"]?["errors"] as? [String: [Any]])?["nip"]?.map { "\($0)" } == ["nip_length", "16"])
        let letters = result["letters"]?["errors"] as? [String: [Any]]
        #expect(letters?["nip"]?.first as? String == "digits_only")
        #expect(letters?["nik"]?.first as? String == "nik_empty")
    }

    @Test func everyStringCekJsUsesIsTranslated() throws {
        let js = TestSupport.read(TestSupport.repoRoot.appendingPathComponent("Themes/default/static/js/cek.js"))
        var used = Set(js.matches(of: /t\('([a-z_]+)'/).map { String($0.output.1) })
        used.formUnion([
            "not_found", "version", "contact", "guide", "nip_empty", "nik_empty", "nip_length", "nik_length", "digits_only", "swapped",
        ])
        for language in ["id", "en"] {
            let theme = try Theme(
                themesDirectory: TestSupport.repoRoot.appendingPathComponent("Themes"), name: "default", language: language)
            for key in used.sorted() { #expect(theme.strings["cek_js_" + key] != nil, "i18n/\(language).yml lacks cek_js_\(key)") }
        }
    }

    /// node from PATH; a missing node fails the test with a clear message rather than skipping it.
    static func runNode(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node"] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch {
            Issue.record("node (v18 or later, with WebCrypto) is required to test cek.js but could not be started: \(error)")
            throw error
        }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            Issue.record("node (v18 or later, with WebCrypto) is required to test cek.js and was not found on PATH; install nodejs")
        }
        let output = String(decoding: out, as: UTF8.self)
        return (process.terminationStatus, process.terminationStatus == 0 ? output : output + String(decoding: err, as: UTF8.self))
    }
}
