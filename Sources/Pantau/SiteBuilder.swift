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

        public var summary: String {
            let kb = (bytes + 512) / 1024
            return (notes + ["Built \(pages) pages (\(files) files, \(kb) KB) in \(String(format: "%.2f", seconds)) s."]).joined(separator: "\n")
        }
    }

    public func build() async throws -> Report {
        let start = Date()
        let config = try SiteConfig.load(siteDirectory: siteDirectory)
        let theme = try Theme(themesDirectory: siteDirectory.appendingPathComponent("Themes"), name: config.theme, language: config.language)
        let context = RenderContext(config: config, theme: theme)
        let formatter = Formatter(language: config.language, timeZone: config.timeZone, monthNames: theme.strings["months"])

        var notes: [String] = []

        // Datastore → metrics. A site without a datastore yet still builds: the dashboards say how to import.
        let storeURL = siteDirectory.appendingPathComponent(config.data.datastore)
        let store = try Datastore.openExisting(path: storeURL, categories: config.data.categories)
        let dashboard = try store.flatMap { try Dashboard.load(from: $0, config: config) }
        if dashboard == nil { notes.append("No employee data imported yet (\(config.data.datastore)): dashboards show how to import.") }
        let dashboards = DashboardRenderer(context: context, dashboard: dashboard, formatter: formatter)

        let sources = try ContentLoader(contentDirectory: siteDirectory.appendingPathComponent("Content"), includeDrafts: includeDrafts).load()
        let content = try SiteContent(sources: sources, unsafeHTML: config.unsafeHTML, generatedURLs: Set(dashboards.pageURLs + [CekRenderer.url]))

        let figures = LiveFigures(dashboard: dashboard, formatter: formatter, noData: theme.t("no_data_title"))
        let home = Unchecked(value: dashboards.homeContext())
        var files = try ContentPagesRenderer(
            context: context, content: content, formatter: formatter,
            extras: { page in page.url == "/" ? home.value : [:] },
            expand: { page, html in try figures.expand(html, in: page) }
        ).render()
        files += try dashboards.render()
        // Cek status (issue 5): seal each employee's lookup record (keys cached between builds), /cek/ page and data.
        let cek = try CekLookup.prepare(config: config, siteDirectory: siteDirectory, store: store)
        notes += cek.notes + [cek.saveCache()].compactMap { $0 }
        files += try CekRenderer(context: context, formatter: formatter)
            .render(cek, categories: config.data.categories, asOf: dashboard?.asOf, pageURLs: Set(content.pages.map(\.url)))
        var sitemapEntries = content.pages.map { (url: $0.url, date: $0.source.frontMatter.date) }
        sitemapEntries += dashboards.pageURLs.map { (url: $0, date: dashboard?.asOf) }
        sitemapEntries.append((url: CekRenderer.url, date: nil))
        sitemapEntries.sort { $0.url < $1.url }
        files.append(SiteIndexes.sitemap(sitemapEntries, context: context))
        files.append(SiteIndexes.robots(context: context))
        if let feed = SiteIndexes.feed(section: "pengumuman", content: content, context: context) { files.append(feed) }
        for asset in theme.assets { files.append(OutputFile(path: asset.path, bytes: asset.bytes)) }

        // Checks over exactly the files to be written; any problem keeps the previous site in place.
        try PantauErrors.throwIfAny(LinkCheck.problems(in: files, basePath: context.basePath))
        let privacy = try store.map { try PrivacyGuard(store: $0) } ?? PrivacyGuard()
        try PantauErrors.throwIfAny(privacy.problems(in: files))
        try OutputWriter(outputDirectory: outputDirectory).write(files) { _ in }
        let pages = content.pages.count + dashboards.pageURLs.count + 1  // + /cek/
        return Report(pages: pages, files: files.count, bytes: files.reduce(0) { $0 + $1.bytes.count }, notes: notes, seconds: Date().timeIntervalSince(start))
    }
}
