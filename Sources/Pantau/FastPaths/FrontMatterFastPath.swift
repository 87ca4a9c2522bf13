/// A strict, byte-level reader for the front matter nearly every page has, so a build of thousands of pages
/// does not pay for a full YAML parser on each one.
///
/// It understands only a tiny subset of YAML whose meaning cannot be in doubt, and returns nil for anything else,
/// including every value ``FrontMatter`` would reject; ``FrontMatter/parse(_:file:fastPath:)`` then runs the full
/// YAML path, which gives the same result or the error with its line and column. The subset:
///
/// - every line is blank (spaces only) or `key: value` starting at column 1, with a known key given once;
///   lines end in LF or CRLF; no tabs, comments, control characters or Unicode line breaks anywhere;
/// - a value is empty, a double-quoted string on one line without `\`, a one-line flow list `[a, "b c"]`
///   of quoted strings or plain words, or a plain scalar that starts with a letter, digit, `/`, `.`, `_`, `(`
///   (or `-`/`+` before a digit) and holds only letters, digits, spaces and `-._/,()+'!?;=&%@*~$`, with `:` only
///   when something other than a space follows it; nothing but spaces may follow a quoted string or a list.
///
/// Values are then read as ``YAMLMap`` reads them (a plain empty, `~` or `null` is no value; booleans are
/// true/yes/ya and false/no/tidak in any case; a single text is a list of one). `FrontMatterFastPathTests`
/// checks on a table of edge cases and on random mutations that both paths agree.
enum FrontMatterFastPath {
    /// The page's front matter, or nil when `yaml` is outside the subset or holds a value that is an error.
    static func parse(_ yaml: String) -> FrontMatter? {
        var yaml = yaml
        return yaml.withUTF8 { parse(bytes: $0) }
    }

