import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension StringProtocol {
    /// Whether the UTF-8 bytes of `needle` occur in this text: `memchr`/`memcmp`, not Foundation's
    /// locale-aware `range(of:)`, which showed up in profiles of 10,000-page builds.
    func containsBytes(_ needle: String) -> Bool {
        var text = String(self)
        var pattern = needle
        return text.withUTF8 { hay in
            pattern.withUTF8 { pin in
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
}
