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

        let sources = try ContentLoader(contentDirectory: siteDirectory.appendingPathComponent("Content"), includeDrafts: includeDrafts).load()
        let content = try SiteContent(sources: sources, unsafeHTML: config.unsafeHTML)

        var files = try ContentPagesRenderer(context: context, content: content, formatter: formatter).render()
        var sitemapEntries = content.pages.map { (url: $0.url, date: $0.source.frontMatter.date) }
        sitemapEntries.sort { $0.url < $1.url }
        files.append(SiteIndexes.sitemap(sitemapEntries, context: context))
        files.append(SiteIndexes.robots(context: context))
        if let feed = SiteIndexes.feed(section: "pengumuman", content: content, context: context) { files.append(feed) }
        for asset in theme.assets { files.append(OutputFile(path: asset.path, bytes: asset.bytes)) }

        try PantauErrors.throwIfAny(LinkCheck.problems(in: files, basePath: context.basePath))
        try OutputWriter(outputDirectory: outputDirectory).write(files) { _ in }
        return Report(pages: content.pages.count, files: files.count, bytes: files.reduce(0) { $0 + $1.bytes.count }, notes: [], seconds: Date().timeIntervalSince(start))
    }
}
