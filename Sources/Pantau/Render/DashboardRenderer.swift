import Foundation

/// The dashboard pages: the figures on the home page, `/aktivasi/`, `/progres/`, one page per unit,
/// and the open-data files. Everything shown comes from ``Dashboard``; text from the data is
/// escaped by Mustache's `{{…}}` like any other value.
struct DashboardRenderer: Sendable {
    let context: RenderContext
    /// Nil before the first import: the pages then say how to import.
    let dashboard: Dashboard?
    let formatter: DisplayFormatter

    /// The pages and files the dashboards make, for the build's registry: `/aktivasi/`, `/progres/`,
    /// and with data `/ringkasan/`, one page per unit and the open-data files.
    static func pages(for dashboard: Dashboard?) -> [GeneratedPage] {
        let date = dashboard?.asOf
        var pages = [
            GeneratedPage(url: "/aktivasi/", kind: .dashboard, lastModified: date),
            GeneratedPage(url: "/progres/", kind: .dashboard, lastModified: date),
        ]
        guard let dashboard else { return pages }
        pages.append(GeneratedPage(url: briefingURL, kind: .dashboard, lastModified: date))
        pages += dashboard.units.map { GeneratedPage(url: "/unit/\($0.slug)/", kind: .unit, lastModified: date) }
        pages += OpenData.paths.map { GeneratedPage(url: "/" + $0, kind: .openData, lastModified: date) }
        return pages
    }

    /// The home page's `dash`: the organisation's figures, or `has_data` false.
    func homeSummary() -> DashboardSummaryModel {
        summary()
    }

    /// Every dashboard file.
    func render() throws -> [OutputFile] {
        var files: [OutputFile] = []
        let summary = summary()
        let t = context.theme
        files.append(
            try page(
                "/aktivasi/", template: "aktivasi", title: t.t("activation"),
                model: DashboardPageModel(
                    dash: summary, rows: activationRows().map { .init(unit: $0, cells: nil) },
                    categories: nil)))
        files.append(
            try page(
                "/progres/", template: "progres", title: t.t("completion"),
                model: DashboardPageModel(
                    dash: summary, rows: progressRows(), categories: categoryHeaders(),
                    heat: dashboard.map(heatLegend))))
        if let briefing = try briefingPage(summary: summary) { files.append(briefing) }
        if let dashboard {
            files += try dashboard.units.parallelMap { unit in
                try self.page(
                    "/unit/\(unit.slug)/", template: "unit", title: unit.unit.name,
                    model: self.unitModel(unit, in: dashboard, summary: summary))
            }
            files.append(OpenData.csv(dashboard))
            files.append(OpenData.json(dashboard))
        }
        return files
    }

    func page(_ url: String, template: String, title: String, model: some TemplateModel) throws -> OutputFile {
        OutputFile(path: OutputFile.path(forURL: url), bytes: Data(try context.render(template, url: url, title: title, model: model)))
    }

    // MARK: - Pieces

    func summary() -> DashboardSummaryModel {
        guard let d = dashboard else { return DashboardSummaryModel(nil) }
        var daysLeft: String?
        var passed = false
        if let deadline = d.deadline {
            let left = deadline.dayNumber - d.asOf.dayNumber
            if left >= 0 { daysLeft = formatter.number(left) } else { passed = true }
        }
        let behind = d.behindFirst
        // Nothing silent: people the latest import left out of the figures, or counted as not done for lack of a status row.
        func note(_ key: String, _ count: Int) -> String? {
            count > 0 ? context.theme.t(key).replacingOccurrences(of: "{n}", with: formatter.number(count)) : nil
        }
        return DashboardSummaryModel(
            DashboardSummaryModel.Figures(
                figures: figures(d.total), asOf: formatter.date(d.asOf), asOfISO: d.asOf.description,
                importedAt: d.importedAt.flatMap { formatter.dateTime(utc: $0) },
                importRejectedNote: note("import_rejected_note", d.latestRejected),
                importWithoutStatusNote: note("import_without_status_note", d.latestWithoutStatus),
                deadline: d.deadline.map(formatter.date),
                daysLeft: daysLeft, deadlinePassed: passed,
                chart: historyChart(d.total, title: context.theme.t("history")), history: historyRows(d.total),
                categories: d.total.suppressed ? [] : categoryRows(d.total.progress, categories: d.categories),
                behind: behind.prefix(5).map(unitRow), ahead: behind.reversed().prefix(5).map(unitRow),
                unitsCount: d.topLevel.count, followUp: followUp(d),
                openDataCSV: context.link("/data/progres.csv"), openDataJSON: context.link("/data/ringkasan.json"),
                smallGroupNote: d.hasSuppressed ? smallGroupNote(d) : nil))
    }

    /// A small group's count: "< 5" (`privacy.min_group`).
    func smallCount(_ d: Dashboard?) -> String { "< " + formatter.number(d?.minGroup ?? PrivacyConfig.defaultMinGroup) }
    /// What a small group shows in place of each hidden figure.
    static let hiddenFigure = "–"

    /// Why units show "< n" and nothing else, in the site's language.
    func smallGroupNote(_ d: Dashboard) -> String {
        context.theme.t("small_group_note").replacingOccurrences(of: "{n}", with: formatter.number(d.minGroup))
    }

