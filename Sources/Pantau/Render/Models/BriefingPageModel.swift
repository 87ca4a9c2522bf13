/// `/ringkasan/`: the organisation's figures, the units with the most people left, and the off-track
/// units beyond them.
struct BriefingPageModel: TemplateModel {
    var dash: DashboardSummaryModel
    var top: [UnitRowModel]
    var off: [UnitRowModel]
    var hasOff: Bool
    var offCount: String
    var offInTop: String
    /// How many off-track units are not named ("" when all are).
    var offMore: String

    var templateValue: TemplateValue {
        .object([
            "dash": dash.templateValue, "top": .list(top), "off": .list(off), "has_off": .bool(hasOff),
            "off_count": .text(offCount), "off_in_top": .text(offInTop), "off_more": .optional(offMore),
        ])
    }
}
