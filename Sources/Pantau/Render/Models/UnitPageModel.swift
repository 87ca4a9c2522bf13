/// `/unit/<slug>/`: the shared summary and `u`, the unit with its history, categories, sub-units,
/// parent, rank, projections and roster link.
struct UnitPageModel: TemplateModel {
    /// A link to the parent unit.
    struct Parent: TemplateModel {
        var name: String
        var url: String
        var templateValue: TemplateValue { .object(["name": .text(name), "url": .text(url)]) }
    }

    /// The unit's rank among ranked units.
    struct Rank: Sendable {
        var rank: String
        var total: String
    }

    var dash: DashboardSummaryModel
    var row: UnitRowModel
    var kind: String
    var chart: String
    var history: [HistoryRowModel]
    var categories: [CategoryRowModel]
    var children: [UnitRowModel]
    var parent: Parent?
    var rank: Rank?
    var activationProjection: String
    var completionProjection: String
    /// The unit's encrypted roster page, when `rosters.enabled` gives it one.
    var rosterURL: String?

    var templateValue: TemplateValue {
        var u = row.fields
        u["kind"] = .text(kind)
        u["chart"] = .text(chart)
        u["history_rows"] = .list(history)
        u["categories"] = .list(categories)
        u["children"] = .list(children)
        u["has_children"] = .bool(!children.isEmpty)
        u["parent"] = .optional(parent)
        u["rank"] = rank.map { .text($0.rank) } ?? .hidden
        u["rank_total"] = rank.map { .text($0.total) } ?? .hidden
        u["activation_projection"] = .text(activationProjection)
        u["completion_projection"] = .text(completionProjection)
        u["roster_url"] = .optional(rosterURL)
        return .object(["dash": dash.templateValue, "u": .object(u)])
    }
}