    func figures(_ u: UnitProgress) -> FiguresModel {
        if u.suppressed { return .suppressed(count: smallCount(dashboard), dash: Self.hiddenFigure) }
        let p = u.progress
        return FiguresModel(
            employees: formatter.number(p.employees), activated: formatter.number(p.activated),
            notActivated: formatter.number(p.notActivated),
            activationPercent: formatter.percent(p.activationRate), activationWidth: widthOf(p.activationRate),
            complete: formatter.number(p.complete), completionPercent: formatter.percent(p.completionRate),
            completionWidth: widthOf(p.completionRate), hasEmployees: p.employees > 0, change: change(u), sort: sortKeys(u))
    }

    /// A bar width for CSS, with `.` whatever the language.
    func widthOf(_ rate: Double) -> String { Decimal1.format(min(max(rate, 0), 1) * 100) }

    /// One unit in a list; a small group's row holds its "< n" count and dashes only.
    func unitRow(_ u: UnitProgress) -> UnitRowModel {
        UnitRowModel(
            figures: figures(u), name: u.unit.name, url: context.link("/unit/\(u.slug)/"), code: u.unit.code,
            risk: dashboard.map { risk(u, in: $0) }, contact: contact(u))
    }

    func activationRows() -> [UnitRowModel] {
        guard let d = dashboard else { return [] }
        return d.mostNotActivatedFirst.map(unitRow)
    }

    func categoryHeaders() -> [DashboardPageModel.CategoryHeader] {
        (dashboard?.categories ?? []).map { .init(label: $0.label, key: $0.key) }
    }

    func progressRows() -> [DashboardPageModel.Row] {
        guard let d = dashboard else { return [] }
        let scale = HeatScale(target: HeatScale.target(for: d, configured: context.config.heatTarget))
        return d.mostIncompleteFirst.map { u in
            DashboardPageModel.Row(
                unit: unitRow(u),
                cells: d.categories.indices.map { i in
                    if u.suppressed { return .init(percent: Self.hiddenFigure, level: "", label: d.categories[i].label, sort: "-1") }
                    let rate = u.progress.categoryRate(i)
                    return .init(
                        percent: formatter.percent(rate), level: HeatScale.cssClass(scale.level(rate)), label: d.categories[i].label,
                        sort: Decimal1.format(rate * 100))
                })
        }
    }

    func categoryRows(_ p: ProgressCounts, categories: [DataConfig.DataCategory]) -> [CategoryRowModel] {
        categories.indices.map { i in
            CategoryRowModel(
                label: categories[i].label, percent: formatter.percent(p.categoryRate(i)), width: widthOf(p.categoryRate(i)),
                done: formatter.number(p.doneByCategory[i]))
        }
    }

    /// The history table; a snapshot at which the unit was a small group shows "< n" and dashes.
    func historyRows(_ u: UnitProgress) -> [HistoryRowModel] {
        if u.suppressed { return [] }
        return u.history.map { point in
            if point.suppressed {
                return HistoryRowModel(
                    date: formatter.date(point.date), activationPercent: Self.hiddenFigure, completionPercent: Self.hiddenFigure,
                    employees: smallCount(dashboard))
            }
            return HistoryRowModel(
                date: formatter.date(point.date), activationPercent: formatter.percent(point.progress.activationRate),
                completionPercent: formatter.percent(point.progress.completionRate), employees: formatter.number(point.progress.employees))
        }
    }

    /// The history chart, drawn from the snapshots whose figures are shown (none for a small group).
    func historyChart(_ u: UnitProgress, title: String) -> String {
        if u.suppressed { return "" }
        let t = context.theme
        let shown = u.history.filter { !$0.suppressed }
        return Chart.history(
            series: [
                .init(
                    label: t.t("chart_activation"), points: shown.map { ($0.date, $0.progress.activationRate) },
                    projection: u.activation.date, style: "s1"),
                .init(
                    label: t.t("chart_completion"), points: shown.map { ($0.date, $0.progress.completionRate) },
                    projection: u.completion.date, style: "s2"),
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

    /// A unit's page; a small group's page has its "< n" count, the note saying why, its sub-units and parent only.
    func unitModel(_ u: UnitProgress, in d: Dashboard, summary: DashboardSummaryModel) -> UnitPageModel {
        // The roster is the unit's own encrypted list, readable with its key only: a small unit keeps it.
        let hasRoster = context.config.rosters.enabled && u.unit.parentCode == nil && u.progress.employees > 0
        let small = u.suppressed
        return UnitPageModel(
            dash: summary, row: unitRow(u), kind: u.unit.kind,
            chart: historyChart(u, title: "\(context.theme.t("history")): \(u.unit.name)"),
            history: historyRows(u), categories: small ? [] : categoryRows(u.progress, categories: d.categories),
            children: d.subUnits(of: u).map(unitRow),
            parent: u.unit.parentCode.flatMap { d.unit(code: $0) }.map {
                .init(name: $0.unit.name, url: context.link("/unit/\($0.slug)/"))
            },
            rank: u.rank.map { .init(rank: formatter.number($0), total: formatter.number(d.rankedCount)) },
            activationProjection: small ? "" : projectionText(u.activation),
            completionProjection: small ? "" : projectionText(u.completion),
            rosterURL: hasRoster ? context.link(RosterPageRenderer.url(slug: u.slug)) : nil)
    }
}
