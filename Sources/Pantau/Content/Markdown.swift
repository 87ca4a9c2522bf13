import CArena
import CCmark
import Foundation

/// A heading of a page, with the stable `id` its HTML carries.
struct Heading: Sendable, Equatable {
    var level: Int
    var text: String
    var id: String
    var line: Int
    /// UTF-8 offsets in `text` of inline code, where a `{{pantau …}}` figure is shown as written, not replaced.
    var code: [Range<Int>] = []
}

/// A link found in Markdown, where it was written.
struct MarkdownLink: Sendable, Equatable {
    var url: String
    var line: Int
    var column: Int
    /// `![…](…)`: an image, which the browser loads with the page.
    var isImage = false
}

/// What libcmark made of a page body.
struct RenderedMarkdown: Sendable {
    var html: String
    var headings: [Heading]
    /// Every link and image destination, before rewriting.
    var links: [MarkdownLink]
    /// The text without markup, for the search index.
    var plainText: String
    /// UTF-8 offsets in `plainText` of code, where a `{{pantau …}}` figure is shown as written (recorded
    /// only when the page has a figure).
    var plainTextCode: [Range<Int>] = []
}

/// Renders Markdown with libcmark: safe mode unless the site opts in to raw HTML, heading ids,
/// and links rewritten through a closure (so `lupa-password.md` becomes `/bantuan/lupa-password/`).
enum Markdown {
    /// Pages up to this size (nearly all) render with the arena allocator; larger ones with malloc.
    static let arenaLimit = 1 << 20

    /// Renders `source`, whose first line is line `firstLine` of its file.
    /// - Parameter smartPunctuation: libcmark's `CMARK_OPT_SMART` (straight quotes to curly ones, `--` to
    ///   an en dash, `---` to an em dash, `...` to an ellipsis), on for pages; never inside code.
    /// - Parameter rewrite: maps a link destination to the one to publish (or nil to keep it).
    /// - Parameter imageSize: the size of the image a published URL names, if known: its `<img>` then gets
    ///   `width`, `height` and `loading="lazy"`.
    /// - Parameter largePage: render as a page over ``arenaLimit`` (malloc, and the tree freed block by block as
    ///   its HTML is written) or as a smaller one; nil decides by size. The tests render both ways.
    static func render(
        _ source: Substring, firstLine: Int = 1, unsafeHTML: Bool = false, smartPunctuation: Bool = true,
        rewrite: (MarkdownLink) -> String? = { _ in nil }, imageSize: (String) -> ImageSize? = { _ in nil },
        largePage: Bool? = nil
    ) -> RenderedMarkdown {
        var options = smartPunctuation ? CMARK_OPT_SMART : CMARK_OPT_DEFAULT
        if unsafeHTML { options |= CMARK_OPT_UNSAFE }
        let mayHaveFigures = source.containsBytes("{{pantau")
        // The body's own bytes when they are contiguous (a page's text always is): a copy is a page's size again.
        if let rendered = source.utf8.withContiguousStorageIfAvailable({
            render(
                bytes: $0, firstLine: firstLine, options: options, smartFigures: smartPunctuation && mayHaveFigures,
                mayHaveFigures: mayHaveFigures, rewrite: rewrite, imageSize: imageSize, largePage: largePage)
        }) {
            return rendered
        }
        return Array(source.utf8).withUnsafeBufferPointer {
            render(
                bytes: $0, firstLine: firstLine, options: options, smartFigures: smartPunctuation && mayHaveFigures,
                mayHaveFigures: mayHaveFigures, rewrite: rewrite, imageSize: imageSize, largePage: largePage)
        }
    }

    private static func render(
        bytes utf8: UnsafeBufferPointer<UInt8>, firstLine: Int, options: Int32, smartFigures: Bool, mayHaveFigures: Bool,
        rewrite: (MarkdownLink) -> String?, imageSize: (String) -> ImageSize?, largePage: Bool?
    ) -> RenderedMarkdown {
        // A page's libcmark allocations come from this thread's arena and are dropped at once when the page
        // is done (the cmark_*_free calls reach its no-op free). The arena never reuses freed memory, which
        // a large page would pay for in peak memory: above `arenaLimit` bytes libcmark's own malloc is used.
        let largePage = largePage ?? (utf8.count > arenaLimit)
        let useArena = !largePage
        let mem = useArena ? pantau_arena_cmark_mem().assumingMemoryBound(to: cmark_mem.self) : cmark_get_default_mem_allocator()
        defer { if useArena { pantau_arena_reset() } }
        guard let mem, let parser = cmark_parser_new_with_mem(options, mem) else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        utf8.baseAddress?.withMemoryRebound(to: CChar.self, capacity: utf8.count) { cmark_parser_feed(parser, $0, utf8.count) }
        let finished = cmark_parser_finish(parser)
        cmark_parser_free(parser)
        guard let document = finished else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }

