import Foundation

/// Finds a file by the UTF-8 bytes of its path, without building a `String` for each lookup.
///
/// The link check looks up every link of every page (hundreds of thousands on a big site); a
/// `Set<String>` lookup there means a heap-allocated `String` and a SipHash per link. Keys are
/// compared byte for byte, so the caller keeps non-ASCII paths (which `String` compares by
/// canonical equivalence) out of it. Immutable once built, so workers share it freely.
final class PathIndex: @unchecked Sendable {
    private let bytes: UnsafeMutablePointer<UInt8>
    /// Entry `e` is `bytes[starts[e] ..< starts[e + 1]]`.
    private let starts: UnsafeMutablePointer<Int>
    private let values: UnsafeMutablePointer<Int>
    /// Open addressing: an entry number, or -1.
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    /// How many different keys there are.
    private(set) var count = 0

    /// Indexes `keys` (key, value) in order; a key that repeats keeps its first value.
    init(_ keys: [(key: String, value: Int)]) {
        var total = 0
        for k in keys { total += k.key.utf8.count }
        bytes = .allocate(capacity: Swift.max(1, total))
        starts = .allocate(capacity: keys.count + 1)
        values = .allocate(capacity: Swift.max(1, keys.count))
        var size = 16
        while size < keys.count * 2 { size <<= 1 }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        mask = size - 1
        var entries = 0
        var offset = 0
        starts[0] = 0
        for (key, value) in keys {
            var key = key
            key.withUTF8 { utf8 in
                if let base = utf8.baseAddress { (bytes + offset).update(from: base, count: utf8.count) }
            }
            let count = key.utf8.count
            let candidate = UnsafeBufferPointer(start: bytes + offset, count: count)
            if find(candidate) == nil {
                starts[entries + 1] = offset + count
                values[entries] = value
                var slot = Self.hash(candidate) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(entries)
                entries += 1
                offset += count
            }
        }
        self.count = entries
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        values.deallocate()
        slots.deallocate()
    }

    /// The value of the first key with exactly these bytes.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(key) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            let start = starts[entry]
            let count = starts[entry + 1] - start
            if count == key.count, count == 0 || key.baseAddress.map({ memcmp(bytes + start, $0, count) == 0 }) == true {
                return values[entry]
            }
            slot = (slot + 1) & mask
        }
    }

    /// A relative path of plain ASCII (no control characters) without empty, `.` or `..` parts:
    /// one that `OutputFile.checkPaths` accepts and that byte and `String` comparisons agree on.
    static func isPlainRelativePath(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !path.isEmpty else { return false }
        var partStart = 0
        for i in 0...path.count {
            if i < path.count {
                let c = path[i]
                if c >= 0x80 || c < 0x20 { return false }
                if c != UInt8(ascii: "/") { continue }
            }
            let length = i - partStart
            if length == 0 { return false }
            if path[partStart] == UInt8(ascii: "."), length == 1 || (length == 2 && path[partStart + 1] == UInt8(ascii: ".")) {
                return false
            }
            partStart = i + 1
        }
        return true
    }

    /// A fast non-cryptographic hash (8 bytes at a time); the table is built from the site's own paths.
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
