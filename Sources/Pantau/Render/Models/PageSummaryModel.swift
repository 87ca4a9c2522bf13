/// A page in a listing (a section's pages, the home page's sections, 404's suggestions).
struct PageSummaryModel: TemplateModel {
    var title: String
    var url: String
    /// Empty when the page has none (then `{{#description}}` hides).
    var description: String
    var date: String
    var dateISO: String

    var templateValue: TemplateValue {
        .object([
            "title": .text(title), "url": .text(url), "description": .optional(description),
            "date": .optional(date), "date_iso": .text(dateISO),
        ])
    }
}
