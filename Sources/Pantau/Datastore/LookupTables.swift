/// NIP → first line, for duplicate detection over millions of rows.
///
/// Open addressing with linear probing over two flat arrays (12 bytes a slot, at most 70% full): about
/// 100 MB for a national export, a third of what `Dictionary<UInt64, Int32>` reserves, and no SipHash.
struct NIPTable {
    private var keys: [UInt64]  // 0 = empty (a NIP is never 0)
    private var lines: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int) {
        let capacity = Self.capacity(for: max(expectedCount, 1024))
        keys = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    private static func capacity(for count: Int) -> Int {
        var capacity = 1024
        while capacity * 7 < count * 10 { capacity <<= 1 }
        return capacity
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    func line(of key: UInt64) -> Int? {
        var index = slot(key)
        while true {
            let found = keys[index]
            if found == key { return Int(lines[index]) }
            if found == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    /// Adds `key` (not yet present).
    mutating func insert(_ key: UInt64, line: Int) {
        if (count + 1) * 10 > keys.count * 7 { grow(to: keys.count * 2) }
        var index = slot(key)
        while keys[index] != 0 { index = (index + 1) & mask }
        keys[index] = key
        lines[index] = Int32(clamping: line)
        count += 1
    }

    /// Grows once to hold `expected` keys, if it is not that big already.
    mutating func reserve(_ expected: Int) {
        let capacity = Self.capacity(for: expected)
        if capacity > keys.count { grow(to: capacity) }
    }

    private mutating func grow(to capacity: Int) {
        let oldKeys = keys
        let oldLines = lines
        keys = Array(repeating: 0, count: capacity)
        lines = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for (key, line) in zip(oldKeys, oldLines) where key != 0 {
            var index = slot(key)
            while keys[index] != 0 { index = (index + 1) & mask }
            keys[index] = key
            lines[index] = line
        }
    }
}

/// Units found by any of their names (code, name, alias, UNOR id) from a field's bytes, case-insensitively
/// (ASCII) and with runs of spaces as one, without building a String per row.
struct UnitCodeTable {
    private let keys: [[UInt8]]  // normalised
    private let units: [Int32]  // unit index of each key
    private let slots: [Int32]  // index into keys, -1 = empty
    private let mask: Int

    /// `keys`: name → unit index. A name given twice keeps its first unit (codes come first).
    init(keys pairs: [(String, Int)]) {
        var keys: [[UInt8]] = []
        var units: [Int32] = []
        var seen = Set<[UInt8]>()
        for (name, unit) in pairs {
            let key = Self.normalise(Array(name.utf8))
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            keys.append(key)
            units.append(Int32(unit))
        }
        var capacity = 64
        while capacity < keys.count * 4 { capacity <<= 1 }
        var slots = Array(repeating: Int32(-1), count: capacity)
        mask = capacity - 1
        for (index, key) in keys.enumerated() {
            var slot = key.withUnsafeBufferPointer { Self.hash($0) } & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index)
        }
        self.keys = keys
        self.units = units
        self.slots = slots
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

    /// FNV-1a over the lower-cased bytes.
    @inline(__always) private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for var byte in bytes {
            if byte >= 65 && byte <= 90 { byte += 32 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return Int(truncatingIfNeeded: hash >> 1)
    }

    /// The unit `bytes` names (trimmed already), or nil.
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let found = lookup(bytes) { return found }
        // Spaces inside (`PUSKESMAS  SUKAMAJU`, a tab, a no-break space): compare the normalised form.
        guard bytes.contains(where: { $0 == 32 || $0 == 9 || $0 == 0xC2 }) else { return nil }
        return Self.normalise(Array(bytes)).withUnsafeBufferPointer { lookup($0) }
    }

    private func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let candidate = Int(slots[slot])
            if candidate < 0 { return nil }
            let matches = keys[candidate].withUnsafeBufferPointer { code -> Bool in
                guard code.count == bytes.count else { return false }
                for index in 0..<code.count {
                    var byte = bytes[index]
                    if byte >= 65 && byte <= 90 { byte += 32 }
                    if byte != code[index] { return false }
                }
                return true
            }
            if matches { return Int(units[candidate]) }
            slot = (slot + 1) & mask
        }
    }
}
