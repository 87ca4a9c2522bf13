import Foundation

/// The dashboard pages: the figures on the home page, `/aktivasi/`, `/progres/`, one page per unit,
/// and the open-data files. Everything shown comes from ``Dashboard``; text from the data is
/// escaped by Mustache's `{{…}}` like any other value.
public struct DashboardRenderer: Sendable {
    public let context: RenderContext
    /// Nil before the first import: the pages then say how to import.
    public let dashboard: Dashboard?
    public let formatter: Formatter

    public init(context: RenderContext, dashboard: Dashboard?, formatter: Formatter) {
        self.context = context
        self.dashboard = dashboard
        self.formatter = formatter
    }

    /// The pages and files the dashboards make, for the build's registry: `/aktivasi/`, `/progres/`,
    /// and with data one page per unit and the open-data files.
    static func pages(for dashboard: Dashboard?) -> [GeneratedPage] {
        let date = dashboard?.asOf
        var pages = [GeneratedPage(url: "/aktivasi/", kind: .dashboard, lastModified: date),
                     GeneratedPage(url: "/progres/", kind: .dashboard, lastModified: date)]
        guard let dashboard else { return pages }
        pages += dashboard.units.map { GeneratedPage(url: "/unit/\($0.slug)/", kind: .unit, lastModified: date) }
        pages += OpenData.paths.map { GeneratedPage(url: "/" + $0, kind: .openData, lastModified: date) }
        return pages
    }

    /// Keys for the home page template: `dash` with the city's figures, or `dash.has_data` false.
    public func homeContext() -> [String: Any] {
        ["dash": summary()]
    }

    /// Every dashboard file.
    public func render() throws -> [OutputFile] {
        var files: [OutputFile] = []
        let summary = summary()
        files.append(try page("/aktivasi/", template: "aktivasi", title: context.theme.t("activation"), extra: ["dash": summary, "rows": activationRows()]))
        files.append(try page("/progres/", template: "progres", title: context.theme.t("completion"), extra: ["dash": summary, "categories": categoryHeaders(), "rows": progressRows()]))
        if let dashboard {
            let shared = Unchecked(value: summary)
            files += try dashboard.units.parallelMap { unit in
                try page("/unit/\(unit.slug)/", template: "unit", title: unit.unit.name, extra: ["dash": shared.value, "u": self.unitContext(unit, in: dashboard)])
            }
            files.append(OpenData.csv(dashboard))
            files.append(OpenData.json(dashboard))
        }
        return files
    }

    private func page(_ url: String, template: String, title: String, extra: [String: Any]) throws -> OutputFile {
        OutputFile(path: OutputFile.path(forURL: url), bytes: Data(try context.theme.renderBytes(template, context.page(url: url, title: title, extra: extra))))
    }

    // MARK: - Pieces

    func summary() -> [String: Any] {
        guard let d = dashboard else {
            return ["has_data": false, "site_path": "--site ."]
        }
        var out = figures(d.total)
        out["has_data"] = true
        out["as_of"] = formatter.date(d.asOf)
        out["as_of_iso"] = d.asOf.description
        if let imported = d.importedAt.flatMap({ formatter.dateTime(utc: $0) }) { out["imported_at"] = imported }
        if let deadline = d.deadline {
            out["deadline"] = formatter.date(deadline)
            let left = deadline.dayNumber - d.asOf.dayNumber
            if left >= 0 { out["days_left"] = formatter.number(left) } else { out["deadline_passed"] = true }
        }
        out["chart"] = historyChart(d.total, title: context.theme.t("history"))
        out["history_rows"] = historyRows(d.total)
        out["categories"] = categoryRows(d.total.progress, categories: d.categories)
        let behind = d.behindFirst
        out["behind"] = behind.prefix(5).map(unitRow)
        out["ahead"] = behind.reversed().prefix(5).map(unitRow)
        out["units_count"] = d.topLevel.count
        out["open_data_csv"] = context.link("/data/progres.csv")
        out["open_data_json"] = context.link("/data/ringkasan.json")
        return out
    }

    func figures(_ u: UnitProgress) -> [String: Any] {
        let p = u.progress
        return [
            "employees": formatter.number(p.employees),
            "activated": formatter.number(p.activated),
            "not_activated": formatter.number(p.notActivated),
            "activation_pct": formatter.percent(p.activationRate),
            "activation_width": widthOf(p.activationRate),
            "complete": formatter.number(p.complete),
            "completion_pct": formatter.percent(p.completionRate),
            "completion_width": widthOf(p.completionRate),
            "has_employees": p.employees > 0,
        ]
    }

    /// A bar width for CSS, with `.` whatever the language.
    func widthOf(_ rate: Double) -> String { Decimal1.format(min(max(rate, 0), 1) * 100) }

