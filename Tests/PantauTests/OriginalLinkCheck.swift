import Foundation

@testable import Pantau

// The link check as it was before the byte-level rewrite, kept verbatim (only renamed) as the
// oracle for LinkCheckTests: the rewrite must report exactly what this reports.
enum OriginalLinkCheck {
    /// Every problem in `files`, each naming the output file and the reference.
    static func problems(in files: [OutputFile], basePath: String) throws -> [PantauError] {
        let paths = Set(files.map(\.path))
        let html = files.filter { $0.path.hasSuffix(".html") }
        let allIDs = try html.parallelMap { Self.ids(in: $0.bytes) }
        let idsByPath = Dictionary(zip(html.map(\.path), allIDs), uniquingKeysWith: { a, _ in a })
        let perFile = try html.parallelMap { file -> [PantauError] in
            var problems: [PantauError] = []
            for ref in references(in: file.bytes) {
                let value = ref.value.replacingOccurrences(of: "&amp;", with: "&")
                if value.isEmpty || value.hasPrefix("mailto:") || value.hasPrefix("tel:") || value.hasPrefix("data:")
                    || value.hasPrefix("javascript:")
                {
                    continue
                }
                if value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("//") {
                    if ref.loadsResource {
                        problems.append(
                            PantauError(
                                file: file.path, step: .checks,
                                "loads \(value) from another host; ship the file in the theme's static/ folder instead"))
                    }
                    continue
                }
                let (pathPart, fragment) = split(value)
                let target: String
                if pathPart.isEmpty {
                    target = file.path
                } else if pathPart.hasPrefix("/") {
                    guard pathPart.hasPrefix(basePath) else {
                        problems.append(
                            PantauError(file: file.path, step: .checks, "links to \(value), outside the site's base path \(basePath)"))
                        continue
                    }
                    target = resolve(String(pathPart.dropFirst(basePath.count)), relativeTo: "")
                } else {
                    target = resolve(pathPart, relativeTo: (file.path as NSString).deletingLastPathComponent)
                }
                let candidates = [target, target.isEmpty ? "index.html" : target + (target.hasSuffix("/") ? "index.html" : "/index.html")]
                guard let found = candidates.first(where: paths.contains) else {
                    problems.append(
                        PantauError(
                            file: file.path, step: .checks,
                            "links to \(value), but the build produced no such file; fix the link or add the page"))
                    continue
                }
                if let fragment, !fragment.isEmpty, found.hasSuffix(".html"), idsByPath[found]?.contains(fragment) != true {
                    problems.append(
                        PantauError(
                            file: file.path, step: .checks, "links to \(value), but \(found) has no element with id \"\(fragment)\""))
                }
            }
            return problems
        }
        return collapse(perFile.flatMap { $0 })
    }

    /// A broken link in a menu or template repeats on every page: report it once, with a count.
    static func collapse(_ problems: [PantauError]) -> [PantauError] {
        var order: [String] = []
        var byMessage: [String: [PantauError]] = [:]
        for p in problems {
            if byMessage[p.message] == nil { order.append(p.message) }
            byMessage[p.message, default: []].append(p)
        }
        return order.flatMap { message -> [PantauError] in
            let group = byMessage[message] ?? []
            guard group.count > 3, var first = group.first else { return group }
            first.message += " (the same link is in \(group.count - 1) more files: a menu or template link?)"
            return [first]
        }
    }

    struct Reference {
        var value: String
        /// True for `src` and for `<link href>`: things the browser fetches on its own.
        var loadsResource: Bool
    }

    private static let attributePatterns: [([UInt8], Bool)] = [
        (Array("href=\"".utf8), false), (Array("src=\"".utf8), true), (Array("action=\"".utf8), false),
    ]

    /// `href`, `src` and `action` attribute values, in order.
    static func references(in bytes: Data) -> [Reference] {
        var out: [Reference] = []
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var i = 0
            var lastTagStart = 0
            while i < n {
                let c = b[i]
                if c == UInt8(ascii: "<") { lastTagStart = i }
                // Match ` href="`, ` src="`, ` action="`.
                if c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") {
                    for (u, resource) in attributePatterns {
                        if i + 1 + u.count <= n, (0..<u.count).allSatisfy({ b[i + 1 + $0] == u[$0] }) {
                            let start = i + 1 + u.count
                            var end = start
                            while end < n, b[end] != UInt8(ascii: "\"") { end += 1 }
                            let value = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
                            var tagEnd = lastTagStart
                            while tagEnd < n, b[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
                            let tag = String(decoding: UnsafeBufferPointer(rebasing: b[lastTagStart..<tagEnd]), as: UTF8.self)
                            // <link rel="canonical|alternate"> names a URL; other <link>s are fetched.
                            let fetchedLink =
                                tag.hasPrefix("<link") && !tag.contains("rel=\"canonical\"") && !tag.contains("rel=\"alternate\"")
                            out.append(Reference(value: value, loadsResource: resource || fetchedLink))
                            i = end
                            break
                        }
                    }
                }
                i += 1
            }
        }
        return out
    }

    /// Values of `id="…"` attributes.
    static func ids(in bytes: Data) -> Set<String> {
        var out = Set<String>()
        let marker = Array(" id=\"".utf8)
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i + marker.count < b.count {
                if b[i] == marker[0], b[i + 1] == marker[1], b[i + 2] == marker[2], b[i + 3] == marker[3], b[i + 4] == marker[4] {
                    let start = i + marker.count
                    var end = start
                    while end < b.count, b[end] != UInt8(ascii: "\"") { end += 1 }
                    out.insert(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
                    i = end
                }
                i += 1
            }
        }
        return out
    }

    private static func split(_ url: String) -> (String, String?) {
        var url = url
        if let q = url.firstIndex(of: "?") {
            let hash = url.firstIndex(of: "#")
            url = String(url[..<q]) + (hash.map { String(url[$0...]) } ?? "")
        }
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]).removingPercentEncoding)
    }

    private static func resolve(_ path: String, relativeTo folder: String) -> String {
        var parts = folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(String(part))
        }
        let joined = parts.joined(separator: "/")
        return path.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }
}
