/// A streaming XML reader as the XLSX code sees it: one node at a time, names without their namespace prefix,
/// text with entities and character references already decoded, nothing kept.
///
/// Two readers implement it: ``XMLByteScanner`` (the fast path for the big parts of a workbook) and
/// ``XMLPullReader`` (libxml2, the reference the tests hold the scanner to). Code written against this protocol
/// is specialised for each, so the per-node calls cost no dynamic dispatch.
protocol XMLEventReader: AnyObject {
    /// Moves to the next node; nil at the end of the document. Throws when the XML is malformed.
    func read() throws -> XMLNode?
    /// Whether the current element's local name is `name` (ASCII).
    func isNamed(_ name: StaticString) -> Bool
    /// Calls `body` with the current element's local name (UTF-8).
    func withName<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
    /// Calls `body` with the current text node's bytes (UTF-8).
    func withValue<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
    /// Calls `body` with each attribute of the current element: local name and value (UTF-8).
    func forEachAttribute(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) throws -> Void) rethrows
    /// Bytes of the input consumed so far (for progress).
    var bytesConsumed: Int { get }
    /// A sheet cell of the common shape read in one step (``XMLByteScanner/simpleCell()``); nil when the reader
    /// has no such step or the cell has another shape: then ``read()`` reads it node by node.
    func simpleCell() -> XMLByteScanner.SimpleCell?
}

/// What an ``XMLEventReader`` stands on. A self-closing element is one `.start(empty: true)` with no `.end`.
enum XMLNode: Equatable {
    case start(empty: Bool)
    case end
    case text
    case other
}

extension XMLEventReader {
    func simpleCell() -> XMLByteScanner.SimpleCell? { nil }

    /// An attribute of the current element as a String (for the small parts of a workbook).
    func attribute(_ name: String) -> String? {
        var found: String?
        let wanted = Array(name.utf8)
        forEachAttribute { attributeName, value in
            if attributeName.elementsEqual(wanted) { found = String(decoding: value, as: UTF8.self) }
        }
        return found
    }

    /// Whether `bytes` spell the ASCII `name` (for attribute names, without allocating).
    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard bytes.count == count else { return false }
        let wanted = name.utf8Start
        for index in 0..<count where bytes[index] != wanted[index] { return false }
        return true
    }
}
