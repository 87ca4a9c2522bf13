import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A hash table from byte strings to values: the one table behind every lookup that runs too often
/// for a `String` key (output paths in the link check, unit names per imported row, NIPs per row).
///
/// Keys are compared byte for byte (no Unicode equivalence, as a web server or a database compares them)
/// and looked up from any buffer, so no `String` or `Array` is made per lookup. Open addressing with linear
/// probing; each slot holds 32 bits of the key's hash beside its entry number, so a probe that misses
/// never leaves the slot array. At most 70% full. A key inserted twice keeps its first value.
/// ``Dictionary`` is its oracle in the tests.
struct ByteTable<Value> {
    /// Every key's bytes, one after another; entry `e` is `keyBytes[keyStarts[e] ..< keyStarts[e + 1]]`.
    private var keyBytes: [UInt8] = []
    private var keyStarts: [UInt32] = [0]
    /// Entry `e`'s value.
    private(set) var values: [Value] = []
    /// The hash's high 32 bits, then `entry + 1` in the low 32; 0 for an empty slot.
    private var slots: [UInt64]
    private var mask: Int

    /// How many different keys there are.
    var count: Int { values.count }

    /// An empty table with room for `expectedCount` keys (of about `averageKeyLength` bytes) before it grows.
    init(expectedCount: Int = 0, averageKeyLength: Int = 0) {
        let capacity = Self.capacity(for: expectedCount)
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        values.reserveCapacity(expectedCount)
        keyStarts.reserveCapacity(expectedCount + 1)
        keyBytes.reserveCapacity(expectedCount * averageKeyLength)
    }

    /// A table of `pairs`, in order; a key given twice keeps its first value.
    init<Key: Sequence>(_ pairs: [(key: Key, value: Value)]) where Key.Element == UInt8 {
        self.init(expectedCount: pairs.count)
        for (key, value) in pairs {
            let bytes = Array(key)
            bytes.withUnsafeBufferPointer { _ = insert($0, value) }
        }
    }

    /// The entry number of `key`, or nil.
    func entry(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        let tag = UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { slots in
            var slot = hash & mask
            while true {
                let found = slots[slot]
                if found == 0 { return nil }
                if found & 0xFFFF_FFFF_0000_0000 == tag {
                    let entry = Int(truncatingIfNeeded: found & 0xFFFF_FFFF) - 1
                    if keyEquals(entry, key) { return entry }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The value of `key`, or nil.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Value? {
        entry(of: key).map { values[$0] }
    }

    /// The key of entry `entry`.
    func key(_ entry: Int) -> ArraySlice<UInt8> {
        keyBytes[Int(keyStarts[entry])..<Int(keyStarts[entry + 1])]
    }

    /// Adds `key` with `value` unless it is there already; returns its entry and whether it was added.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) -> (entry: Int, inserted: Bool) {
        if let entry = entry(of: key) { return (entry, false) }
        if (count + 1) * 10 > slots.count * 7 { grow(to: slots.count * 2) }
        let entry = count
        keyBytes.append(contentsOf: key)
        keyStarts.append(UInt32(keyBytes.count))
        values.append(value)
        place(entry, hash: Self.hash(key))
        return (entry, true)
    }

    /// Grows once to hold `expected` keys (of about `averageKeyLength` bytes), if it is not that big already.
    mutating func reserve(_ expected: Int, averageKeyLength: Int = 0) {
        let capacity = Self.capacity(for: expected)
        if capacity > slots.count { grow(to: capacity) }
        values.reserveCapacity(expected)
        keyStarts.reserveCapacity(expected + 1)
        keyBytes.reserveCapacity(expected * averageKeyLength)
    }

    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity * 7 < count * 10 { capacity <<= 1 }
        return capacity
    }

    private func keyEquals(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(keyStarts[entry])
        let count = Int(keyStarts[entry + 1]) - start
        guard count == key.count else { return false }
        guard count > 0, let wanted = key.baseAddress else { return true }
        return keyBytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memcmp(base + start, wanted, count) == 0
        }
    }

    private mutating func place(_ entry: Int, hash: Int) {
        let tag = UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000
        var slot = hash & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = tag | UInt64(entry + 1)
    }

    private mutating func grow(to capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for entry in 0..<count {
            let hash = keyBytes.withUnsafeBufferPointer { bytes in
                Self.hash(UnsafeBufferPointer(rebasing: bytes[Int(keyStarts[entry])..<Int(keyStarts[entry + 1])]))
            }
            place(entry, hash: hash)
        }
    }

    /// A fast non-cryptographic hash, 8 bytes at a time (keys come from the site's and the export's own data).
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return Int(truncatingIfNeeded: h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}

extension ByteTable: Sendable where Value: Sendable {}
