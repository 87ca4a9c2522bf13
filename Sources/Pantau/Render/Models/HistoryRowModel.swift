/// One snapshot in a history table (`{{>history}}`).
struct HistoryRowModel: TemplateModel {
    var date: String
    var activationPercent: String
    var completionPercent: String
    var employees: String

    var templateValue: TemplateValue {
        .object([
            "date": .text(date), "activation_pct": .text(activationPercent),
            "completion_pct": .text(completionPercent), "employees": .text(employees),
        ])
    }
}
