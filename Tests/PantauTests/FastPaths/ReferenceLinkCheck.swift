import Foundation

@testable import Pantau

/// The output link check written plainly, on byte arrays, `split` and `Set`s: the oracle that
/// ``LinkCheck`` (one `memchr` scan per page, a ``ByteTable`` of paths, buffers reused per reference)
/// must agree with. The rules, in order, for each ` href="`, ` src="` or ` action="` value:
/// `&amp;` is `&`; empty is fine; a URI scheme or `//` is another site (a problem only when the browser
/// fetches it from a host); the path ends at the first `?` or `#`, the fragment is all after the first `#`,
/// both `%XX`-decoded; `/…` must start with the base path; `.`/`..` applied from the page's folder; the
/// target or its `index.html` must be a file; a fragment must be an ` id="…"` of that page, if it is HTML.
enum ReferenceLinkCheck {
    static func problems(in files: [OutputFile], basePath: String) -> [PantauError] {
        let paths = Set(files.map { Array($0.path.utf8) })
        let html = files.filter { Array($0.path.utf8).reversed().starts(with: Array(".html".utf8).reversed()) }
        var idsByPath: [[UInt8]: Set<[UInt8]>] = [:]
        for file in html where idsByPath[Array(file.path.utf8)] == nil { idsByPath[Array(file.path.utf8)] = ids(in: file.bytes) }
        var problems: [PantauError] = []
        for file in html {
            for reference in references(in: file.bytes) {
                let value = decodingAmpersands(reference.value)
                let kind = check(
                    value, isFetched: reference.isFetched, page: Array(file.path.utf8), basePath: Array(basePath.utf8), paths: paths,
                    ids: idsByPath)
                if let kind {
                    let message = LinkCheck.Problem(kind: kind, key: []).message(
                        String(decoding: value, as: UTF8.self), basePath: basePath, inContent: false)
                    problems.append(PantauError(file: file.path, step: .checks, message))
                }
            }
        }
        return LinkCheck.collapse(problems)
    }

    static func check(
        _ value: [UInt8], isFetched: Bool, page: [UInt8], basePath: [UInt8], paths: Set<[UInt8]>, ids: [[UInt8]: Set<[UInt8]>]
    ) -> LinkCheck.Problem.Kind? {
        if value.isEmpty { return nil }
        if let colon = value.firstIndex(of: UInt8(ascii: ":")), isScheme(value[..<colon]) {
            return isFetched && value[(colon + 1)...].starts(with: Array("//".utf8)) ? .otherHost : nil
        }
        if value.starts(with: Array("//".utf8)) { return isFetched ? .otherHost : nil }
        let hash = value.firstIndex(of: UInt8(ascii: "#"))
        let beforeHash = Array(value[..<(hash ?? value.endIndex)])
        let path = percentDecoded(beforeHash.split(separator: UInt8(ascii: "?"), maxSplits: 1, omittingEmptySubsequences: false)[0])
        let fragment = hash.map { percentDecoded(value[($0 + 1)...]) } ?? []

        var target: [UInt8]
        if path.isEmpty {
            target = page
        } else {
            var segments: [ArraySlice<UInt8>]
            var rest: ArraySlice<UInt8>
            if path.first == UInt8(ascii: "/") {
                guard path.starts(with: basePath) else { return .outsideBasePath }
                segments = []
                rest = path.dropFirst(basePath.count)
            } else {
                let folder = page.lastIndex(of: UInt8(ascii: "/")).map { page[..<$0] } ?? []
                segments = folder.split(separator: UInt8(ascii: "/"))
                rest = path[...]
            }
            for segment in rest.split(separator: UInt8(ascii: "/")) {
                if segment.elementsEqual(".".utf8) { continue }
                if segment.elementsEqual("..".utf8) {
                    _ = segments.popLast()
                    continue
                }
                segments.append(segment)
            }
            target = Array(segments.joined(separator: [UInt8(ascii: "/")]))
            if rest.last == UInt8(ascii: "/"), !target.isEmpty { target.append(UInt8(ascii: "/")) }
        }
        let index = target + Array((target.isEmpty || target.last == UInt8(ascii: "/") ? "index.html" : "/index.html").utf8)
        guard let found = [target, index].first(where: paths.contains) else { return .noFile }
        if !fragment.isEmpty, let pageIDs = ids[found], !pageIDs.contains(fragment) {
            return .noID(file: String(decoding: found, as: UTF8.self), id: String(decoding: fragment, as: UTF8.self))
        }
        return nil
    }

    static func isScheme(_ name: ArraySlice<UInt8>) -> Bool {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        let others = letters + Array("0123456789+-.".utf8)
        guard let first = name.first, letters.contains(first) else { return false }
        return name.allSatisfy(others.contains)
    }

    static func percentDecoded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(bytes)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let byte = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16),
                bytes[(i + 1)...(i + 2)].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
            {
                out.append(byte)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func decodingAmpersands(_ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < value.count {
            out.append(value[i])
            i += value[i...].starts(with: "&amp;".utf8) ? 5 : 1
        }
        return out
    }

    struct Reference {
        var value: [UInt8]
        /// `src`, and `<link href>` other than canonical/alternate: things the browser fetches on its own.
        var isFetched: Bool
    }

    /// `href`, `src` and `action` attribute values after a space or newline, in order; a value ends at the next `"`.
    static func references(in bytes: Data) -> [Reference] {
        let b = Array(bytes)
        let patterns: [([UInt8], Bool)] = [
            (Array("href=\"".utf8), false), (Array("src=\"".utf8), true), (Array("action=\"".utf8), false),
        ]
        var out: [Reference] = []
        var i = 0
        var lastTagStart = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "<") { lastTagStart = i }
            if b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\n"),
                let (pattern, isSource) = patterns.first(where: { b[(i + 1)...].starts(with: $0.0) })
            {
                let start = i + 1 + pattern.count
                let end = b[start...].firstIndex(of: UInt8(ascii: "\"")) ?? b.count
                let tagEnd = b[lastTagStart...].firstIndex(of: UInt8(ascii: ">")) ?? b.count
                let tag = Array(b[lastTagStart..<tagEnd])
                let isLink =
                    tag.starts(with: Array("<link".utf8)) && !contains(tag, "rel=\"canonical\"") && !contains(tag, "rel=\"alternate\"")
                out.append(Reference(value: Array(b[start..<end]), isFetched: isSource || isLink))
                i = end
            }
            i += 1
        }
        return out
    }

    /// Values of ` id="…"` attributes.
    static func ids(in bytes: Data) -> Set<[UInt8]> {
        let b = Array(bytes)
        let marker = Array(" id=\"".utf8)
        var out = Set<[UInt8]>()
        var i = 0
        while i + marker.count < b.count {
            if b[i...].starts(with: marker) {
                let start = i + marker.count
                let end = b[start...].firstIndex(of: UInt8(ascii: "\"")) ?? b.count
                out.insert(Array(b[start..<end]))
                i = end
            }
            i += 1
        }
        return out
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        return bytes.indices.contains { bytes[$0...].starts(with: needle) }
    }
}
