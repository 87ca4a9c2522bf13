import Foundation

/// The steps of a Pantau build, in the order ``SiteBuilder/steps`` runs them.
extension BuildStep {
    /// Reads `Content/`, renders the Markdown and checks its links and URLs against the generated pages.
    static let content = BuildStep("content: read, parse, render Markdown, check links") { context in
        let config = context.config
        var loader = ContentLoader(
            contentDirectory: context.siteDirectory.appendingPathComponent("Content"), includeDrafts: context.includeDrafts)
        loader.containment = context.containment
        loader.maxPageBytes = config.markdown.maxPageBytes
        loader.memo = context.memo
        // Content/ listed once for both (10,000 pages take milliseconds to list, and serve lists them every build).
        let listed = loader.contentFiles()
        let sources = try loader.load(listed: listed.pages)
        let (resources, resourceNotes) = try loader.loadResources(listed: listed.resources)
        context.resources = resources
        context.notes += resourceNotes
        context.content = try SiteContent(
            sources: sources, unsafeHTML: config.unsafeHTML, smartPunctuation: config.markdown.smartPunctuation,
            generatedURLs: context.generated.pageURLs, basePath: RenderContext.basePath(of: config),
            resources: resources, imageBudget: config.markdown.imageBudgetBytes, memo: context.memo)
        context.notes += context.content.notes
        let formatter = context.formatter
        context.render = RenderContext(
            config: config, theme: context.theme, searchFallback: context.content.subsections(of: "").first?.url ?? "/",
            dataAsOf: context.dashboard.map { ($0.asOf.description, formatter.date($0.asOf)) }, strict: context.strict)
    }

    /// The content pages through the theme, the dashboards, the open data and the search index.
    static let renderPages = BuildStep("render pages and files") { context in
        let dashboards = DashboardRenderer(context: context.render, dashboard: context.dashboard, formatter: context.formatter)
        let figures = LiveFigures(dashboard: context.dashboard, formatter: context.formatter, noData: context.theme.t("no_data_title"))
        var pages = ContentPagesRenderer(
            context: context.render, content: context.content, formatter: context.formatter, contacts: context.config.contacts,
            home: dashboards.homeSummary(), figures: figures)
        pages.memo = context.memo
        context.files += try pages.render()
        context.files += try dashboards.render()
        context.files.append(try SearchIndex.file(content: context.content, context: context.render, figures: figures, memo: context.memo))
    }

    /// Renders `/cek/` and its data from each employee's sealed lookup record (keys cached between builds),
    /// sealed by ``BuildContext/cekRecords`` while the steps before this one ran.
    static let cekLookup = BuildStep("cek status lookup") { context in
        if context.memo == nil {
            let files = context.files
            let identifiers = context.identifiers
            context.privacyAhead = (files, Task.detached { try await identifiers.value.problems(in: files) })
        }
        let (cek, saveNote) = try await context.cekRecords.value
        context.notes += cek.notes + [saveNote].compactMap { $0 }
        context.files += try CekRenderer(context: context.render, formatter: context.formatter).render(
            cek, categories: context.config.data.categories, asOf: context.dashboard?.asOf,
            pageURLs: Set(context.content.pages.map(\.url)))
    }

    /// Encrypted per-unit rosters (opt-in, `rosters.enabled`): keys come from the private keyring, so no PBKDF2
    /// runs here. Each `/unit/<slug>/daftar/` page is registered (it must not collide with another page) but
    /// stays out of the sitemap.
    static let rosterPages = BuildStep("roster pages", when: rostersEnabled) { context in
        guard
            let rosters = try RosterPages.prepare(
                config: context.config, siteDirectory: context.siteDirectory, dashboard: context.dashboard, store: context.store
            )
        else { return }
        let contentURLs = Set(context.content.pages.map(\.url))
        for roster in rosters.rosters {
            let url = RosterPageRenderer.url(slug: roster.slug)
            if contentURLs.contains(url) {
                throw PantauError(
                    file: "Content", step: .content,
                    "a content page has the URL \(url) of unit \(roster.name)'s roster page; move or rename the page")
            }
            try context.generated.add(GeneratedPage(url: url, kind: .roster, lastModified: nil))
        }
        context.files += try RosterPageRenderer(context: context.render)
            .render(salt: rosters.salt, rosters: rosters.rosters, iterations: context.config.rosters.iterations)
    }

