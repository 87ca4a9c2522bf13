import Foundation

/// The dashboard pieces of issue 14: change since the previous export, risk states, movers and stalled units,
/// sortable tables with the biggest job first, the heat map's target scale, unit contacts and `/ringkasan/`.
extension DashboardRenderer {
    /// The one-page briefing for leadership.
    static let briefingURL = "/ringkasan/"

    /// Δ of a unit or the city: `change_activated` / `change_complete` ("+30 orang (+2,5 poin)"), the date it
    /// counts from, and short forms for lists. Nil with a single snapshot.
    func change(_ u: UnitProgress) -> ChangeModel? {
        guard let c = u.change else { return nil }
        let t = context.theme
        let people = t.t("people")
        let points = t.t("points")
        return ChangeModel(
            since: formatter.date(c.since),
            activated: formatter.change(people: c.activated, points: c.activationPoints, peopleWord: people, pointsWord: points),
            complete: formatter.change(people: c.complete, points: c.completionPoints, peopleWord: people, pointsWord: points),
            activatedShort: formatter.signedNumber(c.activated), completeShort: formatter.signedNumber(c.complete),
            activatedSort: c.activated, completeSort: c.complete)
    }

    /// The unit's risk state: label, CSS class, projected days late, and whether to flag it in lists.
    func risk(_ u: UnitProgress, in d: Dashboard) -> RiskModel {
        if u.suppressed {
            return RiskModel(label: "", cssClass: "", flag: false, peopleLeft: Self.hiddenFigure, peopleLeftSort: -1, daysLate: nil)
        }
        let risk = d.risk(of: u)
        return RiskModel(
            label: RiskText.label(risk, formatter: formatter), cssClass: RiskText.cssClass(risk),
            flag: [.atRisk, .offTrack, .overdue].contains(risk.state),
            peopleLeft: formatter.number(risk.peopleLeft), peopleLeftSort: risk.peopleLeft,
            daysLate: RiskText.daysLate(risk, formatter: formatter))
    }

    /// The unit's official contact from `units.csv`, with the same links as `/kontak/`.
    func contact(_ u: UnitProgress) -> UnitContactModel? {
        guard let c = u.unit.contact else { return nil }
        var phone: (shown: String, tel: String)?
        if let shown = c.displayPhone, let tel = c.telURL { phone = (shown, tel) }
        return UnitContactModel(
            role: c.role.isEmpty ? context.theme.t("unit_contact_default_role") : c.role, phone: phone,
            whatsapp: c.whatsappURL(message: nil), email: c.email)
    }

    /// Numbers for the sortable tables: cells carry `data-sort` so sorting is by value, not by formatted text.
    func sortKeys(_ u: UnitProgress) -> SortKeysModel {
        let p = u.progress
        return SortKeysModel(
            employees: p.employees, activated: p.activated, notActivated: p.notActivated,
            activation: Decimal1.format(p.activationRate * 100), complete: p.complete,
            incomplete: formatter.number(p.employees - p.complete), incompleteSort: p.employees - p.complete,
            completion: Decimal1.format(p.completionRate * 100))
    }

    /// Home page lists: latest projected finish first, movers and stalled units since the previous export.
    func followUp(_ d: Dashboard) -> FollowUpModel {
        let stalled = d.stalled
        return FollowUpModel(
            lateFirst: d.lateFirst.prefix(10).map(unitRow), movers: d.movers(limit: 5).map(unitRow),
            stalled: stalled.prefix(10).map(unitRow), stalledMore: stalled.count > 10 ? formatter.number(stalled.count - 10) : "",
            previousDate: d.dates.dropLast().last.map(formatter.date), briefingURL: context.link(Self.briefingURL))
    }

    /// The heat map's target and legend.
    func heatLegend(_ d: Dashboard) -> HeatLegendModel {
        let scale = HeatScale(target: HeatScale.target(for: d, configured: context.config.heatTarget))
        let t = context.theme
        let classes = [
            (-3, "heat_below_3"), (-2, "heat_below_2"), (-1, "heat_below_1"), (0, "heat_near"),
            (1, "heat_above_1"), (2, "heat_above_2"), (3, "heat_above_3"),
        ]
        return HeatLegendModel(
            target: formatter.percent(scale.target),
            legend: classes.map { .init(cssClass: HeatScale.cssClass($0.0), label: t.t($0.1)) })
    }

    /// The `/ringkasan/` briefing: city figures with Δ, the trend, the ten units with the most people left
    /// (with Δ and contact) and the off-track list.
    func briefingPage(summary: DashboardSummaryModel) throws -> OutputFile? {
        guard let d = dashboard else { return nil }
        let top = d.topLevel.filter { $0.progress.employees > 0 && !$0.suppressed && !$0.isFinished }
            .sorted(by: Dashboard.moreLeft { $0.peopleLeft }).prefix(10)
        // Off-track units beyond the ten above, latest first; at most 15 names so the page stays one A4 sheet.
        let shown = Set(top.map(\.unit.code))
        let off = d.offTrack
        let rest = off.filter { !shown.contains($0.unit.code) }
        let model = BriefingPageModel(
            dash: summary, top: top.map(unitRow), off: rest.prefix(15).map(unitRow), hasOff: !off.isEmpty,
            offCount: formatter.number(off.count), offInTop: formatter.number(off.count - rest.count),
            offMore: rest.count > 15 ? formatter.number(rest.count - 15) : "")
        return try page(Self.briefingURL, template: "ringkasan", title: context.theme.t("briefing_title"), model: model)
    }
}
