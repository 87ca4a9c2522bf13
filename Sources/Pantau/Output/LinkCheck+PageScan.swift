import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The byte-level half of the link check: one scan per page, and the check of plain ASCII
/// references against a byte-keyed index of every output path (see ``LinkCheck``).
extension LinkCheck {
    /// One page's references and ids, found in one pass over its bytes.
    ///
    /// Every attribute has an `=`, so the scan jumps from `=` to `=` with `memchr` and looks at the
    /// bytes around it. It keeps the original scanners' rules: a reference is ` href="`, ` src="` or
    /// ` action="` after a space or newline, an id is ` id="` after a space; a value ends at the next
    /// `"`; each scanner resumes after the value it took; the tag of a reference starts at the last
    /// `<` the reference scanner passed over (not one inside a value).
    struct PageScan: Sendable {
        /// A reference's value, copied into ``values`` while the page is in the cache.
        struct Reference: Sendable {
            var start: Int
            var count: Int
            /// `src`, or `<link href>` other than canonical/alternate: the browser fetches it itself.
            var isFetched: Bool
            var isASCII: Bool
            var hasAmpersand: Bool
        }

        struct ID: Sendable {
            var start: Int
            var count: Int
            var hash: Int
            var isASCII: Bool
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
                                ID(start: idBytes.count, count: id.count, hash: PathIndex.hash(id), isASCII: !id.contains { $0 >= 0x80 }))
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
                            var isASCII = true
                            var hasAmpersand = false
                            for c in UnsafeBufferPointer(rebasing: b[(q + 2)..<end]) {
                                isASCII = isASCII && c < 0x80
                                hasAmpersand = hasAmpersand || c == UInt8(ascii: "&")
                            }
                            references.append(
                                Reference(
                                    start: values.count, count: end - (q + 2),
                                    isFetched: isSource || LinkCheck.fetchedLink(tagStart: tagStart, in: b),
                                    isASCII: isASCII, hasAmpersand: hasAmpersand))
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

        /// Whether an `id` equals the ASCII `fragment` (non-ASCII ids compare as `String`s, as before).
        func hasID(_ fragment: UnsafeBufferPointer<UInt8>) -> Bool {
            let hash = PathIndex.hash(fragment)
            return idBytes.withUnsafeBufferPointer { bytes in
                ids.withUnsafeBufferPointer { ids in
                    guard let base = bytes.baseAddress, let wanted = fragment.baseAddress else { return false }
                    for id in ids {
                        if id.isASCII {
                            if id.hash == hash, id.count == fragment.count, memcmp(base + id.start, wanted, id.count) == 0 { return true }
                        } else if String(decoding: UnsafeBufferPointer(start: base + id.start, count: id.count), as: UTF8.self)
                            == String(decoding: fragment, as: UTF8.self)
                        {
                            return true
                        }
                    }
                    return false
                }
            }
        }
    }

    /// Buffers a page's checks reuse: the value with `&amp;` decoded, and the target being resolved.
    final class Scratch {
        private var value: UnsafeMutablePointer<UInt8>
        private var valueCapacity = 256
        private(set) var target: UnsafeMutablePointer<UInt8>
        private var targetCapacity = 256
        /// The target's length before each of its parts, so `..` can drop the last one.
        private var parts: [Int] = []

        init() {
            value = .allocate(capacity: valueCapacity)
            target = .allocate(capacity: targetCapacity)
        }

        deinit {
            value.deallocate()
            target.deallocate()
        }

        /// `replacingOccurrences(of: "&amp;", with: "&")` on bytes.
        func replacingAmpersands(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            if raw.count > valueCapacity {
                value.deallocate()
                valueCapacity = raw.count
                value = .allocate(capacity: valueCapacity)
            }
            var i = 0
            var n = 0
            while i < raw.count {
                if raw[i] == UInt8(ascii: "&"), i + 5 <= raw.count, raw[i + 1] == UInt8(ascii: "a"), raw[i + 2] == UInt8(ascii: "m"),
                    raw[i + 3] == UInt8(ascii: "p"), raw[i + 4] == UInt8(ascii: ";")
                {
                    value[n] = UInt8(ascii: "&")
                    i += 5
                } else {
                    value[n] = raw[i]
                    i += 1
                }
                n += 1
            }
            return UnsafeBufferPointer(start: value, count: n)
        }