        convertPipeTables(in: document, source: utf8, options: options, mem: mem)
        var cell: CellOrigin?
        var headings: [Heading] = []
        var headingNodes: [OpaquePointer] = []
        var sizedImages: [(node: OpaquePointer, url: String, size: ImageSize)] = []
        var links: [MarkdownLink] = []
        var ids = HeadingIDs()
        var plain: [UInt8] = []
        plain.reserveCapacity(utf8.count)
        var plainCode: [Range<Int>] = []

        let iterator = cmark_iter_new(document)
        var lastBlockLine = 1
        // Smart punctuation must not reach `{{pantau … unit="x"}}`: undone inside figures, text node by text node.
        var figures = smartFigures ? SmartFigureText() : nil
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            if type == CMARK_NODE_CUSTOM_INLINE, let origin = CellOrigin(of: node) {
                cell = entering ? origin : nil
                if !entering { plain.append(32) }
            }
            if type == CMARK_NODE_CUSTOM_BLOCK, !entering, plain.last != 10 { plain.append(10) }
            let line = cell?.line ?? Int(cmark_node_get_start_line(node))
            if line > 0, entering, type.rawValue >= CMARK_NODE_FIRST_BLOCK.rawValue, type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue {
                lastBlockLine = line
            }
            if entering, type != CMARK_NODE_TEXT, type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue { figures?.reset() }
            if type == CMARK_NODE_TEXT, figures != nil, let literal = cmark_node_get_literal(node),
                let plainer = figures?.undoingSmartPunctuation(
                    in: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
            {
                cmark_node_set_literal(node, plainer)
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(node) {
                    let count = strlen(literal)
                    let start = plain.count
                    literal.withMemoryRebound(to: UInt8.self, capacity: count) {
                        plain.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
                    }
                    if mayHaveFigures, type == CMARK_NODE_CODE { plainCode.append(start..<plain.count) }
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                plain.append(32)
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_ITEM, CMARK_NODE_CODE_BLOCK:
                if !entering || type == CMARK_NODE_CODE_BLOCK {
                    if type == CMARK_NODE_CODE_BLOCK, let literal = cmark_node_get_literal(node) {
                        let start = plain.count
                        plain.append(contentsOf: Array(String(cString: literal).utf8))
                        if mayHaveFigures { plainCode.append(start..<plain.count) }
                    }
                    if plain.last != 10 { plain.append(10) }
                }
            default: break
            }
            if type == CMARK_NODE_HEADING, !entering {
                let (text, code) = plainTextAndCode(of: node)
                let id = ids.claim(slugify(text))
                headings.append(
                    Heading(
                        level: Int(cmark_node_get_heading_level(node)), text: text, id: id,
                        line: (line > 0 ? line : lastBlockLine) + firstLine - 1, code: mayHaveFigures ? code : []))
                headingNodes.append(node)
            }
            if entering, type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) {
                var column = Int(cmark_node_get_start_column(node))
                if let cell { column += cell.columnBase - 1 }
                let link = MarkdownLink(
                    url: String(cString: url), line: (line > 0 ? line : lastBlockLine) + firstLine - 1,
                    column: column > 0 ? column : 1, isImage: type == CMARK_NODE_IMAGE)
                links.append(link)
                let replacement = rewrite(link)
                if let replacement { cmark_node_set_url(node, replacement) }
                if type == CMARK_NODE_IMAGE, let size = imageSize(replacement ?? link.url) {
                    sizedImages.append((node, replacement ?? link.url, size))
                }
            }
        }

