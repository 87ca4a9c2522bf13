import Foundation

/// A unit's roster passphrase: ``wordCount`` words drawn uniformly from the 256 of ``RosterWords`` with the
/// system's secure random generator, so 80 bits, the same strength as a random 16-character password.
enum RosterPassphrase {
    static let wordCount = 10
    /// log2(256) × 10.
    static let bits = 80

    /// A fresh passphrase: words separated by single spaces.
    static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    /// Drawn from `rng` (tests pass a seeded one; real keys always use the system generator).
    static func generate<R: RandomNumberGenerator>(using rng: inout R) -> String {
        (0..<wordCount).map { _ in RosterWords.all[Int(UInt8.random(in: .min ... .max, using: &rng))] }.joined(separator: " ")
    }

    /// What a person types, the way the key is derived from it: lower case, any run of spaces, dashes, dots or
    /// commas as one space, nothing at either end. `daftar.js` applies the same rule.
    static func normalise(_ typed: String) -> String {
        typed.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "." || $0 == "," })
            .joined(separator: " ")
    }
}
