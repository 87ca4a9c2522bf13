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
        let oldKeys = keys, oldLines = lines
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

/// Unit codes found by their bytes, case-insensitively (ASCII), without building a String per row.
struct UnitCodeTable {
    private let codes: [[UInt8]]  // lower-cased
    private let slots: [Int32]  // index into codes, -1 = empty
    private let mask: Int

    init(codes: [String]) {
        self.codes = codes.map { Array($0.lowercased().utf8) }
        var capacity = 64
        while capacity < codes.count * 4 { capacity <<= 1 }
        var slots = Array(repeating: Int32(-1), count: capacity)
        mask = capacity - 1
        for (index, code) in self.codes.enumerated() {
            var slot = code.withUnsafeBufferPointer { Self.hash($0) } & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index)
        }
        self.slots = slots
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

    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let candidate = Int(slots[slot])
            if candidate < 0 { return nil }
            let matches = codes[candidate].withUnsafeBufferPointer { code -> Bool in
                guard code.count == bytes.count else { return false }
                for index in 0..<code.count {
                    var byte = bytes[index]
                    if byte >= 65 && byte <= 90 { byte += 32 }
                    if byte != code[index] { return false }
                }
                return true
            }
            if matches { return candidate }
            slot = (slot + 1) & mask
        }
    }
}
