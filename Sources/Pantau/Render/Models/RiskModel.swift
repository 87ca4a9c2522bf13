/// A unit's risk state in a row: label, CSS class, projected days late, and whether lists flag it.
struct RiskModel: Sendable {
    var label: String
    var cssClass: String
    var flag: Bool
    var peopleLeft: String
    var peopleLeftSort: Int
    /// Projected days late, when it is known and late.
    var daysLate: String?

    var fields: [String: TemplateValue] {
        [
            "risk_label": .text(label), "risk_class": .text(cssClass), "risk_flag": .bool(flag),
            "people_left": .text(peopleLeft), "people_left_sort": .number(peopleLeftSort), "risk_days": .optional(daysLate),
        ]
    }
}