        /// Room for `count` bytes of target plus `/index.html`; the old target is dropped.
        private func reserveTarget(_ count: Int) {
            guard count + 16 > targetCapacity else { return }
            target.deallocate()
            targetCapacity = count + 16
            target = .allocate(capacity: targetCapacity)
        }

        /// Sets the target to `path`; returns its length.
        func setTarget(_ path: UnsafeBufferPointer<UInt8>) -> Int {
            reserveTarget(path.count)
            if let base = path.baseAddress { target.update(from: base, count: path.count) }
            return path.count
        }

        /// `resolve(_:relativeTo:)` on bytes: the folder's parts, then the path's with `.` skipped and
        /// `..` dropping the last part; a trailing `/` is kept. Returns the target's length.
        func resolve(_ path: UnsafeBufferPointer<UInt8>, folder: UnsafeBufferPointer<UInt8>?) -> Int {
            reserveTarget(2 * ((folder?.count ?? 0) + path.count))
            parts.removeAll(keepingCapacity: true)
            var count = 0
            if let folder { count = appendParts(of: folder, to: count, dotted: false) }
            count = appendParts(of: path, to: count, dotted: true)
            if path.last == UInt8(ascii: "/"), count > 0 {
                target[count] = UInt8(ascii: "/")
                count += 1
            }
            return count
        }

        private func appendParts(of path: UnsafeBufferPointer<UInt8>, to count: Int, dotted: Bool) -> Int {
            var count = count
            var start = 0
            for i in 0...path.count where i == path.count || path[i] == UInt8(ascii: "/") {
                defer { start = i + 1 }
                let length = i - start
                if length == 0 { continue }
                if dotted, path[start] == UInt8(ascii: ".") {
                    if length == 1 { continue }
                    if length == 2, path[start + 1] == UInt8(ascii: ".") {
                        if let last = parts.popLast() { count = last }
                        continue
                    }
                }
                parts.append(count)
                if count > 0 {
                    target[count] = UInt8(ascii: "/")
                    count += 1
                }
                if let base = path.baseAddress { (target + count).update(from: base + start, count: length) }
                count += length
            }
            return count
        }

        /// The second candidate: the target's `index.html`, written after the target.
        func indexCandidate(_ count: Int) -> UnsafeBufferPointer<UInt8> {
            let suffix: StaticString = count == 0 || target[count - 1] == UInt8(ascii: "/") ? "index.html" : "/index.html"
            (target + count).update(from: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
            return UnsafeBufferPointer(start: target, count: count + suffix.utf8CodeUnitCount)
        }
    }

    /// The byte-level check of ASCII references on a page with a clean path; `.general` for
    /// anything it does not handle.
    struct Quick {
        let site: Site
        let index: PathIndex
        let scans: UnsafeBufferPointer<PageScan>
        let pageNumber: UnsafeBufferPointer<Int>
        let basePath: UnsafeBufferPointer<UInt8>
        /// The page's own path.
        let path: UnsafeBufferPointer<UInt8>
        let scratch: Scratch
        let hasNonASCIIPaths: Bool

