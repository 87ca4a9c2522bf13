import Foundation
import Testing

@testable import Pantau

/// The default theme built into the binary, and `pantau init` from wherever `pantau` is.
@Suite struct EmbeddedThemeTests {
    @Test func theBuiltInThemeIsThemesDefaultByteForByte() throws {
        let embedded = Dictionary(try DefaultTheme.embeddedFiles().map { ($0.path, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        let onDisk = TestSupport.tree(TestSupport.repoRoot.appendingPathComponent("Themes/default"))
            .filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } }
        #expect(embedded.keys.sorted() == onDisk.keys.sorted(), "out of date: run scripts/embed-theme")
        for (path, bytes) in onDisk {
            #expect(embedded[path] == bytes, "Themes/default/\(path) differs from the built-in copy: run scripts/embed-theme")
        }
    }

    @Test func initFromACopyOfTheBinaryOnPathUsesTheBuiltInTheme() throws {
        // pantau copied to a folder far from the repository and run by name through PATH.
        let bin = TestSupport.temporaryDirectory("bin")
        try FileManager.default.copyItem(at: TestSupport.binary, to: bin.appendingPathComponent("pantau"))
        let work = TestSupport.temporaryDirectory("work")
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pantau", "init", "kota-baru"]
        process.currentDirectoryURL = work
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = path
        environment["PANTAU_THEME_DIR"] = nil
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let written = TestSupport.tree(work.appendingPathComponent("kota-baru/Themes/default"))
        let original = TestSupport.tree(TestSupport.repoRoot.appendingPathComponent("Themes/default"))
        #expect(written == original)
        let built = try TestSupport.run(["build", "--site", work.appendingPathComponent("kota-baru").path])
        #expect(built.status == 0, "\(built.output)")
    }

    @Test func aFolderThatIsNotAThemeIsRefused() throws {
        let parent = TestSupport.repoRoot.appendingPathComponent("Themes")
        let dir = TestSupport.temporaryDirectory("init").appendingPathComponent("situs")
        let result = try TestSupport.run(["init", dir.path], environment: ["PANTAU_THEME_DIR": parent.path])
        #expect(result.status == 1)
        #expect(
            result.output.contains("PANTAU_THEME_DIR is not a theme folder: it lacks templates/base.mustache and i18n/id.yml"),
            "\(result.output)")
        #expect(result.output.contains("use \(parent.appendingPathComponent("default").path)"))
        #expect(result.output.contains("A theme folder holds templates/*.mustache"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}
