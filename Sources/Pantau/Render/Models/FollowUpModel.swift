/// The home page's follow-up lists in `dash`: latest projected finish first, movers and stalled units
/// since the previous export, and the link to `/ringkasan/`.
struct FollowUpModel: Sendable {
    var lateFirst: [UnitRowModel]
    var movers: [UnitRowModel]
    var stalled: [UnitRowModel]
    /// How many stalled units are not listed ("" when all are).
    var stalledMore: String
    var previousDate: String?
    var briefingURL: String

    var fields: [String: TemplateValue] {
        [
            "late_first": .list(lateFirst), "movers": .list(movers), "has_movers": .bool(!movers.isEmpty),
            "stalled": .list(stalled), "has_stalled": .bool(!stalled.isEmpty), "stalled_more": .optional(stalledMore),
            "briefing_url": .text(briefingURL), "previous_date": .optional(previousDate),
        ]
    }
}
