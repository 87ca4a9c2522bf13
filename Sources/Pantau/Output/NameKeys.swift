/// The full names the privacy guard looks for, as keys: each name's ``PrivacyText`` form cut into words
/// (runs of letters and digits) joined by one space, hashed with ``FNV1a``; and the keys of each name's
/// first 1, 2, … words, so the scanner stops at the first word no name starts with.
///
/// Built once per build from every employee (4.3 million at national scale), so names are read as bytes,
/// plain-ASCII names are cut without building a ``PrivacyText``, and the keys are kept in sorted arrays
/// (searched by bisection) rather than sets. A bitmap of first words, sized to the names, answers "no name
/// starts with this word" for most words of a page without a search.
struct NameKeys: Sendable {
    /// Shortest full name looked for, in letters: shorter two-word names ("Ani Sri") are too likely to be
    /// ordinary words of a page.
    static let minLetters = 8
    /// Most words of a name looked for (longer ones are titles and degrees, cut to this many words).
    static let maxWordCount = 12

    private(set) var names: [UInt64] = []
    private(set) var prefixes: [UInt64] = []
    private var firstWordBits: [UInt64] = [0]
    private var firstWordMask: UInt64 = 63
    /// The most words of any name.
    private(set) var maxWords = 0

    var isEmpty: Bool { names.isEmpty }

    init() {}

    /// Collects names one at a time, then ``finish()`` sorts them into a ``NameKeys``.
    struct Builder {
        private var names: [UInt64] = []
        // Prefixes and first words repeat (4.3 million names have a few hundred thousand distinct prefixes):
        // kept distinct as they come rather than sorted with every repeat.
        private var prefixes = KeySet()
        private var firstWords = KeySet()
        private var scratch: [UInt64] = []
        private var maxWords = 0

        mutating func add(_ name: String) {
            var name = name
            name.withUTF8 { add(bytes: $0) }
        }

        mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
            scratch.removeAll(keepingCapacity: true)
            guard let key = NameKeys.key(of: bytes, prefixes: &scratch) else { return }
            names.append(key)
            if let first = scratch.first { firstWords.insert(first) }
            for prefix in scratch { prefixes.insert(prefix) }
            maxWords = max(maxWords, scratch.count + 1)
        }

        func finish() -> NameKeys {
            var keys = NameKeys()
            let lists = [names, prefixes.elements, firstWords.elements]
            let sorted = (try? lists.parallelMap(NameKeys.sortedUnique)) ?? lists.map(NameKeys.sortedUnique)
            keys.names = sorted[0]
            keys.prefixes = sorted[1]
            keys.maxWords = maxWords
            // About 1 bit in 16 set: most words that start no name are told so by one load.
            var bits = 64
            while bits < sorted[2].count * 16 { bits *= 2 }
            keys.firstWordMask = UInt64(bits - 1)
            keys.firstWordBits = [UInt64](repeating: 0, count: bits / 64)
            for word in sorted[2] {
                let bit = word & keys.firstWordMask
                keys.firstWordBits[Int(bit >> 6)] |= 1 << (bit & 63)
            }
            return keys
        }
    }

    /// Whether some name's first word has this key (false positives possible, no false negatives).
    @inline(__always) func mayStart(_ firstWord: UInt64) -> Bool {
        let bit = firstWord & firstWordMask
        return firstWordBits[Int(bit >> 6)] & (1 << (bit & 63)) != 0
    }

    func contains(_ key: UInt64) -> Bool { Identifiers.bisect(names, key) }
    func containsPrefix(_ key: UInt64) -> Bool { Identifiers.bisect(prefixes, key) }

    /// The key of a full name, appending the keys of its first 1, 2, … words short of the whole to
    /// `prefixes`. Nil (and nothing appended) for names of one word or fewer than ``minLetters`` letters.
    static func key(of name: UnsafeBufferPointer<UInt8>, prefixes: inout [UInt64]) -> UInt64? {
        // `&`, `%` and `\` may start an escape and bytes over 0x7F a non-ASCII character: those names go
        // through ``PrivacyText`` as output does. Any other ASCII byte is its folded self.
        if name.allSatisfy(PrivacyText.foldsAlone) {
            return key(ofNormalised: name.lazy.map(PrivacyText.foldASCII), prefixes: &prefixes)
        }
        return key(ofNormalised: PrivacyText(String(decoding: name, as: UTF8.self)).bytes, prefixes: &prefixes)
    }

    static func key(ofNormalised text: some Sequence<UInt8>, prefixes: inout [UInt64]) -> UInt64? {
        let start = prefixes.count
        var h = FNV1a()
        var words = 0
        var letters = 0
        var inWord = false
        for b in text {
            if PrivacyScanner.isAlphanumeric(b) {
                if !inWord {
                    if words == maxWordCount { break }
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
        guard words >= 2, letters >= minLetters else {
            prefixes.removeSubrange(start...)
            return nil
        }
        return h.value
    }

    private static func sortedUnique(_ list: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(list.count)
        for value in RadixSort.sorted(list) where out.last != value { out.append(value) }
        return out
    }
}
