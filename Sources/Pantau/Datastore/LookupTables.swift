/// NIP → first line, for duplicate detection over millions of rows. A NIP is 18 digits, so it is its own key:
/// open addressing over the numbers themselves beside their lines (12 bytes a slot, at most 70% full), with no
/// bytes, `String` or SipHash per row: about 100 MB at national scale, a third less than a ``ByteTable``, which
/// would keep each key twice (bytes and slot) and its value apart. ``Dictionary`` is its oracle in the tests.
struct NIPTable {
    /// The NIPs; 0 marks an empty slot (a NIP of 0, never valid, is kept aside in ``zeroLine``).
    private var keys: [UInt64]
    private var lines: [Int32]
    private var zeroLine: Int32?
    private var mask: Int
    /// 64 less the number of bits of a slot number: a slot is the top bits of a multiplicative hash.
    private var shift: UInt64
    private(set) var count = 0

    init(expectedCount: Int) {
        let capacity = Self.capacity(for: max(expectedCount, 1024))
        keys = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    func line(of key: UInt64) -> Int? {
        if key == 0 { return zeroLine.map(Int.init) }
        return keys.withUnsafeBufferPointer { keys in
            var slot = Self.slot(of: key, shift: shift)
            while true {
                let found = keys[slot]
                if found == key { return Int(lines[slot]) }
                if found == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Adds `key` (not yet present).
    mutating func insert(_ key: UInt64, line: Int) {
        if key == 0 {
            if zeroLine == nil { count += 1 }
            zeroLine = zeroLine ?? Int32(clamping: line)
            return
        }
        if (count + 1) * 10 > keys.count * 7 { grow(to: keys.count * 2) }
        place(key, Int32(clamping: line))
        count += 1
    }

    /// Grows once to hold `expected` keys, if it is not that big already.
    mutating func reserve(_ expected: Int) {
        let capacity = Self.capacity(for: expected)
        if capacity > keys.count { grow(to: capacity) }
    }

    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity * 7 < count * 10 { capacity <<= 1 }
        return capacity
    }

    /// The top bits of a multiplicative (Fibonacci) hash: NIPs share long runs of digits (birth dates, TMT), so
    /// the key's own low bits would crowd.
    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func place(_ key: UInt64, _ line: Int32) {
        var slot = Self.slot(of: key, shift: shift)
        while keys[slot] != 0 { slot = (slot + 1) & mask }
        keys[slot] = key
        lines[slot] = line
    }

    private mutating func grow(to capacity: Int) {
        let oldKeys = keys
        let oldLines = lines
        keys = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        for slot in oldKeys.indices where oldKeys[slot] != 0 { place(oldKeys[slot], oldLines[slot]) }
    }
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
