import Crypto
import Foundation
import GRDB

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

    /// The datastore's ledger; nil when the datastore has none (created by the v5 migration).
    static func load(_ db: Database) throws -> IdentifierLedger? {
        guard let hex = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [secretName]),
            let secret = Self.bytes(hex: hex)
        else { return nil }
        let blob = try Data.fetchOne(db, sql: "SELECT hashes FROM identifier_ledger WHERE id = 1") ?? Data()
        var entries = [UInt64](repeating: 0, count: blob.count / 8)
        entries.withUnsafeMutableBytes { target in
            blob.withUnsafeBytes { source in target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<target.count])) }
        }
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
    func matcher() -> Matcher { Matcher(base: HMAC<SHA256>(key: SymmetricKey(data: secret)), entries: entries) }

    /// ``IdentifierLedger/contains(_:)`` for many values: the keyed HMAC state is computed once and copied
    /// for each value, so a lookup costs two SHA-256 blocks instead of four plus the key's set-up.
    /// Not `Sendable` (swift-crypto's HMAC is not): each thread makes its own.
    struct Matcher {
        fileprivate let base: HMAC<SHA256>
        fileprivate let entries: [UInt64]

        func entry(_ normalised: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var mac = base
            mac.update(data: UnsafeRawBufferPointer(normalised))
            let code = mac.finalize()
            return code.withUnsafeBytes { raw in raw.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
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

    /// Merges `added` into the ledger and stores it (inside the caller's transaction).
    mutating func add(_ added: [UInt64], db: Database) throws {
        let fresh = Set(added).filter { !Identifiers.bisect(entries, $0) }
        if !fresh.isEmpty { entries = (entries + fresh).sorted() }
        var blob = Data(count: entries.count * 8)
        blob.withUnsafeMutableBytes { target in
            entries.withUnsafeBytes { source in
                target.copyMemory(from: source)
            }
            if UInt64(1).littleEndian != 1 {
                let words = target.bindMemory(to: UInt64.self)
                for i in words.indices { words[i] = words[i].littleEndian }
            }
        }
        try db.execute(sql: "INSERT OR REPLACE INTO identifier_ledger(id, hashes) VALUES (1, ?)", arguments: [blob])
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