        func check(_ raw: UnsafeBufferPointer<UInt8>, _ ref: PageScan.Reference) -> Outcome {
            let value = ref.hasAmpersand ? scratch.replacingAmpersands(raw) : raw
            guard let first = value.first else { return .fine }
            switch first {
            case UInt8(ascii: "m"): if value.hasPrefix("mailto:") { return .fine }
            case UInt8(ascii: "t"): if value.hasPrefix("tel:") { return .fine }
            case UInt8(ascii: "d"): if value.hasPrefix("data:") { return .fine }
            case UInt8(ascii: "j"): if value.hasPrefix("javascript:") { return .fine }
            case UInt8(ascii: "h"), UInt8(ascii: "/"):
                if value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("//") {
                    guard ref.isFetched else { return .fine }
                    return .problem("loads \(Page.text(value)) from another host; ship the file in the theme's static/ folder instead")
                }
            default: break
            }
            // `split`: the path ends at the first `?` or `#`; the fragment runs from `#` to the end
            // (a `#` before a `?` is rare and odd: the general path splits it).
            var question = -1
            var hash = -1
            for i in 0..<value.count {
                let c = value[i]
                if c == UInt8(ascii: "#") {
                    hash = i
                    break
                }
                if c == UInt8(ascii: "?"), question < 0 { question = i }
            }
            if hash >= 0 {
                for i in (hash + 1)..<value.count where value[i] == UInt8(ascii: "?") || value[i] == UInt8(ascii: "%") { return .general }
            }
            let pathEnd = question >= 0 ? question : (hash >= 0 ? hash : value.count)
            let pathPart = UnsafeBufferPointer(rebasing: value[0..<pathEnd])
            var count: Int
            if pathPart.isEmpty {
                count = scratch.setTarget(path)
            } else if pathPart[0] == UInt8(ascii: "/") {
                guard pathPart.hasPrefix(basePath) else {
                    return .problem("links to \(Page.text(value)), outside the site's base path \(site.basePath)")
                }
                count = scratch.resolve(UnsafeBufferPointer(rebasing: pathPart[basePath.count...]), folder: nil)
            } else {
                var slash = path.count
                while slash > 0, path[slash - 1] != UInt8(ascii: "/") { slash -= 1 }
                count = scratch.resolve(pathPart, folder: UnsafeBufferPointer(rebasing: path[0..<Swift.max(0, slash - 1)]))
            }
            // Candidates: the target, then its index.html.
            let target = UnsafeBufferPointer(start: scratch.target, count: count)
            let withIndex = scratch.indexCandidate(count)
            if hasNonASCIIPaths, site.nonASCIIPaths.contains(Page.text(target)) || site.nonASCIIPaths.contains(Page.text(withIndex)) {
                return .general
            }
            let found: UnsafeBufferPointer<UInt8>
            let foundIndex: Int
            if let i = index.find(target) {
                (found, foundIndex) = (target, i)
            } else if let i = index.find(withIndex) {
                (found, foundIndex) = (withIndex, i)
            } else {
                return .problem("links to \(Page.text(value)), but the build produced no such file; fix the link or add the page")
            }
            guard hash >= 0, hash + 1 < value.count, found.hasSuffix(".html") else { return .fine }
            let fragment = UnsafeBufferPointer(rebasing: value[(hash + 1)...])
            let page = pageNumber[foundIndex]
            guard page >= 0 else { return .general }
            if scans[page].hasID(fragment) { return .fine }
            return .problem("links to \(Page.text(value)), but \(Page.text(found)) has no element with id \"\(Page.text(fragment))\"")
        }
    }

    /// `<link rel="canonical|alternate">` names a URL; other `<link>`s are fetched by the browser.
    static func fetchedLink(tagStart: Int, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        // Only `<link` bytes can make a `String` that starts with "<link" (no other characters are
        // canonically equivalent to these), so most tags are decided here.
        guard b.count - tagStart >= 5, b[tagStart] == UInt8(ascii: "<"), b[tagStart + 1] == UInt8(ascii: "l"),
            b[tagStart + 2] == UInt8(ascii: "i"),
            b[tagStart + 3] == UInt8(ascii: "n"), b[tagStart + 4] == UInt8(ascii: "k")
        else { return false }
        var tagEnd = tagStart
        while tagEnd < b.count, b[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
        let tag = UnsafeBufferPointer(rebasing: b[tagStart..<tagEnd])
        if tag.contains(where: { $0 >= 0x80 }) {
            let text = String(decoding: tag, as: UTF8.self)
            return text.hasPrefix("<link") && !text.contains("rel=\"canonical\"") && !text.contains("rel=\"alternate\"")
        }
        return tag.hasPrefix("<link") && !tag.containsBytes(of: "rel=\"canonical\"") && !tag.containsBytes(of: "rel=\"alternate\"")
    }
}
