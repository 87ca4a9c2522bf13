/// A small seeded pseudo-random generator (SplitMix64): the same seed gives the same sequence on every run.
///
/// The sample never uses Swift's system random numbers, and derives its numbers with integer arithmetic and
/// IEEE-exact operations only (no `log` or `pow`), so a seed yields byte-identical files.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one item of a seeded family (`mixing(seed, employee, snapshot)`).
    init(_ parts: UInt64...) {
        var state: UInt64 = 0x5EED_0F_BA7A_5A
        for part in parts { state = Self.mix(state ^ Self.mix(part &+ 0x9E37_79B9_7F4A_7C15)) }
        self.state = state
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in `0..<bound`.
    mutating func int(_ bound: Int) -> Int {
        Int(next() % UInt64(max(bound, 1)))
    }

    /// Uniform in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
