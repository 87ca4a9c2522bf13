import FlyingFox
import Foundation
import Pantau

/// `pantau serve`: builds the site into a private folder (never `Output/`), serves it under its base
/// path, rebuilds when Content/, Themes/, site.yml or the datastore change, and tells open pages to
/// reload over a WebSocket. A failed build leaves the last good site served and shows its error
/// (`file:line:col`) as an overlay on every open page until the next good build.
public final class DevServer: Sendable {
    let siteDirectory: URL
    let host: String
    let port: UInt16
    /// Where builds go: a private folder (0700) under the system's temporary folder.
    let buildDirectory: URL
    let state = BuildState()
    /// What each rebuild reuses from the builds before it (``BuildMemo``): one page saved, one page rendered.
    let memo = BuildMemo()
    /// False: poll for changes even where inotify works.
    let inotify: Bool
    /// Log each rebuild's steps with their times (`pantau serve --timings`).
    let timings: Bool
    private let server: HTTPServer
    /// Where build results are reported (standard output, unbuffered, by default).
    private let log: @Sendable (String) -> Void

    /// Prepares a server; nothing is built or bound until ``run(onReady:)``.
    public init(
        siteDirectory: URL, host: String = "127.0.0.1", port: UInt16 = 8080, inotify: Bool = true, timings: Bool = false,
        log: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    ) throws {
        self.siteDirectory = siteDirectory
        self.inotify = inotify
        self.timings = timings
        self.log = log
        self.host = host
        self.port = port
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pantau-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        buildDirectory = folder
        // Rebuilds are served from memory at once, and their changed files written after (``rebuild()``).
        memo.deferWrites = true
        let address: sockaddr_in
        do {
            address = try .inet(ip4: host, port: port)
        } catch {
            throw PantauError(
                file: "--host", step: .config,
                "\(host) is not an IPv4 address; use 127.0.0.1 (this machine only) or 0.0.0.0 (the network)")
        }
        let siteFolder = buildDirectory.appendingPathComponent("site")
        let state = state
        let socket = WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: ReloadSocket(state: state)))
        server = HTTPServer(
            address: address, timeout: 60, logger: .disabled,
            handler: ClosureHTTPHandler { request in
                switch request.path {
                case "/__pantau/socket":
                    return try await socket.handleRequest(request)
                case "/__pantau/reload.js":
                    return HTTPResponse(
                        statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                        body: Data(ReloadScript.source.utf8))
                default:
                    return await SiteFiles(folder: siteFolder, state: state).response(for: request)
                }
            })
    }

    deinit {
        try? FileManager.default.removeItem(at: buildDirectory)
    }

    /// The first build, then serving and watching until the task is cancelled.
    /// - Parameter onReady: called once the server listens, with the URL to open.
    public func run(onReady: @Sendable (String) -> Void = { _ in }) async throws {
        // Watching starts before the first build, so that a save during it is not missed.
        let (changes, method, count) = SiteChanges(siteDirectory: siteDirectory, inotify: inotify).events()
        // With inotify, a build reads again only the pages it names (``BuildMemo/noteContentChanges(_:)``).
        memo.watcherReportsChanges = method == .inotify
        _ = count.takePaths()
        await rebuild()
        let serving = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 60)
        let base = await state.snapshot().basePath
        onReady("http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)\(base)")
        log("Watching for changes (\(method.rawValue)).")
        var built = 0
        for await change in changes {
            if Task.isCancelled { break }
            guard change > built else { continue }  // the last build already read it
            // An editor's save is a burst (a temporary file, then a rename; or truncate, then write): wait for
            // a quiet moment of 3 ms, 15 ms at most.
            var seen = count.value
            for _ in 0..<5 {
                try? await Task.sleep(for: .milliseconds(3))
                guard count.value != seen else { break }
                seen = count.value
            }
            let (paths, number) = count.takePaths()
            built = number
            memo.noteContentChanges(paths.map { Set($0.compactMap(contentPath)) })
            await rebuild()
        }
        serving.cancel()
        await server.stop()
    }

    /// Builds into a fresh generation folder and, when it succeeds, serves it; else keeps the last good one.
    func rebuild() async {
        let target = buildDirectory.appendingPathComponent("site")
        let started = Date()
        do {
            let builder = SiteBuilder(siteDirectory: siteDirectory, outputDirectory: target, includeDrafts: true, memo: memo)
            let report = try await builder.build()
            let config = try SiteConfig.load(siteDirectory: siteDirectory)
            await state.succeeded(basePath: Self.basePath(of: config.baseURL), files: memo.files)
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            let redone = memo.redone
            do {
                try memo.flush()
            } catch {
                log("\(error)")
            }
            log("Built \(report.pages) pages in \(ms) ms (\(redone.markdown) rendered, \(redone.written) files written).")
            if timings { log(report.timingTable) }
            // Once the new site is served: each rebuild replaces the memo's tables, and glibc kept the freed pages.
            BuildMemo.returnFreedMemory()
        } catch {
            await state.failed("\(error)")
            log("Build failed (the last good site stays served):\n\(error)")
        }
    }

    /// A changed file's path below Content/ (nil elsewhere: the memo stamps the site's other inputs itself).
    private func contentPath(_ path: String) -> String? {
        let prefix = siteDirectory.path + "/Content/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// The path of a base URL: `https://x.go.id/pdm/` → `/pdm/`.
    static func basePath(of baseURL: String) -> String {
        guard let url = URL(string: baseURL), !url.path.isEmpty else { return "/" }
        return url.path.hasSuffix("/") ? url.path : url.path + "/"
    }
}
