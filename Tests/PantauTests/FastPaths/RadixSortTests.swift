import Testing

@testable import Pantau

/// The privacy guard's key sort against Swift's `sorted()` as the reference, on the shapes its keys take.
@Suite struct RadixSortTests {
    static func random(_ count: Int, _ make: (inout SystemRandomNumberGenerator) -> UInt64) -> [UInt64] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in make(&generator) }
    }

    @Test(arguments: [0, 1, 2, 100, RadixSort.threshold - 1, RadixSort.threshold, 50_000])
    func sortsLikeSwiftSort(count: Int) {
        let shapes: [[UInt64]] = [
            Self.random(count) { UInt64.random(in: .min ... .max, using: &$0) },
            // NIP-like: 18 digits, the high bytes shared by all.
            Self.random(count) { 198_001_012_005_011_000 + UInt64.random(in: 0..<20_000_000_000, using: &$0) },
            // Many duplicates, and the extremes.
            Self.random(count) { [0, 1, 255, 256, .max, .max - 1][Int.random(in: 0..<6, using: &$0)] },
            (0..<UInt64(count)).reversed().map { $0 << 8 },
            Array(repeating: 42, count: count),
        ]
        for keys in shapes {
            #expect(RadixSort.sorted(keys) == keys.sorted())
        }
    }
}
