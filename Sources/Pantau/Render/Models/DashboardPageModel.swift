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
        /// The shade's CSS class (``HeatScale``).
        var level: String
        var label: String
        /// The rate for sorting, one decimal with `.`.
        var sort: String
        var templateValue: TemplateValue {
            .object(["pct": .text(percent), "level": .text(level), "label": .text(label), "sort": .text(sort)])
        }
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
    /// The heat map's target and legend: on the progress page, with data.
    var heat: HeatLegendModel?

    var templateValue: TemplateValue {
        var fields: [String: TemplateValue] = ["dash": dash.templateValue, "rows": .list(rows)]
        if let categories { fields["categories"] = .list(categories) }
        fields["heat"] = .optional(heat)
        return .object(fields)
    }
}
