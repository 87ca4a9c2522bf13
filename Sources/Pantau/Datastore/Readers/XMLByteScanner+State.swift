import Foundation

extension XMLByteScanner {
    /// The scanner's changing state (see ``XMLByteScanner/state``).
    struct State {
        var buffer: UnsafeMutablePointer<UInt8>
        var capacity: Int
        /// The next unread byte, and the end of the bytes read, as indices into `buffer`.
        var position = 0
        var end = 0
        var sourceDone = false
        /// Bytes moved out of the buffer so far, the newlines among them and where the last one was (for locations).
        var discarded = 0
        var discardedLines = 0
        var discardedLastNewline = -1

        /// Decoded text and attribute values (those with entities, character references or normalised whitespace).
        var scratch: UnsafeMutablePointer<UInt8>
        var scratchCapacity: Int
        var scratchCount = 0

        /// The current node: an element's local name, or a text's bytes.
        var nameStart = 0
        var nameCount = 0
        var textStart = 0
        var textCount = 0
        var textInScratch = false
        var attributes: [Attribute] = []
        var attributeCount = 0

        var phase = Phase.start
        var inCDATA = false
        /// Qualified names of the open elements, back to back (memory of its own: an Array's append and
        /// removeLast took a tenth of the scanner's time), and where each ends.
        var openNames: UnsafeMutablePointer<UInt8>
        var openNamesCapacity: Int
        var openEnds: [Int] = []
        /// Namespace prefixes in scope, back to back, with where each ends and the element depth that declared it.
        var prefixBytes: [UInt8] = []
        var prefixEnds: [Int] = []
        var prefixDepths: [Int] = []
        /// The last node was a self-closing element: its namespace declarations go out of scope at the next read.
        var closeEmpty = false
    }

    var buffer: UnsafeMutablePointer<UInt8> {
        @inline(__always) get { state.pointee.buffer }
        @inline(__always) _modify { yield &state.pointee.buffer }
    }

    var capacity: Int {
        @inline(__always) get { state.pointee.capacity }
        @inline(__always) _modify { yield &state.pointee.capacity }
    }

    var position: Int {
        @inline(__always) get { state.pointee.position }
        @inline(__always) _modify { yield &state.pointee.position }
    }

    var end: Int {
        @inline(__always) get { state.pointee.end }
        @inline(__always) _modify { yield &state.pointee.end }
    }

    var sourceDone: Bool {
        @inline(__always) get { state.pointee.sourceDone }
        @inline(__always) _modify { yield &state.pointee.sourceDone }
    }

    var discarded: Int {
        @inline(__always) get { state.pointee.discarded }
        @inline(__always) _modify { yield &state.pointee.discarded }
    }

    var discardedLines: Int {
        @inline(__always) get { state.pointee.discardedLines }
        @inline(__always) _modify { yield &state.pointee.discardedLines }
    }

    var discardedLastNewline: Int {
        @inline(__always) get { state.pointee.discardedLastNewline }
        @inline(__always) _modify { yield &state.pointee.discardedLastNewline }
    }

    var scratch: UnsafeMutablePointer<UInt8> {
        @inline(__always) get { state.pointee.scratch }
        @inline(__always) _modify { yield &state.pointee.scratch }
    }

    var scratchCapacity: Int {
        @inline(__always) get { state.pointee.scratchCapacity }
        @inline(__always) _modify { yield &state.pointee.scratchCapacity }
    }

    var scratchCount: Int {
        @inline(__always) get { state.pointee.scratchCount }
        @inline(__always) _modify { yield &state.pointee.scratchCount }
    }

    var nameStart: Int {
        @inline(__always) get { state.pointee.nameStart }
        @inline(__always) _modify { yield &state.pointee.nameStart }
    }

    var nameCount: Int {
        @inline(__always) get { state.pointee.nameCount }
        @inline(__always) _modify { yield &state.pointee.nameCount }
    }

    var textStart: Int {
        @inline(__always) get { state.pointee.textStart }
        @inline(__always) _modify { yield &state.pointee.textStart }
    }

    var textCount: Int {
        @inline(__always) get { state.pointee.textCount }
        @inline(__always) _modify { yield &state.pointee.textCount }
    }

    var textInScratch: Bool {
        @inline(__always) get { state.pointee.textInScratch }
        @inline(__always) _modify { yield &state.pointee.textInScratch }
    }

    var attributes: [Attribute] {
        @inline(__always) get { state.pointee.attributes }
        @inline(__always) _modify { yield &state.pointee.attributes }
    }

    var attributeCount: Int {
        @inline(__always) get { state.pointee.attributeCount }
        @inline(__always) _modify { yield &state.pointee.attributeCount }
    }

    var phase: Phase {
        @inline(__always) get { state.pointee.phase }
        @inline(__always) _modify { yield &state.pointee.phase }
    }

    var inCDATA: Bool {
        @inline(__always) get { state.pointee.inCDATA }
        @inline(__always) _modify { yield &state.pointee.inCDATA }
    }

    var openNames: UnsafeMutablePointer<UInt8> {
        @inline(__always) get { state.pointee.openNames }
        @inline(__always) _modify { yield &state.pointee.openNames }
    }

    var openNamesCapacity: Int {
        @inline(__always) get { state.pointee.openNamesCapacity }
        @inline(__always) _modify { yield &state.pointee.openNamesCapacity }
    }

    var openEnds: [Int] {
        @inline(__always) get { state.pointee.openEnds }
        @inline(__always) _modify { yield &state.pointee.openEnds }
    }

    var prefixBytes: [UInt8] {
        @inline(__always) get { state.pointee.prefixBytes }
        @inline(__always) _modify { yield &state.pointee.prefixBytes }
    }

    var prefixEnds: [Int] {
        @inline(__always) get { state.pointee.prefixEnds }
        @inline(__always) _modify { yield &state.pointee.prefixEnds }
    }

    var prefixDepths: [Int] {
        @inline(__always) get { state.pointee.prefixDepths }
        @inline(__always) _modify { yield &state.pointee.prefixDepths }
    }

    var closeEmpty: Bool {
        @inline(__always) get { state.pointee.closeEmpty }
        @inline(__always) _modify { yield &state.pointee.closeEmpty }
    }
}
