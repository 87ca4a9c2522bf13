import Foundation

/// A unit with its figures rolled up from its sub-units, its history and its projections.
struct UnitProgress: Sendable {
    var unit: OrgUnit
    /// URL word for `/unit/<slug>/`, unique across units.
    var slug: String
    /// Codes of direct sub-units (a kecamatan's kelurahan), sorted by name.
    var children: [String]
    /// Own employees plus every sub-unit's, at the latest snapshot.
    var progress: ProgressCounts
    /// The same roll-up at every snapshot, oldest first.
    var history: [TrendPoint]
    var activation: Projection
    var completion: Projection
    /// 1 = furthest ahead among top-level units (by completion, then activation); nil for sub-units and small units.
    var rank: Int?
    /// Fewer employees than `privacy.min_group` (and at least one) at the latest snapshot: the pages show the count
    /// as "< min_group" and no other figure, and the unit is left out of every ordering that would place it.
    var suppressed = false
}

/// Everything the dashboard pages show, computed from the datastore's per-unit counts.
struct Dashboard: Sendable {
    var categories: [DataConfig.DataCategory]
    var deadline: CalendarDate?
    /// The latest snapshot's date.
    var asOf: CalendarDate
    /// When the latest snapshot was imported (UTC `YYYY-MM-DD HH:MM:SS`), if known.
    var importedAt: String?
    /// Rows the latest import rejected, and employees it found in no status list: the site says so next to the figures.
    var latestRejected = 0
    var latestWithoutStatus = 0
    /// Snapshot dates, oldest first.
    var dates: [CalendarDate]
    /// The whole organisation: every unit's employees.
    var total: UnitProgress
    /// Every unit, sorted by code.
    var units: [UnitProgress]
    /// Units without a parent (the Perangkat Daerah), sorted by code.
    var topLevel: [UnitProgress] { units.filter { $0.unit.parentCode == nil } }

    /// `privacy.min_group`: groups of 1 to `minGroup − 1` employees are shown only as "< minGroup".
    var minGroup = 1
    /// Whether any unit is shown as a small group (the pages then say why).
    var hasSuppressed: Bool { units.contains { $0.suppressed } || total.suppressed }

    /// How many units have a rank (top-level units with employees, not small).
    private(set) var rankedCount = 0

    func unit(code: String) -> UnitProgress? { index[code].map { units[$0] } }
    private var index: [String: Int]

