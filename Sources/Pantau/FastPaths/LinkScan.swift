import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One output page's references (`href`, `src`, `action` values) and ids, found in one pass over its
/// bytes for ``LinkCheck``.
///
/// Every attribute has an `=`, so the scan jumps from `=` to `=` with `memchr` and looks at the bytes
/// around it. The rules (the reference scan in the tests, `ReferenceLinkCheck`, states them plainly):
/// a reference is ` href="`, ` src="` or ` action="` after a space or newline, an id is ` id="` after a
/// space; a value ends at the next `"`; each scan resumes after the value it took; the tag of a
/// reference starts at the last `<` the reference scan passed over (not one inside a value).
struct LinkScan: Sendable {
    /// A reference's value, copied into ``values`` while the page is in the cache.
    struct Reference: Sendable {
        var start: Int
        var count: Int
        /// `src`, or `<link href>` other than canonical/alternate: the browser fetches it itself.
        var isFetched: Bool
        var hasAmpersand: Bool
    }

    struct ID: Sendable {
        var start: Int
        var count: Int
        var hash: Int
    }

    private(set) var references: [Reference] = []
    /// The references' values, one after another.
    private(set) var values: [UInt8] = []
    private(set) var ids: [ID] = []
    /// The ids' bytes, one after another.
    private(set) var idBytes: [UInt8] = []

    init(_ data: Data) {
        var references: [Reference] = []
        var values: [UInt8] = []
        var ids: [ID] = []
        var idBytes: [UInt8] = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            guard let base = b.baseAddress else { return }
            let n = b.count
            let quote = UInt8(ascii: "\"")
            func isSpace(_ c: UInt8) -> Bool { c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") }
            func closingQuote(from start: Int) -> Int {
                guard start < n, let hit = memchr(base + start, Int32(quote), n - start) else { return n }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            }
            var idResume = 0
            var referenceResume = 0
            var tagSearched = 0
            var tagStart = 0
            var q = 0
            while q < n, let hit = memchr(base + q, Int32(UInt8(ascii: "=")), n - q) {
                q = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if q + 1 < n, b[q + 1] == quote, q >= 3 {
                    if q + 2 < n, q - 3 >= idResume, b[q - 3] == UInt8(ascii: " "), b[q - 2] == UInt8(ascii: "i"),
                        b[q - 1] == UInt8(ascii: "d")
                    {
                        let end = closingQuote(from: q + 2)
                        let id = UnsafeBufferPointer(rebasing: b[(q + 2)..<end])
                        ids.append(
                            ID(start: idBytes.count, count: id.count, hash: ByteTable<Int>.hash(id)))
                        idBytes.append(contentsOf: id)
                        idResume = end + 1
                    }
                    var p = -1
                    var isSource = false
                    switch b[q - 1] {
                    case UInt8(ascii: "f"):  // href
                        if q >= 5, b[q - 4] == UInt8(ascii: "h"), b[q - 3] == UInt8(ascii: "r"), b[q - 2] == UInt8(ascii: "e"),
                            isSpace(b[q - 5])
                        {
                            p = q - 5
                        }
                    case UInt8(ascii: "c"):  // src
                        if q >= 4, b[q - 3] == UInt8(ascii: "s"), b[q - 2] == UInt8(ascii: "r"), isSpace(b[q - 4]) {
                            p = q - 4
                            isSource = true
                        }
                    case UInt8(ascii: "n"):  // action
                        if q >= 7, b[q - 6] == UInt8(ascii: "a"), b[q - 5] == UInt8(ascii: "c"), b[q - 4] == UInt8(ascii: "t"),
                            b[q - 3] == UInt8(ascii: "i"), b[q - 2] == UInt8(ascii: "o"), isSpace(b[q - 7])
                        {
                            p = q - 7
                        }
                    default:
                        break
                    }
                    if p >= 0, p >= referenceResume {
                        var k = p
                        while k > tagSearched {
                            k -= 1
                            if b[k] == UInt8(ascii: "<") {
                                tagStart = k
                                break
                            }
                        }
                        let end = closingQuote(from: q + 2)
                        let hasAmpersand = UnsafeBufferPointer(rebasing: b[(q + 2)..<end]).contains(UInt8(ascii: "&"))
                        references.append(
                            Reference(
                                start: values.count, count: end - (q + 2),
                                isFetched: isSource || LinkScan.fetchedLink(tagStart: tagStart, in: b),
                                hasAmpersand: hasAmpersand))
                        values.append(contentsOf: UnsafeBufferPointer(rebasing: b[(q + 2)..<end]))
                        referenceResume = end + 1
                        tagSearched = end + 1
                    }
                }
                q += 1
            }
        }
        self.references = references
        self.values = values
        self.ids = ids
        self.idBytes = idBytes
    }

    /// Whether this scan found the same ids, in the same order, as `other` (so `#fragment` links to the page
    /// resolve as they did).
    func hasSameIDs(as other: LinkScan) -> Bool {
        idBytes == other.idBytes && ids.count == other.ids.count
            && zip(ids, other.ids).allSatisfy { $0.start == $1.start && $0.count == $1.count }
    }

    /// Whether an `id` has exactly the bytes of `fragment`.
    func hasID(_ fragment: UnsafeBufferPointer<UInt8>) -> Bool {
        let hash = ByteTable<Int>.hash(fragment)
        return idBytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, let wanted = fragment.baseAddress else { return false }
            return ids.contains { id in id.hash == hash && id.count == fragment.count && memcmp(base + id.start, wanted, id.count) == 0 }
        }
    }
}

extension LinkScan {
    /// `<link rel="canonical|alternate">` names a URL; other `<link>`s are fetched by the browser.
    static func fetchedLink(tagStart: Int, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        var tagEnd = tagStart
        while tagEnd < b.count, b[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
        let tag = UnsafeBufferPointer(rebasing: b[tagStart..<tagEnd])
        return tag.hasPrefix("<link") && !tag.containsBytes(of: "rel=\"canonical\"") && !tag.containsBytes(of: "rel=\"alternate\"")
    }
}
