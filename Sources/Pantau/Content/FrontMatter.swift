import Foundation

/// The YAML block between `---` lines at the top of a Markdown page.
struct FrontMatter: Sendable, Equatable {
    var title: String = ""
    var description: String = ""
    var date: CalendarDate?
    var draft: Bool = false
    /// Smaller weights come first in a section; pages of equal weight sort by title.
    var weight: Int = 0
    /// Replaces the last part of the page's URL.
    var slug: String?
    /// Old URLs that should redirect here.
    var aliases: [String] = []
    var tags: [String] = []
    /// Template to render the page with, instead of `page` (or `section` for `_index.md`).
    var layout: String?
    /// Show a table of contents built from the page's headings.
    var toc: Bool = false
    /// WhatsApp message pre-filled in this page's contact links.
    var whatsappMessage: String?

    init() {}

    /// Every key a page's front matter may have: its name, the kind of value it takes, and the property it sets.
    /// Both readers (``FrontMatterFastPath`` and the YAML one below) go by this list, so a new key is a
    /// property above and one line here (plus its test); the list's order is the order errors are found in.
    static var fields: [FrontMatterField] {
        [
            .text("title", \.title),
            .text("description", \.description),
            .date("date", \.date),
            .flag("draft", \.draft),
            .int("weight", \.weight),
            .urlWord("slug", \.slug),
            .sitePaths("aliases", \.aliases),
            .texts("tags", \.tags),
            .optionalText("layout", \.layout),
            .flag("toc", \.toc),
            .optionalText("whatsapp_message", \.whatsappMessage),
        ]
    }

    static var knownKeys: String { fields.map { "`\($0.name)`" }.joined(separator: ", ") }

    /// One segment of a URL path: not empty, not `.` or `..`, no `/`, spaces, `#`, `?`, `%`, `\` or control characters
    /// (a slug or alias may never point outside the output folder or onto another page's file).
    static func isURLWord(_ word: String) -> Bool {
        !word.isEmpty && word != "." && word != ".."
            && word.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 0x20 && !"/#?%\\".unicodeScalars.contains($0) }
    }

    /// An alias: a site path starting with `/` whose every segment is a URL word.
    static func isSitePath(_ alias: String) -> Bool {
        alias.hasPrefix("/") && alias.split(separator: "/").allSatisfy { isURLWord(String($0)) }
    }

    /// Splits a page into front matter and body; the body's first line number is returned too.
    static func split(_ text: String, file: String) throws -> (frontMatter: FrontMatter, body: Substring, bodyLine: Int) {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else {
            return (FrontMatter(), text, 1)
        }
        // Find the closing `---` on a line of its own. Lines are found by their `\n` byte: as Characters,
        // a Windows line end `\r\n` is one character that is not "\n", and a CRLF page never found its end.
        let utf8 = text.utf8
        var line = 1
        var index = utf8.firstIndex(of: 10).map { utf8.index(after: $0) } ?? utf8.endIndex
        let yamlStart = index
        while index < utf8.endIndex {
            line += 1
            let lineEnd = utf8[index...].firstIndex(of: 10) ?? utf8.endIndex
            if isClosingLine(Substring(utf8[index..<lineEnd])) {
                let yaml = String(Substring(utf8[yamlStart..<index]))
                let body = lineEnd < utf8.endIndex ? Substring(utf8[utf8.index(after: lineEnd)...]) : ""
                let frontMatter = try parse(yaml, file: file)
                return (frontMatter, body, line + 1)
            }
            index = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        }
        throw PantauError(
            file: file, line: 1, column: 1, step: .content, "front matter starts with `---` but never ends; add a line `---` after it")
    }

    /// Whether `line` is `---` or `...`, carriage returns around it aside (read as bytes: Foundation's trimming
    /// cost more than parsing the front matter itself).
    static func isClosingLine(_ line: Substring) -> Bool {
        var bytes = line.utf8[...]
        while bytes.first == UInt8(ascii: "\r") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        return bytes.elementsEqual("---".utf8) || bytes.elementsEqual("...".utf8)
    }

    /// Parses the YAML of a front matter block that starts on line 2 of `file`.
    ///
    /// Typical front matter is read by ``FrontMatterFastPath``; whatever it is not sure of, every error included,
    /// goes through Yams, so both give the same result. `fastPath: false` lets tests compare the two.
    static func parse(_ yaml: String, file: String, fastPath: Bool = true) throws -> FrontMatter {
        if fastPath, let frontMatter = FrontMatterFastPath.parse(yaml) { return frontMatter }
        var map = try YAMLMap(parsing: yaml, file: file, step: .content, lineOffset: 1)
        var fm = FrontMatter()
        for field in fields { try field.read(from: &map, into: &fm) }
        try map.finish(known: knownKeys)
        return fm
    }
}
