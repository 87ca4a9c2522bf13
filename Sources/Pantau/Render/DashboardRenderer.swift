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

    /// URLs of the pages the dashboards make (without unit pages when there is no data).
    public static func pageURLs(for dashboard: Dashboard?) -> [String] {
        ["/aktivasi/", "/progres/"] + (dashboard.map { [briefingURL] + $0.units.map { "/unit/\($0.slug)/" } } ?? [])
    }

    /// Keys for the home page template: `dash` with the city's figures, or `dash.has_data` false.
    public func homeContext() -> [String: Any] {
        ["dash": summary()]
    }

    /// Every dashboard file.
    public func render() throws -> [OutputFile] {
        var files: [OutputFile] = []
        let summary = summary()
        files.append(try pageFile("/aktivasi/", template: "aktivasi", title: context.theme.t("activation"), extra: ["dash": summary, "rows": activationRows()]))
        var progress: [String: Any] = ["dash": summary, "categories": categoryHeaders(), "rows": progressRows()]
        if let dashboard { progress["heat"] = heatLegend(dashboard) }
        files.append(try pageFile("/progres/", template: "progres", title: context.theme.t("completion"), extra: progress))
        if let briefing = try briefingPage(summary: summary) { files.append(briefing) }
        if let dashboard {
            let shared = Unchecked(value: summary)
            files += try dashboard.units.parallelMap { unit in
                try pageFile("/unit/\(unit.slug)/", template: "unit", title: unit.unit.name, extra: ["dash": shared.value, "u": self.unitContext(unit, in: dashboard)])
            }
            files.append(OpenData.csv(dashboard))
            files.append(OpenData.json(dashboard))
        }
        return files
    }

    func pageFile(_ url: String, template: String, title: String, extra: [String: Any]) throws -> OutputFile {
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
        // Nothing silent: people the latest import left out of the figures, or counted as not done for lack of a status row.
        if d.latestRejected > 0 {
            out["import_rejected_note"] = context.theme.t("import_rejected_note").replacingOccurrences(of: "{n}", with: formatter.number(d.latestRejected))
        }
        if d.latestWithoutStatus > 0 {
            out["import_without_status_note"] = context.theme.t("import_without_status_note")
                .replacingOccurrences(of: "{n}", with: formatter.number(d.latestWithoutStatus))
        }
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
        out.merge(followUpSummary(d)) { a, _ in a }
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
        ].merging(changeFields(u)) { a, _ in a }.merging(sortFields(u)) { a, _ in a }
    }

    /// A bar width for CSS, with `.` whatever the language.
    func widthOf(_ rate: Double) -> String { Decimal1.format(min(max(rate, 0), 1) * 100) }

    func unitRow(_ u: UnitProgress) -> [String: Any] {
        var row = figures(u)
        row["name"] = u.unit.name
        row["url"] = context.link("/unit/\(u.slug)/")
        row["code"] = u.unit.code
        if let dashboard { row.merge(riskFields(u, in: dashboard)) { a, _ in a } }
        row.merge(contactFields(u)) { a, _ in a }
        return row
    }

    func activationRows() -> [[String: Any]] {
        guard let d = dashboard else { return [] }
        return d.mostNotActivatedFirst.map(unitRow)
    }

    func categoryHeaders() -> [[String: Any]] {
        (dashboard?.categories ?? []).map { ["label": $0.label, "key": $0.key] }
    }

    func progressRows() -> [[String: Any]] {
        guard let d = dashboard else { return [] }
        let scale = HeatScale(target: HeatScale.target(for: d, configured: context.config.heatTarget))
        return d.mostIncompleteFirst.map { u in
            var row = unitRow(u)
            row["cells"] = d.categories.indices.map { i -> [String: Any] in
                let rate = u.progress.categoryRate(i)
                return ["pct": formatter.percent(rate), "level": HeatScale.cssClass(scale.level(rate)), "label": d.categories[i].label,
                        "sort": Decimal1.format(rate * 100)]
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
        out["children"] = d.subUnits(of: u).map(unitRow)
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
        if context.config.rosters.enabled, u.unit.parentCode == nil, u.progress.employees > 0 {
            out["roster_url"] = context.link(RosterPageRenderer.url(slug: u.slug))
        }
        return out
    }
}