        for (node, heading) in zip(headingNodes, headings) { setID(heading, on: node, mem: mem) }
        // Alt texts first, then the innermost image first: an image inside another's alt text (`![a ![b](x.png)](y.png)`)
        // is replaced before the outer one is freed with it. Outer first read a freed node, and looped for ever on
        // some pages (found by `scripts/fuzz markdown`).
        let alts = sizedImages.map { plainText(of: $0.node) }
        for (image, alt) in zip(sizedImages, alts).reversed() {
            setSize(image.size, url: image.url, alt: alt, on: image.node, mem: mem)
        }
        cmark_iter_free(iterator)
        let html =
            largePage
            ? renderFreeingBlocks(document, options: options, mem: mem, sourceBytes: utf8.count)
            : renderWhole(document, options: options, mem: mem)
        return RenderedMarkdown(
            html: html, headings: headings, links: links, plainText: String(decoding: plain, as: UTF8.self), plainTextCode: plainCode)
    }

    /// The document's HTML in one piece; frees the document.
    private static func renderWhole(_ document: OpaquePointer, options: Int32, mem: UnsafeMutablePointer<cmark_mem>) -> String {
        let rendered = cmark_render_html(document, options)
        cmark_node_free(document)
        guard let rendered else { return "" }
        defer { mem.pointee.free(rendered) }
        return String(cString: rendered)
    }

    /// The same HTML as ``renderWhole``, written one top-level block at a time, each block freed once written:
    /// a large page never holds its whole tree and its whole HTML at once. Every block's HTML ends in a line
    /// break (libcmark closes each block with one), so no separator differs from the whole rendering.
    private static func renderFreeingBlocks(
        _ document: OpaquePointer, options: Int32, mem: UnsafeMutablePointer<cmark_mem>, sourceBytes: Int
    ) -> String {
        var html: [UInt8] = []
        // Address space only: pages are touched as the HTML fills them, and growing by copying is avoided.
        html.reserveCapacity(sourceBytes * 4)
        let trimEvery = 1 << 21
        var trimmedAt = 0
        while let block = cmark_node_first_child(document) {
            if let rendered = cmark_render_html(block, options) {
                rendered.withMemoryRebound(to: UInt8.self, capacity: 1) {
                    html.append(contentsOf: UnsafeBufferPointer(start: $0, count: strlen(rendered)))
                }
                mem.pointee.free(rendered)
            }
            cmark_node_unlink(block)
            cmark_node_free(block)
            // The freed nodes' pages go back to the system as the HTML grows, not only at the end.
            if html.count >= trimmedAt + trimEvery {
                pantau_malloc_trim()
                trimmedAt = html.count
            }
        }
        cmark_node_free(document)
        pantau_malloc_trim()
        return String(decoding: html, as: UTF8.self)
    }

    /// Replaces an image node by the same `<img>` libcmark writes, plus its size and lazy loading.
    private static func setSize(
        _ size: ImageSize, url: String, alt: String, on node: OpaquePointer, mem: UnsafeMutablePointer<cmark_mem>
    ) {
        guard let tag = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem) else { return }
        var html = "<img src=\"\(escapeHref(url))\" alt=\"\(escapeHTML(alt))\""
        if let title = cmark_node_get_title(node).map({ String(cString: $0) }), !title.isEmpty {
            html += " title=\"\(escapeHTML(title))\""
        }
        html += " width=\"\(size.width)\" height=\"\(size.height)\" loading=\"lazy\" />"
        cmark_node_set_on_enter(tag, html)
        cmark_node_insert_before(node, tag)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// `&`, `<`, `>`, `"` escaped, as libcmark escapes text.
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A URL as libcmark writes it in `href`/`src`: bytes outside the URL characters percent-encoded,
    /// `&` and `'` escaped.
    static func escapeHref(_ url: String) -> String {
        var out = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;"
            case UInt8(ascii: "'"): out += "&#x27;"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                if "-_.+!*(),%#@?=;:/$~[]".utf8.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
            }
        }
        return out
    }

    /// Replaces a heading node by a custom block holding `<hN id="…">` and the heading's inlines, so the
    /// id is written by libcmark itself: no marker in the HTML that a page's own text could imitate.
    private static func setID(_ heading: Heading, on node: OpaquePointer, mem: UnsafeMutablePointer<cmark_mem>) {
        guard let block = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem),
            let tag = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem)
        else { return }
        cmark_node_set_on_enter(tag, "<h\(heading.level) id=\"\(heading.id)\">")
        cmark_node_set_on_exit(tag, "</h\(heading.level)>")
        cmark_node_append_child(block, tag)
        while let child = cmark_node_first_child(node) {
            cmark_node_unlink(child)
            cmark_node_append_child(tag, child)
        }
        cmark_node_insert_before(node, block)
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// The text inside a node (image descriptions), without markup.
    private static func plainText(of node: OpaquePointer) -> String {
        plainTextAndCode(of: node).text
    }

    /// The text inside a node (headings), without markup, and the UTF-8 offsets of its inline code.
    private static func plainTextAndCode(of node: OpaquePointer) -> (text: String, code: [Range<Int>]) {
        var text = ""
        var code: [Range<Int>] = []
        guard let iterator = cmark_iter_new(node) else { return ("", []) }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                let start = text.utf8.count
                text += String(cString: literal)
                if type == CMARK_NODE_CODE { code.append(start..<text.utf8.count) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return (text, code)
    }

    /// A URL-safe id from heading text: lower case, accents dropped, words joined by `-`.
    static func slugify(_ text: String) -> String {
        // Plain ASCII (nearly every heading) needs no Unicode folding: lower-case it byte by byte.
        let folded =
            text.utf8.allSatisfy { $0 < 0x80 }
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
