/// Numbers for the sortable tables: cells carry `data-sort` so sorting is by value, not by the
/// formatted text; also the number of people not yet complete.
struct SortKeysModel: Sendable {
    var employees: Int
    var activated: Int
    var notActivated: Int
    /// Percent with one decimal and `.`, whatever the language.
    var activation: String
    var complete: Int
    var incomplete: String
    var incompleteSort: Int
    var completion: String

    /// A small group's keys: −1 everywhere, `dash` for the count of people not yet complete.
    static func suppressed(dash: String) -> SortKeysModel {
        SortKeysModel(
            employees: -1, activated: -1, notActivated: -1, activation: "-1", complete: -1, incomplete: dash, incompleteSort: -1,
            completion: "-1")
    }

    var fields: [String: TemplateValue] {
        [
            "employees_sort": .number(employees), "activated_sort": .number(activated), "not_activated_sort": .number(notActivated),
            "activation_sort": .text(activation), "complete_sort": .number(complete),
            "incomplete": .text(incomplete), "incomplete_sort": .number(incompleteSort), "completion_sort": .text(completion),
        ]
    }
}
