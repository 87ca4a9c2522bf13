import Foundation

/// The `data:` keys that keep a scheduled job from publishing wrong numbers: how far an import may fall below
/// the previous snapshot, how many rows it may reject, and when the latest snapshot counts as stale.
public struct DataRails: Sendable, Equatable {
    /// `max_drop`: the largest fall in valid rows below the previous snapshot an import may have (0.10 = 10%).
    public var maxDrop = 0.10
    /// `max_rejects`: the largest share of an export's rows that may be rejected (0.05 = 5%).
    public var maxRejects = 0.05
    /// `stale_after_days`: a latest snapshot older than this many days is stale (build report warning, page notice).
    public var staleAfterDays = 7

    public init() {}

    /// Reads the three keys from the `data:` map; shares are written `10%`, `10` (percent) or `0.1`.
    mutating func parse(_ map: inout YAMLMap) throws {
        if let share = try Self.share("max_drop", in: &map) { maxDrop = share }
        if let share = try Self.share("max_rejects", in: &map) { maxRejects = share }
        if let days = try map.int("stale_after_days") {
            guard days >= 1 else {
                throw map.error(at: map.node("stale_after_days"), "`stale_after_days` should be at least 1, found \(days)")
            }
            staleAfterDays = days
        }
    }

    /// A percentage between 0% and 100%: `10%` and `10` are ten percent; `0.1` (below 1) is a fraction.
    static func share(_ key: String, in map: inout YAMLMap) throws -> Double? {
        guard let text = try map.string(key) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let percentSign = trimmed.hasSuffix("%")
        let number = Double(percentSign ? String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) : trimmed)
        guard let number, number >= 0, number <= 100 else {
            throw map.error(at: map.node(key), "`\(key)` should be a percentage like 10%, found \"\(text)\"")
        }
        return percentSign || number >= 1 ? number / 100 : number
    }
}
