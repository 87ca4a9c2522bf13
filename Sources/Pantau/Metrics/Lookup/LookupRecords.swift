import Crypto
import Foundation

/// What an employee learns after a successful lookup: the plaintext of their encrypted record.
struct LookupRecord: Sendable, Equatable, Codable {
    /// Whether the MySAPK account is activated.
    var activated: Bool
    /// Activation date, `YYYY-MM-DD`, when known.
    var activatedOn: String?
    /// The registered email, masked by ``EmailMask``; nil when none is registered.
    var email: String?
    /// Name of the employee's unit (Perangkat Daerah or sub-unit).
    var unit: String
    /// Keys of the data categories not yet done (`sesuai` or `disetujui`), in config order.
    var notDone: [String]

    enum CodingKeys: String, CodingKey {
        case activated
        case activatedOn = "activated_on"
        case email, unit
        case notDone = "not_done"
    }
}

/// One employee as the lookup sees them: the two secrets and the record they open.
struct LookupEntry: Sendable {
    var nip: String
    var nik: String
    var record: LookupRecord
}

/// One published record: its id (hex) and its sealed blob (base64 of nonce ‖ ciphertext ‖ tag).
struct LookupBucketEntry: Sendable, Equatable {
    var id: String
    var blob: String
}

/// Every encrypted record, grouped into buckets, plus what the browser needs to find them.
struct LookupTable: Sendable {
    var salt: String
    var iterations: Int
    /// Entries of each bucket, sorted by id; every bucket is present, empty or not.
    var buckets: [[LookupBucketEntry]]
    var records: Int
    /// Derivations run in this build (cache misses).
    var derived: Int
    /// The cache to save after the build: exactly the keys of this build's employees.
    var cache: LookupCache
}

/// The lookup stage: employee records in, encrypted buckets out.
enum LookupRecords {
    /// Records per bucket the bucket count aims at (each bucket holds 16–32 on average).
    static let recordsPerBucket = 32

    /// A power of two so buckets hold between half and all of ``recordsPerBucket`` on average.
    static func bucketCount(forRecords n: Int) -> Int {
        var count = 1
        while count * recordsPerBucket < n { count *= 2 }
        return count
    }

