/// `/aktivasi/` and `/progres/`: the summary, the table's rows and (for progress) its category columns.
struct DashboardPageModel: TemplateModel {
    /// A category column of the progress table.
    struct CategoryHeader: TemplateModel {
        var label: String
        var key: String
        var templateValue: TemplateValue { .object(["label": .text(label), "key": .text(key)]) }
    }

    /// One cell of the progress heat map.
    struct Cell: TemplateModel {
        var percent: String
        /// 0–4, the shade.
        var level: Int
        var label: String
        var templateValue: TemplateValue { .object(["pct": .text(percent), "level": .number(level), "label": .text(label)]) }
    }

    /// A unit row, with heat-map cells on the progress page.
    struct Row: TemplateModel {
        var unit: UnitRowModel
        var cells: [Cell]?
        var templateValue: TemplateValue {
            var fields = unit.fields
            if let cells { fields["cells"] = .list(cells) }
            return .object(fields)
        }
    }

    var dash: DashboardSummaryModel
    var rows: [Row]
    /// Only on the progress page.
    var categories: [CategoryHeader]?

    var templateValue: TemplateValue {
        var fields: [String: TemplateValue] = ["dash": dash.templateValue, "rows": .list(rows)]
        if let categories { fields["categories"] = .list(categories) }
        return .object(fields)
    }
}
