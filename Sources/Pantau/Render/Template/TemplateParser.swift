/// Turns Mustache text into ``Template/Node``s.
///
/// The whitespace rules follow hummingbird-project/swift-mustache's parser (Apache-2.0), which
/// Pantau's themes were written against, so templates render to the same bytes: a section, comment,
/// partial or block tag alone on its line removes that line; a standalone partial's indentation is
/// put before each line it renders.
struct TemplateParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// What the parser knows at a point: the section it is inside, delimiters, start of a line.
    private struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: [UInt8]?
        var start: [UInt8] = Array("{{".utf8)
        var end: [UInt8] = Array("}}".utf8)

        func inSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.isPartialDefinitionTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }

        func inParent(_ name: String) -> State {
            var state = self
            state.sectionName = name
            state.newLine = true
            state.isPartialDefinition = true
            state.isPartialDefinitionTopLevel = true
            return state
        }
    }

    mutating func parseTemplate() throws -> [Template.Node] {
        try parse(State())
    }

    // MARK: - Tags

    private mutating func parse(_ initial: State) throws -> [Template.Node] {
        var nodes: [Template.Node] = []
        var state = initial
        var whitespaceBefore: [UInt8] = []
        while position < bytes.count {
            if state.newLine {
                let whitespace = read(while: { $0 == 0x20 || $0 == 0x09 })
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    if let indent = state.partialDefinitionIndent {
                        whitespaceBefore = Array(whitespace.dropFirst(indent.count))
                    } else {
                        state.partialDefinitionIndent = whitespace
                    }
                } else {
                    whitespaceBefore = whitespace
                }
            }
            let text = readUntilDelimiterOrNewline(state)
            let newline = newlineLength(at: position)
            if newline > 0 {
                nodes.append(.text(whitespaceBefore + text + bytes[position..<position + newline]))
                state.newLine = true
                position += newline
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whitespaceBefore + text))
                whitespaceBefore = []
                state.newLine = false
            }
            guard position < bytes.count else { break }

            var setNewLine = false
            let tagStart = position - state.start.count
            func flushWhitespace() {
                if !whitespaceBefore.isEmpty {
                    nodes.append(.text(whitespaceBefore))
                    whitespaceBefore = []
                }
            }
            switch bytes[position] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[position] == UInt8(ascii: "^")
                position += 1
                let name = try parseName(state)
                if isStandalone(state) { setNewLine = true } else { flushWhitespace() }
                let inner = try parse(state.inSection(name, newLine: setNewLine))
                nodes.append(.section(TemplatePath(name), inner, inverted: inverted))

            case UInt8(ascii: "/"):
                position += 1
                let namePosition = position
                let name = try parseName(state)
                guard name == state.sectionName else {
                    position = namePosition
                    throw error(.sectionCloseNameIncorrect)
                }
                if isStandalone(state) { setNewLine = true } else { flushWhitespace() }
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                try skipComment(state)
                setNewLine = isStandalone(state)

            case UInt8(ascii: "{"):
                flushWhitespace()
                position += 1
                let name = try parseName(state)
                guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else { throw error(.unfinishedName) }
                position += 1
                nodes.append(.variable(TemplatePath(name), escaped: false))

            case UInt8(ascii: "&"):
                flushWhitespace()
                position += 1
                nodes.append(.variable(TemplatePath(try parseName(state)), escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                _ = read(while: Self.isWhitespace)
                if position < bytes.count, bytes[position] == UInt8(ascii: "*") { throw error(.unsupported("dynamic partials {{>*name}}")) }
                let name = try parsePartialName(state)
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                if isStandalone(state) {
                    setNewLine = true
                    nodes.append(.partial(name, indentation: whitespaceBefore, overrides: nil))
                } else {
                    nodes.append(.partial(name, indentation: nil, overrides: nil))
                }
                whitespaceBefore = []

            case UInt8(ascii: "<"):
                position += 1
                _ = read(while: Self.isWhitespace)
                let name = try parsePartialName(state)
                if name.hasPrefix("*") { throw error(.unsupported("dynamic parents {{<*name}}")) }
                if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                if isStandalone(state) { setNewLine = true }
                let inner = try parse(state.inParent(name))
                var overrides: [String: [Template.Node]] = [:]
                for node in inner {
                    switch node {
                    case .blockOverride(let block, let body): overrides[block] = body
                    case .text: break
                    default:
                        position = tagStart
                        throw error(.illegalTokenInsideInheritSection)
                    }
                }
                nodes.append(.partial(name, indentation: whitespaceBefore, overrides: overrides))
                whitespaceBefore = []

            case UInt8(ascii: "$"):
                position += 1
                let name = try parseName(state)
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    nodes.append(.blockOverride(name, try parse(state.inSection(name, newLine: setNewLine))))
                } else {
                    if !whitespaceBefore.isEmpty { nodes.append(.text(whitespaceBefore)) }
                    if isStandalone(state) { setNewLine = true }
                    let inner = try parse(state.inSection(name, newLine: setNewLine))
                    nodes.append(.block(name, defaultNodes: inner, indentation: whitespaceBefore))
                    whitespaceBefore = []
                }

            case UInt8(ascii: "="):
                position += 1
                do { try setDelimiters(&state) } catch let failure as TemplateSyntaxError {
                    position = tagStart
                    throw error(failure.reason)
                }
                setNewLine = isStandalone(state)

            case UInt8(ascii: "%"):
                throw error(.unsupported("configuration tags like {{%CONTENT_TYPE}}"))

            default:
                flushWhitespace()
                nodes.append(.variable(TemplatePath(try parseName(state)), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw error(.expectedSectionEnd) }
        return nodes
    }

    // MARK: - Pieces

    /// Text up to the next tag (whose opening delimiter is consumed) or line end (not consumed).
    private mutating func readUntilDelimiterOrNewline(_ state: State) -> [UInt8] {
        let start = position
        let first = state.start[0]
        while position < bytes.count {
            let c = bytes[position]
            if c == 0x0A || (c == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A) {
                return Array(bytes[start..<position])
            }
            if c == first, matches(state.start, at: position) {
                let text = Array(bytes[start..<position])
                position += state.start.count
                return text
            }
            position += 1
        }
        return Array(bytes[start..<position])
    }

    private mutating func parseName(_ state: State) throws -> String {
        _ = read(while: Self.isWhitespace)
        let name = read(while: Self.isNameByte)
        _ = read(while: Self.isWhitespace)
        guard matches(state.end, at: position) else { throw error(.unfinishedName) }
        position += state.end.count
        if name.contains(UInt8(ascii: "(")) || name.contains(UInt8(ascii: ")")) {
            throw error(.unsupported("transforms like {{name(value)}}"))
        }
        return String(decoding: name, as: UTF8.self)
    }

    private mutating func parsePartialName(_ state: State) throws -> String {
        _ = read(while: Self.isWhitespace)
        let name = read(while: { Self.isNameByte($0) || $0 == UInt8(ascii: "/") })
        _ = read(while: Self.isWhitespace)
        guard matches(state.end, at: position) else { throw error(.unfinishedName) }
        position += state.end.count
        return String(decoding: name, as: UTF8.self)
    }

    private mutating func skipComment(_ state: State) throws {
        var p = position
        while p < bytes.count {
            if matches(state.end, at: p) {
                position = p + state.end.count
                return
            }
            p += 1
        }
        throw error(.unfinishedName)
    }

    /// `{{=<% %>=}}`
    private mutating func setDelimiters(_ state: inout State) throws {
        _ = read(while: Self.isWhitespace)
        let start = read(while: { !Self.isWhitespace($0) })
        _ = read(while: Self.isWhitespace)
        let end = read(while: { !Self.isWhitespace($0) && $0 != UInt8(ascii: "=") })
        _ = read(while: Self.isWhitespace)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "="), !start.isEmpty, !end.isEmpty else {
            throw error(.invalidSetDelimiter)
        }
        position += 1
        guard matches(state.end, at: position) else { throw error(.invalidSetDelimiter) }
        position += state.end.count
        state.start = start
        state.end = end
        state.isPartialDefinitionTopLevel = false
    }

    /// A tag alone on its line: consumes the rest of the line (spaces and the line break).
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if position >= bytes.count { return true }
        var p = position
        while p < bytes.count, bytes[p] == 0x20 || bytes[p] == 0x09 { p += 1 }
        let newline = newlineLength(at: p)
        guard newline > 0 else { return false }
        position = p + newline
        return true
    }

    /// Length of the line break at `p` (`\r\n` counts as one), 0 if there is none.
    private func newlineLength(at p: Int) -> Int {
        guard p < bytes.count else { return 0 }
        if bytes[p] == 0x0D, p + 1 < bytes.count, bytes[p + 1] == 0x0A { return 2 }
        return (0x0A...0x0D).contains(bytes[p]) ? 1 : 0
    }

    private func matches(_ needle: [UInt8], at p: Int) -> Bool {
        guard p + needle.count <= bytes.count else { return false }
        for i in 0..<needle.count where bytes[p + i] != needle[i] { return false }
        return true
    }

    private mutating func read(while predicate: (UInt8) -> Bool) -> [UInt8] {
        let start = position
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
        return Array(bytes[start..<position])
    }

    private static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (0x09...0x0D).contains(c)
    }

    /// Letters, digits and `.-_?*()` (parentheses only to report transforms as unsupported).
    private static func isNameByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "("),
            UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }

    /// The error at the current position, with its line and column (in characters, from 1).
    private func error(_ reason: TemplateSyntaxError.Reason) -> TemplateSyntaxError {
        let p = min(position, bytes.count)
        var lineStart = p
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var lineEnd = p
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
        let line = bytes[..<p].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = String(decoding: bytes[lineStart..<p], as: UTF8.self).count + 1
        return TemplateSyntaxError(
            reason: reason, line: line, column: column, lineText: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
    }
}
