/// Validated employee rows copied out of the reader's buffer, on their way to the thread that stores them
/// (``EmployeeWriterThread``).
///
/// A row is the employee table's eleven text values (``textColumns``, in insert order) back to back in
/// ``bytes``, plus its `activated` flag. An empty value stands for NULL, as ``EmployeeBulkWriter`` binds it.
final class EmployeeRowBatch {
    /// nip, nik, name, gender, status, golongan, position, unit_code, email, activation_date, statuses.
    static let textColumns = 11
    /// Rows per batch, and the byte size at which a batch is handed on even with fewer rows.
    static let rowLimit = 4_096
    static let byteLimit = 1 << 20

    private(set) var bytes: [UInt8] = []
    /// End offset in ``bytes`` of each value, ``textColumns`` per row.
    private(set) var ends: [Int32] = []
    private(set) var activated: [Bool] = []

    init() {
        bytes.reserveCapacity(Self.byteLimit + 4_096)
        ends.reserveCapacity(Self.rowLimit * Self.textColumns)
        activated.reserveCapacity(Self.rowLimit)
    }

    var count: Int { activated.count }
    var isFull: Bool { activated.count >= Self.rowLimit || bytes.count >= Self.byteLimit }

    func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        activated.removeAll(keepingCapacity: true)
    }

    /// Copies the validator's current row; `unitCode` is the code of its unit.
    func append(_ row: borrowing EmployeeRowValidator.Row, unitCode: [UInt8]) {
        // Work on the arrays swapped out into locals, passed `inout` (no closure captures them): a class
        // property, or a captured local, is checked for exclusive access on every use, a dozen times a row.
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        swap(&bytes, &self.bytes)
        swap(&ends, &self.ends)
        row.nipText.withUnsafeBufferPointer { Self.add($0, &bytes, &ends) }
        row.nik.withUnsafeBufferPointer { Self.add($0, &bytes, &ends) }
        Self.add(row.name, &bytes, &ends)
        bytes.append(row.gender)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
        // The status's raw value (PNS, CPNS, PPPK), spelt out: no String or array per row.
        switch row.status {
        case .pns: break
        case .cpns: bytes.append(UInt8(ascii: "C"))
        case .pppk: bytes.append(UInt8(ascii: "P"))
        }
        bytes.append(UInt8(ascii: "P"))
        bytes.append(row.status == .pppk ? UInt8(ascii: "P") : UInt8(ascii: "N"))
        bytes.append(row.status == .pppk ? UInt8(ascii: "K") : UInt8(ascii: "S"))
        ends.append(Int32(truncatingIfNeeded: bytes.count))
        Self.add(row.golongan, &bytes, &ends)
        Self.add(row.position, &bytes, &ends)
        unitCode.withUnsafeBufferPointer { Self.add($0, &bytes, &ends) }
        Self.add(row.email, &bytes, &ends)
        if let date = row.activationDate {
            Self.digits(date.year, 4, &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.digits(date.month, 2, &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.digits(date.day, 2, &bytes)
        }
        ends.append(Int32(truncatingIfNeeded: bytes.count))
        row.statuses.withUnsafeBufferPointer { Self.add($0, &bytes, &ends) }
        swap(&bytes, &self.bytes)
        swap(&ends, &self.ends)
        activated.append(row.activated)
    }

    private static func add(_ value: UnsafeBufferPointer<UInt8>, _ bytes: inout [UInt8], _ ends: inout [Int32]) {
        bytes.append(contentsOf: value)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// The last `count` decimal digits of `value`, as ``EmployeeBulkWriter`` writes a date.
    private static func digits(_ value: Int, _ count: Int, _ bytes: inout [UInt8]) {
        var divisor = count == 4 ? 1_000 : 10
        while divisor > 0 {
            bytes.append(UInt8(48 + value / divisor % 10))
            divisor /= 10
        }
    }

    /// Calls `body` with the batch's storage: ``bytes``, ``ends`` and ``activated``, without reference counting.
    func withStorage<R>(
        _ body: (_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int32>, _ activated: UnsafeBufferPointer<Bool>) throws ->
            R
    ) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in try activated.withUnsafeBufferPointer { try body(bytes, ends, $0) } }
        }
    }
}
