import Foundation

/// Byte classes of ``XMLByteScanner``'s loops: one 256-entry table per context, 0 for a byte that needs no care.
enum ByteClass {
    static let plain: UInt8 = 0
    static let lessThan: UInt8 = 1
    static let ampersand: UInt8 = 2
    static let carriageReturn: UInt8 = 3
    static let bracket: UInt8 = 4
    static let lead: UInt8 = 5
    static let invalid: UInt8 = 6
    static let quote: UInt8 = 7
    static let whitespace: UInt8 = 8

    /// Table offsets: text, CDATA, attribute values, names.
    static let text = 0
    static let cdata = 256
    static let attribute = 512
    static let name = 768
    static let tables = 4

    /// Name table values: a byte that may start a name, one that may only continue it, the colon, non-ASCII.
    static let nameStart: UInt8 = 1
    static let nameOnly: UInt8 = 2
    static let colon: UInt8 = 3
    static let nameNonASCII: UInt8 = 4

    static func fill(_ table: UnsafeMutablePointer<UInt8>) {
        for byte in 0..<256 {
            let common: UInt8
            switch byte {
            case 0x09, 0x0A, 0x20..<0x80: common = plain
            case 0x0D: common = carriageReturn
            case 0xC2...0xF4: common = lead
            default: common = invalid
            }
            var text = common
            var cdata = common
            var attribute = common
            switch UInt8(byte) {
            case UInt8(ascii: "<"):
                text = lessThan
                attribute = lessThan
            case UInt8(ascii: "&"):
                text = ampersand
                attribute = ampersand
            case UInt8(ascii: "]"):
                text = bracket
                cdata = bracket
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                attribute = quote
            case 0x09, 0x0A:
                attribute = whitespace
            default: break
            }
            table[Self.text + byte] = text
            table[Self.cdata + byte] = cdata
            table[Self.attribute + byte] = attribute
            let name: UInt8
            switch UInt8(byte) {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): name = nameStart
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): name = nameOnly
            case UInt8(ascii: ":"): name = colon
            case 0x80...0xFF: name = nameNonASCII
            default: name = 0
            }
            table[Self.name + byte] = name
        }
    }
}

extension XMLByteScanner {
    /// How a unit of text (a character, an entity, a line end) at some index came out.
    enum Unit {
        case done(length: Int)
        case needMore
    }

    /// Text (or the inside of a CDATA section) from `position` to the next `<` (or `]]>`), decoded. Handed out
    /// whole when it fits, else in pieces of at least `textPiece` bytes cut between characters.
    func scanText(cdata: Bool) throws -> XMLNode? {
        let start = position
        let table = classes + (cdata ? ByteClass.cdata : ByteClass.text)
        let bytes = buffer
        let stop = end
        var index = start
        var segment = start
        var decoded = false
        var terminated = false
        scratchCount = 0
        scan: while true {
            while index < stop, table[Int(bytes[index])] == ByteClass.plain { index += 1 }
            if index == stop { break }
            switch table[Int(bytes[index])] {
            case ByteClass.lessThan:
                terminated = true
                break scan
            case ByteClass.ampersand:
                guard case .done(let length) = try entity(at: index, segment: segment, decoded: &decoded)
                else { break scan }
                index += length
                segment = index
            case ByteClass.carriageReturn:
                if index + 1 == stop && !sourceDone { break scan }
                appendScratch(bytes + segment, index - segment)
                decoded = true
                appendScratch(scalar: 0x0A)
                index += index + 1 < stop && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
                segment = index
            case ByteClass.bracket:
                if index + 2 >= stop && !sourceDone { break scan }
                if index + 2 < stop, bytes[index + 1] == UInt8(ascii: "]"), bytes[index + 2] == UInt8(ascii: ">") {
                    if !cdata { throw malformed(at: index, "\"]]>\" in text, which XML does not allow") }
                    terminated = true
                    break scan
                }
                index += 1
            case ByteClass.lead:
                guard case .done(let length) = try character(at: index) else { break scan }
                index += length
            default:
                throw malformed(at: index, "a byte that is not a character XML allows (\(excerpt(at: index, count: 1)))")
            }
        }
        if !terminated, !sourceDone, index - start < textPiece || index == start {
            // The buffer ended inside the text: read more and scan it again (after the input ends, a unit cut
            // short is an error and the rest is handed out; the end of the input then finds the open element).
            _ = try more(keepingFrom: start)
            return nil
        }
        if decoded {
            appendScratch(bytes + segment, index - segment)
            textStart = 0
            textCount = scratchCount
        } else {
            textStart = start
            textCount = index - start
        }
        textInScratch = decoded
        position = index
        if cdata && terminated {
            position += 3
            inCDATA = false
        }
        return textCount > 0 ? .text : nil
    }

