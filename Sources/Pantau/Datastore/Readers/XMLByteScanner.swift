import Foundation

/// A strict, streaming XML tokenizer over UTF-8 bytes: the fast path for the two big parts of an XLSX workbook
/// (the sheet and the shared strings), where libxml2's reader took most of an import's time.
///
/// It pulls its input in chunks from `source` (tokens may span chunks; memory is bounded by the chunk size and
/// the longest tag; a long text is handed out in pieces) and yields what ``XMLEventReader`` promises: start tags
/// with their attributes (either quote style, namespace prefixes stripped), end tags, self-closing tags, and
/// text with the five predefined entities and numeric character references decoded, CDATA as text, line ends
/// and attribute whitespace normalised as XML 1.0 says. Comments, processing instructions and the XML
/// declaration are checked and skipped.
///
/// Strict, never guessing: it checks what libxml2 checks for well-formedness (matching tags, one root element,
/// quoted and unique attributes, declared prefixes, names, valid UTF-8 and XML characters, no `]]>` in text) and
/// refuses a DOCTYPE (a workbook part never has one, and it could declare entities). What it does not understand
/// is a ``Malformed`` error with line and column, never text passed on. A part in another encoding than UTF-8
/// is ``Malformed`` with `otherEncoding` set, so the caller can hand it to libxml2 instead.
/// ``XMLPullReader`` (libxml2) is its reference: the tests read the same workbooks through both.
final class XMLByteScanner: XMLEventReader {
    /// Where and why the input is not well-formed XML (line and column count from 1; the column in bytes).
    struct Malformed: Error, Equatable {
        var line: Int
        var column: Int
        var reason: String
        /// The part is well-formed as far as seen but not UTF-8 (a UTF-16 byte-order mark or another declared
        /// encoding): a reader that converts encodings should read it.
        var otherEncoding = false
    }

    enum Phase { case start, prolog, content, epilog }

    /// One attribute of the current start tag: where its names and value are (value in `scratch` if decoded).
    struct Attribute {
        var qualifiedStart: Int
        var qualifiedCount: Int
        var localStart: Int
        var localCount: Int
        var valueStart: Int
        var valueCount: Int
        var valueInScratch: Bool
        var declaresNamespace: Bool
    }

    let source: () throws -> Data?
    /// Text longer than this that reaches the end of the buffer is handed out in pieces instead of growing it.
    let textPiece: Int
    /// Everything that changes as the scanner reads, behind a pointer: a stored `var` of a class costs a
    /// dynamic exclusivity check on each access, which took a quarter of the scanner's time.
    let state: UnsafeMutablePointer<State>

    /// Byte classes for the scanning loops (see ``ByteClass``), 256 entries per table.
    let classes: UnsafeMutablePointer<UInt8>

    /// Reads the chunks `source` returns (nil at the end); `chunkHint` sizes the first buffer.
    init(chunkHint: Int = 1 << 18, textPiece: Int = 1 << 16, source: @escaping () throws -> Data?) {
        self.source = source
        self.textPiece = max(1, textPiece)
        let capacity = max(64, chunkHint * 2)
        let scratchCapacity = 1 << 12
        state = .allocate(capacity: 1)
        state.initialize(
            to: State(
                buffer: .allocate(capacity: capacity), capacity: capacity, scratch: .allocate(capacity: scratchCapacity),
                scratchCapacity: scratchCapacity, openNames: .allocate(capacity: 256), openNamesCapacity: 256))
        classes = .allocate(capacity: 256 * ByteClass.tables)
        ByteClass.fill(classes)
    }

