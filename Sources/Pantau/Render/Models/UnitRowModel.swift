/// One unit in a list (`{{>unit-item}}`, the tables, the briefing): its figures, link, risk state and contact.
struct UnitRowModel: TemplateModel {
    var figures: FiguresModel
    var name: String
    var url: String
    var code: String
    /// Nil without data.
    var risk: RiskModel?
    var contact: UnitContactModel?

    var fields: [String: TemplateValue] {
        var out = figures.fields
        out["name"] = .text(name)
        out["url"] = .text(url)
        out["code"] = .text(code)
        if let risk { out.merge(risk.fields) { a, _ in a } }
        out["contact"] = .optional(contact)
        return out
    }

    var templateValue: TemplateValue { .object(fields) }
}
