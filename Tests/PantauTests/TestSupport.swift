import Foundation

@testable import Pantau

/// Paths and helpers shared by the test suites.
enum TestSupport {
    /// The repository root (this file is Tests/PantauTests/TestSupport.swift).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Fixtures in the source tree (golden files are re-recorded here).
    static let fixtures = repoRoot.appendingPathComponent("Tests/PantauTests/Fixtures")

    /// One folder for all of a test run's temporary folders, deleted when the test process exits
    /// (keep it with `PANTAU_KEEP_TEST_FILES=1` to look at what a failing test built).
    static let runDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["PANTAU_KEEP_TEST_FILES"] != "1" {
            atexit {
                try? FileManager.default.removeItem(
                    at: FileManager.default.temporaryDirectory.appendingPathComponent("pantau-tests-\(getpid())"))
            }
        }
        return url
    }()

    /// A fresh temporary folder inside ``runDirectory``; the caller may remove it earlier.
    static func temporaryDirectory(_ name: String = "pantau-test") -> URL {
        let url = runDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies fixture site `name` and the repository's default theme into a temporary folder.
    static func makeSite(_ name: String) throws -> URL {
        let dir = temporaryDirectory("site-\(name)")
        let site = dir.appendingPathComponent("site")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("sites/\(name)"), to: site)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("Themes"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: repoRoot.appendingPathComponent("Themes/default"), to: site.appendingPathComponent("Themes/default"))
        return site
    }

    /// Every file under `directory` with its bytes, by relative path.
    static func tree(_ directory: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: directory.path) else { return out }
        while let path = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let url = directory.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                out[path] = FileManager.default.contents(atPath: url.path)
            }
        }
        return out
    }

    static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// The `pantau` binary that `swift build` made beside the test bundle.
    static var binary: URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("pantau"),
            Bundle.main.bundleURL.appendingPathComponent("pantau"),
            repoRoot.appendingPathComponent(".build/debug/pantau"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    /// Runs `pantau` with `arguments`; returns exit status and combined output.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Builds `site` with the library into `output` (default: site/Output).
    @discardableResult
    static func build(_ site: URL, output: URL? = nil, drafts: Bool = false, strict: Bool = false) async throws -> SiteBuilder.Report {
        try await SiteBuilder(
            siteDirectory: site, outputDirectory: output ?? site.appendingPathComponent("Output"), includeDrafts: drafts, strict: strict
        )
        .build()
    }
}
