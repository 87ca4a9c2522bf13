import Foundation

/// The personal values the privacy guard looks for by value: NIPs and NIKs as numbers, emails as keys
/// of their normalised text (see ``PrivacyText``). Sorted once when built, searched by bisection.
/// With a datastore, also its ``IdentifierLedger``: every identifier ever imported, as keyed hashes.
struct Identifiers: Sendable {
    /// Every NIP, NIK and email ever imported (leavers, rejected and status-list rows too); nil without a datastore.
    private(set) var ledger: IdentifierLedger?
    /// Keys of employees' full names (``nameKey(_:)``); empty without a datastore.
    private(set) var names: Set<UInt64> = []
    /// Keys of the first 1, 2, … words of each name in `names` (without the last word), so the scanner
    /// stops at the first word no name starts with instead of reading the next words too.
    private(set) var namePrefixes: Set<UInt64> = []
    /// One bit per value of a first word's key's low 16 bits: a word whose bit is clear starts no name,
    /// known without hashing into `namePrefixes` (most words of a page start none).
    private(set) var firstWordBits = [UInt64](repeating: 0, count: 1 << 10)
    /// The most words of any name in `names`.
    private(set) var maxNameWords = 0
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
        addNames(names)
    }

    /// Every identifier of the datastore's employees, streamed as raw bytes (no `String` per row).
    init(store: Datastore) throws {
        var nips: [UInt64] = []
        var niks: [UInt64] = []
        var emails: [UInt64] = []
        try store.forEachIdentifierBytes { nip, nik, email in
            if nip.count == 18, let n = Self.number(nip) { nips.append(n) }
            if nik.count == 16, let n = Self.number(nik) { niks.append(n) }
            if email.contains(PrivacyText.Byte.at) { emails.append(Self.emailKey(email)) }
        }
        self.init(nips: nips, niks: niks, emailKeys: emails)
        ledger = try store.wrap { try IdentifierLedger.load($0) }
        var names: [String] = []
        try store.wrap { db in
            let cursor = try String.fetchCursor(db, sql: "SELECT name FROM employee")
            while let name = try cursor.next() { names.append(name) }
        }
        addNames(names)
    }

    /// Adds the keys of names that count as full names (see ``nameKey(_:)``).
    private mutating func addNames(_ list: [String]) {
        for name in list {
            guard let (key, prefixes) = Self.nameKeys(name) else { continue }
            names.insert(key)
            namePrefixes.formUnion(prefixes)
            if let first = prefixes.first { firstWordBits[Int(first >> 6 & 1023)] |= 1 << (first & 63) }
            maxNameWords = max(maxNameWords, prefixes.count + 1)
        }
    }

    /// Whether some name's first word has this key (false positives possible, no false negatives).
    @inline(__always) func mayStartName(_ key: UInt64) -> Bool {
        firstWordBits[Int(key >> 6 & 1023)] & (1 << (key & 63)) != 0
    }

    /// Shortest full name the guard looks for, in letters: shorter two-word names ("Ani Sri") are too
    /// likely to be ordinary words of a page.
    static let minNameLetters = 8
    /// Most words of a name looked for (longer ones are titles and degrees, cut to this many words).
    static let maxNameWordCount = 12

    /// The key of a full name, and its word count: its ``PrivacyText`` form cut into words (runs of letters
    /// and digits), joined by one space. Nil for names of one word or fewer than ``minNameLetters`` letters.
    static func nameKey(_ name: String) -> (key: UInt64, words: Int)? {
        nameKeys(name).map { ($0.key, $0.prefixes.count + 1) }
    }

    /// ``nameKey(_:)`` and the keys of the name's first 1, 2, … words short of the whole (the hash state
    /// after each word, as the scanner meets them).
    static func nameKeys(_ name: String) -> (key: UInt64, prefixes: [UInt64])? {
        let text = PrivacyText(name).bytes
        var h = FNV1a()
        var prefixes: [UInt64] = []
        var words = 0
        var letters = 0
        var inWord = false
        for b in text {
            if PrivacyScanner.isAlphanumeric(b) {
                if !inWord {
                    if words == maxNameWordCount { break }
                    if words > 0 {
                        prefixes.append(h.value)
                        h.add(PrivacyText.Byte.space)
                    }
                    words += 1
                    inWord = true
                }
                h.add(b)
                letters += 1
            } else {
                inWord = false
            }
        }
        guard words >= 2, letters >= minNameLetters else { return nil }
        return (h.value, prefixes)
    }

    /// Sorts the three lists, each on its own core: at national scale (4.3 M employees) sorting them one
    /// after another was most of the time the build waited for the guard.
    private init(nips: [UInt64], niks: [UInt64], emailKeys: [UInt64]) {
        let lists = [nips, niks, emailKeys]
        let sorted = (try? lists.parallelMap { $0.sorted() }) ?? lists.map { $0.sorted() }
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
