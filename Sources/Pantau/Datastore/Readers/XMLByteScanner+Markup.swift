import Foundation

extension XMLByteScanner {
    /// The buffer ended inside the token at `position`: read more and scan it again, or fail at the end of input.
    func needMore(_ what: @autoclosure () -> String) throws -> XMLNode? {
        if !sourceDone {
            _ = try more(keepingFrom: position)
            return nil
        }
        throw malformed(at: position, "the part ends inside \(what()) (it is cut short)")
    }

    /// The start of the part: a UTF-8 byte-order mark and the XML declaration, both optional.
    func readStart() throws {
        if end - position < 9 && !sourceDone {
            _ = try more(keepingFrom: position)
            return
        }
        let bytes = UnsafeBufferPointer(start: buffer + position, count: end - position)
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0x00, 0x3C])
            || bytes.starts(with: [0x3C, 0x00])
        {
            throw malformed(at: position, "the part is in UTF-16, not UTF-8", otherEncoding: true)
        }
        let mark = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let rest = UnsafeBufferPointer(rebasing: bytes[mark...])
        if rest.count >= 6, rest.starts(with: "<?xml".utf8), Self.isSpace(rest[5]) {
            guard let close = find("?>", from: position + mark + 5) else {
                if sourceDone { throw malformed(at: position, "the part ends inside the XML declaration (it is cut short)") }
                _ = try more(keepingFrom: position)
                return
            }
            try readDeclaration(from: position + mark + 5, to: close)
            position = close + 2
        } else {
            position += mark
        }
        phase = .prolog
    }

    /// `version="1.x"`, then optionally `encoding="UTF-8"` and `standalone="yes|no"`, in that order.
    func readDeclaration(from start: Int, to close: Int) throws {
        var index = start
        var seen: [String] = []
        while true {
            let before = index
            while index < close, Self.isSpace(buffer[index]) { index += 1 }
            if index == close { break }
            guard index > before else { throw malformed(at: index, "a malformed XML declaration (a space is missing)") }
            let nameStart = index
            while index < close, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(buffer[index]) { index += 1 }
            let name = String(decoding: UnsafeBufferPointer(start: buffer + nameStart, count: index - nameStart), as: UTF8.self)
            while index < close, Self.isSpace(buffer[index]) { index += 1 }
            guard index < close, buffer[index] == UInt8(ascii: "=") else {
                throw malformed(at: nameStart, "a malformed XML declaration (\"\(excerpt(at: nameStart))\")")
            }
            index += 1
            while index < close, Self.isSpace(buffer[index]) { index += 1 }
            guard index < close, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") else {
                throw malformed(at: index, "a malformed XML declaration (a value is not quoted)")
            }
            let quote = buffer[index]
            let valueStart = index + 1
            index = valueStart
            while index < close, buffer[index] != quote { index += 1 }
            guard index < close else { throw malformed(at: valueStart, "a malformed XML declaration (a quote is not closed)") }
            let value = String(decoding: UnsafeBufferPointer(start: buffer + valueStart, count: index - valueStart), as: UTF8.self)
            index += 1
            let order = ["version", "encoding", "standalone"]
            guard let rank = order.firstIndex(of: name), rank > (seen.last.flatMap { order.firstIndex(of: $0) } ?? -1),
                rank == 0 || !seen.isEmpty
            else { throw malformed(at: nameStart, "a malformed XML declaration (\"\(name)\" is not expected here)") }
            seen.append(name)
            switch name {
            case "version":
                guard value.hasPrefix("1."), value.count > 2, value.utf8.dropFirst(2).allSatisfy({ (48...57).contains($0) }) else {
                    throw malformed(at: valueStart, "XML version \"\(value)\", where 1.0 is expected")
                }
            case "encoding":
                let lowered = value.lowercased()
                if lowered != "utf-8" && lowered != "utf8" {
                    throw malformed(at: valueStart, "the part is declared as \(value), not UTF-8", otherEncoding: true)
                }
            default:
                guard value == "yes" || value == "no" else {
                    throw malformed(at: valueStart, "standalone=\"\(value)\" in the XML declaration, where yes or no is expected")
                }
            }
        }
        guard seen.first == "version" else { throw malformed(at: start, "an XML declaration without a version") }
    }

    /// The index of `terminator` at or after `from`, or nil when the buffer ends first.
    func find(_ terminator: StaticString, from: Int) -> Int? {
        let count = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start[0]
        var index = from
        while index + count <= end {
            if buffer[index] == first {
                var offset = 1
                while offset < count, buffer[index + offset] == terminator.utf8Start[offset] { offset += 1 }
                if offset == count { return index }
            }
            index += 1
        }
        return nil
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// A tag, comment, processing instruction or CDATA opening at `position` (which holds `<`).
    func scanMarkup() throws -> XMLNode? {
        guard position + 1 < end else { return try needMore("a tag") }
        switch buffer[position + 1] {
        case UInt8(ascii: "/"): return try scanEndTag()
        case UInt8(ascii: "?"): return try skipProcessingInstruction()
        case UInt8(ascii: "!"): return try scanDeclaration()
        default: return try scanStartTag()
        }
    }

    /// `<!--`, `<![CDATA[` or `<!DOCTYPE`.
    func scanDeclaration() throws -> XMLNode? {
        let rest = UnsafeBufferPointer(start: buffer + position, count: end - position)
        if rest.starts(with: "<!--".utf8) { return try skipComment() }
        if rest.starts(with: "<![CDATA[".utf8) {
            guard phase == .content else { throw malformed(at: position, "a CDATA section outside the root element") }
            position += 9
            inCDATA = true
            return nil
        }
        if rest.starts(with: "<!DOCTYPE".utf8) {
            throw malformed(at: position, "a DOCTYPE, which a workbook part never has (it could declare entities)")
        }
        if rest.count < 9, "<![CDATA[".utf8.starts(with: rest) || "<!DOCTYPE".utf8.starts(with: rest) || "<!--".utf8.starts(with: rest) {
            return try needMore("a declaration")
        }
        throw malformed(at: position, "markup that is not XML (\"\(excerpt(at: position))\")")
    }

    /// `<!-- … -->`, its characters checked; `--` may only close it.
    func skipComment() throws -> XMLNode? {
        var index = position + 4
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "-") {
                guard index + 2 < end else { break }
                if buffer[index + 1] == UInt8(ascii: "-") {
                    guard buffer[index + 2] == UInt8(ascii: ">") else {
                        throw malformed(at: index, "\"--\" inside a comment, which XML does not allow")
                    }
                    position = index + 3
                    return nil
                }
                index += 1
            } else {
                guard let length = try skipCharacter(at: index) else { break }
                index += length
            }
        }
        return try needMore("a comment")
    }

    /// `<?target … ?>`; the target may not be `xml` in any case (the declaration belongs at the very start).
    func skipProcessingInstruction() throws -> XMLNode? {
        guard let (nameEnd, _) = try scanName(at: position + 2, what: "processing instruction") else {
            return try needMore("a processing instruction")
        }
        let target = String(decoding: UnsafeBufferPointer(start: buffer + position + 2, count: nameEnd - position - 2), as: UTF8.self)
        if target.lowercased() == "xml" {
            throw malformed(at: position, "an XML declaration that is not at the start of the part")
        }
        var index = nameEnd
        guard index < end else { return try needMore("a processing instruction") }
        if buffer[index] != UInt8(ascii: "?") && !Self.isSpace(buffer[index]) {
            throw malformed(at: index, "a malformed processing instruction (\"\(excerpt(at: position))\")")
        }
        while index < end {
            if buffer[index] == UInt8(ascii: "?") {
                guard index + 1 < end else { break }
                if buffer[index + 1] == UInt8(ascii: ">") {
                    position = index + 2
                    return nil
                }
                index += 1
            } else {
                guard let length = try skipCharacter(at: index) else { break }
                index += length
            }
        }
        return try needMore("a processing instruction")
    }

    /// One character of a comment or processing instruction, checked: its length, or nil when cut by the buffer.
    @inline(__always)
    func skipCharacter(at index: Int) throws -> Int? {
        switch classes[ByteClass.cdata + Int(buffer[index])] {
        case ByteClass.lead:
            guard case .done(let length) = try character(at: index) else { return nil }
            return length
        case ByteClass.invalid:
            throw malformed(at: index, "a byte that is not a character XML allows (\(excerpt(at: index, count: 1)))")
        default:
            return 1
        }
    }

    /// `</name>`: must close the element opened last.
    func scanEndTag() throws -> XMLNode? {
        guard let (nameEnd, colon) = try scanName(at: position + 2, what: "end tag") else { return try needMore("an end tag") }
        var index = nameEnd
        while index < end, Self.isSpace(buffer[index]) { index += 1 }
        guard index < end else { return try needMore("an end tag") }
        guard buffer[index] == UInt8(ascii: ">") else {
            throw malformed(at: index, "a malformed end tag (\"\(excerpt(at: position))\")")
        }
        let qualifiedStart = position + 2
        let qualifiedCount = nameEnd - qualifiedStart
        guard let last = openEnds.last else {
            throw malformed(at: position, "an end tag \"\(excerpt(at: position, count: qualifiedCount + 3))\" with no element open")
        }
        let first = openEnds.count > 1 ? openEnds[openEnds.count - 2] : 0
        guard last - first == qualifiedCount, Self.same(openNames + first, buffer + qualifiedStart, qualifiedCount) else {
            let open = String(decoding: UnsafeBufferPointer(start: openNames + first, count: last - first), as: UTF8.self)
            throw malformed(at: position, "\"\(excerpt(at: position, count: qualifiedCount + 3))\" where </\(open)> is expected")
        }
        openEnds.removeLast()  // its name's bytes are let go with its end
        closePrefixes(depth: openEnds.count + 1)
        if openEnds.isEmpty { phase = .epilog }
        nameStart = colon >= 0 ? colon + 1 : qualifiedStart
        nameCount = nameEnd - nameStart
        position = index + 1
        return .end
    }

    /// Drops the namespace prefixes declared by the element at `depth` (or deeper).
    @inline(__always)
    func closePrefixes(depth: Int) {
        while let last = prefixDepths.last, last >= depth {
            prefixDepths.removeLast()
            prefixEnds.removeLast()
            prefixBytes.removeLast(prefixBytes.count - (prefixEnds.last ?? 0))
        }
    }

    /// A name (with at most one colon, not first or last) at `index`: its end and the colon's index (-1 if none),
    /// or nil when the buffer ends inside it.
    func scanName(at index: Int, what: String) throws -> (end: Int, colon: Int)? {
        let table = classes + ByteClass.name
        var cursor = index
        var colon = -1
        var expectStart = true
        while cursor < end {
            let kind = table[Int(buffer[cursor])]
            switch kind {
            case ByteClass.nameStart:
                cursor += 1
            case ByteClass.nameOnly where !expectStart:
                cursor += 1
            case ByteClass.colon where !expectStart && colon < 0:
                colon = cursor
                cursor += 1
                expectStart = true
                continue
            case ByteClass.nameNonASCII:
                guard let (value, length) = try scalar(at: cursor) else { return nil }
                guard expectStart ? Self.isNameStart(value) : Self.isNameCharacter(value) else {
                    throw malformed(at: cursor, "a \(what) name with a character names may not have (\"\(excerpt(at: index))\")")
                }
                cursor += length
            default:
                if expectStart {
                    throw malformed(
                        at: cursor, cursor == index ? "a malformed \(what) (\"\(excerpt(at: index - 1))\")" : "a malformed \(what) name")
                }
                return (cursor, colon)
            }
            expectStart = false
        }
        return nil
    }

    /// XML 1.0 (fifth edition) `NameStartChar` beyond ASCII.
    static func isNameStart(_ value: UInt32) -> Bool {
        switch value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F,
            0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x1_0000...0xE_FFFF:
            return true
        default: return false
        }
    }

    /// XML 1.0 (fifth edition) `NameChar` beyond ASCII.
    static func isNameCharacter(_ value: UInt32) -> Bool {
        isNameStart(value) || value == 0xB7 || (0x300...0x36F).contains(value) || (0x203F...0x2040).contains(value)
    }
}
