import Foundation

/// An output file as the privacy guard reads it: every way of writing a character reduced to one.
///
/// HTML entities (`&#64;`, `&amp;#64;`, `&nbsp;`), percent escapes (`%40`, `%EF%BC%91`) and JSON escapes
/// (`\u0040`, `\n`) are decoded; each other character is mapped by NFKC (full-width `１` is `1`), zero-width,
/// format and combining characters are dropped, ASCII letters are lower-cased, any other letter or digit
/// becomes ``Byte/otherLetter`` and any other character a space. The result is ASCII plus that one byte,
/// so the scanner needs no Unicode. Source line numbers are kept for error messages.
struct PrivacyText {
    /// Named bytes, so the code never compares against bare numbers.
    enum Byte {
        static let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " "), quote = UInt8(ascii: "\""), hash = UInt8(ascii: "#")
        static let percent = UInt8(ascii: "%"), ampersand = UInt8(ascii: "&"), slash = UInt8(ascii: "/")
        static let semicolon = UInt8(ascii: ";"), less = UInt8(ascii: "<"), greater = UInt8(ascii: ">")
        static let at = UInt8(ascii: "@"), backslash = UInt8(ascii: "\\"), bang = UInt8(ascii: "!")
        static let question = UInt8(ascii: "?"), dot = UInt8(ascii: "."), dash = UInt8(ascii: "-")
        static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
        static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")")
        static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9"), lowerA = UInt8(ascii: "a"), lowerZ = UInt8(ascii: "z")
        static let upperA = UInt8(ascii: "A"), upperZ = UInt8(ascii: "Z"), lowerX = UInt8(ascii: "x"), lowerU = UInt8(ascii: "u")
        static let lowerN = UInt8(ascii: "n"), lowerR = UInt8(ascii: "r"), lowerT = UInt8(ascii: "t")
        /// Stands for any letter or digit outside ASCII (after NFKC): part of a word, never of a number.
        static let otherLetter: UInt8 = 0x80
    }

    /// The normalised bytes.
    private(set) var bytes: [UInt8] = []
    /// `lineStarts[k]` is the index in ``bytes`` where source line `k + 2` begins.
    private var lineStarts: [Int] = []
    /// NFKC results of the non-ASCII characters met so far (most files have few distinct ones).
    private var mapped: [UInt32: [UInt8]] = [:]

    init() {}

    /// Normalises `source` (the whole file; nothing is skipped).
    init(_ source: UnsafeBufferPointer<UInt8>) {
        bytes.reserveCapacity(source.count)
        normalise(source)
    }

    init(_ data: Data) {
        self.init()
        data.withUnsafeBytes { raw in
            let source = raw.bindMemory(to: UInt8.self)
            bytes.reserveCapacity(source.count)
            normalise(source)
        }
    }

    init(_ text: String) {
        self.init(Data(text.utf8))
    }

    /// The 1-based source line of normalised byte `index`.
    func line(at index: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lineStarts[mid] <= index { lo = mid + 1 } else { hi = mid }
        }
        return lo + 1
    }

    // MARK: - Decoding

    /// Works on local buffers, assigned to the properties at the end: appending to a stored property
    /// checks its uniqueness on every byte.
    private mutating func normalise(_ b: UnsafeBufferPointer<UInt8>) {
        var out = bytes
        var starts = lineStarts
        var cache = mapped
        bytes = []
        lineStarts = []
        mapped = [:]
        defer {
            bytes = out
            lineStarts = starts
            mapped = cache
        }
        let n = b.count
        var i = 0
        while i < n {
            // Most bytes: runs of plain ASCII, copied at once then folded in place.
            var j = i
            while j < n, Self.isPlain(b[j]) { j += 1 }
            if j > i {
                let start = out.count
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                out.withUnsafeMutableBufferPointer { o in
                    for k in start..<o.count { o[k] = Self.foldASCII(o[k]) }
                }
                i = j
                continue
            }
            let c = b[i]
            if c >= 0x80 {
                let (scalar, width) = Self.decodeUTF8(b, at: i)
                Self.append(scalar: scalar, to: &out, cache: &cache)
                i += width
                continue
            }
            var decoded: (UInt32, Int)?
            switch c {
            case Byte.newline:
                out.append(Byte.space)
                starts.append(out.count)
                i += 1
                continue
            case Byte.ampersand: decoded = Self.entity(b, bodyAt: i + 1)
            case Byte.percent: decoded = Self.percentEscape(b, at: i)
            default: decoded = Self.jsonEscape(b, at: i)
            }
            if let (scalar, end) = decoded {
                Self.append(scalar: scalar, to: &out, cache: &cache)
                i = end
            } else {
                out.append(Self.foldASCII(c))
                i += 1
            }
        }
    }

    /// ASCII that starts no escape (`&`, `%`, `\`): it normalises to ``foldASCII(_:)`` of itself, so text made
    /// only of such bytes can skip the decoding (the ledger and the name keys do).
    @inline(__always) static func foldsAlone(_ c: UInt8) -> Bool {
        c < 0x80 && c != Byte.ampersand && c != Byte.percent && c != Byte.backslash
    }

    /// ASCII that decodes as itself: not a newline (counted), nor the start of an escape.
    @inline(__always) private static func isPlain(_ c: UInt8) -> Bool { c != Byte.newline && foldsAlone(c) }

    /// Appends what one decoded scalar becomes (``compatibilityMapping(_:)``, remembered per scalar).
    private static func append(scalar: UInt32, to out: inout [UInt8], cache: inout [UInt32: [UInt8]]) {
        if scalar < 0x80 {
            out.append(foldASCII(UInt8(scalar)))
            return
        }
        if let known = cache[scalar] {
            out.append(contentsOf: known)
            return
        }
        let result = compatibilityMapping(scalar)
        cache[scalar] = result
        out.append(contentsOf: result)
    }

    /// Control characters and `\r` read as spaces, ASCII letters lower-cased. Arithmetic rather than a
    /// table: a `static let` table costs a `swift_once` call per byte.
    @inline(__always) static func foldASCII(_ b: UInt8) -> UInt8 {
        if b &- Byte.upperA < 26 { return b | 0x20 }
        if b < Byte.space || b == 0x7F { return Byte.space }
        return b
    }

    /// What one non-ASCII scalar becomes: NFKC, then each resulting character as described on the type.
    static func compatibilityMapping(_ value: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(value) else { return [Byte.space] }
        if isInvisible(scalar) { return [] }
        if scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue, digit >= 0, digit <= 9 {
            return [Byte.zero + UInt8(digit)]
        }
        var out: [UInt8] = []
        for s in String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars {
            if s.value < 0x80 {
                out.append(foldASCII(UInt8(s.value)))
            } else if isInvisible(s) {
                continue
            } else if s.properties.isAlphabetic || s.properties.numericType != nil {
                out.append(Byte.otherLetter)
            } else {
                out.append(Byte.space)
            }
        }
        return out
    }

    /// Zero-width, format (Cf) and combining characters: dropped, so they cannot split a number.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return s.properties.isVariationSelector || s.properties.isDefaultIgnorableCodePoint
        }
    }

    /// One UTF-8 sequence at `i`: its scalar and length; a malformed byte reads as U+FFFD of length 1.
    static func decodeUTF8(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let c = b[i]
        let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0
        guard length > 0, i + length <= b.count else { return (0xFFFD, 1) }
        var value = UInt32(c) & (0x7F >> UInt32(length))
        for k in 1..<length {
            let next = b[i + k]
            guard next & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return (value, length)
    }

    /// `%XX`, or a run of them spelling one UTF-8 character (`%EF%BC%91`).
    static func percentEscape(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        guard let first = hexByte(b, at: i + 1) else { return nil }
        if first < 0x80 { return (UInt32(first), i + 3) }
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0
        guard length > 0 else { return (0xFFFD, i + 3) }
        var value = UInt32(first) & (0x7F >> UInt32(length))
        var j = i + 3
        for _ in 1..<length {
            guard j < b.count, b[j] == Byte.percent, let next = hexByte(b, at: j + 1), next & 0xC0 == 0x80 else {
                return (0xFFFD, i + 3)
            }
            value = value << 6 | UInt32(next & 0x3F)
            j += 3
        }
        return (value, j)
    }

    private static func hexByte(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt8? {
        guard i + 1 < b.count, let high = hexValue(b[i]), let low = hexValue(b[i + 1]) else { return nil }
        return high << 4 | low
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case Byte.zero...Byte.nine: return c - Byte.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - Byte.lowerA + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - Byte.upperA + 10
        default: return nil
        }
    }

    /// `\uXXXX`, `\n`, `\t`, `\r`, `\/` and other one-character JSON escapes.
    static func jsonEscape(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        guard i + 1 < b.count else { return nil }
        switch b[i + 1] {
        case Byte.lowerN, Byte.lowerR, Byte.lowerT: return (UInt32(Byte.space), i + 2)
        case Byte.slash, Byte.backslash, Byte.quote: return (UInt32(b[i + 1]), i + 2)
        case Byte.lowerU:
            guard i + 5 < b.count else { return nil }
            var value: UInt32 = 0
            for k in 2...5 {
                guard let digit = hexValue(b[i + k]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            // A lone surrogate half stands for a character outside the BMP: never a digit or `@`.
            return ((0xD800...0xDFFF).contains(value) ? UInt32(Byte.space) : value, i + 6)
        default: return nil
        }
    }

    /// The entity whose body (after `&`) starts at `i`: `#64;`, `#x40;`, `commat;`; `&amp;` followed by
    /// another entity body (`&amp;#64;`, text escaped twice) decodes both.
    static func entity(_ b: UnsafeBufferPointer<UInt8>, bodyAt i: Int) -> (UInt32, Int)? {
        guard i < b.count else { return nil }
        var j = i
        var value: UInt32 = 0
        if b[j] == Byte.hash {
            j += 1
            let hex = j < b.count && (b[j] == Byte.lowerX || b[j] == UInt8(ascii: "X"))
            if hex { j += 1 }
            let digitsStart = j
            while j < b.count, j - digitsStart < 8, let d = hexValue(b[j]), hex || d < 10 {
                value = value * (hex ? 16 : 10) + UInt32(d)
                j += 1
            }
            guard j > digitsStart, j < b.count, b[j] == Byte.semicolon else { return nil }
            return (value > 0x10FFFF ? 0xFFFD : value, j + 1)
        }
        var name: UInt64 = 0
        while j < b.count, j - i < 8, isASCIILetter(b[j]) {
            name = name << 8 | UInt64(b[j])
            j += 1
        }
        guard j > i, j < b.count, b[j] == Byte.semicolon, let decoded = namedEntities[name] else { return nil }
        if decoded == UInt32(Byte.ampersand), let inner = entity(b, bodyAt: j + 1) { return inner }
        return (decoded, j + 1)
    }

    static func isASCIILetter(_ c: UInt8) -> Bool {
        (c >= Byte.lowerA && c <= Byte.lowerZ) || (c >= Byte.upperA && c <= Byte.upperZ)
    }

    /// Named entities that can spell part of a number or an address (others read as text, which is safe:
    /// an unknown `&name;` is letters, and letters end a number).
    static let namedEntities: [UInt64: UInt32] = {
        let table: [(String, UInt32)] = [
            ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27), ("nbsp", 0xA0), ("shy", 0xAD),
            ("commat", 0x40), ("period", 0x2E), ("comma", 0x2C), ("colon", 0x3A), ("num", 0x23), ("sol", 0x2F),
            ("hyphen", 0x2010), ("dash", 0x2010), ("lowbar", 0x5F), ("plus", 0x2B), ("lsqb", 0x5B), ("rsqb", 0x5D),
            ("lpar", 0x28), ("rpar", 0x29), ("Tab", 0x09), ("NewLine", 0x0A), ("thinsp", 0x2009), ("ensp", 0x2002),
            ("emsp", 0x2003), ("zwj", 0x200D), ("zwnj", 0x200C), ("ndash", 0x2013), ("mdash", 0x2014), ("bull", 0x2022),
            ("middot", 0xB7), ("hellip", 0x2026), ("equals", 0x3D), ("excl", 0x21), ("quest", 0x3F), ("percnt", 0x25),
            ("ast", 0x2A), ("semi", 0x3B), ("lbrack", 0x5B), ("rbrack", 0x5D), ("nobreak", 0x2060), ("NoBreak", 0x2060),
        ]
        var map: [UInt64: UInt32] = [:]
        for (name, value) in table {
            map[name.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }] = value
        }
        return map
    }()
}