    /// Reads `data` in chunks of `chunkSize` bytes (tests use tiny chunks to cut tokens everywhere).
    convenience init(data: Data, chunkSize: Int = 1 << 18, textPiece: Int = 1 << 16) {
        var offset = 0
        let size = max(1, chunkSize)
        self.init(chunkHint: size, textPiece: textPiece) {
            guard offset < data.count else { return nil }
            let next = min(data.count, offset + size)
            defer { offset = next }
            return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + next))
        }
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
        openNames.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        classes.deallocate()
    }

    var bytesConsumed: Int { discarded + position }

    func read() throws -> XMLNode? {
        if closeEmpty {
            closePrefixes(depth: openEnds.count + 1)
            closeEmpty = false
        }
        while true {
            if position == end {
                if try more(keepingFrom: position) { continue }
                return try finish()
            }
            let node: XMLNode?
            if phase == .start {
                try readStart()
                continue
            } else if inCDATA {
                node = try scanText(cdata: true)
            } else if buffer[position] == UInt8(ascii: "<") {
                node = try scanMarkup()
            } else if phase == .content {
                node = try scanText(cdata: false)
            } else {
                try skipOutsideText()
                continue
            }
            if let node { return node }
        }
    }

    /// Reads the byte-order mark and XML declaration now (``read()`` would at its first call), so a part in
    /// another encoding is known before any node: ``Malformed`` with `otherEncoding`.
    func readProlog() throws {
        while phase == .start {
            if position == end, try !more(keepingFrom: position) { return }
            try readStart()
        }
    }

    func isNamed(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard nameCount == count else { return false }
        let wanted = name.utf8Start
        let bytes = buffer + nameStart
        for index in 0..<count where bytes[index] != wanted[index] { return false }
        return true
    }

    func withName<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer + nameStart, count: nameCount))
    }

    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let base = textInScratch ? scratch : buffer
        return try body(UnsafeBufferPointer(start: base + textStart, count: textCount))
    }

    func forEachAttribute(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        for index in 0..<attributeCount {
            let attribute = attributes[index]
            if attribute.declaresNamespace { continue }
            let base = attribute.valueInScratch ? scratch : buffer
            try body(
                UnsafeBufferPointer(start: buffer + attribute.localStart, count: attribute.localCount),
                UnsafeBufferPointer(start: base + attribute.valueStart, count: attribute.valueCount))
        }
    }

    // MARK: - Input

    /// Moves the bytes from `keep` on to the front of the buffer and reads more; false when the input has ended.
    /// Reads until the kept bytes at least double, so a token rescanned after each call costs linear time.
    func more(keepingFrom keep: Int) throws -> Bool {
        if sourceDone { return false }
        if keep > 0 {
            // The newlines of the bytes let go, found by memchr (a workbook part has few or none): a loop over
            // every byte of the part was a fiftieth of an XLSX import.
            var from = buffer
            let stop = buffer + keep
            while from < stop, let found = memchr(from, Int32(UInt8(ascii: "\n")), stop - from) {
                let newline = found.assumingMemoryBound(to: UInt8.self)
                discardedLines += 1
                discardedLastNewline = discarded + (newline - buffer)
                from = newline + 1
            }
            let kept = end - keep
            if kept > 0 { (buffer).update(from: buffer + keep, count: kept) }
            discarded += keep
            end = kept
            position -= keep
        }
        let wanted = end + max(end, 1)
        var added = false
        while end < wanted {
            guard let chunk = try source() else {
                sourceDone = true
                break
            }
            if chunk.isEmpty { continue }
            if end + chunk.count > capacity {
                var grown = capacity * 2
                while grown < end + chunk.count { grown *= 2 }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                bigger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
                capacity = grown
            }
            chunk.withUnsafeBytes { raw in
                if let base = raw.baseAddress { (buffer + end).update(from: base.assumingMemoryBound(to: UInt8.self), count: raw.count) }
            }
            end += chunk.count
            added = true
        }
        return added
    }

    /// The end of the input: fine only after the root element closed.
    func finish() throws -> XMLNode? {
        if inCDATA { throw malformed(at: end, "the part ends inside a CDATA section (it is cut short)") }
        if let last = openEnds.last {
            let first = openEnds.count > 1 ? openEnds[openEnds.count - 2] : 0
            let name = String(decoding: UnsafeBufferPointer(start: openNames + first, count: last - first), as: UTF8.self)
            throw malformed(at: end, "the part ends before </\(name)> (it is cut short)")
        }
        if phase != .epilog { throw malformed(at: end, "the part has no root element (it is empty or cut short)") }
        return nil
    }

    // MARK: - Locations

    /// The error for the byte at buffer index `index`.
    func malformed(at index: Int, _ reason: String, otherEncoding: Bool = false) -> Malformed {
        let index = min(max(index, 0), end)
        var line = discardedLines + 1
        var lastNewline = discardedLastNewline
        for offset in 0..<index where buffer[offset] == UInt8(ascii: "\n") {
            line += 1
            lastNewline = discarded + offset
        }
        return Malformed(line: line, column: discarded + index - lastNewline, reason: reason, otherEncoding: otherEncoding)
    }

    /// A few bytes from `index` for a message: printable ASCII as is, anything else as `\xNN`.
    func excerpt(at index: Int, count: Int = 12) -> String {
        var text = ""
        var offset = index
        while offset < end, offset < index + count {
            let byte = buffer[offset]
            text += byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
            offset += 1
        }
        return text
    }

    // MARK: - Scratch

    @inline(__always)
    func appendScratch(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        if scratchCount + count > scratchCapacity { growScratch(scratchCount + count) }
        (scratch + scratchCount).update(from: bytes, count: count)
        scratchCount += count
    }

    @inline(__always)
    func appendScratch(scalar: UInt32) {
        if scratchCount + 4 > scratchCapacity { growScratch(scratchCount + 4) }
        let out = scratch + scratchCount
        switch scalar {
        case 0..<0x80:
            out[0] = UInt8(scalar)
            scratchCount += 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | (scalar >> 6))
            out[1] = UInt8(0x80 | (scalar & 0x3F))
            scratchCount += 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | (scalar >> 12))
            out[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[2] = UInt8(0x80 | (scalar & 0x3F))
            scratchCount += 3
        default:
            out[0] = UInt8(0xF0 | (scalar >> 18))
            out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            out[3] = UInt8(0x80 | (scalar & 0x3F))
            scratchCount += 4
        }
    }

    func growOpenNames(_ needed: Int) {
        var grown = openNamesCapacity * 2
        while grown < needed { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: openNames, count: openEnds.last ?? 0)
        openNames.deallocate()
        openNames = bigger
        openNamesCapacity = grown
    }

    func growScratch(_ needed: Int) {
        var grown = scratchCapacity * 2
        while grown < needed { grown *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = bigger
        scratchCapacity = grown
    }
}
