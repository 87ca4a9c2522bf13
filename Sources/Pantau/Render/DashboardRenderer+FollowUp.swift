import Foundation

/// The dashboard pieces of issue 14: change since the previous export, risk states, movers and stalled units,
/// sortable tables with the biggest job first, the heat map's target scale, unit contacts and `/ringkasan/`.
extension DashboardRenderer {
    /// The one-page briefing for leadership.
    public static let briefingURL = "/ringkasan/"

    /// Δ of a unit or the city: `change_activated` / `change_complete` ("+30 orang (+2,5 poin)"), the date it
    /// counts from, and short forms for lists. Empty with a single snapshot.
    func changeFields(_ u: UnitProgress) -> [String: Any] {
        guard let c = u.change else { return [:] }
        let t = context.theme
        let people = t.t("people"), points = t.t("points")
        return [
            "has_change": true,
            "change_since": formatter.date(c.since),
            "change_activated": formatter.change(people: c.activated, points: c.activationPoints, peopleWord: people, pointsWord: points),
            "change_complete": formatter.change(people: c.complete, points: c.completionPoints, peopleWord: people, pointsWord: points),
            "change_activated_short": formatter.signedNumber(c.activated),
            "change_complete_short": formatter.signedNumber(c.complete),
            "change_activated_sort": c.activated,
            "change_complete_sort": c.complete,
        ]
    }

    /// The unit's risk state: label, CSS class, projected days late, and whether to flag it in lists.
    func riskFields(_ u: UnitProgress, in d: Dashboard) -> [String: Any] {
        let risk = d.risk(of: u)
        var out: [String: Any] = [
            "risk_label": RiskText.label(risk, formatter: formatter),
            "risk_class": RiskText.cssClass(risk),
            "risk_flag": [.atRisk, .offTrack, .overdue].contains(risk.state),
            "people_left": formatter.number(risk.peopleLeft),
            "people_left_sort": risk.peopleLeft,
        ]
        if let late = RiskText.daysLate(risk, formatter: formatter) { out["risk_days"] = late }
        return out
    }

    /// The unit's official contact from `units.csv`, with the same links as `/kontak/`.
    func contactFields(_ u: UnitProgress) -> [String: Any] {
        guard let c = u.unit.contact else { return [:] }
        var out: [String: Any] = ["role": c.role.isEmpty ? context.theme.t("unit_contact_default_role") : c.role]
        if let phone = c.displayPhone, let tel = c.telURL { out["phone"] = phone; out["tel"] = tel }
        if let wa = c.whatsappURL(message: nil) { out["whatsapp"] = wa }
        if let email = c.email { out["email"] = email; out["mailto"] = "mailto:" + email }
        return ["contact": out]
    }

    /// Numbers for the sortable tables: cells carry `data-sort` so sorting is by value, not by formatted text.
    func sortFields(_ u: UnitProgress) -> [String: Any] {
        let p = u.progress
        return [
            "employees_sort": p.employees, "activated_sort": p.activated, "not_activated_sort": p.notActivated,
            "activation_sort": Decimal1.format(p.activationRate * 100), "complete_sort": p.complete,
            "incomplete": formatter.number(p.employees - p.complete), "incomplete_sort": p.employees - p.complete,
            "completion_sort": Decimal1.format(p.completionRate * 100),
        ]
    }

    /// Home page lists: latest projected finish first, movers and stalled units since the previous export.
    func followUpSummary(_ d: Dashboard) -> [String: Any] {
        var out: [String: Any] = [:]
        out["late_first"] = d.lateFirst.prefix(10).map(unitRow)
        let movers = d.movers(limit: 5)
        out["movers"] = movers.map(unitRow)
        out["has_movers"] = !movers.isEmpty
        let stalled = d.stalled
        out["stalled"] = stalled.prefix(10).map(unitRow)
        out["has_stalled"] = !stalled.isEmpty
        out["stalled_more"] = stalled.count > 10 ? formatter.number(stalled.count - 10) : ""
        if let previous = d.dates.dropLast().last { out["previous_date"] = formatter.date(previous) }
        out["briefing_url"] = context.link(Self.briefingURL)
        return out
    }

    /// The heat map's target and legend.
    func heatLegend(_ d: Dashboard) -> [String: Any] {
        let scale = HeatScale(target: HeatScale.target(for: d, configured: context.config.heatTarget))
        let t = context.theme
        let classes = [(-3, "heat_below_3"), (-2, "heat_below_2"), (-1, "heat_below_1"), (0, "heat_near"),
                       (1, "heat_above_1"), (2, "heat_above_2"), (3, "heat_above_3")]
        return [
            "target": formatter.percent(scale.target),
            "legend": classes.map { ["class": HeatScale.cssClass($0.0), "label": t.t($0.1)] },
        ]
    }

    /// The `/ringkasan/` briefing: city figures with Δ, the trend, the ten units with the most people left
    /// (with Δ and contact) and the off-track list.
    func briefingPage(summary: [String: Any]) throws -> OutputFile? {
        guard let d = dashboard else { return nil }
        let top = d.topLevel.filter { $0.progress.employees > 0 && !$0.isFinished }
            .sorted(by: Dashboard.moreLeft { $0.peopleLeft }).prefix(10)
        // Off-track units beyond the ten above, latest first; at most 15 names so the page stays one A4 sheet.
        let shown = Set(top.map(\.unit.code))
        let off = d.offTrack
        let rest = off.filter { !shown.contains($0.unit.code) }
        let extra: [String: Any] = [
            "dash": summary,
            "top": top.map(unitRow),
            "off": rest.prefix(15).map(unitRow),
            "has_off": !off.isEmpty,
            "off_count": formatter.number(off.count),
            "off_in_top": formatter.number(off.count - rest.count),
            "off_more": rest.count > 15 ? formatter.number(rest.count - 15) : "",
        ]
        return try pageFile(Self.briefingURL, template: "ringkasan", title: context.theme.t("briefing_title"), extra: extra)
    }
}
