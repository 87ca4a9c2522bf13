/// Δ of a unit or the organisation since the previous snapshot ("+30 orang (+2,5 poin)"), with the
/// date it counts from and short forms for lists. Absent with a single snapshot.
struct ChangeModel: Sendable {
    var since: String
    var activated: String
    var complete: String
    var activatedShort: String
    var completeShort: String
    /// Raw numbers for sorting the tables.
    var activatedSort: Int
    var completeSort: Int

    /// The keys without a change: present and empty, so that a row never shows an outer object's change.
    static let none: [String: TemplateValue] = [
        "has_change": .bool(false), "change_since": .hidden, "change_activated": .hidden, "change_complete": .hidden,
        "change_activated_short": .hidden, "change_complete_short": .hidden,
        "change_activated_sort": .hidden, "change_complete_sort": .hidden,
    ]

    /// The keys these add to a unit's figures.
    var fields: [String: TemplateValue] {
        [
            "has_change": .bool(true), "change_since": .text(since),
            "change_activated": .text(activated), "change_complete": .text(complete),
            "change_activated_short": .text(activatedShort), "change_complete_short": .text(completeShort),
            "change_activated_sort": .number(activatedSort), "change_complete_sort": .number(completeSort),
        ]
    }
}
