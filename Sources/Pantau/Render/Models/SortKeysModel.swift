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

    var fields: [String: TemplateValue] {
        [
            "employees_sort": .number(employees), "activated_sort": .number(activated), "not_activated_sort": .number(notActivated),
            "activation_sort": .text(activation), "complete_sort": .number(complete),
            "incomplete": .text(incomplete), "incomplete_sort": .number(incompleteSort), "completion_sort": .text(completion),
        ]
    }
}