    /// Rolls up per-unit counts of every snapshot. `counts[i]` belongs to `snapshots[i]`.
    /// Counts of a code that is not a unit are kept under the total and reported by the caller.
    init(
        units rawUnits: [OrgUnit], snapshots: [Snapshot], counts: [[UnitCounts]], categories: [DataConfig.DataCategory],
        deadline: CalendarDate?, minGroup: Int = 1
    ) {
        self.minGroup = max(1, minGroup)
        let privacy = PrivacyConfig(minGroup: self.minGroup)
        self.categories = categories
        self.deadline = deadline
        let order = snapshots.indices.sorted { snapshots[$0].asOf < snapshots[$1].asOf }
        let dates = order.map { snapshots[$0].asOf }
        self.dates = dates
        self.asOf = dates.last ?? CalendarDate(dayNumber: 0)
        self.importedAt = order.last.flatMap { snapshots[$0].importedAt }
        self.latestRejected = order.last.map { snapshots[$0].rejected } ?? 0
        self.latestWithoutStatus = order.last.map { snapshots[$0].withoutStatus } ?? 0
        let zero = ProgressCounts.zero(categories: categories.count)

        let sortedUnits = rawUnits.sorted { $0.code < $1.code }
        let codes = Set(sortedUnits.map(\.code))
        var childrenOf: [String: [OrgUnit]] = [:]
        for unit in sortedUnits {
            if let parent = unit.parentCode, codes.contains(parent), parent != unit.code { childrenOf[parent, default: []].append(unit) }
        }
        // Each unit's ancestors, nearest first (guarding against cycles in the data).
        let byCode = Dictionary(sortedUnits.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func ancestors(_ unit: OrgUnit) -> [String] {
            var out: [String] = []
            var parent = unit.parentCode
            while let p = parent, codes.contains(p), !out.contains(p), p != unit.code {
                out.append(p)
                parent = byCode[p]?.parentCode
            }
            return out
        }
        let ancestry = Dictionary(sortedUnits.map { ($0.code, ancestors($0)) }, uniquingKeysWith: { a, _ in a })

        // history[code][i] = roll-up at date i.
        var history: [String: [ProgressCounts]] = [:]
        var totals: [ProgressCounts] = []
        for i in order {
            var rolled: [String: ProgressCounts] = [:]
            var total = zero
            for c in counts[i] {
                let p = ProgressCounts(c)
                total = total + p
                guard codes.contains(c.unitCode) else { continue }
                rolled[c.unitCode, default: zero] = rolled[c.unitCode, default: zero] + p
                for a in ancestry[c.unitCode] ?? [] { rolled[a, default: zero] = rolled[a, default: zero] + p }
            }
            for unit in sortedUnits { history[unit.code, default: []].append(rolled[unit.code] ?? zero) }
            totals.append(total)
        }

        let slugs = Self.slugs(for: sortedUnits)
        func make(_ unit: OrgUnit, _ series: [ProgressCounts], slug: String, children: [String]) -> UnitProgress {
            let points = zip(dates, series).map {
                TrendPoint(date: $0, progress: $1, suppressed: privacy.isSmall($1.employees))
            }
            let suppressed = privacy.isSmall(series.last?.employees ?? 0)
            let hasPeople = (series.last?.employees ?? 0) > 0 && !suppressed
            let unknown = Projection(outcome: .unknown, pacePerDay: nil)
            // Projections use only the snapshots whose figures are shown.
            let shown = points.filter { !$0.suppressed }
            return UnitProgress(
                unit: unit, slug: slug, children: children, progress: series.last ?? zero, history: points,
                activation: hasPeople ? Projection.project(shown.map { ($0.date, $0.progress.activationRate) }) : unknown,
                completion: hasPeople ? Projection.project(shown.map { ($0.date, $0.progress.completionRate) }) : unknown,
                rank: nil, suppressed: suppressed)
        }
        var built = sortedUnits.map { unit in
            make(
                unit, history[unit.code] ?? [], slug: slugs[unit.code] ?? unit.code,
                children: (childrenOf[unit.code] ?? []).sorted { ($0.name, $0.code) < ($1.name, $1.code) }.map(\.code))
        }
        // Rank top-level units with employees: furthest ahead first. A small unit gets no rank: its place would tell its figures.
        let ranked = built.indices.filter {
            built[$0].unit.parentCode.map { !codes.contains($0) } ?? true && built[$0].progress.employees > 0 && !built[$0].suppressed
        }
        .sorted { Self.ahead(built[$0], built[$1]) }
        for (rank, i) in ranked.enumerated() { built[i].rank = rank + 1 }
        self.rankedCount = ranked.count
        self.units = built
        self.index = Dictionary(built.enumerated().map { ($1.unit.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.total = make(OrgUnit(code: "", name: "", parentCode: nil, kind: ""), totals, slug: "", children: [])
    }

    /// Ordering "further ahead": completion, then activation, then name.
    static func ahead(_ a: UnitProgress, _ b: UnitProgress) -> Bool {
        let ca = a.progress.completionRate
        let cb = b.progress.completionRate
        if ca != cb { return ca > cb }
        let aa = a.progress.activationRate
        let ab = b.progress.activationRate
        if aa != ab { return aa > ab }
        return (a.unit.name, a.unit.code) < (b.unit.name, b.unit.code)
    }

    /// Unique URL words from unit names; a clash gets the unit code appended.
    static func slugs(for units: [OrgUnit]) -> [String: String] {
        var count: [String: Int] = [:]
        for unit in units { count[Markdown.slugify(unit.name), default: 0] += 1 }
        var out: [String: String] = [:]
        var used = Set<String>()
        for unit in units {
            var slug = Markdown.slugify(unit.name)
            if slug.isEmpty || count[slug, default: 0] > 1 {
                slug = [slug, Markdown.slugify(unit.code)].filter { !$0.isEmpty }.joined(separator: "-")
            }
            if slug.isEmpty { slug = "unit" }
            // Name + code can still collide with another unit's name ("Dinas A X 1" vs "Dinas A", code x-1).
            var candidate = slug
            var n = 2
            while used.contains(candidate) {
                candidate = "\(slug)-\(n)"
                n += 1
            }
            used.insert(candidate)
            out[unit.code] = candidate
        }
        return out
    }

    /// Top-level units with employees, furthest behind first (by completion, then activation); small units left out.
    var behindFirst: [UnitProgress] {
        topLevel.filter { $0.progress.employees > 0 && !$0.suppressed }.sorted { Self.ahead($1, $0) }
    }
}
