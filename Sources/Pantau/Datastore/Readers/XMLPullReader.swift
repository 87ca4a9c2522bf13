import CLibXML2
import Foundation

/// libxml2's streaming reader (`xmlTextReader`) over a file or bytes: one node at a time, nothing kept.
final class XMLPullReader {
    enum Node: Equatable {
        case start(empty: Bool)
        case end
        case text
        case other
    }

    private let reader: OpaquePointer
    private let owned: Data?

    /// Reads the file at `path` (never loaded whole).
    init?(path: String) {
        guard let reader = xmlReaderForFile(path, nil, Self.options) else { return nil }
        self.reader = reader
        owned = nil
    }

    /// Reads `data` (a small part of a workbook: its sheet list, relationships, styles).
    init?(data: Data) {
        let copy = data
        let made: OpaquePointer? = copy.withUnsafeBytes { raw in
            xmlReaderForMemory(
                raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil,
                Self.options)
        }
        guard let made else { return nil }
        // xmlReaderForMemory does not copy: keep the bytes alive as long as the reader.
        reader = made
        owned = copy
    }

    deinit { xmlFreeTextReader(reader) }

    /// No network, no size limit, and no messages of libxml2's own on stderr: a damaged workbook printed lines of
    /// parser errors above Pantau's one message (seen under `scripts/fuzz xlsx`); the error thrown says it.
    static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Moves to the next node; nil at the end. Throws when the XML is malformed.
    func read() throws -> Node? {
        let result = xmlTextReaderRead(reader)
        if result == 0 { return nil }
        guard result == 1 else { throw XMLError.malformed(line: Int(xmlTextReaderGetParserLineNumber(reader))) }
        switch xmlTextReaderNodeType(reader) {
        case 1: return .start(empty: xmlTextReaderIsEmptyElement(reader) == 1)
        case 15: return .end
        case 3, 4, 13, 14: return .text  // text, CDATA, whitespace, significant whitespace
        default: return .other
        }
    }

    enum XMLError: Error { case malformed(line: Int) }

    /// Whether the current node's local name is `name` (ASCII bytes, no allocation).
    func isNamed(_ name: StaticString) -> Bool {
        guard let local = xmlTextReaderConstLocalName(reader) else { return false }
        return strcmp(
            UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// Calls `body` with the current text node's bytes.
    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let value = xmlTextReaderConstValue(reader) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: value, count: strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))))
    }

    /// Calls `body` with each attribute of the current element: local name and value bytes.
    func forEachAttribute(_ body: (_ name: UnsafePointer<CChar>, _ value: UnsafeBufferPointer<UInt8>) -> Void) {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return }
        repeat {
            if let name = xmlTextReaderConstLocalName(reader) {
                withValue { body(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self), $0) }
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        xmlTextReaderMoveToElement(reader)
    }

    /// An attribute as a String (for the small parts of a workbook).
    func attribute(_ name: String) -> String? {
        var found: String?
        forEachAttribute { attributeName, value in
            if String(cString: attributeName) == name { found = String(decoding: value, as: UTF8.self) }
        }
        return found
    }

    /// Bytes of the input consumed so far (for progress).
    var bytesConsumed: Int { Int(xmlTextReaderByteConsumed(reader)) }
}
