/// One pass of the privacy guard over one normalised file (``PrivacyText``).
///
/// Numbers: a run of digits continues over gaps of at most 3 other characters (tags count as none), so
/// `19860926 201505 1 001`, `1963<br>0829…` and `1.986.092.620` are each one run. Every 18- and 16-digit
/// window of a run is looked up among the known identifiers; windows that start and end on a group
/// boundary are checked for the shape of a NIP or NIK. The inside of a tag skipped in a run is scanned on
/// its own afterwards, so attribute values are read too. Emails: around each `@`, `[at]` or `(at)`.
/// The buffers are allocated once per file and reused for every run.
struct PrivacyScanner {
    typealias Byte = PrivacyText.Byte
    typealias Rule = PrivacyGuard.Rule

    private let guardian: PrivacyGuard
    private let text: PrivacyText
    /// The datastore's ledger, keyed once for this file; nil without one or when it is empty.
    private let ledger: IdentifierLedger.Matcher?
    /// Whether the guard knows any names (read once, not per word).
    private let hasNames: Bool
    /// The digits (values 0–9) of the current run.
    private var digits: [UInt8] = []
    /// For each digit group of the run: its first digit's index in `digits` and its position in the text.
    private var groups: [(digit: Int, position: Int)] = []
    /// Tags skipped inside the current run (their inside, as text ranges), scanned after the run.
    private var tags: [Range<Int>] = []
    private var found: Set<PrivacyGuard.Finding> = []
    /// A value looked up in the ledger, as text.
    private var candidate: [UInt8] = []

    /// Longest local part of an email tried (RFC 5321's limit).
    private static let maxLocalPart = 64
    /// Longest gap between digit groups, in normalised characters.
    private static let maxGap = 3
    /// Longest tag skipped inside a number.
    private static let maxTag = 2048

    init(guard guardian: PrivacyGuard, text: PrivacyText) {
        self.guardian = guardian
        self.text = text
        self.hasNames = !guardian.identifiers.names.isEmpty
        self.ledger = guardian.identifiers.ledger.flatMap { $0.count == 0 ? nil : $0.matcher() }
    }

    mutating func scan() -> Set<PrivacyGuard.Finding> {
        text.bytes.withUnsafeBufferPointer { t in scan(t, 0..<t.count, skippingTags: true) }
        return found
    }

    // MARK: - Character classes

