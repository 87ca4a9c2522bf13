/// A set of `UInt64` keys by open addressing, for collecting the distinct keys of a long list with many
/// repeats (the first words and word prefixes of 4.3 million names, which a few hundred thousand keys cover)
/// without sorting every repeat. `Set<UInt64>` is the tests' reference.
struct KeySet {
    private var slots: [UInt64]
    private var mask: Int
    private var hasZero = false
    /// Distinct keys held.
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Adds `key`; false when it was already there.
    @discardableResult
    mutating func insert(_ key: UInt64) -> Bool {
        guard key != 0 else {
            defer { hasZero = true }
            if !hasZero { count += 1 }
            return !hasZero
        }
        if (count + 1) * 2 > slots.count { grow() }
        var i = Self.slot(key, mask)
        while true {
            let held = slots[i]
            if held == key { return false }
            if held == 0 {
                slots[i] = key
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// The keys, in no particular order.
    var elements: [UInt64] {
        var out = slots.filter { $0 != 0 }
        if hasZero { out.append(0) }
        return out
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        // Fibonacci hashing: keys that differ only in low bits (numbers) still spread.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for key in old where key != 0 {
            var i = Self.slot(key, mask)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = key
        }
    }
}
