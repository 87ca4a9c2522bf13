import Foundation

/// A Markdown file as read from `Content/`, with its URL worked out but not yet rendered.
///
/// Its fields live in one shared, copy-on-write box, as ``Page``'s do: a copy costs one reference count.
struct SourcePage: Sendable, Equatable {
    private struct Fields: Sendable, Equatable {
        var relativePath: String
        var file: String
        var frontMatter: FrontMatter
        var body: Substring
        var bodyLine: Int
        var isSectionIndex: Bool
        var section: String
        var url: String
    }

    /// Mutated only while uniquely referenced (``makeUnique()``), so sharing it between threads is safe.
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(
        relativePath: String, file: String, frontMatter: FrontMatter, body: Substring, bodyLine: Int, isSectionIndex: Bool,
        section: String, url: String
    ) {
        box = Box(
            Fields(
                relativePath: relativePath, file: file, frontMatter: frontMatter, body: body, bodyLine: bodyLine,
                isSectionIndex: isSectionIndex, section: section, url: url))
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    }

    /// Path below `Content/`, with `/` separators: `bantuan/lupa-password.md`.
    var relativePath: String {
        _read { yield box.fields.relativePath }
        _modify {
            makeUnique()
            yield &box.fields.relativePath
        }
    }

    /// Path for messages: `Content/bantuan/lupa-password.md`.
    var file: String {
        _read { yield box.fields.file }
        _modify {
            makeUnique()
            yield &box.fields.file
        }
    }

    var frontMatter: FrontMatter {
        _read { yield box.fields.frontMatter }
        _modify {
            makeUnique()
            yield &box.fields.frontMatter
        }
    }

    var body: Substring {
        _read { yield box.fields.body }
        _modify {
            makeUnique()
            yield &box.fields.body
        }
    }

    /// Line of the file where the body starts.
    var bodyLine: Int {
        _read { yield box.fields.bodyLine }
        _modify {
            makeUnique()
            yield &box.fields.bodyLine
        }
    }

    /// True for a section's own page, `_index.md`.
    var isSectionIndex: Bool {
        _read { yield box.fields.isSectionIndex }
        _modify {
            makeUnique()
            yield &box.fields.isSectionIndex
        }
    }

    /// The section this page belongs to (its folder), `""` for the top level.
    var section: String {
        _read { yield box.fields.section }
        _modify {
            makeUnique()
            yield &box.fields.section
        }
    }

    /// Site-relative URL with a trailing slash: `/bantuan/lupa-password/`.
    var url: String {
        _read { yield box.fields.url }
        _modify {
            makeUnique()
            yield &box.fields.url
        }
    }

    /// Whether `other` is this page with its body left out (as ``SiteContent`` keeps pages without live figures).
    func isSame(asWithoutBody other: SourcePage) -> Bool {
        let a = box
        let b = other.box
        return b.fields.body.isEmpty && a.fields.relativePath == b.fields.relativePath && a.fields.file == b.fields.file
            && a.fields.frontMatter == b.fields.frontMatter && a.fields.bodyLine == b.fields.bodyLine
            && a.fields.isSectionIndex == b.fields.isSectionIndex && a.fields.section == b.fields.section && a.fields.url == b.fields.url
    }

    static func == (a: SourcePage, b: SourcePage) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
}

/// A page ready for a template: its HTML, headings and plain text.
///
/// Its fields live in one shared, copy-on-write box: a build copies its 10,000 pages many times over (into
/// arrays, dictionaries, serve's memo, each worker's closure), and a copy then costs one reference count
/// instead of one per string and array; two copies of one page compare equal at once.
struct Page: Sendable, Equatable {
    private struct Fields: Sendable, Equatable {
        var source: SourcePage
        var html: String
        var headings: [Heading]
        var plainText: String
        var internalLinks: [ResolvedLink]
        var plainTextCode: [Range<Int>]
    }

    /// Mutated only while uniquely referenced (``makeUnique()``), so sharing it between threads is safe.
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(
        source: SourcePage, html: String, headings: [Heading], plainText: String, internalLinks: [ResolvedLink],
        plainTextCode: [Range<Int>] = []
    ) {
        box = Box(
            Fields(
                source: source, html: html, headings: headings, plainText: plainText, internalLinks: internalLinks,
                plainTextCode: plainTextCode))
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    }

    var source: SourcePage {
        _read { yield box.fields.source }
        _modify {
            makeUnique()
            yield &box.fields.source
        }
    }
    var html: String {
        _read { yield box.fields.html }
        _modify {
            makeUnique()
            yield &box.fields.html
        }
    }
    var headings: [Heading] {
        _read { yield box.fields.headings }
        _modify {
            makeUnique()
            yield &box.fields.headings
        }
    }
    var plainText: String {
        _read { yield box.fields.plainText }
        _modify {
            makeUnique()
            yield &box.fields.plainText
        }
    }
    /// Destinations of internal links, resolved, to check once every page is known.
    var internalLinks: [ResolvedLink] {
        _read { yield box.fields.internalLinks }
        _modify {
            makeUnique()
            yield &box.fields.internalLinks
        }
    }
    /// UTF-8 offsets of code in `plainText`, where a live figure is shown as written, not replaced.
    var plainTextCode: [Range<Int>] {
        _read { yield box.fields.plainTextCode }
        _modify {
            makeUnique()
            yield &box.fields.plainTextCode
        }
    }

    var url: String { box.fields.source.url }
    var title: String { box.fields.source.frontMatter.title }

    static func == (a: Page, b: Page) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
}

/// An internal link after rewriting: the page it points to and the anchor it needs there.
struct ResolvedLink: Sendable, Equatable {
    var targetPath: String
    var fragment: String?
    var line: Int
    var column: Int
}