    @Sendable private static func rostersEnabled(_ context: BuildContext) -> Bool { context.config.rosters.enabled }

    /// The sitemap (content pages and every registered generated page), robots.txt, the feeds of
    /// site.yml's `feeds:` and the theme's assets.
    static let indexes = BuildStep("sitemap, feed and assets") { context in
        var feeds: [OutputFile] = []
        for section in context.config.feedSections {
            guard let feed = SiteIndexes.feed(section: section, content: context.content, context: context.render) else {
                guard context.config.feeds == nil else {
                    throw PantauError(
                        file: SiteConfig.fileName, step: .config,
                        "`feeds` lists \"\(section)\", but there is no section Content/\(section)/_index.md; "
                            + "create it or remove it from `feeds`")
                }
                continue
            }
            try context.generated.add(GeneratedPage(url: "/" + feed.path, kind: .feed, lastModified: nil))
            feeds.append(feed)
        }
        var sitemap = context.content.pages.map { (url: $0.url, date: $0.source.frontMatter.date) }
        sitemap += context.generated.sitemapEntries
        // Serve's memo: the same entries in the same order as last build give the same file (the base URL it
        // reads is site.yml's, which the memo's fingerprint covers).
        let urls = sitemap.map(\.url)
        let dates = sitemap.map(\.date)
        if let known = context.memo?.sitemap, known.urls == urls, known.dates == dates {
            context.files.append(known.file)
        } else {
            sitemap.sort { $0.url < $1.url }
            let file = SiteIndexes.sitemap(sitemap, context: context.render)
            context.memo?.sitemap = (urls, dates, file)
            context.files.append(file)
        }
        context.files.append(SiteIndexes.robots(context: context.render))
        context.files.append(SiteIndexes.manifest(context: context.render))
        context.files += feeds
        for asset in context.theme.assets { context.files.append(OutputFile(path: asset.path, bytes: asset.bytes)) }
        for resource in context.resources { context.files.append(OutputFile(path: resource.path, bytes: resource.bytes)) }
    }

    /// Checks over exactly the files to be written; any problem keeps the previous site in place.
    static let checkLinks = BuildStep("check links") { context in
        if !context.files.contains(where: { $0.path == "README.md" }), let note = context.writer.carriedNote() {
            context.files.append(note)
        }
        context.files.append(OutputMarker(builtFromData: context.dashboard != nil).file)
        try OutputWriter.checkPaths(context.files)
        try PantauErrors.throwIfAny(
            try LinkCheck.problems(
                in: context.files, basePath: context.render.basePath, sourceLinks: context.content.sourceLinks, memo: context.memo))
    }

    /// No employee identifier in any public file.
    static let privacy = BuildStep("privacy guard") { context in
        let privacy = try await context.identifiers.value
        if let ahead = context.privacyAhead {
            // Steps after the cek step only append files; should one ever change an earlier file, scan them all.
            let count = ahead.files.count
            if count <= context.files.count,
                zip(ahead.files, context.files).allSatisfy({ $0.path == $1.path && BuildMemo.same($0.bytes, $1.bytes) })
            {
                let rest = try privacy.problems(in: Array(context.files[count...]))
                return try PantauErrors.throwIfAny(try await ahead.problems.value + rest)
            }
            ahead.problems.cancel()
        }
        guard let memo = context.memo else { return try PantauErrors.throwIfAny(try privacy.problems(in: context.files)) }
        try PantauErrors.throwIfAny(try memo.privacyProblems(in: context.files, guard: privacy))
    }

    /// Writes every file into a staging folder and swaps it in for Output/ (with serve's memo: only the changes).
    static let write = BuildStep("write and swap") { context in
        guard let memo = context.memo else { return try context.writer.write(context.files) }
        try memo.write(context.files, with: context.writer)
    }
}
