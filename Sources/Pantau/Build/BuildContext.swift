import Foundation

/// What the steps of one build share: the site's inputs, read once when the build starts, and what
/// the steps add to it (content, generated pages, output files, notes).
struct BuildContext {
    let siteDirectory: URL
    let includeDrafts: Bool
    /// Replace an output folder built from data even though this build has none (`--allow-empty`).
    let allowEmpty: Bool
    /// Templates fail on names their page's model lacks (`pantau build --strict`).
    let strict: Bool
    let config: SiteConfig
    let theme: Theme
    let writer: OutputWriter
    /// Nil before the first import: the dashboards then say how to import.
    let store: Datastore?
    let dashboard: Dashboard?
    let formatter: DisplayFormatter
    /// The privacy guard's identifiers, streamed from SQLite while pages render on the other threads.
    let identifiers: Task<PrivacyGuard, Error>
    /// The cek lookup's sealed records (and a note if its cache could not be saved), prepared from the
    /// datastore while the other steps run; the cek step waits for it.
    let cekRecords: Task<(lookup: CekLookup, saveNote: String?), Error>
    /// Published files come only from inside the site, and never from its private files (real paths).
    let containment: SiteContainment
    /// What `pantau serve` carries between builds (nil for `pantau build`).
    let memo: BuildMemo?

    /// Every generated page and file, registered before the content that must not collide with them.
    var generated = GeneratedPages()
    /// The Markdown pages, once the content step has run.
    var content = SiteContent()
    /// What every template sees; the content step adds where the search form goes without JavaScript.
    var render: RenderContext
    /// The files to write, in the order the steps made them.
    var files: [OutputFile] = []
    /// Lines for the build summary.
    var notes: [String] = []
    /// The files beside the pages (images, PDFs), once the content step has run.
    var resources: [PageResource] = []
    /// The privacy guard's problems in `files`, the first of ``files``, found while the cek step waited for its
    /// records (a core would otherwise idle); the privacy step checks only the files after them.
    var privacyAhead: (files: [OutputFile], problems: Task<[PantauError], Error>)?

    /// Reads site.yml, the theme, the datastore and its metrics, and registers the dashboards' pages.
    static func load(
        siteDirectory: URL, outputDirectory: URL, includeDrafts: Bool, allowEmpty: Bool, strict: Bool, memo: BuildMemo? = nil
    ) throws -> BuildContext {
        let config = try SiteConfig.load(siteDirectory: siteDirectory)
        let storeURL = config.data.datastoreURL(siteDirectory: siteDirectory)
        let privateFiles = [storeURL, siteDirectory.appendingPathComponent(config.lookup.cache)]
        let containment = SiteContainment(siteDirectory: siteDirectory, privateFiles: privateFiles)
        let theme = try Theme(
            themesDirectory: siteDirectory.appendingPathComponent("Themes"), name: config.theme, language: config.language,
            containment: containment)
        try RenderContext.checkShareImage(config: config, theme: theme)
        let writer = OutputWriter(outputDirectory: outputDirectory)
        try writer.checkTarget(siteDirectory: siteDirectory, privateFolders: privateFiles.map { $0.deletingLastPathComponent() })
        let store = try Datastore.openExisting(path: storeURL, categories: config.data.categories, displayPath: config.data.datastore)
        let dashboard = try store.flatMap { try Dashboard.load(from: $0, config: config) }
        try writer.checkReplacement(hasData: dashboard != nil, allowEmpty: allowEmpty)
        let knownGuard = memo?.privacyGuard
        let identifiers = Task.detached { try knownGuard ?? PrivacyGuard(store: store, config: config) }
        // Keys are saved as soon as they are derived, so a build that fails later keeps the work.
        let cekRecords = Task.detached {
            let lookup = try CekLookup.prepare(config: config, siteDirectory: siteDirectory, store: store)
            return (lookup: lookup, saveNote: lookup.saveCache())
        }
        var context = BuildContext(
            siteDirectory: siteDirectory, includeDrafts: includeDrafts, allowEmpty: allowEmpty, strict: strict, config: config,
            theme: theme, writer: writer, store: store, dashboard: dashboard,
            formatter: DisplayFormatter(language: config.language, timeZone: config.timeZone, monthNames: theme.strings["months"]),
            identifiers: identifiers, cekRecords: cekRecords, containment: containment, memo: memo,
            render: RenderContext(config: config, theme: theme, strict: strict))
        if dashboard == nil {
            context.notes.append("No employee data imported yet (\(config.data.datastore)): dashboards show how to import.")
        }
        context.notes += ConfigWarnings.deadline(config.deadline, snapshots: dashboard?.dates ?? [])
        context.notes += ConfigWarnings.robots(baseURL: config.baseURL, basePath: RenderContext.basePath(of: config))
        try context.generated.add(contentsOf: DashboardRenderer.pages(for: dashboard))
        try context.generated.add(CekRenderer.page)
        return context
    }
}
