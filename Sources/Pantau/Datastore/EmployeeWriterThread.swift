import Foundation

/// Stores an import's valid rows on two threads of their own while the importer reads and checks the next
/// rows: one inserts them through ``EmployeeBulkWriter``, in file order (the table's rowids follow the file),
/// the other computes their identifier-ledger entries (an HMAC per identifier). On two cores the three
/// stages overlap instead of adding up.
///
/// Rows travel in ``EmployeeRowBatch``es; at most ``depth`` batches exist, so a slow stage holds the reader back
/// instead of filling memory. The SQLite connection is the importer's own: while rows are in flight the
/// importer makes no SQLite call (it reads, validates and writes the reject file only), and ``finish()`` (or
/// ``stop()``, on an error) waits for both threads before the importer touches the database again.
final class EmployeeWriterThread: @unchecked Sendable {
    /// Batches in existence: one being filled, the rest queued or being consumed.
    static let depth = 6

    private let condition = NSCondition()
    private var free: [EmployeeRowBatch] = []
    private var toInsert: [EmployeeRowBatch] = []
    private var toHash: [EmployeeRowBatch] = []
    /// Batch → how many of the two threads still hold it.
    private var holders: [ObjectIdentifier: Int] = [:]
    private var closed = false
    private var running = 0
    private var failure: Error?
    private var expectedRows = 0

    /// The batch the importer is filling (importer's thread only).
    private var filling: EmployeeRowBatch
    /// The ledger entries of every row stored (hash thread only until it has finished).
    private var entries: [UInt64] = []
    private let hashing: Bool
    private let unitCodes: [[UInt8]]
    /// Dropped by ``stop()`` on the importer's thread: its statement must be finalized there, not by a thread
    /// that lets go of this object last while the importer uses the connection again.
    private var writer: EmployeeBulkWriter?

    /// `ledger`: the datastore's identifier ledger, whose entries the rows' NIP, NIK and email get (nil: none).
    init(writer: EmployeeBulkWriter, ledger: IdentifierLedger?, unitCodes: [String]) {
        self.unitCodes = unitCodes.map { Array($0.utf8) }
        self.writer = writer
        filling = EmployeeRowBatch()
        free = (1..<Self.depth).map { _ in EmployeeRowBatch() }
        hashing = ledger != nil
        running = hashing ? 2 : 1
        let insert = Thread { [self] in insertLoop() }
        insert.name = "pantau-insert"
        insert.start()
        if let ledger {
            let hash = Thread { [self] in hashLoop(ledger) }
            hash.name = "pantau-ledger"
            hash.start()
        }
    }

    /// Sizes the entry list for about `rows` rows (three identifiers each), so it need not grow step by step.
    func expect(rows: Int) {
        condition.lock()
        expectedRows = rows
        condition.unlock()
    }

    /// Queues the validator's current row; throws what a thread failed with (SQLite could not store a row).
    func append(_ row: borrowing EmployeeRowValidator.Row) throws {
        filling.append(row, unitCode: unitCodes[row.unitIndex])
        if filling.isFull { try handOver() }
    }

    /// Stores what is queued, stops both threads and returns the ledger entries of every row (nil without a
    /// ledger); throws the first failure.
    func finish() throws -> [UInt64]? {
        if filling.count > 0 { try handOver(last: true) }
        stop()
        if let failure { throw failure }
        guard hashing else { return nil }
        var taken: [UInt64] = []
        swap(&taken, &entries)  // handed over, not shared: the caller appends to it
        return taken
    }

    /// Stops both threads once they have finished what is queued (after an error: the rows are rolled back).
    func stop() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        writer = nil
        condition.unlock()
    }

    private func handOver(last: Bool = false) throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        let batch = filling
        holders[ObjectIdentifier(batch)] = hashing ? 2 : 1
        toInsert.append(batch)
        if hashing { toHash.append(batch) }
        condition.broadcast()
        if last { return }
        while free.isEmpty && failure == nil { condition.wait() }
        if let failure { throw failure }
        filling = free.removeLast()
    }

    /// Takes the next batch of `queue` (nil once closed and empty).
    private func take(_ queue: ReferenceWritableKeyPath<EmployeeWriterThread, [EmployeeRowBatch]>) -> EmployeeRowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while self[keyPath: queue].isEmpty && !closed { condition.wait() }
        return self[keyPath: queue].isEmpty ? nil : self[keyPath: queue].removeFirst()
    }

    /// Gives a batch back; the last of its holders makes it free again.
    private func release(_ batch: EmployeeRowBatch) {
        condition.lock()
        let id = ObjectIdentifier(batch)
        let left = (holders[id] ?? 1) - 1
        if left == 0 {
            holders[id] = nil
            batch.removeAll()
            free.append(batch)
        } else {
            holders[id] = left
        }
        condition.broadcast()
        condition.unlock()
    }

    private func fail(_ error: Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    private func finished() {
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func insertLoop() {
        insertAll()  // its copy of the writer is gone before the importer is told
        finished()
    }

    private func insertAll() {
        guard let writer else { return }
        var failed = false
        while let batch = take(\.toInsert) {
            if !failed {
                do { try writer.insert(batch) } catch {
                    failed = true
                    fail(error)
                }
            }
            release(batch)
        }
    }

    private func hashLoop(_ ledger: IdentifierLedger) {
        hashAll(ledger)  // its local list is gone before the importer is told: the importer then owns the only one
        finished()
    }

    private func hashAll(_ ledger: IdentifierLedger) {
        let matcher = ledger.matcher()
        var entries: [UInt64] = []
        while let batch = take(\.toHash) {
            condition.lock()
            let wanted = expectedRows * 3
            condition.unlock()
            if entries.capacity < wanted { entries.reserveCapacity(wanted) }
            batch.withStorage { bytes, ends, _ in
                let columns = EmployeeRowBatch.textColumns
                for row in 0..<(ends.count / columns) {
                    // nip, nik and email: the columns the ledger keeps.
                    func value(_ column: Int) -> UnsafeBufferPointer<UInt8> {
                        let index = row * columns + column
                        let start = index == 0 ? 0 : Int(ends[index - 1])
                        return UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[index])])
                    }
                    matcher.entries(of: value(0), into: &entries)
                    matcher.entries(of: value(1), into: &entries)
                    matcher.entries(of: value(8), into: &entries)
                }
            }
            release(batch)
        }
        // Sorted here, maybe while the insert thread still works: the ledger's merge then finds one long run.
        IdentifierLedger.sortInPlace(&entries)
        self.entries = entries
    }
}
