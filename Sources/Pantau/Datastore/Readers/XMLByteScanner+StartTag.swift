import Foundation

extension XMLByteScanner {
    /// `<name attribute="value" …>` or `<name … />`: attribute values decoded and normalised, names unique,
    /// namespace prefixes declared.
    func scanStartTag() throws -> XMLNode? {
        if phase == .epilog { throw malformed(at: position, "a second root element after the first has closed") }
        guard let (nameEnd, colon) = try scanName(at: position + 1, what: "tag") else { return try needMore("a tag") }
        let bytes = buffer
        var index = nameEnd
        var empty = false
        attributeCount = 0
        scratchCount = 0
        while true {
            let spaceStart = index
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end else { return try needMore("a tag") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < end else { return try needMore("a tag") }
                guard bytes[index + 1] == UInt8(ascii: ">") else {
                    throw malformed(at: index, "a malformed tag (\"/\" not followed by \">\" in \"\(excerpt(at: position))\")")
                }
                index += 2
                empty = true
                break
            }
            guard index > spaceStart else {
                throw malformed(at: index, "a malformed tag (a space is missing before \"\(excerpt(at: index))\")")
            }
            guard let attribute = try scanAttribute(at: index) else { return try needMore("a tag") }
            if attributeCount < attributes.count {
                attributes[attributeCount] = attribute.attribute
            } else {
                attributes.append(attribute.attribute)
            }
            attributeCount += 1
            index = attribute.end
        }
        try checkNamespaces(elementColon: colon)
        if empty {
            closeEmpty = true
            if openEnds.isEmpty { phase = .epilog } else { phase = .content }
        } else {
            let count = nameEnd - position - 1
            let at = openEnds.last ?? 0
            if at + count > openNamesCapacity { growOpenNames(at + count) }
            (openNames + at).update(from: bytes + position + 1, count: count)
            openEnds.append(at + count)
            phase = .content
        }
        nameStart = colon >= 0 ? colon + 1 : position + 1
        nameCount = nameEnd - nameStart
        position = index
        return .start(empty: empty)
    }

