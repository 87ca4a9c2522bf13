import Testing

@testable import Pantau

/// The name keys' distinct-key collector against `Set<UInt64>` as the reference.
@Suite struct KeySetTests {
    @Test func holdsWhatASetHolds() {
        var generator = SystemRandomNumberGenerator()
        let pools: [[UInt64]] = [
            [0, 1, .max, 0, 1, .max, 1 << 32, 1 << 32],
            (0..<20_000).map { _ in UInt64.random(in: 0..<300, using: &generator) },
            (0..<20_000).map { _ in UInt64.random(in: .min ... .max, using: &generator) },
            (0..<5_000).map { UInt64($0) << 40 },
        ]
        for pool in pools {
            var keys = KeySet(capacity: 4)
            var reference = Set<UInt64>()
            for key in pool {
                #expect(keys.insert(key) == reference.insert(key).inserted)
            }
            #expect(keys.count == reference.count)
            #expect(keys.elements.sorted() == reference.sorted())
        }
    }
}