    /// Whitespace between the top-level nodes (before and after the root element); anything else is an error.
    func skipOutsideText() throws {
        while position < end {
            switch buffer[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            case UInt8(ascii: "<"): return
            default:
                throw malformed(
                    at: position,
                    phase == .epilog
                        ? "text after the root element has closed (\"\(excerpt(at: position))\")"
                        : "text before the root element (\"\(excerpt(at: position))\")")
            }
        }
    }

    /// The entity or character reference at `index` (`&` … `;`): the text from `segment` to it and the decoded
    /// character go to `scratch`, and `decoded` becomes true.
    func entity(at index: Int, segment: Int, decoded: inout Bool) throws -> Unit {
        var close = index + 1
        while close < end, close - index <= 32, buffer[close] != UInt8(ascii: ";") { close += 1 }
        if close == end {
            if sourceDone { throw malformed(at: index, "the part ends inside the reference \"\(excerpt(at: index))\" (it is cut short)") }
            return .needMore
        }
        if buffer[close] != UInt8(ascii: ";") {
            throw malformed(
                at: index, "\"&\" that starts no entity or character reference (\"\(excerpt(at: index))\"); a literal & is written &amp;")
        }
        let name = UnsafeBufferPointer(start: buffer + index + 1, count: close - index - 1)
        let scalar: UInt32
        if name.first == UInt8(ascii: "#") {
            scalar = try characterReference(name, at: index)
        } else if name.elementsEqual("lt".utf8) {
            scalar = 0x3C
        } else if name.elementsEqual("gt".utf8) {
            scalar = 0x3E
        } else if name.elementsEqual("amp".utf8) {
            scalar = 0x26
        } else if name.elementsEqual("quot".utf8) {
            scalar = 0x22
        } else if name.elementsEqual("apos".utf8) {
            scalar = 0x27
        } else {
            throw malformed(
                at: index,
                "the entity \"\(excerpt(at: index, count: close - index + 1))\", which XML does not define "
                    + "(only &lt; &gt; &amp; &quot; &apos; and &#…;)"
            )
        }
        appendScratch(buffer + segment, index - segment)
        appendScratch(scalar: scalar)
        decoded = true
        return .done(length: close - index + 1)
    }

    /// `#65` or `#x41` → the character, which must be one XML allows.
    func characterReference(_ name: UnsafeBufferPointer<UInt8>, at index: Int) throws -> UInt32 {
        let hex = name.count > 1 && name[1] == UInt8(ascii: "x")
        var value: UInt32 = 0
        var digits = 0
        for byte in name.dropFirst(hex ? 2 : 1) {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw malformed(at: index, "a malformed character reference \"\(excerpt(at: index, count: name.count + 2))\"")
            }
            value = min(value * (hex ? 16 : 10) + digit, 0x11_0000)
            digits += 1
        }
        guard digits > 0, Self.isCharacter(value) else {
            throw malformed(
                at: index, "the character reference \"\(excerpt(at: index, count: name.count + 2))\" names no character XML allows")
        }
        return value
    }

    /// XML 1.0's `Char`: tab, line feed, carriage return and everything from space up, minus surrogates,
    /// U+FFFE and U+FFFF.
    static func isCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: return true
        default: return false
        }
    }

    /// The UTF-8 sequence whose lead byte is at `index`: its length once checked (no overlong forms, surrogates,
    /// U+FFFE/U+FFFF or values past U+10FFFF).
    @inline(__always)
    func character(at index: Int) throws -> Unit {
        guard let scalar = try scalar(at: index) else { return .needMore }
        return .done(length: scalar.length)
    }

    /// The UTF-8 sequence at `index` decoded, or nil when the buffer ends inside it (and more may come).
    func scalar(at index: Int) throws -> (value: UInt32, length: Int)? {
        let lead = buffer[index]
        let length: Int
        var value: UInt32
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
            if lead == 0xE0 { low = 0xA0 }
            if lead == 0xED { high = 0x9F }
        case 0xF0...0xF4:
            length = 4
            value = UInt32(lead & 0x07)
            if lead == 0xF0 { low = 0x90 }
            if lead == 0xF4 { high = 0x8F }
        default:
            throw malformed(at: index, "bytes that are not UTF-8 (\(excerpt(at: index, count: 4))); save the workbook again")
        }
        for offset in 1..<length {
            if index + offset >= end {
                if sourceDone {
                    throw malformed(at: index, "bytes that are not UTF-8 (\(excerpt(at: index, count: 4))); the part is cut short")
                }
                return nil
            }
            let byte = buffer[index + offset]
            guard byte >= (offset == 1 ? low : 0x80), byte <= (offset == 1 ? high : 0xBF) else {
                throw malformed(at: index, "bytes that are not UTF-8 (\(excerpt(at: index, count: 4))); save the workbook again")
            }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value != 0xFFFE, value != 0xFFFF else {
            throw malformed(at: index, "the character U+\(String(value, radix: 16, uppercase: true)), which XML does not allow")
        }
        return (value, length)
    }
}
