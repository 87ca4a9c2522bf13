import Foundation

/// A Markdown file as read from `Content/`, with its URL worked out but not yet rendered.
public struct SourcePage: Sendable {
    /// Path below `Content/`, with `/` separators: `bantuan/lupa-password.md`.
    public var relativePath: String
    /// Path for messages: `Content/bantuan/lupa-password.md`.
    public var file: String
    public var frontMatter: FrontMatter
    public var body: Substring
    /// Line of the file where the body starts.
    public var bodyLine: Int
    /// True for a section's own page, `_index.md`.
    public var isSectionIndex: Bool
    /// The section this page belongs to (its folder), `""` for the top level.
    public var section: String
    /// Site-relative URL with a trailing slash: `/bantuan/lupa-password/`.
    public var url: String
}

/// A page ready for a template: its HTML, headings and plain text.
public struct Page: Sendable {
    public var source: SourcePage
    public var html: String
    public var headings: [Heading]
    public var plainText: String
    /// Destinations of internal links, resolved, to check once every page is known.
    public var internalLinks: [ResolvedLink]
    /// UTF-8 offsets of code in `plainText`, where a live figure is shown as written, not replaced.
    public var plainTextCode: [Range<Int>] = []

    public var url: String { source.url }
    public var title: String { source.frontMatter.title }
}

/// An internal link after rewriting: the page it points to and the anchor it needs there.
public struct ResolvedLink: Sendable, Equatable {
    public var targetPath: String
    public var fragment: String?
    public var line: Int
    public var column: Int
}
