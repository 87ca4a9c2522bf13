/// One unit in a list (`{{>unit-item}}`, the activation table): its figures, link and risk.
struct UnitRowModel: TemplateModel {
    var figures: FiguresModel
    var name: String
    var url: String
    var code: String
    var atRisk: Bool
    var riskText: String

    var fields: [String: TemplateValue] {
        var out = figures.fields
        out["name"] = .text(name)
        out["url"] = .text(url)
        out["code"] = .text(code)
        out["at_risk"] = .bool(atRisk)
        out["risk_text"] = .text(riskText)
        return out
    }

    var templateValue: TemplateValue { .object(fields) }
}
