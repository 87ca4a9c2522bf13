import Foundation

/// The personal values the privacy guard looks for by value: NIPs and NIKs as numbers, emails as keys
/// of their normalised text (see ``PrivacyText``). Sorted once when built, searched by bisection.
/// With a datastore, also its ``IdentifierLedger``: every identifier ever imported, as keyed hashes.
struct Identifiers: Sendable {
    /// Every NIP, NIK and email ever imported (leavers, rejected and status-list rows too); nil without a datastore.
    private(set) var ledger: IdentifierLedger?
    /// Employees' full names, as keys (``NameKeys``); empty without a datastore.
    private(set) var names = NameKeys()
    private(set) var nips: [UInt64]
    private(set) var niks: [UInt64]
    private(set) var emails: [UInt64]

    var count: Int { nips.count + niks.count + emails.count }

    /// Built in one step from the values (NIPs of 18 digits, NIKs of 16, emails with `@`; others ignored).
    init(nips: [String] = [], niks: [String] = [], emails: [String] = [], names: [String] = []) {
        var emailKeys: [UInt64] = []
        for var email in emails where email.contains("@") { emailKeys.append(email.withUTF8 { Self.emailKey($0) }) }
        self.init(
            nips: nips.compactMap { $0.utf8.count == 18 ? Self.number($0) : nil },
            niks: niks.compactMap { $0.utf8.count == 16 ? Self.number($0) : nil },
            emailKeys: emailKeys)
        var builder = NameKeys.Builder()
        for name in names { builder.add(name) }
        self.names = builder.finish()
    }

    /// Every identifier and name of the datastore's employees, streamed as raw bytes (no `String` per row).
    init(store: Datastore) throws {
        var nips: [UInt64] = []
        var niks: [UInt64] = []
        var emails: [UInt64] = []
        let names = NameKeyWorker()
        var chunk = NameKeyWorker.Chunk()
        try store.forEachIdentifierBytes { nip, nik, email, name in
            if nip.count == 18, let n = Self.number(nip) { nips.append(n) }
            if nik.count == 16, let n = Self.number(nik) { niks.append(n) }
            if email.contains(PrivacyText.Byte.at) { emails.append(Self.emailKey(email)) }
            chunk.append(name)
            if chunk.isFull {
                names.add(chunk)
                chunk = NameKeyWorker.Chunk()
            }
        }
        names.add(chunk)
        self.init(nips: nips, niks: niks, emailKeys: emails)
        ledger = try store.wrap { try IdentifierLedger.load($0) }
        self.names = names.finish()
    }

    /// The key of a full name (see ``NameKeys``), and its word count; nil for names of one word or fewer
    /// than ``NameKeys/minLetters`` letters.
    static func nameKey(_ name: String) -> (key: UInt64, words: Int)? {
        var name = name
        var prefixes: [UInt64] = []
        return name.withUTF8 { NameKeys.key(of: $0, prefixes: &prefixes) }.map { ($0, prefixes.count + 1) }
    }

    /// Sorts the three lists, each on its own core: at national scale (4.3 M employees) sorting them one
    /// after another was most of the time the build waited for the guard.
    private init(nips: [UInt64], niks: [UInt64], emailKeys: [UInt64]) {
        let lists = [nips, niks, emailKeys]
        let sorted = (try? lists.parallelMap(RadixSort.sorted)) ?? lists.map(RadixSort.sorted)
        self.nips = sorted[0]
        self.niks = sorted[1]
        self.emails = sorted[2]
    }

    func containsNIP(_ value: UInt64) -> Bool { Self.bisect(nips, value) }
    func containsNIK(_ value: UInt64) -> Bool { Self.bisect(niks, value) }
    func containsEmail(key: UInt64) -> Bool { Self.bisect(emails, key) }

    /// Whether a normalised value (16 or 18 digits, or an email's text) was ever imported.
    func inLedger(_ normalised: UnsafeBufferPointer<UInt8>) -> Bool { ledger?.contains(normalised) ?? false }

    /// The key of an email as stored: its text normalised as output is (lower case, entities decoded).
    static func emailKey(_ email: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if email.allSatisfy({ $0 < 0x80 && $0 != PrivacyText.Byte.ampersand && $0 != PrivacyText.Byte.percent }) {
            var h = FNV1a()
            for b in email { h.add(PrivacyText.foldASCII(b)) }
            return h.value
        }
        return emailKey(normalised: PrivacyText(Data(email)).bytes)
    }

    /// The key of an email already normalised by ``PrivacyText``.
    static func emailKey(normalised: [UInt8]) -> UInt64 {
        var h = FNV1a()
        for b in normalised { h.add(b) }
        return h.value
    }

    static func bisect(_ a: [UInt64], _ x: UInt64) -> Bool {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for b in bytes {
            guard b >= PrivacyText.Byte.zero, b <= PrivacyText.Byte.nine else { return nil }
            value = value * 10 + UInt64(b - PrivacyText.Byte.zero)
        }
        return value
    }

    static func number(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { number($0) }
    }
}

/// FNV-1a, 64 bits: stable across runs (unlike `Hasher`), collisions negligible at this scale.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }
}
