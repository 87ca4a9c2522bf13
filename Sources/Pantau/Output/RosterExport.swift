import Foundation

/// `pantau roster --out DIR [--unit KODE]`: each chosen unit's private follow-up list as `<slug>.csv` and
/// `<slug>.html` in a private folder (0700, files 0600) outside the published tree.
public struct RosterExport: Sendable {
    var siteDirectory: URL
    var outputDirectory: URL
    var outputDisplayPath: String
    /// A unit code (or slug); nil: every top-level unit (each list includes its sub-units).
    var unit: String?

    public init(siteDirectory: URL, outputDirectory: URL, outputDisplayPath: String, unit: String?) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory
        self.outputDisplayPath = outputDisplayPath
        self.unit = unit
    }

    /// What was written.
    public struct Report: Sendable {
        var lists: Int
        var people: Int
        var files: [String]
        public var summary: String
    }

    public func run() throws -> Report {
        let config = try SiteConfig.load(siteDirectory: siteDirectory)
        let folder = try PrivateFolder(outputDirectory, displayPath: outputDisplayPath, site: siteDirectory)
        let (dashboard, store) = try Self.loadDashboard(site: siteDirectory, config: config)
        let codes = try Self.codes(unit, in: dashboard, store: store)
        let lists = try RosterList.build(dashboard: dashboard, store: store, codes: codes)
        let formatter = DisplayFormatter(language: config.language, timeZone: config.timeZone)
        var files: [String] = []
        for list in lists {
            let document = RosterDocument(list: list, formatter: formatter, agency: config.title)
            try folder.write(list.unit.slug + ".csv", Array(document.csv.utf8))
            try folder.write(list.unit.slug + ".html", Array(document.html.utf8))
            files += [list.unit.slug + ".csv", list.unit.slug + ".html"]
        }
        let people = lists.reduce(0) { $0 + $1.entries.count }
        let summary =
            "Wrote \(lists.count) private list\(lists.count == 1 ? "" : "s") (\(files.count) files, mode 0600) to "
            + "\(outputDisplayPath) "
            + "for data of \(dashboard.asOf): \(people) entr\(people == 1 ? "y" : "ies"). They hold names and NIPs: hand them only "
            + "to each unit's personnel officer."
        return Report(lists: lists.count, people: people, files: files, summary: summary)
    }

    /// The datastore's dashboard; an error saying what to import when there is none.
    static func loadDashboard(site: URL, config: SiteConfig) throws -> (Dashboard, Datastore) {
        let path = config.data.datastore
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : site.appendingPathComponent(path)
        guard let store = try Datastore.openExisting(path: url, categories: config.data.categories, displayPath: config.data.datastore),
            let dashboard = try Dashboard.load(from: store, config: config)
        else {
            throw PantauError(
                file: config.data.datastore, step: .datastore,
                "no employee data imported yet; run `pantau import units` and `pantau import employees` first")
        }
        return (dashboard, store)
    }

    /// The unit codes to list: `unit` (a code or slug) or every top-level unit with employees.
    static func codes(_ unit: String?, in dashboard: Dashboard, store: Datastore) throws -> [String] {
        guard let unit else { return dashboard.topLevel.filter { $0.progress.employees > 0 }.map(\.unit.code) }
        let bySlugOrCase = dashboard.units.first { $0.slug == unit || $0.unit.code.lowercased() == unit.lowercased() }
        if let u = dashboard.unit(code: unit) ?? bySlugOrCase {
            return [u.unit.code]
        }
        throw PantauError(
            file: "--unit", step: .command,
            "\"\(unit)\" is not a unit code or slug in \(store.displayPath); see the " + "kode column of units.csv")
    }
}
