import Foundation

/// The last check of a build: no employee's NIP, NIK or email from the datastore appears in any
/// file the build wrote, in plain or spaced form (`19860926 201505 1 001`) or URL/HTML-encoded.
/// A hit fails the build naming the file and the kind of value, never the value itself.
public struct PrivacyGuard: Sendable {
    /// Sorted numeric values: an 18-digit NIP and a 16-digit NIK both fit in 64 bits.
    private var nips: [UInt64] = []
    private var niks: [UInt64] = []
    /// Sorted 64-bit hashes of lower-cased emails.
    private var emails: [UInt64] = []

    public var count: Int { nips.count + niks.count + emails.count }

    public init() {}

    /// Collects every identifier by streaming the datastore's current employees (raw bytes, no strings).
    /// `publicEmails` (the official helpdesk addresses in `site.yml`) may appear even if an employee
    /// registered one of them.
    public init(store: Datastore, publicEmails: [String] = []) throws {
        var nips: [UInt64] = [], niks: [UInt64] = [], emails: [UInt64] = []
        var lowered: [UInt8] = []
        try store.forEachIdentifierBytes { nip, nik, email in
            if nip.count == 18, let n = Self.number(nip) { nips.append(n) }
            if nik.count == 16, let n = Self.number(nik) { niks.append(n) }
            if email.contains(UInt8(ascii: "@")) {
                lowered.removeAll(keepingCapacity: true)
                for b in email { lowered.append(Self.lower(b)) }
                emails.append(Self.hash(lowered))
            }
        }
        let allowed = Set(publicEmails.map { Self.hash(Array($0.lowercased().utf8)) })
        self.nips = nips
        self.niks = niks
        self.emails = allowed.isEmpty ? emails : emails.filter { !allowed.contains($0) }
        finish()
    }

    public mutating func add(nip: String?, nik: String?, email: String?) {
        if let nip, let n = Self.number(nip), nip.count == 18 { nips.append(n) }
        if let nik, let n = Self.number(nik), nik.count == 16 { niks.append(n) }
        if let email, email.contains("@") { emails.append(Self.hash(Array(email.lowercased().utf8))) }
    }

    /// Sorts the three lists, each on its own core: at national scale (4.3 M employees) sorting them
    /// one after another was most of the time the build waited for the guard.
    public mutating func finish() {
        nips.withUnsafeMutableBufferPointer { a in
            niks.withUnsafeMutableBufferPointer { b in
                emails.withUnsafeMutableBufferPointer { c in
                    // Three disjoint buffers, each sorted by exactly one iteration.
                    let lists = Unchecked(value: [a, b, c])
                    DispatchQueue.concurrentPerform(iterations: 3) { i in
                        var list = lists.value[i]  // a copy of the pointer, same memory
                        list.sort()
                    }
                }
            }
        }
    }

    /// One error per file and kind of value found.
    public func problems(in files: [OutputFile]) throws -> [PantauError] {
        guard count > 0 else { return [] }
        let found = try files.parallelMap { file in scan(file.bytes).map { (file.path, $0) } }
        return found.flatMap { $0 }.map { path, kind in
            PantauError(file: path, step: .checks, "contains an employee's \(kind) from the datastore; personal data must never be published. Remove it from the content or template that put it there.")
        }
    }

    /// The kinds of personal value in `bytes` (each kind once).
    func scan(_ bytes: Data) -> [String] {
        var kinds = Set<String>()
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var i = 0
            var digits: [UInt8] = []
            while i < n {
                let c = b[i]
                // A run of digits, allowing single spaces, dots or dashes between groups.
                if c >= 48, c <= 57 {
                    digits.removeAll(keepingCapacity: true)
                    var j = i
                    while j < n {
                        let d = b[j]
                        if d >= 48, d <= 57 { digits.append(d); j += 1; continue }
                        // Digit groups may be separated by a short gap of spaces, tabs, no-break spaces
                        // (raw or as &nbsp; / &#160;), dots, dashes, slashes or underscores.
                        let next = Self.skipSeparator(b, from: j)
                        if next > j, next < n, b[next] >= 48, b[next] <= 57 { j = next; continue }
                        break
                    }
                    if digits.count >= 16 {
                        if contains(digits, length: 18, in: nips) { kinds.insert("NIP") }
                        if contains(digits, length: 16, in: niks) { kinds.insert("NIK") }
                    }
                    i = j
                    continue
                }
                if c == UInt8(ascii: "@") || (c == UInt8(ascii: "%") && i + 2 < n && b[i + 1] == 52 && b[i + 2] == 48) || (c == UInt8(ascii: "&") && i + 4 < n && b[i + 1] == 35 && b[i + 2] == 54 && b[i + 3] == 52 && b[i + 4] == 59) {
                    let width = c == UInt8(ascii: "@") ? 1 : c == UInt8(ascii: "%") ? 3 : 5
                    var start = i
                    while start > 0, Self.isLocalChar(b[start - 1]) { start -= 1 }
                    var end = i + width
                    while end < n, Self.isDomainChar(b[end]) { end += 1 }
                    while end > i + width, b[end - 1] == UInt8(ascii: ".") { end -= 1 }
                    if start < i, end > i + width {
                        let domain = [UInt8(ascii: "@")] + Array(b[(i + width)..<end]).map(Self.lower)
                        // The local part may start after any punctuation that a URL or text puts
                        // before an address (`?text=`, `'`, `/`), so every such start is tried.
                        for k in start..<i where k == start || !Self.isAlphanumeric(b[k - 1]) {
                            let email = Array(b[k..<i]).map(Self.lower) + domain
                            if Self.binarySearch(emails, Self.hash(email)) { kinds.insert("email"); break }
                        }
                    }
                    i += width
                    continue
                }
                i += 1
            }
        }
        return kinds.sorted()
    }

    private func contains(_ digits: [UInt8], length: Int, in sorted: [UInt64]) -> Bool {
        guard digits.count >= length, !sorted.isEmpty else { return false }
        for start in 0...(digits.count - length) {
            var value: UInt64 = 0
            for k in start..<(start + length) { value = value * 10 + UInt64(digits[k] - 48) }
            if Self.binarySearch(sorted, value) { return true }
        }
        return false
    }

    /// The index after a separator gap of at most 6 bytes starting at `i` (or `i` when there is none).
    static func skipSeparator(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        var j = i
        while j < b.count, j - i <= 6 {
            switch b[j] {
            case 32, 9, 46, 45, 47, 95: j += 1
            case 0xC2 where j + 1 < b.count && b[j + 1] == 0xA0: j += 2
            case 38:  // &nbsp; or &#160;
                if let end = entityEnd(b, at: j) { j = end } else { return j - i > 6 ? i : j }
            default: return j - i > 6 ? i : j
            }
        }
        return j - i > 6 ? i : j
    }

    private static func entityEnd(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        for entity in [Array("&nbsp;".utf8), Array("&#160;".utf8), Array("&#xa0;".utf8)] where i + entity.count <= b.count {
            if (0..<entity.count).allSatisfy({ lower(b[i + $0]) == entity[$0] }) { return i + entity.count }
        }
        return nil
    }

    static func binarySearch(_ a: [UInt64], _ x: UInt64) -> Bool {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + UInt64(b - 48)
        }
        return value
    }

    static func number(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(text)
    }

    /// FNV-1a, 64 bits: stable across runs (unlike `Hasher`), collisions negligible at this scale.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
    static func isLocalChar(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b >= 0x80
            || Array("._-+%!#$&'*/=?^{|}~".utf8).contains(b)
    }
    static func isDomainChar(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 45
    }
}