    func unitRow(_ u: UnitProgress) -> [String: Any] {
        var row = figures(u)
        row["name"] = u.unit.name
        row["url"] = context.link("/unit/\(u.slug)/")
        row["code"] = u.unit.code
        row["at_risk"] = u.completion.atRisk(deadline: dashboard?.deadline) || u.activation.atRisk(deadline: dashboard?.deadline)
        row["risk_text"] = riskText(u.progress.completionRate < 1 || u.progress.activationRate < 1)
        return row
    }

    func activationRows() -> [[String: Any]] {
        guard let d = dashboard else { return [] }
        return d.topLevel.filter { $0.progress.employees > 0 }
            .sorted { ($0.progress.activationRate, $0.unit.name) < ($1.progress.activationRate, $1.unit.name) }
            .map(unitRow)
    }

    func categoryHeaders() -> [[String: Any]] {
        (dashboard?.categories ?? []).map { ["label": $0.label, "key": $0.key] }
    }

    func progressRows() -> [[String: Any]] {
        guard let d = dashboard else { return [] }
        return d.behindFirst.map { u in
            var row = unitRow(u)
            row["cells"] = d.categories.indices.map { i -> [String: Any] in
                let rate = u.progress.categoryRate(i)
                return ["pct": formatter.percent(rate), "level": min(4, Int(rate * 5)), "label": d.categories[i].label]
            }
            return row
        }
    }

    func categoryRows(_ p: Progress, categories: [DataConfig.DataCategory]) -> [[String: Any]] {
        categories.indices.map { i in
            ["label": categories[i].label, "pct": formatter.percent(p.categoryRate(i)), "width": widthOf(p.categoryRate(i)), "done": formatter.number(p.doneByCategory[i])]
        }
    }

    func historyRows(_ u: UnitProgress) -> [[String: Any]] {
        u.history.map { point in
            ["date": formatter.date(point.date), "activation_pct": formatter.percent(point.progress.activationRate),
             "completion_pct": formatter.percent(point.progress.completionRate), "employees": formatter.number(point.progress.employees)]
        }
    }

    func historyChart(_ u: UnitProgress, title: String) -> String {
        let t = context.theme
        return Chart.history(
            series: [
                .init(label: t.t("chart_activation"), points: u.history.map { ($0.date, $0.progress.activationRate) }, projection: u.activation.date, style: "s1"),
                .init(label: t.t("chart_completion"), points: u.history.map { ($0.date, $0.progress.completionRate) }, projection: u.completion.date, style: "s2"),
            ],
            deadline: dashboard?.deadline, deadlineLabel: t.t("deadline_short"), title: title, formatter: formatter)
    }

    /// "At risk" before the deadline; once the data date is past it, an unfinished unit is simply late.
    func riskText(_ unfinished: Bool) -> String {
        if let d = dashboard, let deadline = d.deadline, d.asOf > deadline, unfinished { return context.theme.t("late") }
        return context.theme.t("at_risk")
    }

    func projectionText(_ p: Projection) -> String {
        switch p.outcome {
        case .complete: return context.theme.t("projection_complete")
        case .stalled: return context.theme.t("projection_stalled")
        case .unknown: return context.theme.t("projection_unknown")
        case .onPace(let date): return formatter.date(date)
        }
    }

    func unitContext(_ u: UnitProgress, in d: Dashboard) -> [String: Any] {
        var out = unitRow(u)
        out["kind"] = u.unit.kind
        out["chart"] = historyChart(u, title: "\(context.theme.t("history")): \(u.unit.name)")
        out["history_rows"] = historyRows(u)
        out["categories"] = categoryRows(u.progress, categories: d.categories)
        out["children"] = u.children.compactMap { d.unit(code: $0) }.map(unitRow)
        out["has_children"] = !u.children.isEmpty
        if let parent = u.unit.parentCode.flatMap({ d.unit(code: $0) }) {
            out["parent"] = ["name": parent.unit.name, "url": context.link("/unit/\(parent.slug)/")]
        }
        if let rank = u.rank {
            out["rank"] = formatter.number(rank)
            out["rank_total"] = formatter.number(d.rankedCount)
        }
        out["activation_projection"] = projectionText(u.activation)
        out["completion_projection"] = projectionText(u.completion)
        out["activation_at_risk"] = u.activation.atRisk(deadline: d.deadline)
        out["completion_at_risk"] = u.completion.atRisk(deadline: d.deadline)
        out["activation_risk_text"] = riskText(u.progress.activationRate < 1)
        out["completion_risk_text"] = riskText(u.progress.completionRate < 1)
        return out
    }
}
