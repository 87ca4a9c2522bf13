import Foundation

/// Reads the rows of one sheet on a thread of its own, ahead of the importer, and hands them over in
/// ``Block``s of a few thousand rows: the XML scan of a sheet then overlaps the importer's checks and storage
/// (on two cores the scan took as long as everything else of an import, one after the other).
///
/// What a row is (cells to text, shared strings, dates, padding) is decided here, as ``XLSXReader`` describes;
/// ``XLSXReader`` only walks the blocks. At most ``depth`` blocks exist, so memory stays flat however many rows
/// the sheet has. An error of the sheet comes after the rows before it, in the block that ends the sheet, with
/// the same message and row as when it was read on the importer's thread.
final class XLSXRowPipeline: @unchecked Sendable {
    /// Rows read ahead, back to back: the bytes of their fields, each field's end (relative to its row's first
    /// byte), and per row where its bytes and ends start and its line (the sheet's row number).
    final class Block {
        static let rowLimit = 2_048
        static let byteLimit = 1 << 19

        private(set) var bytes: [UInt8] = []
        private(set) var ends: [Int] = []
        private(set) var rowBytes: [Int] = []
        private(set) var rowEnds: [Int] = []
        private(set) var lines: [Int] = []
        /// Sheet bytes read when each row had been read: progress, and the importer's estimate of the row count
        /// from the first rows' average size (a block's end instead made it half the real count).
        private(set) var offsets: [Int] = []
        /// Sheet bytes read when the block was handed over.
        var consumed = 0
        /// Why the sheet could not be read further; set on the last block.
        var failure: Error?
        /// The sheet ends with this block.
        var last = false

        init() {
            bytes.reserveCapacity(Self.byteLimit + 4_096)
            rowBytes.reserveCapacity(Self.rowLimit)
            rowEnds.reserveCapacity(Self.rowLimit)
            lines.reserveCapacity(Self.rowLimit)
            offsets.reserveCapacity(Self.rowLimit)
        }

        var count: Int { lines.count }
        var isFull: Bool { lines.count >= Self.rowLimit || bytes.count >= Self.byteLimit }

        func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            rowBytes.removeAll(keepingCapacity: true)
            rowEnds.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            consumed = 0
            failure = nil
            last = false
        }

        func append(line: Int, offset: Int, bytes rowData: UnsafeBufferPointer<UInt8>, ends rowFieldEnds: UnsafeBufferPointer<Int>) {
            lines.append(line)
            offsets.append(offset)
            rowBytes.append(bytes.count)
            rowEnds.append(ends.count)
            bytes.append(contentsOf: rowData)
            ends.append(contentsOf: rowFieldEnds)
        }

        /// Fields of row `index`.
        func fieldCount(_ index: Int) -> Int {
            (index + 1 < rowEnds.count ? rowEnds[index + 1] : ends.count) - rowEnds[index]
        }

        /// Calls `body` with row `index` as a record (valid during the call only).
        func withRecord<R>(_ index: Int, _ body: (CSVRecord) throws -> R) rethrows -> R {
            let byteStart = rowBytes[index]
            let byteEnd = index + 1 < rowBytes.count ? rowBytes[index + 1] : bytes.count
            let endStart = rowEnds[index]
            let endEnd = index + 1 < rowEnds.count ? rowEnds[index + 1] : ends.count
            return try bytes.withUnsafeBufferPointer { bytes in
                try ends.withUnsafeBufferPointer { ends in
                    try body(
                        CSVRecord(
                            bytes: UnsafeBufferPointer(rebasing: bytes[byteStart..<byteEnd]),
                            ends: UnsafeBufferPointer(rebasing: ends[endStart..<endEnd])))
                }
            }
        }
    }

    /// Blocks in existence: one being filled, the rest queued or being read.
    static let depth = 4

    private let condition = NSCondition()
    private var free: [Block]
    private var ready: [Block] = []
    private var cancelled = false
    private var running = true

    /// Starts reading `rows` (its first row next) on a new thread.
    init(rows: XLSXSheetRows) {
        free = (0..<Self.depth).map { _ in Block() }
        let thread = Thread { [self] in
            run(rows)
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "pantau-sheet"
        thread.start()
    }

    /// The next block of rows, after giving back `done` (the block read until now); waits for the reading thread.
    func take(returning done: Block?) -> Block {
        condition.lock()
        defer { condition.unlock() }
        if let done {
            done.removeAll()
            free.append(done)
            condition.broadcast()
        }
        while ready.isEmpty { condition.wait() }
        return ready.removeFirst()
    }

    /// Stops the reading thread (it finishes the block it is filling) and waits for it.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func run(_ rows: XLSXSheetRows) {
        guard var block = nextFree() else { return }
        while true {
            let more: Bool
            do {
                more = try rows.next()
            } catch {
                block.failure = error
                block.last = true
                hand(block, consumed: rows.bytesConsumed)
                return
            }
            if more { rows.append(to: block) }
            if !more {
                block.last = true
                hand(block, consumed: rows.bytesConsumed)
                return
            }
            if block.isFull {
                hand(block, consumed: rows.bytesConsumed)
                guard let next = nextFree() else { return }
                block = next
            }
        }
    }

    private func hand(_ block: Block, consumed: Int) {
        block.consumed = consumed
        condition.lock()
        ready.append(block)
        condition.broadcast()
        condition.unlock()
    }

    /// A free block to fill; nil once stopped.
    private func nextFree() -> Block? {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && !cancelled { condition.wait() }
        return cancelled ? nil : free.removeLast()
    }
}