    // Arithmetic, not a lookup table: a `static let` table costs a `swift_once` call per byte read.
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c &- Byte.zero < 10 }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { c &- Byte.lowerA < 26 || c == Byte.otherLetter }
    @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }

    // MARK: - Scan

    private mutating func scan(_ t: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, skippingTags: Bool) {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = t[i]
            if Self.isDigit(c) {
                // Fewer than 16 digits ending at a letter or the end: a run of its own that holds no
                // identifier (collectRun would stop at the same place). Most digits in base64 and
                // words are these.
                var j = i + 1
                while j < end, Self.isDigit(t[j]) { j += 1 }
                if j - i < 16, j == end || Self.isLetter(t[j]) {
                    i = j
                    continue
                }
                let tagCount = tags.count
                let runEnd = collectRun(t, from: i, end: end, skippingTags: skippingTags)
                checkRun()
                if skippingTags {
                    for k in tagCount..<tags.count { scan(t, tags[k], skippingTags: false) }
                    tags.removeSubrange(tagCount...)
                }
                i = runEnd
                continue
            }
            if Self.isLetter(c), hasNames,
                i == range.lowerBound || !Self.isAlphanumeric(t[i - 1])
            {
                checkName(t, at: i, end: end)
            }
            if c == Byte.at {
                checkEmail(t, at: i, width: 1, end: end)
            } else if c == Byte.openBracket || c == Byte.openParen, i + 3 < end, t[i + 1] == Byte.lowerA,
                t[i + 2] == Byte.lowerT, t[i + 3] == (c == Byte.openBracket ? Byte.closeBracket : Byte.closeParen)
            {
                checkEmail(t, at: i, width: 4, end: end)
            }
            i += 1
        }
    }

    /// Reads the run starting at `start` into `digits` and `groups`; returns the index after its last digit.
    private mutating func collectRun(_ t: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, skippingTags: Bool) -> Int {
        digits.removeAll(keepingCapacity: true)
        groups.removeAll(keepingCapacity: true)
        var j = start
        groups.append((0, j))
        while true {
            while j < end, Self.isDigit(t[j]) {
                digits.append(t[j] - Byte.zero)
                j += 1
            }
            let digitsEnd = j
            let tagCount = tags.count
            var gap = 0
            while j < end, !Self.isAlphanumeric(t[j]), gap <= Self.maxGap {
                if skippingTags, t[j] == Byte.less, let close = Self.tagEnd(t, at: j, end: end) {
                    tags.append((j + 1)..<close)
                    j = close + 1
                } else {
                    gap += 1
                    j += 1
                }
            }
            guard j < end, gap <= Self.maxGap, Self.isDigit(t[j]) else {
                if skippingTags { tags.removeSubrange(tagCount...) }
                return digitsEnd
            }
            // Tags alone (`<b>1986</b>0926`) join digits into one group; any other gap starts a new one.
            if gap > 0 { groups.append((digits.count, j)) }
        }
    }

    /// The index of the `>` closing a tag that opens at `i` (`<` then a letter, `/`, `!` or `?`).
    private static func tagEnd(_ t: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        let next = t[i + 1]
        guard (next >= Byte.lowerA && next <= Byte.lowerZ) || next == Byte.slash || next == Byte.bang || next == Byte.question
        else { return nil }
        var j = i + 2
        let limit = min(end, i + maxTag)
        while j < limit {
            if t[j] == Byte.greater { return j }
            if t[j] == Byte.less { return nil }
            j += 1
        }
        return nil
    }

    // MARK: - Numbers

    private mutating func checkRun() {
        guard digits.count >= 16 else { return }
        digits.withUnsafeBufferPointer { d in
            for (length, rule) in [(18, Rule.storedNIP), (16, Rule.storedNIK)] where d.count >= length {
                var value: UInt64 = 0
                var power: UInt64 = 1
                for _ in 1..<length { power *= 10 }
                for k in 0..<d.count {
                    if k >= length { value -= UInt64(d[k - length]) * power }
                    value = value * 10 + UInt64(d[k])
                    guard k >= length - 1 else { continue }
                    var known = rule == .storedNIP ? guardian.identifiers.containsNIP(value) : guardian.identifiers.containsNIK(value)
                    if !known, ledger != nil {
                        known = inLedger(d, from: k + 1 - length, length: length)
                    }
                    if known, !guardian.allowedNumbers.contains(value) { record(rule, digit: k + 1 - length) }
                }
            }
            // Shapes: consecutive groups laid out as people write the number (``IdentifierShape/layouts``);
            // any other split (chart coordinates, tables of figures) is left to the known values above.
            for g in 0..<groups.count {
                let first = groups[g].digit
                var layout: UInt64 = 0
                for h in (g + 1)...groups.count {
                    let groupLength = (h < groups.count ? groups[h].digit : d.count) - groups[h - 1].digit
                    layout = layout << 5 | UInt64(groupLength)
                    let length = (h < groups.count ? groups[h].digit : d.count) - first
                    if length > 18 { break }
                    guard let rule = IdentifierShape.layouts[layout] else { continue }
                    let shaped = rule == .nipShape ? IdentifierShape.isNIP(d, from: first) : IdentifierShape.isNIK(d, from: first)
                    guard shaped else { continue }
                    let value = d[first..<(first + length)].reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
                    let known =
                        (length == 18 ? guardian.identifiers.containsNIP(value) : guardian.identifiers.containsNIK(value))
                        || (ledger != nil && inLedger(d, from: first, length: length))
                    if !known, !guardian.allowedNumbers.contains(value) { record(rule, digit: first) }
                }
            }
        }
    }

    /// Whether the `length` digits of the run from `start` are in the datastore's ledger.
    private mutating func inLedger(_ d: UnsafeBufferPointer<UInt8>, from start: Int, length: Int) -> Bool {
        candidate.removeAll(keepingCapacity: true)
        for k in start..<(start + length) { candidate.append(d[k] + Byte.zero) }
        return candidate.withUnsafeBufferPointer { ledger?.contains($0) ?? false }
    }

    private mutating func record(_ rule: Rule, digit: Int) {
        var g = groups.count - 1
        while g > 0, groups[g].digit > digit { g -= 1 }
        let position = groups[g].position + (digit - groups[g].digit)
        found.insert(PrivacyGuard.Finding(rule: rule, line: text.line(at: position)))
    }

    // MARK: - Names

    /// Looks for a known full name starting with the word at `start`: its words in order, each whole,
    /// separated by 1 to 3 other characters (a space, `, `, `. `, a newline).
    private mutating func checkName(_ t: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) {
        var h = FNV1a()
        var j = start
        for word in 0..<guardian.identifiers.names.maxWords {
            if word > 0 {
                var gap = 0
                while j < end, !Self.isAlphanumeric(t[j]), gap <= Self.maxGap {
                    gap += 1
                    j += 1
                }
                guard gap <= Self.maxGap, j < end, Self.isAlphanumeric(t[j]) else { return }
                h.add(Byte.space)
            }
            while j < end, Self.isAlphanumeric(t[j]) {
                h.add(t[j])
                j += 1
            }
            if word == 0, !guardian.identifiers.names.mayStart(h.value) { return }
            if word > 0, guardian.identifiers.names.contains(h.value), !guardian.allowedNames.contains(h.value) {
                found.insert(PrivacyGuard.Finding(rule: .storedName, line: text.line(at: start)))
                return
            }
            // No name starts with the words read so far: the next words cannot complete one.
            guard guardian.identifiers.names.containsPrefix(h.value) else { return }
        }
    }

    // MARK: - Emails

    /// Looks for a known email around the `@` (or `[at]`, `(at)`) at `i`: up to 2 spaces on each side,
    /// the domain after it, and each possible start of the local part before it.
    private mutating func checkEmail(_ t: UnsafeBufferPointer<UInt8>, at i: Int, width: Int, end: Int) {
        var localEnd = i
        while localEnd > 0, i - localEnd < 2, t[localEnd - 1] == Byte.space { localEnd -= 1 }
        var domainStart = i + width
        while domainStart < end, domainStart - (i + width) < 2, t[domainStart] == Byte.space { domainStart += 1 }
        var domainEnd = domainStart
        while domainEnd < end, Self.isDomainCharacter(t[domainEnd]) { domainEnd += 1 }
        while domainEnd > domainStart, t[domainEnd - 1] == Byte.dot { domainEnd -= 1 }
        var localStart = localEnd
        while localStart > 0, localEnd - localStart < Self.maxLocalPart, Self.isLocalCharacter(t[localStart - 1]) { localStart -= 1 }
        guard localStart < localEnd, domainStart < domainEnd else { return }
        // The local part may start after any punctuation a URL or text puts before an address
        // (`?text=`, `'`, `/`, `+`), so every such start is tried.
        for k in localStart..<localEnd where k == localStart || !Self.isAlphanumeric(t[k - 1]) {
            var h = FNV1a()
            for b in t[k..<localEnd] { h.add(b) }
            h.add(Byte.at)
            for b in t[domainStart..<domainEnd] { h.add(b) }
            var known = guardian.identifiers.containsEmail(key: h.value)
            if !known, let ledger {
                candidate.removeAll(keepingCapacity: true)
                candidate.append(contentsOf: t[k..<localEnd])
                candidate.append(Byte.at)
                candidate.append(contentsOf: t[domainStart..<domainEnd])
                known = candidate.withUnsafeBufferPointer { ledger.contains($0) }
            }
            if known, !guardian.allowedEmails.contains(h.value) {
                found.insert(PrivacyGuard.Finding(rule: .storedEmail, line: text.line(at: k)))
                return
            }
        }
    }

    private static let localPunctuation = Set("._-+%!#$&'*/=?^{|}~".utf8)

    private static func isLocalCharacter(_ b: UInt8) -> Bool { isAlphanumeric(b) || localPunctuation.contains(b) }
    private static func isDomainCharacter(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == Byte.dot || b == Byte.dash }
}