    /// NIP and NIK as typed or exported: spaces, dots and dashes between digit groups dropped.
    /// cek.js applies the same rule to what the user types.
    static func normalise(_ number: String) -> String {
        if number.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) { return number }
        return String(number.filter { $0 != " " && $0 != "." && $0 != "-" })
    }

    static func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// The lookup entry of one employee, or nil when their NIP or NIK is missing or malformed.
    static func entry(_ employee: EmployeeRecord, unitNames: [String: String], categories: [DataConfig.DataCategory]) -> LookupEntry? {
        let nip = normalise(employee.nip)
        guard let rawNIK = employee.nik else { return nil }
        let nik = normalise(rawNIK)
        guard isDigits(nip, count: 18), isDigits(nik, count: 16) else { return nil }
        let notDone = categories.indices.compactMap { i -> String? in
            let done = i < employee.statuses.count && employee.statuses[i].isDone
            return done ? nil : categories[i].key
        }
        let record = LookupRecord(
            activated: employee.activated,
            activatedOn: employee.activated ? employee.activationDate?.description : nil,
            email: employee.email.flatMap(EmailMask.mask),
            unit: unitNames[employee.unitCode] ?? employee.unitCode,
            notDone: notDone)
        return LookupEntry(nip: nip, nik: nik, record: record)
    }

    /// Streams the datastore's current employees into entries; `skipped` counts those without a usable NIP/NIK.
    static func entries(from store: Datastore, categories: [DataConfig.DataCategory]) throws -> (
        entries: [LookupEntry], skipped: Int
    ) {
        let unitNames = Dictionary(try store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        var entries: [LookupEntry] = []
        var skipped = 0
        try store.forEachEmployee { employee in
            if let entry = entry(employee, unitNames: unitNames, categories: categories) { entries.append(entry) } else { skipped += 1 }
        }
        return (entries, skipped)
    }

    /// The plaintext of every record, padded with spaces to one common length (a multiple of 64
    /// bytes) so a blob's size says nothing about the email, the unit or how much is left to do.
    static func plaintexts(_ records: [LookupRecord]) -> [[UInt8]] {
        let raw = records.map(json)
        let longest = raw.map(\.count).max() ?? 0
        let padded = (longest + 63) / 64 * 64
        return raw.map { $0 + Array(repeating: UInt8(ascii: " "), count: padded - $0.count) }
    }

    /// One record as JSON with its keys sorted, as `JSONEncoder` with `.sortedKeys` writes it (absent
    /// optionals left out), through the one ``JSONEscaper``. Written by hand: `JSONEncoder` took a
    /// quarter of the lookup's time on every rebuild. `cek.js` reads it with `JSON.parse`.
    static func json(_ record: LookupRecord) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out.append(contentsOf: #"{"activated":"#.utf8)
        out.append(contentsOf: (record.activated ? "true" : "false").utf8)
        if let date = record.activatedOn {
            out.append(contentsOf: #","activated_on":"#.utf8)
            JSONEscaper.append(date, to: &out)
        }
        if let email = record.email {
            out.append(contentsOf: #","email":"#.utf8)
            JSONEscaper.append(email, to: &out)
        }
        out.append(contentsOf: #","not_done":["#.utf8)
        for (i, key) in record.notDone.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONEscaper.append(key, to: &out)
        }
        out.append(contentsOf: #"],"unit":"#.utf8)
        JSONEscaper.append(record.unit, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// SHA-256 of everything sealing reads: the schedule's version, salt, iterations, and each record's
    /// cache key (which covers NIP, NIK, salt and iterations) and padded plaintext, in order. Equal
    /// fingerprints mean equal sealed output, since sealing is deterministic (``LookupKeys/seal(_:)``).
    static func sealingFingerprint(salt: String, iterations: Int, jobs: [(cacheKey: [UInt8], text: [UInt8])]) -> [UInt8] {
        var hash = SHA256()
        hash.update(data: Array("pantau-cek-sealed/v\(LookupKeys.formatVersion)\0\(salt)\0\(iterations)\0\(jobs.count)\0".utf8))
        var buffer: [UInt8] = []
        for job in jobs {
            buffer.removeAll(keepingCapacity: true)
            buffer += job.cacheKey
            let n = UInt32(job.text.count)
            buffer += [UInt8(n >> 24), UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)]
            buffer += job.text
            hash.update(data: buffer)
        }
        return Array(hash.finalize())
    }

    /// Derives (or takes from `cache`) every entry's key on all cores, seals its record and buckets it.
    static func build(entries: [LookupEntry], salt: String, iterations: Int, cache: LookupCache, deriver: KeyDeriver = .pbkdf2)
        throws -> LookupTable
    {
        // Sorted by NIP so order of the datastore's rows never changes the output.
        let sorted = entries.sorted { ($0.nip, $0.nik) < ($1.nip, $1.nik) }
        let texts = plaintexts(sorted.map(\.record))
        struct Job: Sendable {
            var nip: String
            var nik: String
            var text: [UInt8]
            var cacheKey: [UInt8]
            var cached: [UInt8]?
        }
        let jobs = sorted.indices.map { i in
            let key = LookupCache.key(nip: sorted[i].nip, nik: sorted[i].nik, salt: salt, iterations: iterations)
            return Job(nip: sorted[i].nip, nik: sorted[i].nik, text: texts[i], cacheKey: key, cached: cache.master(for: key))
        }
        let fingerprint = sealingFingerprint(salt: salt, iterations: iterations, jobs: jobs.map { ($0.cacheKey, $0.text) })
        if let previous = cache.sealed, previous.fingerprint == fingerprint, jobs.allSatisfy({ $0.cached != nil }) {
            // The same records under the same keys: last build's sealed bytes are this build's.
            var kept = LookupCache()
            for job in jobs { if let master = job.cached { kept.set(master, for: job.cacheKey) } }
            kept.sealed = previous
            return LookupTable(
                salt: salt, iterations: iterations, buckets: previous.buckets, records: previous.buckets.reduce(0) { $0 + $1.count },
                derived: 0, cache: kept)
        }
        let sealed = try jobs.parallelMap { job -> (cacheKey: [UInt8], master: [UInt8], entry: LookupBucketEntry, keys: LookupKeys) in
            let master: [UInt8]
            if let cached = job.cached {
                master = cached
            } else {
                do {
                    master = try deriver.derive(job.nik, LookupKeys.salt(site: salt, nip: job.nip), iterations)
                } catch {
                    throw PantauError(
                        file: "site.yml", step: .metrics, "cek status: key derivation failed (\(error)); check `lookup.iterations`")
                }
            }
            let keys = LookupKeys(master: master)
            let blob = try keys.seal(job.text)
            return (job.cacheKey, master, LookupBucketEntry(id: keys.idHex, blob: Data(blob).base64EncodedString()), keys)
        }

        let count = bucketCount(forRecords: sealed.count)
        var buckets = Array(repeating: [LookupBucketEntry](), count: count)
        var newCache = LookupCache()
        var seen = Set<String>()
        for item in sealed {
            newCache.set(item.master, for: item.cacheKey)
            // The same NIP and NIK twice would give the same id; publish it once.
            guard seen.insert(item.entry.id).inserted else { continue }
            buckets[item.keys.bucket(count: count)].append(item.entry)
        }
        for i in buckets.indices { buckets[i].sort { $0.id < $1.id } }
        newCache.sealed = LookupCache.Sealed(fingerprint: fingerprint, buckets: buckets)
        return LookupTable(
            salt: salt, iterations: iterations, buckets: buckets, records: seen.count,
            derived: jobs.filter { $0.cached == nil }.count, cache: newCache)
    }
}
