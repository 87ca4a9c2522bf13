import CKeyedHash
import Foundation
import GRDB
import GRDBSQLite

/// Every NIP, NIK and email ever imported into a datastore, as keyed hashes, so the privacy guard knows the
/// identifiers of leavers, rejected rows and status-list rows, not only today's employees.
///
/// - A value is normalised as output is (``PrivacyText``: NFKC, lower case, entities decoded), then reduced:
///   a NIP or NIK to its digits (kept only with 16 or 18 of them, the lengths the guard looks for), an email
///   to its text without spaces (kept only with an `@`).
/// - Its entry is HMAC-SHA256 under a random 256-bit secret made once per datastore (`meta.ledger_secret`),
///   truncated to its first 8 bytes (at a few million entries a false match is about 1 in 10¹²). Without the
///   secret the ledger is not a list of NIKs; with it (it is in the same file, which is private) each guess
///   costs one HMAC, like the employee table it sits beside.
/// - The entries are kept sorted in one blob (`identifier_ledger`, one row), so the guard loads the whole
///   ledger with one read and looks values up by bisection; an import merges its new entries in, inside its
///   transaction (rolled back with it). Entries are never removed.
struct IdentifierLedger: Sendable {
    /// The HMAC secret (raw bytes: `SymmetricKey` is not Sendable).
    private let secret: [UInt8]
    /// The entries, sorted ascending.
    private(set) var entries: [UInt64]

    static let secretName = "ledger_secret"

    var count: Int { entries.count }

    init(secret: [UInt8], entries: [UInt64] = []) {
        self.secret = secret
        self.entries = entries
    }

