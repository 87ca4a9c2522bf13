import CArena
import CCmark
import Foundation

/// A heading of a page, with the stable `id` its HTML carries.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    public var line: Int
}

/// A link found in Markdown, where it was written.
public struct MarkdownLink: Sendable, Equatable {
    public var url: String
    public var line: Int
    public var column: Int
}

/// What libcmark made of a page body.
public struct RenderedMarkdown: Sendable {
    public var html: String
    public var headings: [Heading]
    /// Every link and image destination, before rewriting.
    public var links: [MarkdownLink]
    /// The text without markup, for the search index.
    public var plainText: String
}

/// Renders Markdown with libcmark: safe mode unless the site opts in to raw HTML, heading ids,
/// and links rewritten through a closure (so `lupa-password.md` becomes `/bantuan/lupa-password/`).
public enum Markdown {
    /// Marker libcmark copies verbatim into the HTML right after `<hN>`; replaced by an `id` attribute.
    private static let headingMarker = "\u{1}H"

    /// Renders `source`, whose first line is line `firstLine` of its file.
    /// - Parameter rewrite: maps a link destination to the one to publish (or nil to keep it).
    public static func render(
        _ source: Substring, firstLine: Int = 1, unsafeHTML: Bool = false,
        rewrite: (MarkdownLink) -> String? = { _ in nil }
    ) -> RenderedMarkdown {
        var options = CMARK_OPT_SMART
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        let utf8 = Array(source.utf8)
        // Everything libcmark allocates for this page comes from this thread's arena and is dropped at
        // once when the page is done (no cmark_*_free calls: they would only reach the arena's no-op free).
        let mem = pantau_arena_cmark_mem().assumingMemoryBound(to: cmark_mem.self)
        defer { pantau_arena_reset() }
        guard let parser = cmark_parser_new_with_mem(options, mem) else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        guard let document = cmark_parser_finish(parser) else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }

        var headings: [Heading] = []
        var links: [MarkdownLink] = []
        var usedIDs: [String: Int] = [:]
        var plain: [UInt8] = []
        plain.reserveCapacity(utf8.count)

        let iterator = cmark_iter_new(document)
        var lastBlockLine = 1
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            let line = Int(cmark_node_get_start_line(node))
            if line > 0, entering, type.rawValue >= CMARK_NODE_FIRST_BLOCK.rawValue, type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue {
                lastBlockLine = line
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(node) {
                    let count = strlen(literal)
                    literal.withMemoryRebound(to: UInt8.self, capacity: count) { plain.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                plain.append(32)
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_CODE_BLOCK:
                if !entering || type == CMARK_NODE_CODE_BLOCK {
                    if type == CMARK_NODE_CODE_BLOCK, let literal = cmark_node_get_literal(node) {
                        plain.append(contentsOf: Array(String(cString: literal).utf8))
                    }
                    if plain.last != 10 { plain.append(10) }
                }
            default: break
            }
            if type == CMARK_NODE_HEADING, !entering {
                let text = plainText(of: node)
                var id = slugify(text)
                if id.isEmpty { id = "bagian" }
                if let n = usedIDs[id] {
                    usedIDs[id] = n + 1
                    id += "-\(n + 1)"
                } else {
                    usedIDs[id] = 0
                }
                headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: text, id: id, line: (line > 0 ? line : lastBlockLine) + firstLine - 1))
                if let marker = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem) {
                    cmark_node_set_on_enter(marker, headingMarker + id + "\u{1}")
                    if let first = cmark_node_first_child(node) {
                        cmark_node_insert_before(first, marker)
                    } else {
                        cmark_node_append_child(node, marker)
                    }
                }
            }
            if entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) {
                let column = Int(cmark_node_get_start_column(node))
                let link = MarkdownLink(url: String(cString: url), line: (line > 0 ? line : lastBlockLine) + firstLine - 1, column: column > 0 ? column : 1)
                links.append(link)
                if let replacement = rewrite(link) {
                    cmark_node_set_url(node, replacement)
                }
            }
        }

        guard let rendered = cmark_render_html(document, options) else {
            return RenderedMarkdown(html: "", headings: headings, links: links, plainText: "")
        }
        var html = String(cString: rendered)
        if !headings.isEmpty { html = insertHeadingIDs(html) }
        return RenderedMarkdown(html: html, headings: headings, links: links, plainText: String(decoding: plain, as: UTF8.self))
    }

    /// `<h2>\u{1}Hid\u{1}Title` → `<h2 id="id">Title`, on bytes (the marker byte 0x01 never occurs in
    /// libcmark's output otherwise: it escapes nothing to it and the source cannot contain it raw).
    private static func insertHeadingIDs(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            var i = 0
            while i < bytes.count {
                // Copy up to the next marker byte in one go.
                guard let base = bytes.baseAddress, let hit = memchr(base + i, 1, bytes.count - i) else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i...]))
                    break
                }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<at]))
                guard at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "H") else {
                    out.append(1)
                    i = at + 1
                    continue
                }
                // Drop the `>` that closes `<hN` so the id goes inside the tag.
                if out.last == UInt8(ascii: ">") { out.removeLast() }
                var end = at + 2
                while end < bytes.count, bytes[end] != 1 { end += 1 }
                out.append(contentsOf: " id=\"".utf8)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(at + 2)..<end]))
                out.append(contentsOf: "\">".utf8)
                i = end + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The text inside a node (headings), without markup.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return "" }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                text += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    /// A URL-safe id from heading text: lower case, accents dropped, words joined by `-`.
    public static func slugify(_ text: String) -> String {
        // Plain ASCII (nearly every heading) needs no Unicode folding: lower-case it byte by byte.
        let folded = text.utf8.allSatisfy { $0 < 0x80 }
            ? String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
            : text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingDash, !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out
    }
}