    /// `name = "value"` at `index`: the attribute and the index after its closing quote, or nil when the buffer
    /// ends inside it.
    func scanAttribute(at index: Int) throws -> (attribute: Attribute, end: Int)? {
        guard let (nameEnd, colon) = try scanName(at: index, what: "attribute") else { return nil }
        let bytes = buffer
        let table = classes + ByteClass.attribute
        var cursor = nameEnd
        while cursor < end, Self.isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < end else { return nil }
        guard bytes[cursor] == UInt8(ascii: "=") else {
            throw malformed(at: cursor, "an attribute without a value (\"\(excerpt(at: index))\")")
        }
        cursor += 1
        while cursor < end, Self.isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < end else { return nil }
        let quote = bytes[cursor]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw malformed(at: cursor, "an attribute value that is not in quotes (\"\(excerpt(at: index))\")")
        }
        cursor += 1
        let valueStart = cursor
        var segment = cursor
        var decoded = false
        let scratchStart = scratchCount
        scan: while true {
            while cursor < end, table[Int(bytes[cursor])] == ByteClass.plain { cursor += 1 }
            guard cursor < end else { return nil }
            switch table[Int(bytes[cursor])] {
            case ByteClass.quote:
                if bytes[cursor] == quote { break scan }
                cursor += 1
            case ByteClass.ampersand:
                guard case .done(let length) = try entity(at: cursor, segment: segment, decoded: &decoded) else { return nil }
                cursor += length
                segment = cursor
            case ByteClass.carriageReturn, ByteClass.whitespace:
                // Attribute-value normalisation: each line end, tab or newline becomes one space.
                let crlf = bytes[cursor] == 0x0D && cursor + 1 < end && bytes[cursor + 1] == 0x0A
                if bytes[cursor] == 0x0D && cursor + 1 == end && !sourceDone { return nil }
                appendScratch(bytes + segment, cursor - segment)
                appendScratch(scalar: 0x20)
                decoded = true
                cursor += crlf ? 2 : 1
                segment = cursor
            case ByteClass.lessThan:
                throw malformed(at: cursor, "\"<\" inside an attribute value, which XML does not allow (write &lt;)")
            case ByteClass.lead:
                guard case .done(let length) = try character(at: cursor) else { return nil }
                cursor += length
            default:
                throw malformed(at: cursor, "a byte that is not a character XML allows (\(excerpt(at: cursor, count: 1)))")
            }
        }
        if decoded { appendScratch(bytes + segment, cursor - segment) }
        let isXMLNS: Bool
        if colon >= 0 {
            isXMLNS = colon - index == 5 && Self.equal(bytes + index, "xmlns")
        } else {
            isXMLNS = nameEnd - index == 5 && Self.equal(bytes + index, "xmlns")
        }
        let attribute = Attribute(
            qualifiedStart: index, qualifiedCount: nameEnd - index, localStart: colon >= 0 ? colon + 1 : index,
            localCount: colon >= 0 ? nameEnd - colon - 1 : nameEnd - index,
            valueStart: decoded ? scratchStart : valueStart, valueCount: decoded ? scratchCount - scratchStart : cursor - valueStart,
            valueInScratch: decoded, declaresNamespace: isXMLNS)
        return (attribute, cursor + 1)
    }

    /// Unique attribute names, namespace declarations taken into scope, and every prefix used declared.
    func checkNamespaces(elementColon: Int) throws {
        let bytes = buffer
        let depth = openEnds.count + 1
        for index in 0..<attributeCount {
            let attribute = attributes[index]
            for other in 0..<index
            where attributes[other].qualifiedCount == attribute.qualifiedCount
                && Self.same(bytes + attributes[other].qualifiedStart, bytes + attribute.qualifiedStart, attribute.qualifiedCount)
            {
                throw malformed(
                    at: attribute.qualifiedStart,
                    "the attribute \"\(excerpt(at: attribute.qualifiedStart, count: attribute.qualifiedCount))\" twice in one tag")
            }
            guard attribute.declaresNamespace, attribute.localStart != attribute.qualifiedStart else { continue }
            let prefix = UnsafeBufferPointer(start: bytes + attribute.localStart, count: attribute.localCount)
            let value = UnsafeBufferPointer(
                start: (attribute.valueInScratch ? scratch : bytes) + attribute.valueStart, count: attribute.valueCount)
            if value.isEmpty || prefix.elementsEqual("xmlns".utf8) {
                throw malformed(
                    at: attribute.qualifiedStart,
                    "a namespace declaration XML does not allow (\"\(excerpt(at: attribute.qualifiedStart))\")")
            }
            prefixBytes.append(contentsOf: prefix)
            prefixEnds.append(prefixBytes.count)
            prefixDepths.append(depth)
        }
        if elementColon >= 0 {
            let start = position + 1
            if elementColon - start == 5 && Self.equal(bytes + start, "xmlns") || !isDeclared(start, elementColon - start) {
                throw malformed(
                    at: start, "the namespace prefix of \"\(excerpt(at: start, count: elementColon - start + 1))…\" is not declared")
            }
        }
        for index in 0..<attributeCount {
            let attribute = attributes[index]
            guard !attribute.declaresNamespace, attribute.localStart != attribute.qualifiedStart else { continue }
            let count = attribute.localStart - 1 - attribute.qualifiedStart
            if !isDeclared(attribute.qualifiedStart, count) {
                throw malformed(
                    at: attribute.qualifiedStart,
                    "the namespace prefix of \"\(excerpt(at: attribute.qualifiedStart, count: attribute.qualifiedCount))\" is not declared")
            }
        }
    }

    /// Whether the prefix at buffer `start` (`count` bytes) is `xml` or declared by an open element.
    func isDeclared(_ start: Int, _ count: Int) -> Bool {
        if count == 3 && Self.equal(buffer + start, "xml") { return true }
        var entry = prefixEnds.count - 1
        while entry >= 0 {
            let first = entry > 0 ? prefixEnds[entry - 1] : 0
            if prefixEnds[entry] - first == count {
                var same = true
                for offset in 0..<count where prefixBytes[first + offset] != buffer[start + offset] {
                    same = false
                    break
                }
                if same { return true }
            }
            entry -= 1
        }
        return false
    }

    /// Whether the `count` bytes at `a` and at `b` are the same: names are a few bytes, too short for a call to memcmp.
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    /// Whether the bytes at `pointer` start with the ASCII `text`.
    @inline(__always)
    static func equal(_ pointer: UnsafePointer<UInt8>, _ text: StaticString) -> Bool {
        memcmp(pointer, text.utf8Start, text.utf8CodeUnitCount) == 0
    }
}
