/// `dash`: the organisation's figures every dashboard page and the home page show, or
/// `has_data` false before the first import. Built once per build and shared by every page, so its
/// ``templateValue`` is made once, in the initialiser.
struct DashboardSummaryModel: TemplateModel {
    /// The figures when there is data.
    struct Figures: Sendable {
        var figures: FiguresModel
        var asOf: String
        var asOfISO: String
        var importedAt: String?
        /// "{n} rows of the latest import were rejected …", when there were any.
        var importRejectedNote: String? = nil
        /// "{n} employees had no status row …", when there were any.
        var importWithoutStatusNote: String? = nil
        var deadline: String?
        /// Days until the deadline, nil once it has passed (or without one).
        var daysLeft: String?
        var deadlinePassed: Bool
        /// The history chart, SVG (rendered raw).
        var chart: String
        var history: [HistoryRowModel]
        var categories: [CategoryRowModel]
        var behind: [UnitRowModel]
        var ahead: [UnitRowModel]
        var unitsCount: Int
        var followUp: FollowUpModel
        var openDataCSV: String
        var openDataJSON: String
        /// Why some units show "< n" and nothing else, when any does (`privacy.min_group`).
        var smallGroupNote: String? = nil
    }

    /// Nil before the first import.
    let data: Figures?
    let templateValue: TemplateValue

    init(_ data: Figures?) {
        self.data = data
        guard let d = data else {
            templateValue = .object(["has_data": .bool(false), "site_path": .text("--site .")])
            return
        }
        var out = d.figures.fields
        out["has_data"] = .bool(true)
        out["as_of"] = .text(d.asOf)
        out["as_of_iso"] = .text(d.asOfISO)
        out["imported_at"] = d.importedAt.map(TemplateValue.text) ?? .hidden
        out["import_rejected_note"] = .optional(d.importRejectedNote)
        out["import_without_status_note"] = .optional(d.importWithoutStatusNote)
        out["deadline"] = d.deadline.map(TemplateValue.text) ?? .hidden
        out["days_left"] = d.daysLeft.map(TemplateValue.text) ?? .hidden
        out["deadline_passed"] = .bool(d.deadlinePassed)
        out["chart"] = .text(d.chart)
        out["history_rows"] = .list(d.history)
        out["categories"] = .list(d.categories)
        out["behind"] = .list(d.behind)
        out["ahead"] = .list(d.ahead)
        out["units_count"] = .number(d.unitsCount)
        out.merge(d.followUp.fields) { a, _ in a }
        out["open_data_csv"] = .text(d.openDataCSV)
        out["open_data_json"] = .text(d.openDataJSON)
        out["small_group_note"] = .optional(d.smallGroupNote)
        templateValue = .object(out)
    }
}
