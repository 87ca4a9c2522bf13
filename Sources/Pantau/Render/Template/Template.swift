/// A Mustache template compiled once into a tree of nodes and rendered straight into bytes.
///
/// Why Pantau has its own renderer instead of swift-mustache's: rendering 10,000 pages through
/// swift-mustache took 2.3 s of CPU (half of the whole build), nearly all of it in dynamic protocol
/// casts and `String` concatenation per token. This renderer looks values up with concrete casts
/// (`[String: Any]`, `String`, `Bool` …) and appends UTF-8 bytes to one buffer; see BENCHMARKS.md.
///
/// The language is the same: variables, `{{{raw}}}`, sections, inverted sections, comments,
/// partials, template inheritance (`{{<parent}}` with `{{$block}}`) and set delimiters, with
/// swift-mustache's whitespace rules (standalone lines, partial indentation), which the test suite
/// checks against swift-mustache itself. Lambdas, transforms (`{{name(x)}}`), dynamic partials and
/// `{{%CONTENT_TYPE}}` are not supported: a template using them fails to parse with a clear message.
struct Template: Sendable {
    /// One piece of a compiled template.
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(TemplatePath, escaped: Bool)
        case section(TemplatePath, [Node], inverted: Bool)
        /// `{{>name}}` or `{{<name}}…{{/name}}` (with its block overrides).
        case partial(String, indentation: [UInt8]?, overrides: [String: [Node]]?)
        /// `{{$name}}default{{/name}}` where the template is used (not where it is overridden).
        case block(String, defaultNodes: [Node], indentation: [UInt8])
        /// `{{$name}}…{{/name}}` directly inside `{{<parent}}`: an override, never rendered in place.
        case blockOverride(String, [Node])
    }

    let nodes: [Node]

    /// Parses `text`; throws ``TemplateSyntaxError`` with the line and column of the problem.
    init(_ text: String) throws {
        var parser = TemplateParser(text)
        nodes = try parser.parseTemplate()
    }
}

/// A dotted name as written in a tag: `.`, `title`, `site.title`, `.title` (current object only).
struct TemplatePath: Sendable {
    /// Names to resolve, first one up the context stack (unless `anchored`).
    let names: [String]
    /// `{{.}}` or a name starting with `.`: resolved in the current object only.
    let anchored: Bool
    let text: String

    init(_ text: String) {
        self.text = text
        anchored = text.hasPrefix(".")
        names = text == "." ? [] : text.split(separator: ".").map(String.init)
    }
}

/// Why a template does not parse, and where.
struct TemplateSyntaxError: Error, Sendable {
    enum Reason: Sendable {
        case sectionCloseNameIncorrect, unfinishedName, expectedSectionEnd, invalidSetDelimiter
        case illegalTokenInsideInheritSection
        case unsupported(String)
    }
    let reason: Reason
    let line: Int
    let column: Int
    /// The template line the problem is on.
    let lineText: String

    /// What went wrong, in words for the person editing the template.
    var explanation: String {
        switch reason {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section {{#…}} is never closed with {{/…}}"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .illegalTokenInsideInheritSection: return "only {{$block}} sections may appear inside {{<parent}}"
        case .unsupported(let what): return "\(what) are not supported by Pantau's templates"
        }
    }
}
