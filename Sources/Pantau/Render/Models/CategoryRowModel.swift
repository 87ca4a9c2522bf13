/// One data category's progress (`{{>categories}}`).
struct CategoryRowModel: TemplateModel {
    var label: String
    var percent: String
    var width: String
    var done: String

    var templateValue: TemplateValue {
        .object(["label": .text(label), "pct": .text(percent), "width": .text(width), "done": .text(done)])
    }
}
