/// A unit's (or the organisation's) headline figures, formatted for display.
struct FiguresModel: Sendable {
    var employees: String
    var activated: String
    var notActivated: String
    var activationPercent: String
    /// A CSS width with `.` whatever the language.
    var activationWidth: String
    var complete: String
    var completionPercent: String
    var completionWidth: String
    var hasEmployees: Bool
    /// Δ since the previous snapshot; nil with a single snapshot.
    var change: ChangeModel?
    var sort: SortKeysModel
    /// A small group (`privacy.min_group`): `employees` is "< n" and every other figure a dash.
    var suppressed = false

    /// A small group's figures: the count as `count` ("< 5"), every other figure `dash`, no change, sort keys of −1
    /// (so sorting a table never orders small groups by their hidden figures).
    static func suppressed(count: String, dash: String) -> FiguresModel {
        FiguresModel(
            employees: count, activated: dash, notActivated: dash, activationPercent: dash, activationWidth: "0", complete: dash,
            completionPercent: dash, completionWidth: "0", hasEmployees: false, change: nil, sort: .suppressed(dash: dash),
            suppressed: true)
    }

    /// The keys these figures add to a row or a summary.
    var fields: [String: TemplateValue] {
        var out: [String: TemplateValue] = [
            "employees": .text(employees), "activated": .text(activated), "not_activated": .text(notActivated),
            "activation_pct": .text(activationPercent), "activation_width": .text(activationWidth),
            "complete": .text(complete), "completion_pct": .text(completionPercent), "completion_width": .text(completionWidth),
            "has_employees": .bool(hasEmployees), "suppressed": .bool(suppressed),
        ]
        out.merge(change?.fields ?? ChangeModel.none) { a, _ in a }
        out.merge(sort.fields) { a, _ in a }
        return out
    }
}
