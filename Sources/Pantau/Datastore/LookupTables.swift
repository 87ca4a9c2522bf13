/// NIP → first line, for duplicate detection over millions of rows: a ``ByteTable`` keyed by the NIP's 8 bytes
/// (a NIP is 18 digits, so it fits a `UInt64`), with no `String` or SipHash per row.
struct NIPTable {
    private var table: ByteTable<Int32>

    init(expectedCount: Int) {
        table = ByteTable(expectedCount: max(expectedCount, 1024), averageKeyLength: 8)
    }

    var count: Int { table.count }

    func line(of key: UInt64) -> Int? {
        withUnsafeBytes(of: key) { table.value(for: $0.bindMemory(to: UInt8.self)) }.map(Int.init)
    }

    /// Adds `key` (not yet present).
    mutating func insert(_ key: UInt64, line: Int) {
        withUnsafeBytes(of: key) { _ = table.insert($0.bindMemory(to: UInt8.self), Int32(clamping: line)) }
    }

    /// Grows once to hold `expected` keys, if it is not that big already.
    mutating func reserve(_ expected: Int) { table.reserve(expected, averageKeyLength: 8) }
}

/// Units found by any of their names (code, name, alias, UNOR id) from a field's bytes, case-insensitively
/// (ASCII) and with runs of spaces as one, without building a String per row.
struct UnitCodeTable {
    /// Normalised name → unit index.
    private let table: ByteTable<Int>

    /// `keys`: name → unit index. A name given twice keeps its first unit (codes come first).
    init(keys pairs: [(String, Int)]) {
        table = ByteTable(pairs.map { (key: Self.normalise(Array($0.0.utf8)), value: $0.1) }.filter { !$0.key.isEmpty })
    }

    /// Lower-cased (ASCII), trimmed, every run of spaces, tabs and no-break spaces as one space.
    static func normalise(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var space = false
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            let isNBSP = byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0
            if byte == 32 || byte == 9 || isNBSP {
                space = !result.isEmpty
                index += isNBSP ? 2 : 1
                continue
            }
            if space {
                result.append(32)
                space = false
            }
            if byte >= 65 && byte <= 90 { byte += 32 }
            result.append(byte)
            index += 1
        }
        return result
    }

    /// The unit `bytes` names (trimmed already), or nil.
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // Lower-cased in a buffer on the stack: no allocation per row.
        let found = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { lower -> Int? in
            for (i, byte) in bytes.enumerated() { lower[i] = byte >= 65 && byte <= 90 ? byte + 32 : byte }
            return table.value(for: UnsafeBufferPointer(rebasing: lower[0..<bytes.count]))
        }
        if let found { return found }
        // Spaces inside (`PUSKESMAS  SUKAMAJU`, a tab, a no-break space): compare the normalised form.
        guard bytes.contains(where: { $0 == 32 || $0 == 9 || $0 == 0xC2 }) else { return nil }
        return Self.normalise(Array(bytes)).withUnsafeBufferPointer { table.value(for: $0) }
    }
}
