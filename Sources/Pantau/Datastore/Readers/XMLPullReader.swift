import CLibXML2
import Foundation

/// libxml2's streaming reader (`xmlTextReader`) over bytes or a stream of chunks: one node at a time, nothing kept.
///
/// It reads the small parts of a workbook (sheet list, relationships, styles), a big part in an encoding other
/// than UTF-8, and in the tests it is the reference ``XMLByteScanner`` is held to. A DOCTYPE or an entity
/// reference libxml2 would leave unexpanded is refused, as the scanner refuses them.
final class XMLPullReader: XMLEventReader {
    enum XMLError: Error, Equatable { case malformed(line: Int, reason: String) }

    /// The chunks handed to libxml2 through its read callback, and an error the source threw.
    private final class Input {
        let source: () throws -> Data?
        var pending = Data()
        var offset = 0
        var error: Error?

        init(source: @escaping () throws -> Data?) { self.source = source }

        func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int32 {
            do {
                while offset == pending.count {
                    guard let next = try source() else { return 0 }
                    pending = next
                    offset = 0
                }
            } catch {
                self.error = error
                return -1
            }
            let length = min(count, pending.count - offset)
            pending.withUnsafeBytes { raw in
                if let base = raw.baseAddress {
                    UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: length)
                }
            }
            offset += length
            return Int32(length)
        }
    }

    private let reader: OpaquePointer
    private let owned: UnsafeMutableRawBufferPointer?
    private let input: Input?
    /// No network, no size limit, and no messages of libxml2's own on stderr: a damaged workbook printed lines of
    /// parser errors above Pantau's one message (seen under `scripts/fuzz xlsx`); the error thrown says it.
    static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Reads `data` (a small part of a workbook: its sheet list, relationships, styles).
    init?(data: Data) {
        // xmlReaderForMemory does not copy, and a pointer into a Data is only valid inside withUnsafeBytes (a
        // small Data keeps its bytes inline): the reader gets its own copy, freed with it.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
        data.withUnsafeBytes { raw in if let base = raw.baseAddress { copy.baseAddress?.copyMemory(from: base, byteCount: raw.count) } }
        guard
            let made = xmlReaderForMemory(copy.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(data.count), nil, nil, Self.options)
        else {
            copy.deallocate()
            return nil
        }
        reader = made
        owned = copy
        input = nil
    }

    /// Reads the chunks `source` returns (nil at the end): a part as it is inflated, never held whole.
    init?(source: @escaping () throws -> Data?) {
        let input = Input(source: source)
        let read: xmlInputReadCallback = { context, buffer, count in
            guard let context, let buffer else { return -1 }
            return Unmanaged<Input>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: Int(count))
        }
        // The reader holds `input` unretained: `self` keeps it, and frees the reader first (deinit).
        guard let made = xmlReaderForIO(read, nil, Unmanaged.passUnretained(input).toOpaque(), nil, nil, Self.options) else {
            return nil
        }
        reader = made
        owned = nil
        self.input = input
    }

    deinit {
        xmlFreeTextReader(reader)
        owned?.deallocate()
    }

    func read() throws -> XMLNode? {
        let result = xmlTextReaderRead(reader)
        if let error = input?.error { throw error }
        if result == 0 { return nil }
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        guard result == 1 else { throw XMLError.malformed(line: line, reason: "libxml2 could not parse it") }
        switch xmlTextReaderNodeType(reader) {
        case 1: return .start(empty: xmlTextReaderIsEmptyElement(reader) == 1)
        case 15: return .end
        case 3, 4, 13, 14: return .text  // text, CDATA, whitespace, significant whitespace
        case 5: throw XMLError.malformed(line: line, reason: "an entity XML does not define")
        case 10: throw XMLError.malformed(line: line, reason: "a DOCTYPE, which a workbook part never has")
        default: return .other
        }
    }

    /// Whether the current node's local name is `name` (ASCII bytes, no allocation).
    func isNamed(_ name: StaticString) -> Bool {
        guard let local = xmlTextReaderConstLocalName(reader) else { return false }
        return strcmp(
            UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    func withName<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let local = xmlTextReaderConstLocalName(reader) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: local, count: strlen(UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self))))
    }

    /// Calls `body` with the current text node's bytes.
    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let value = xmlTextReaderConstValue(reader) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))))
    }

    /// Calls `body` with each attribute of the current element (namespace declarations left out): local name
    /// and value bytes.
    func forEachAttribute(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            if xmlTextReaderIsNamespaceDecl(reader) != 1, let name = xmlTextReaderConstLocalName(reader) {
                let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
                try withValue { try body(UnsafeBufferPointer(start: name, count: length), $0) }
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
    }

    /// Bytes of the input consumed so far (for progress).
    var bytesConsumed: Int { Int(xmlTextReaderByteConsumed(reader)) }
}
