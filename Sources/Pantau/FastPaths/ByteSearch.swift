import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension StringProtocol {
    /// Whether the UTF-8 bytes of `needle` occur in this text: `memchr`/`memcmp`, not Foundation's
    /// locale-aware `range(of:)`, which showed up in profiles of 10,000-page builds.
    func containsBytes(_ needle: String) -> Bool {
        // A native string or substring is searched where it is; only a bridged one is copied first.
        if let found = utf8.withContiguousStorageIfAvailable({ hay in Self.search(hay, needle) }) { return found }
        var text = String(self)
        return text.withUTF8 { Self.search($0, needle) }
    }

    private static func search(_ hay: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        var pattern = needle
        return pattern.withUTF8 { pin in
            guard let h = hay.baseAddress, let p = pin.baseAddress, pin.count > 0 else { return pin.count == 0 }
            // memchr to each candidate first byte, then memcmp the rest.
            var offset = 0
            while offset + pin.count <= hay.count {
                guard let found = memchr(h + offset, Int32(pin[0]), hay.count - offset - pin.count + 1) else { return false }
                let at = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - h
                if memcmp(h + at, p, pin.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether the bytes of `needle` occur in these bytes: `memchr` to each candidate, then `memcmp`.
    func containsBytes(of needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        guard let base = baseAddress, self.count >= count else { return false }
        let first = Int32(needle.utf8Start.pointee)
        var offset = 0
        while offset + count <= self.count {
            guard let found = memchr(base + offset, first, self.count - offset - count + 1) else { return false }
            let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if memcmp(base + at, needle.utf8Start, count) == 0 { return true }
            offset = at + 1
        }
        return false
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether these bytes start with the bytes of `prefix`.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard count >= n else { return false }
        guard n > 0, let base = baseAddress else { return true }
        return memcmp(base, prefix.utf8Start, n) == 0
    }

    /// Whether these bytes start with `prefix`.
    func hasPrefix(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count >= prefix.count else { return false }
        guard let base = baseAddress, let other = prefix.baseAddress, prefix.count > 0 else { return true }
        return memcmp(base, other, prefix.count) == 0
    }

    /// Whether these bytes end with the bytes of `suffix`.
    func hasSuffix(_ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard count >= n else { return false }
        guard n > 0, let base = baseAddress else { return true }
        return memcmp(base + (count - n), suffix.utf8Start, n) == 0
    }
}