    /// The datastore's ledger; nil when the datastore has none (created by the v5 migration). Without `entries`,
    /// only its secret (enough to compute entries; an import computes them while the ledger may be large).
    static func load(_ db: Database, entries withEntries: Bool = true) throws -> IdentifierLedger? {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [secretName]),
            let secret = Self.bytes(hex: hex)
        else { return nil }
        guard withEntries else { return IdentifierLedger(secret: secret) }
        // Read straight into the entries (incremental I/O): no second copy of a ledger of millions.
        guard let length = try Int.fetchOne(db, sql: "SELECT length(hashes) FROM identifier_ledger WHERE id = 1"), length >= 8 else {
            return IdentifierLedger(secret: secret)
        }
        var blob: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", "identifier_ledger", "hashes", 1, 0, &blob)
        defer { sqlite3_blob_close(blob) }
        guard opened == SQLITE_OK, let blob else { throw Self.sqliteError(db, opened) }
        var entries = [UInt64](repeating: 0, count: length / 8)
        let read = entries.withUnsafeMutableBytes { sqlite3_blob_read(blob, $0.baseAddress, Int32($0.count), 0) }
        guard read == SQLITE_OK else { throw Self.sqliteError(db, read) }
        for i in entries.indices { entries[i] = UInt64(littleEndian: entries[i]) }
        return IdentifierLedger(secret: secret, entries: entries)
    }

    /// Makes a new secret and stores it with an empty ledger (the migration).
    static func create(_ db: Database) throws -> IdentifierLedger {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hex = secret.map { String(format: "%02x", $0) }.joined()
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [secretName, hex])
        return IdentifierLedger(secret: secret)
    }

    /// The entry of a value already normalised (digits, or an email's normalised bytes).
    func entry(_ normalised: UnsafeBufferPointer<UInt8>) -> UInt64 { matcher().entry(normalised) }

    /// Whether the normalised value was ever imported.
    func contains(_ normalised: UnsafeBufferPointer<UInt8>) -> Bool { matcher().contains(normalised) }

    /// A lookup with the HMAC key schedule done once; the privacy scanner makes one per file.
    func matcher() -> Matcher {
        var key = pantau_hmac_sha256_key()
        pantau_hmac_sha256_init(&key, secret, secret.count)  // 32 bytes: at most a block, as the C side needs
        return Matcher(key: key, entries: entries)
    }

    /// ``IdentifierLedger/contains(_:)`` for many values: the SHA-256 states after the key's pads are computed
    /// once, so an entry costs two SHA-256 blocks (on the CPU's SHA instructions where it has them) and no
    /// allocation: an import computes 13 million at national scale. swift-crypto's `HMAC` is the tests' oracle.
    struct Matcher {
        fileprivate let key: pantau_hmac_sha256_key
        fileprivate let entries: [UInt64]

        /// The first 8 bytes of HMAC-SHA256(secret, value), big-endian.
        func entry(_ normalised: UnsafeBufferPointer<UInt8>) -> UInt64 {
            withUnsafePointer(to: key) { pantau_hmac_sha256_prefix($0, normalised.baseAddress, normalised.count) }
        }

        func contains(_ normalised: UnsafeBufferPointer<UInt8>) -> Bool {
            !entries.isEmpty && Identifiers.bisect(entries, entry(normalised))
        }

        /// The entries of one row's identifiers (any field may hold anything: each is read as a number and
        /// as an email).
        func entries(of row: RowIdentifiers, into list: inout [UInt64]) {
            for value in [row.nip, row.nik, row.email] { if let value { entries(of: value, into: &list) } }
        }

        func entries(of value: String, into list: inout [UInt64]) {
            for form in IdentifierLedger.normalised(value) { list.append(form.withUnsafeBufferPointer { entry($0) }) }
        }

        /// ``entries(of:into:)-(String,_)`` of a value given as UTF-8 bytes (an import's stored values), without a
        /// `String` or an array when it is plain ASCII.
        func entries(of value: UnsafeBufferPointer<UInt8>, into list: inout [UInt64]) {
            IdentifierLedger.withForms(of: value) { list.append(entry($0)) }
        }
    }

    /// Calls `body` with each of ``normalised(_:)``'s forms of the UTF-8 `value`, in the same order. Plain ASCII
    /// is folded in a buffer on the stack; anything else goes through ``normalised(_:)``.
    static func withForms(of value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard !value.isEmpty else { return }
        guard value.allSatisfy(PrivacyText.foldsAlone) else {
            for form in normalised(String(decoding: value, as: UTF8.self)) { form.withUnsafeBufferPointer(body) }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.count) { buffer in
            // Folding leaves digits and `@` as they are: the digits of the folded text are the value's own.
            var count = 0
            for byte in value where byte >= PrivacyText.Byte.zero && byte <= PrivacyText.Byte.nine {
                buffer[count] = byte
                count += 1
            }
            if count == 16 || count == 18 { body(UnsafeBufferPointer(rebasing: buffer[0..<count])) }
            guard value.contains(PrivacyText.Byte.at) else { return }
            count = 0
            for byte in value {
                let folded = PrivacyText.foldASCII(byte)
                if folded != PrivacyText.Byte.space {
                    buffer[count] = folded
                    count += 1
                }
            }
            body(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The forms of `value` the guard looks up: its digits (16 or 18 of them), its email text (with `@`).
    /// Plain ASCII (no `&`, `%` or `\` that could start an escape) is folded byte by byte, as
    /// ``PrivacyText`` would; anything else goes through ``PrivacyText``. An import runs this for three
    /// values of every row.
    static func normalised(_ value: String) -> [[UInt8]] {
        guard !value.isEmpty else { return [] }
        let plain = value.utf8.allSatisfy(PrivacyText.foldsAlone)
        return forms(of: plain ? value.utf8.map(PrivacyText.foldASCII) : PrivacyText(value).bytes)
    }

    /// The forms of a value already normalised by ``PrivacyText``.
    static func forms(of text: [UInt8]) -> [[UInt8]] {
        var forms: [[UInt8]] = []
        let digits = text.filter { $0 >= PrivacyText.Byte.zero && $0 <= PrivacyText.Byte.nine }
        if digits.count == 16 || digits.count == 18 { forms.append(digits) }
        if text.contains(PrivacyText.Byte.at) { forms.append(text.filter { $0 != PrivacyText.Byte.space }) }
        return forms
    }

    /// Merges `added` into the ledger and stores it (inside the caller's transaction). `added` is sorted in place.
    ///
    /// The entries are the sorted union without duplicates, merged in one pass; the blob is written through
    /// SQLite's incremental I/O, so at national scale (13 million entries) no second copy of it is made.
    mutating func add(_ added: inout [UInt64], db: Database) throws {
        Self.sortInPlace(&added)
        var kept = 0
        for value in added where kept == 0 || added[kept - 1] != value {
            added[kept] = value
            kept += 1
        }
        added.removeLast(added.count - kept)
        entries = entries.isEmpty ? added : Self.union(entries, added)
        try db.execute(
            sql: "INSERT OR REPLACE INTO identifier_ledger(id, hashes) VALUES (1, zeroblob(?))", arguments: [entries.count * 8])
        guard !entries.isEmpty else { return }
        var blob: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", "identifier_ledger", "hashes", 1, 1, &blob)
        defer { sqlite3_blob_close(blob) }
        guard opened == SQLITE_OK, let blob else { throw Self.sqliteError(db, opened) }
        // Little-endian words, a chunk at a time.
        let chunk = 1 << 16
        var words = [UInt64](repeating: 0, count: chunk)
        var start = 0
        while start < entries.count {
            let count = min(chunk, entries.count - start)
            for i in 0..<count { words[i] = entries[start + i].littleEndian }
            let written = words.withUnsafeBytes { sqlite3_blob_write(blob, $0.baseAddress, Int32(count * 8), Int32(start * 8)) }
            guard written == SQLITE_OK else { throw Self.sqliteError(db, written) }
            start += count
        }
    }

    /// Sorts entries in place with no second list: the standard library's sort would borrow up to half the
    /// list again (tens of MB at national scale). Entries are keyed hashes, spread evenly, so one in-place radix
    /// pass on the top byte (American flag sort) leaves 256 buckets of similar size, each then sorted alone.
    /// A list already sorted but for a short tail (an import's rejected rows after its sorted valid ones) has the
    /// tail sorted alone and merged in from the back.
    static func sortInPlace(_ values: inout [UInt64]) {
        guard values.count > 1 << 14 else { return values.sort() }
        var sorted = 1
        while sorted < values.count, values[sorted - 1] <= values[sorted] { sorted += 1 }
        if sorted == values.count { return }
        if values.count - sorted <= values.count / 8 {
            let tail = values[sorted...].sorted()
            var (i, j, k) = (sorted - 1, tail.count - 1, values.count - 1)
            while j >= 0 {
                if i >= 0, values[i] > tail[j] {
                    values[k] = values[i]
                    i -= 1
                } else {
                    values[k] = tail[j]
                    j -= 1
                }
                k -= 1
            }
            return
        }
        values.withUnsafeMutableBufferPointer { values in
            var starts = [Int](repeating: 0, count: 257)
            for value in values { starts[Int(value >> 56) + 1] += 1 }
            for bucket in 0..<256 { starts[bucket + 1] += starts[bucket] }
            var next = Array(starts[0..<256])
            for bucket in 0..<256 {
                let end = starts[bucket + 1]
                while next[bucket] < end {
                    let home = Int(values[next[bucket]] >> 56)
                    if home == bucket {
                        next[bucket] += 1
                    } else {
                        values.swapAt(next[bucket], next[home])
                        next[home] += 1
                    }
                }
            }
            for bucket in 0..<256 {
                var slice = UnsafeMutableBufferPointer(rebasing: values[starts[bucket]..<starts[bucket + 1]])
                slice.sort()
            }
        }
    }

    /// The sorted union of two sorted lists, each value once.
    static func union(_ existing: [UInt64], _ added: [UInt64]) -> [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(existing.count + added.count)
        var i = 0
        var j = 0
        while i < existing.count || j < added.count {
            let next: UInt64
            if j == added.count || (i < existing.count && existing[i] <= added[j]) {
                next = existing[i]
                i += 1
            } else {
                next = added[j]
                j += 1
            }
            if result.last != next { result.append(next) }
        }
        return result
    }

    private static func sqliteError(_ db: Database, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: chars[i...(i + 1)], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }
}