    private typealias Value = FrontMatterField.FastValue

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> FrontMatter? {
        let fields = FrontMatter.fields
        var frontMatter = FrontMatter()
        var seen: UInt64 = 0
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != .newline { lineEnd += 1 }
            let nextLine = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == .carriageReturn { lineEnd -= 1 }
            defer { lineStart = nextLine }

            var index = lineStart
            while index < lineEnd, bytes[index] == .space { index += 1 }
            if index == lineEnd { continue }
            guard index == lineStart, let (field, bit, colon) = readKey(bytes, from: lineStart, to: lineEnd, fields: fields),
                seen & bit == 0,
                let value = readValue(bytes, from: colon + 1, to: lineEnd),
                field.apply(value, to: &frontMatter)
            else { return nil }
            seen |= bit
        }
        return frontMatter
    }

    /// A known key at `start`, followed by `:` and then a space or the end of the line.
    private static func readKey(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, fields: [FrontMatterField]
    ) -> (FrontMatterField, UInt64, colon: Int)? {
        var colon = start
        while colon < end, bytes[colon] == .underscore || (bytes[colon] >= .a && bytes[colon] <= .z) { colon += 1 }
        guard colon < end, bytes[colon] == .colon, colon + 1 == end || bytes[colon + 1] == .space else { return nil }
        let name = UnsafeBufferPointer(rebasing: bytes[start..<colon])
        for (position, field) in fields.enumerated() where field.name.utf8.elementsEqual(name) {
            return (field, 1 << position, colon)
        }
        return nil
    }

    private static func readValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Value? {
        var index = start
        while index < end, bytes[index] == .space { index += 1 }
        guard index < end else { return .scalar("", plain: true) }
        switch bytes[index] {
        case .quote:
            guard let (text, after) = readQuoted(bytes, from: index, to: end), onlySpaces(bytes, from: after, to: end) else { return nil }
            return .scalar(text, plain: false)
        case .openBracket:
            return readList(bytes, from: index, to: end).map { .list($0) }
        default:
            return readPlain(bytes, from: index, to: end).map { .scalar($0, plain: true) }
        }
    }

    /// A double-quoted string starting at `start`, and the index after its closing quote.
    private static func readQuoted(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (String, Int)? {
        var index = start + 1
        while index < end, bytes[index] != .quote {
            guard bytes[index] != .backslash, isSafe(bytes, at: index) else { return nil }
            index += 1
        }
        guard index < end else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index]), as: UTF8.self), index + 1)
    }

    /// A plain scalar that runs to the end of the line, without its trailing spaces.
    private static func readPlain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String? {
        let first = bytes[start]
        let startsWell =
            isWordByte(first) || first == .slash || first == .dot || first == .underscore || first == .openParen
            || ((first == .minus || first == .plus) && start + 1 < end && bytes[start + 1] >= .zero && bytes[start + 1] <= .nine)
        guard startsWell else { return nil }
        var last = start
        for index in start..<end {
            let byte = bytes[index]
            if byte == .colon {
                // `a: b` would start a mapping and `a:` end one; `10:30` or `https://x` is plain text.
                guard index + 1 < end, bytes[index + 1] != .space else { return nil }
            } else {
                guard isWordByte(byte) || plainPunctuation.contains(byte), isSafe(bytes, at: index) else { return nil }
            }
            if byte != .space { last = index }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start...last]), as: UTF8.self)
    }

    /// A one-line flow list `[a, "b"]` starting at `start`, with nothing but spaces after its `]`.
    private static func readList(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [String]? {
        var items: [String] = []
        var index = start + 1
        func skipSpaces() { while index < end, bytes[index] == .space { index += 1 } }
        skipSpaces()
        if index < end, bytes[index] == .closeBracket {
            return onlySpaces(bytes, from: index + 1, to: end) ? items : nil
        }
        while index < end {
            if bytes[index] == .quote {
                guard let (text, after) = readQuoted(bytes, from: index, to: end) else { return nil }
                items.append(text)
                index = after
            } else {
                // A plain item: words of letters, digits, `-`, `.`, `/`, `_` (no `:`, `#` or flow indicators).
                let first = bytes[index]
                guard isWordByte(first) || first == .slash || first == .dot || first == .underscore else { return nil }
                let itemStart = index
                var last = index
                while index < end, bytes[index] != .comma, bytes[index] != .closeBracket {
                    let byte = bytes[index]
                    guard isWordByte(byte) || byte == .space || byte == .minus || byte == .dot || byte == .slash || byte == .underscore,
                        isSafe(bytes, at: index)
                    else { return nil }
                    if byte != .space { last = index }
                    index += 1
                }
                items.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[itemStart...last]), as: UTF8.self))
            }
            skipSpaces()
            guard index < end else { return nil }
            if bytes[index] == .closeBracket {
                return onlySpaces(bytes, from: index + 1, to: end) ? items : nil
            }
            guard bytes[index] == .comma else { return nil }
            index += 1
            skipSpaces()
        }
        return nil
    }

    private static func onlySpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        (start..<end).allSatisfy { bytes[$0] == .space }
    }

    /// ASCII letters and digits, and any byte of a multi-byte UTF-8 character (checked by ``isSafe(_:at:)``).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= .a && byte <= .z) || (byte >= .upperA && byte <= .upperZ) || (byte >= .zero && byte <= .nine) || byte >= 0x80
    }

    /// ASCII punctuation that means nothing to YAML inside a plain scalar in block context (`:` is checked apart).
    private static let plainPunctuation: [UInt8] = Array(" -._/,()+'!?;=&%@*~$".utf8)

    /// False for ASCII control characters and DEL, and for the characters YAML reads as line breaks or rejects:
    /// C1 controls (U+0080–U+009F, among them NEL), U+2028, U+2029, the byte-order mark U+FEFF, U+FFFE and U+FFFF.
    private static func isSafe(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return byte >= 0x20 && byte != 0x7F }
        func next(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        switch byte {
        case 0xC2: return next(1) >= 0xA0
        case 0xE2: return !(next(1) == 0x80 && (next(2) == 0xA8 || next(2) == 0xA9))
        case 0xEF: return !(next(1) == 0xBB && next(2) == 0xBF) && !(next(1) == 0xBF && (next(2) == 0xBE || next(2) == 0xBF))
        default: return true
        }
    }
}

extension UInt8 {
    fileprivate static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " ")
    fileprivate static let colon = UInt8(ascii: ":"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    fileprivate static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), comma = UInt8(ascii: ",")
    fileprivate static let slash = UInt8(ascii: "/"), dot = UInt8(ascii: "."), underscore = UInt8(ascii: "_"), openParen = UInt8(ascii: "(")
    fileprivate static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+")
    fileprivate static let a = UInt8(ascii: "a"), z = UInt8(ascii: "z"), upperA = UInt8(ascii: "A"), upperZ = UInt8(ascii: "Z")
    fileprivate static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
}
