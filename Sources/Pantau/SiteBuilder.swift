import Foundation

/// One build: config → content → datastore → metrics → render → output, as the folders show.
public struct SiteBuilder: Sendable {
    public var siteDirectory: URL
    public var outputDirectory: URL
    public var includeDrafts: Bool

    public init(siteDirectory: URL, outputDirectory: URL, includeDrafts: Bool = false) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory
        self.includeDrafts = includeDrafts
    }

    /// What a build did, for the command's summary line.
    public struct Report: Sendable {
        public var pages: Int
        public var files: Int
        public var bytes: Int
        public var notes: [String]
        public var seconds: Double
        /// Wall and CPU seconds (user + system, all threads) of each stage, in order (`pantau build --timings`).
        /// CPU close to twice the wall time on two cores means the stage uses both.
        public var stages: [(name: String, seconds: Double, cpu: Double)] = []
        /// The figures published (nil without data), for ``warnings`` and `pantau build --report`.
        public var dashboard: Dashboard?
        /// The newest snapshot's import counters (nil without data).
        public var latestImport: LatestImportFigures?
        /// `data.max_drop`, `data.max_rejects`, `data.stale_after_days` of the site.
        public var rails = DataRails()
        /// The build's date in the site's time zone (how old the data is).
        public var today = CalendarDate(dayNumber: 0)
        /// Files the privacy check read before the site was written (it passed, or there would be no report).
        public var privacyFilesChecked = 0

        public var timingTable: String {
            (["    wall       cpu  stage"] + stages.map { String(format: "%8.3f s %7.3f s  %@", $0.seconds, $0.cpu, $0.name) }).joined(separator: "\n")
        }

        public var summary: String {
            let kb = (bytes + 512) / 1024
            return (notes + ["Built \(pages) pages (\(files) files, \(kb) KB) in \(String(format: "%.2f", seconds)) s."]).joined(separator: "\n")
        }
    }

    public func build() async throws -> Report {
        let start = Date()
        var stages: [(name: String, seconds: Double, cpu: Double)] = []
        var lap = start
        var cpuLap = Self.processCPUSeconds()
        func mark(_ name: String) {
            let now = Date()
            let cpu = Self.processCPUSeconds()
            stages.append((name, now.timeIntervalSince(lap), cpu - cpuLap))
            lap = now
            cpuLap = cpu
        }
        let config = try SiteConfig.load(siteDirectory: siteDirectory)
        let theme = try Theme(themesDirectory: siteDirectory.appendingPathComponent("Themes"), name: config.theme, language: config.language)
        var notes: [String] = []
        let writer = OutputWriter(outputDirectory: outputDirectory)
        try writer.checkTarget(siteDirectory: siteDirectory)

        // Datastore → metrics. A site without a datastore yet still builds: the dashboards say how to import.
        let storeURL = siteDirectory.appendingPathComponent(config.data.datastore)
        let store = try Datastore.openExisting(path: storeURL, categories: config.data.categories)
        let dashboard = try store.flatMap { try Dashboard.load(from: $0, config: config) }
        if dashboard == nil { notes.append("No employee data imported yet (\(config.data.datastore)): dashboards show how to import.") }
        notes += ConfigWarnings.deadline(config.deadline, snapshots: dashboard?.dates ?? [])
        notes += ConfigWarnings.robots(baseURL: config.baseURL, basePath: RenderContext.basePath(of: config))
        let generatedURLs = DashboardRenderer.pageURLs(for: dashboard)
        mark("config, theme, datastore and metrics")
        // The privacy guard's identifiers stream from SQLite while pages render on the other threads.
        let publicEmails = config.contacts.compactMap(\.email)
        let identifiers = Task.detached { try store.map { try PrivacyGuard(store: $0, publicEmails: publicEmails) } ?? PrivacyGuard() }

        var loader = ContentLoader(contentDirectory: siteDirectory.appendingPathComponent("Content"), includeDrafts: includeDrafts)
        loader.maxPageBytes = config.markdown.maxPageBytes
        let sources = try loader.load()
        let (resources, resourceNotes) = try loader.loadResources()
        notes += resourceNotes
        let content = try SiteContent(sources: sources, unsafeHTML: config.unsafeHTML, smartPunctuation: config.markdown.smartPunctuation,
                                      generatedURLs: Set(generatedURLs + [CekRenderer.url]), basePath: RenderContext.basePath(of: config),
                                      resources: resources, imageBudget: config.markdown.imageBudgetBytes)
        notes += content.notes

        mark("content: read, parse, render Markdown, check links")
        let formatter = Formatter(language: config.language, timeZone: config.timeZone, monthNames: theme.strings["months"])
        let context = RenderContext(config: config, theme: theme, searchFallback: content.subsections(of: "").first?.url ?? "/",
                                    dataAsOf: dashboard.map { ($0.asOf.description, formatter.date($0.asOf)) })
        let dashboards = DashboardRenderer(context: context, dashboard: dashboard, formatter: formatter)
        let figures = LiveFigures(dashboard: dashboard, formatter: formatter, noData: theme.t("no_data_title"))
        let home = Unchecked(value: dashboards.homeContext())
        var files = try ContentPagesRenderer(
            context: context, content: content, formatter: formatter,
            extras: { page in
                var extra = page.url == "/" ? home.value : [:]
                extra["contacts"] = ContactRows.rows(config.contacts, message: page.source.frontMatter.whatsappMessage)
                extra["has_contacts"] = !config.contacts.isEmpty
                return extra
            },
            expand: { page, html in try figures.expand(html, in: page) }
        ).render()
        files += try dashboards.render()
        files.append(try SearchIndex.file(content: content, context: context))
        mark("render pages and files")
        // Cek status: seal each employee's lookup record (keys cached between builds), /cek/ page and data.
        let cek = try CekLookup.prepare(config: config, siteDirectory: siteDirectory, store: store)
        notes += cek.notes + [cek.saveCache()].compactMap { $0 }
        files += try CekRenderer(context: context, formatter: formatter)
            .render(cek, categories: config.data.categories, asOf: dashboard?.asOf, pageURLs: Set(content.pages.map(\.url)))
        mark("cek status lookup")
        // Encrypted per-unit rosters (opt-in): keys come from the private keyring, so no PBKDF2 runs here.
        if let rosters = try RosterPages.prepare(config: config, siteDirectory: siteDirectory, dashboard: dashboard, store: store) {
            files += try RosterPageRenderer(context: context).render(salt: rosters.salt, rosters: rosters.rosters, iterations: config.rosters.iterations)
            mark("roster pages")
        }
        var sitemapEntries = content.pages.map { (url: $0.url, date: $0.source.frontMatter.date) }
        sitemapEntries += generatedURLs.map { (url: $0, date: dashboard?.asOf) }
        sitemapEntries.append((url: CekRenderer.url, date: nil))
        sitemapEntries.sort { $0.url < $1.url }
        files.append(SiteIndexes.sitemap(sitemapEntries, context: context))
        files.append(SiteIndexes.robots(context: context))
        if let feed = SiteIndexes.feed(section: "pengumuman", content: content, context: context) { files.append(feed) }
        for asset in theme.assets { files.append(OutputFile(path: asset.path, bytes: asset.bytes)) }
        for resource in resources { files.append(OutputFile(path: resource.path, bytes: resource.bytes)) }

        mark("sitemap, feed and assets")

        if !files.contains(where: { $0.path == "README.md" }), let note = writer.carriedNote() { files.append(note) }

        // Checks over exactly the files to be written; any problem keeps the previous site in place.
        try OutputWriter.checkPaths(files)
        try PantauErrors.throwIfAny(try LinkCheck.problems(in: files, basePath: context.basePath))
        mark("check links")
        let privacy = try await identifiers.value
        try PantauErrors.throwIfAny(try privacy.problems(in: files))
        mark("privacy guard")
        try writer.write(files)
        mark("write and swap")
        let pages = content.pages.count + generatedURLs.count + 1  // + /cek/
        var report = Report(pages: pages, files: files.count, bytes: files.reduce(0) { $0 + $1.bytes.count }, notes: notes, seconds: Date().timeIntervalSince(start))
        report.stages = stages
        report.dashboard = dashboard
        report.latestImport = try store?.latestImportFigures()
        report.rails = config.data.rails
        report.today = CalendarDate.today(in: config.timeZone)
        report.privacyFilesChecked = files.count
        return report
    }

    /// User + system CPU seconds of this process so far, all threads.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }
}
