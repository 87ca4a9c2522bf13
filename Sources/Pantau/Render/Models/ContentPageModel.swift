/// A Markdown page through its layout (`home`, `section`, `page`, `kontak` or its own): the HTML,
/// date, breadcrumbs, table of contents, listings, contacts, and on the home page the dashboard.
struct ContentPageModel: TemplateModel {
    /// A breadcrumb link.
    struct Crumb: TemplateModel {
        var title: String
        var url: String
        var templateValue: TemplateValue { .object(["title": .text(title), "url": .text(url)]) }
    }

    /// A heading in the table of contents.
    struct TocEntry: TemplateModel {
        var id: String
        var text: String
        /// A level-3 heading under a level-2 one.
        var sub: Bool
        var templateValue: TemplateValue { .object(["id": .text(id), "text": .text(text), "sub": .bool(sub)]) }
    }

    var content: String
    var date: String
    var dateISO: String
    var tags: [String]
    var breadcrumbs: [Crumb]
    var sectionName: String
    /// Two or more headings when the page asks for a table of contents, else empty.
    var toc: [TocEntry]
    /// A section's own pages and subsections; nil on a page that is not a section index.
    var pages: [PageSummaryModel]?
    var subsections: [PageSummaryModel]?
    /// The top-level sections, on the home page.
    var sections: [PageSummaryModel]?
    var contacts: [ContactModel]
    /// The dashboard summary, on the home page.
    var dash: DashboardSummaryModel?

    var templateValue: TemplateValue {
        var fields: [String: TemplateValue] = [
            "content": .optional(content), "date": .optional(date), "date_iso": .optional(dateISO),
            "tags": .texts(tags), "breadcrumbs": .list(breadcrumbs), "has_breadcrumbs": .bool(!breadcrumbs.isEmpty),
            "section_name": .optional(sectionName),
            "toc": toc.isEmpty ? .hidden : .list(toc), "has_toc": .bool(!toc.isEmpty),
            "pages": pages.map(TemplateValue.list) ?? .hidden, "subsections": subsections.map(TemplateValue.list) ?? .hidden,
            "sections": sections.map(TemplateValue.list) ?? .hidden,
            "contacts": .list(contacts), "has_contacts": .bool(!contacts.isEmpty),
        ]
        fields["dash"] = dash?.templateValue ?? .hidden
        return .object(fields)
    }
}
