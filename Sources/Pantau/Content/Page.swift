import Foundation

/// A Markdown file as read from `Content/`, with its URL worked out but not yet rendered.
struct SourcePage: Sendable, Equatable {
    /// Path below `Content/`, with `/` separators: `bantuan/lupa-password.md`.
    var relativePath: String
    /// Path for messages: `Content/bantuan/lupa-password.md`.
    var file: String
    var frontMatter: FrontMatter
    var body: Substring
    /// Line of the file where the body starts.
    var bodyLine: Int
    /// True for a section's own page, `_index.md`.
    var isSectionIndex: Bool
    /// The section this page belongs to (its folder), `""` for the top level.
    var section: String
    /// Site-relative URL with a trailing slash: `/bantuan/lupa-password/`.
    var url: String
}

/// A page ready for a template: its HTML, headings and plain text.
struct Page: Sendable, Equatable {
    var source: SourcePage
    var html: String
    var headings: [Heading]
    var plainText: String
    /// Destinations of internal links, resolved, to check once every page is known.
    var internalLinks: [ResolvedLink]
    /// UTF-8 offsets of code in `plainText`, where a live figure is shown as written, not replaced.
    var plainTextCode: [Range<Int>] = []

    var url: String { source.url }
    var title: String { source.frontMatter.title }
}

/// An internal link after rewriting: the page it points to and the anchor it needs there.
struct ResolvedLink: Sendable, Equatable {
    var targetPath: String
    var fragment: String?
    var line: Int
    var column: Int
}
