import Foundation
import Yams

/// A YAML mapping read key by key, with every value's line and column at hand.
///
/// Each accessor marks its key as known; ``finish()`` then reports the first key nobody asked for,
/// so a misspelt setting fails loudly instead of being ignored.
struct YAMLMap {
    let file: String
    let step: PantauError.Step
    /// Added to every line number: front matter starts after the opening `---`.
    let lineOffset: Int
    private let pairs: [(key: String, keyNode: Node, value: Node)]
    private let mark: Mark?
    private var used: Set<String> = []

    /// Parses `text` and reads its top level as a mapping; empty text is an empty mapping.
    init(parsing text: String, file: String, step: PantauError.Step, lineOffset: Int = 0) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file, step: step, lineOffset: lineOffset)
        } catch {
            throw PantauError(file: file, line: lineOffset + 1, step: step, "YAML could not be read: \(error)")
        }
        guard let node else {
            self.init(pairs: [], mark: nil, file: file, step: step, lineOffset: lineOffset)
            return
        }
        try self.init(node: node, file: file, step: step, lineOffset: lineOffset, what: "the top level")
    }

    init(node: Node, file: String, step: PantauError.Step, lineOffset: Int, what: String) throws {
        guard case .mapping(let mapping) = node else {
            throw PantauError(
                file: file, line: node.mark.map { $0.line + lineOffset }, column: node.mark?.column, step: step,
                "\(what) should be a mapping of `key: value` lines")
        }
        var pairs: [(String, Node, Node)] = []
        var seen: [String: Int] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = (keyNode.mark?.line ?? 0) + lineOffset
            if let first = seen[key] {
                throw PantauError(
                    file: file, line: line, column: keyNode.mark?.column, step: step,
                    "`\(key)` is given twice (first on line \(first)); keep one")
            }
            seen[key] = line
            pairs.append((key, keyNode, value))
        }
        self.init(pairs: pairs, mark: mapping.mark, file: file, step: step, lineOffset: lineOffset)
    }

    private init(pairs: [(key: String, keyNode: Node, value: Node)], mark: Mark?, file: String, step: PantauError.Step, lineOffset: Int) {
        self.pairs = pairs
        self.mark = mark
        self.file = file
        self.step = step
        self.lineOffset = lineOffset
    }

    var keys: [String] { pairs.map(\.key) }

    /// The raw node of `key`, marking the key as known.
    mutating func node(_ key: String) -> Node? {
        used.insert(key)
        return pairs.first { $0.key == key }?.value
    }

    /// Line of the mapping itself (for errors about a missing key).
    var line: Int? { mark.map { $0.line + lineOffset } }
    /// Column of the mapping itself.
    var column: Int? { mark?.column }

    func error(at node: Node?, _ message: String) -> PantauError {
        PantauError(file: file, line: node?.mark.map { $0.line + lineOffset } ?? line, column: node?.mark?.column, step: step, message)
    }

    private func scalar(_ node: Node, _ key: String, expected: String) throws -> String {
        guard case .scalar(let scalar) = node else {
            throw error(at: node, "`\(key)` should be \(expected)")
        }
        return scalar.string
    }

    mutating func string(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        if Self.isNull(node) { return nil }
        return try scalar(node, key, expected: "text")
    }

    mutating func requiredString(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else {
            throw PantauError(file: file, line: line, column: mark?.column, step: step, "`\(key)` is required; add a line `\(key): …`")
        }
        return value
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let node = node(key) else { return nil }
        let text = try scalar(node, key, expected: "true or false")
        switch text.lowercased() {
        case "true", "yes", "ya": return true
        case "false", "no", "tidak": return false
        default: throw error(at: node, "`\(key)` should be true or false, found \"\(text)\"")
        }
    }

    mutating func int(_ key: String) throws -> Int? {
        guard let node = node(key) else { return nil }
        let text = try scalar(node, key, expected: "a whole number")
        guard let value = Int(text) else {
            throw error(at: node, "`\(key)` should be a whole number like 10, found \"\(text)\"")
        }
        return value
    }

    /// A calendar date `YYYY-MM-DD` (a time part, if any, is kept).
    mutating func date(_ key: String) throws -> CalendarDate? {
        guard let node = node(key) else { return nil }
        let text = try scalar(node, key, expected: "a date like 2021-06-30")
        guard let date = CalendarDate(iso: text) else {
            throw error(at: node, "`\(key)` should be a date like 2021-06-30, found \"\(text)\"")
        }
        return date
    }

    /// A list of strings; a single string is accepted as a list of one.
    mutating func strings(_ key: String) throws -> [String]? {
        guard let node = node(key) else { return nil }
        switch node {
        case .scalar(let s):
            return s.string.isEmpty ? [] : [s.string]
        case .sequence(let seq):
            return try seq.map { try scalar($0, key, expected: "a list of text values") }
        default:
            throw error(at: node, "`\(key)` should be a list like [a, b]")
        }
    }

    /// A nested mapping.
    mutating func map(_ key: String) throws -> YAMLMap? {
        guard let node = node(key) else { return nil }
        if Self.isNull(node) { return nil }
        return try YAMLMap(node: node, file: file, step: step, lineOffset: lineOffset, what: "`\(key)`")
    }

    /// A list of mappings.
    mutating func maps(_ key: String) throws -> [YAMLMap]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let seq) = node else {
            throw error(at: node, "`\(key)` should be a list of entries, each starting with `- `")
        }
        return try seq.map { try YAMLMap(node: $0, file: file, step: step, lineOffset: lineOffset, what: "each entry of `\(key)`") }
    }

    /// The value nodes of every key, in file order, marking all as known (for free-form maps).
    mutating func entries() -> [(key: String, node: Node)] {
        for pair in pairs { used.insert(pair.key) }
        return pairs.map { ($0.key, $0.value) }
    }

    /// Fails on the first key no accessor asked for.
    func finish(known: String) throws {
        if let unknown = pairs.first(where: { !used.contains($0.key) }) {
            throw PantauError(
                file: file, line: unknown.keyNode.mark.map { $0.line + lineOffset }, column: unknown.keyNode.mark?.column,
                step: step, "unknown key `\(unknown.key)`; known keys here are \(known)")
        }
    }

    /// A plain `~`, `null` or empty value.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    static func describe(_ error: YamlError, file: String, step: PantauError.Step, lineOffset: Int) -> PantauError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return PantauError(
                file: file, line: mark.line + lineOffset, column: mark.column, step: step,
                "YAML is malformed (\(detail)); check indentation and quote values that contain `: ` or `#`")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first occurrence; the one to remove is the next, found in the text.
            let first = (line: context.mark.line, column: context.mark.column)
            let second = duplicates.first.flatMap { secondOccurrence(of: $0, after: first, in: context.text) }
            let at = second ?? first
            let firstNote = second == nil ? "" : " (first at line \(first.line + lineOffset))"
            return PantauError(
                file: file, line: at.line + lineOffset, column: at.column, step: step,
                "key given twice: \(duplicates.joined(separator: ", "))\(firstNote); keep one")
        default:
            return PantauError(file: file, line: lineOffset + 1, step: step, "YAML could not be read: \(error)")
        }
    }

    /// The next `key:` in the same mapping as the one at `first` (1-based line and column): at the same
    /// column, before any line that starts further left.
    static func secondOccurrence(of key: String, after first: (line: Int, column: Int), in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = first.column - 1
        guard first.line >= 1, indent >= 0 else { return nil }
        for number in (first.line + 1)...max(first.line + 1, lines.count) where number <= lines.count {
            let line = lines[number - 1].utf8
            let leading = line.prefix { $0 == 32 }.count
            if leading == line.count || line.dropFirst(leading).first == UInt8(ascii: "#") { continue }
            if leading < indent { return nil }
            guard leading == indent else { continue }
            let rest = Substring(lines[number - 1]).dropFirst(indent)
            for written in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(written) {
                if rest.dropFirst(written.count).drop(while: { $0 == " " }).hasPrefix(":") { return (number, first.column) }
            }
        }
        return nil
    }
}
