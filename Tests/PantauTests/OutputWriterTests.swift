import Foundation
import Testing

@testable import Pantau

/// Writing the built files: folders at every depth, made on all cores, the same tree as the files
/// say, and errors that leave the previous site in place.
@Suite struct OutputWriterTests {
    static func files(pages: Int) -> [OutputFile] {
        var files = [
            OutputFile(path: "index.html", text: "<h1>Beranda</h1>"),
            OutputFile(path: "robots.txt", text: "User-agent: *\n"),
            OutputFile(path: "css/style.css", text: "body{}"),
            OutputFile(path: "a/b/c/d/index.html", text: "dalam"),
            OutputFile(path: "a/b/x.json", text: "{}"),
            OutputFile(path: "cek/data/0.json", text: "[]"),
        ]
        for i in 0..<pages {
            files.append(OutputFile(path: "sec\(i % 7)/page-\(i)/index.html", text: "<p>halaman \(i)</p>"))
        }
        files.append(OutputFile(path: "sec3/index.html", text: "bagian"))
        return files
    }

    @Test func foldersComeLevelByLevelParentsFirst() {
        let levels = OutputWriter.folderLevels(Self.files(pages: 20))
        #expect(levels.count == 4)
        #expect(Set(levels[0]) == ["css", "a", "cek", "sec0", "sec1", "sec2", "sec3", "sec4", "sec5", "sec6"])
        #expect(levels[0].count == 10)
        #expect(Set(levels[1]) == Set(["a/b", "cek/data"] + (0..<20).map { "sec\($0 % 7)/page-\($0)" }))
        #expect(levels[2] == ["a/b/c"])
        #expect(levels[3] == ["a/b/c/d"])
    }

    @Test func foldersOfALevelTakeTurnsOverTheirParents() {
        let paths = ["a/1/i.html", "a/2/i.html", "a/3/i.html", "b/1/i.html", "b/2/i.html", "c/1/x/i.html", "a/2/y.css"]
        let levels = OutputWriter.folderLevels(paths.map { OutputFile(path: $0, text: "") })
        #expect(levels == [["a", "b", "c"], ["a/1", "b/1", "c/1", "a/2", "b/2", "a/3"], ["c/1/x"]])
    }

    /// The byte check clears what `OutputFile.checkPaths` clears, and leaves every error to it.
    @Test(arguments: [
        ["index.html", "a/b/index.html", "css/style.css"],
        ["index.html", "a/index.html", "a/index.html"],
        ["/abs/index.html"],
        ["a//b.html"],
        ["a/./b.html"],
        ["a/../b.html"],
        ["a/"],
        [""],
        ["a/\u{1}b.html"],
        ["caf\u{E9}/index.html", "cafe\u{301}/index.html"],
        ["caf\u{E9}/index.html", "caf\u{E9}/a.html"],
        ["ok.html", "..", "also/bad/"],
    ])
    func pathCheckMatchesTheOriginal(paths: [String]) {
        let files = paths.map { OutputFile(path: $0, text: "") }
        func outcome(_ check: ([OutputFile]) throws -> Void) -> String {
            do {
                try check(files)
                return "ok"
            } catch { return "\(error)" }
        }
        #expect(outcome(OutputWriter.checkPaths) == outcome(OutputFile.checkPaths))
    }

    @Test func foldersAreComparedByBytes() {
        // A composed and a decomposed "é" are one `String` but two names on Linux file systems.
        let levels = OutputWriter.folderLevels([
            OutputFile(path: "caf\u{E9}/a.html", text: ""), OutputFile(path: "cafe\u{301}/b.html", text: ""),
        ])
        #expect(levels.map(\.count) == [2])
    }

    @Test func writesEveryFileIntoANewFolder() throws {
        let dir = TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("Output")
        let files = Self.files(pages: 600)
        try OutputWriter(outputDirectory: output).write(files)
        let tree = TestSupport.tree(output)
        #expect(tree.count == files.count)
        for file in files { #expect(tree[file.path] == file.bytes, "\(file.path)") }
        // Permissions as FileManager and open(2) gave them before: 0777 and 0644, less the umask.
        let mask = umask(0)
        umask(mask)
        let folder = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("sec3/page-3").path)
        #expect((folder[.posixPermissions] as? Int) == 0o777 & ~Int(mask))
        let page = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("sec3/page-3/index.html").path)
        #expect((page[.posixPermissions] as? Int) == 0o644 & ~Int(mask))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".building-") }
        #expect(leftovers.isEmpty)

        // A second build replaces the site and keeps the first as .Output.previous.
        let second = Array(files.dropLast(100)) + [OutputFile(path: "baru/index.html", text: "baru")]
        try OutputWriter(outputDirectory: output).write(second)
        #expect(TestSupport.tree(output).count == second.count)
        #expect(TestSupport.tree(output)["baru/index.html"] == Data("baru".utf8))
        #expect(TestSupport.tree(dir.appendingPathComponent(".Output.previous")).count == files.count)
    }

    /// From the fourth build into one folder on, the generation before `.Output.previous` is reused as
    /// the staging folder. The published site must still be exactly this build's files: stale files
    /// gone, files that became folders and folders that became files replaced, links never written through.
    @Test func aRecycledGenerationPublishesExactlyTheNewFiles() throws {
        let dir = TestSupport.temporaryDirectory("writer-recycle")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("Output")
        let writer = OutputWriter(outputDirectory: output)
        let first = [
            OutputFile(path: "index.html", text: "satu"),
            OutputFile(path: "lama/index.html", text: "halaman lama"),
            OutputFile(path: "jadi-folder.html", text: "file"),
            OutputFile(path: "jadi-file/index.html", text: "folder"),
            OutputFile(path: "tautan.html", text: "tautan"),
            OutputFile(path: "dalam/sekali/x.json", text: "{}"),
        ]
        for _ in 0..<3 { try writer.write(first) }
        let trash = dir.appendingPathComponent(".Output.trash")
        #expect(FileManager.default.fileExists(atPath: trash.appendingPathComponent("index.html").path))
        let reusedInode =
            try FileManager.default.attributesOfItem(atPath: trash.appendingPathComponent("index.html").path)[.systemFileNumber] as? Int

        // A link planted in the generation to be reused must be replaced, not followed.
        let outside = dir.appendingPathComponent("di-luar.txt")
        try "jangan diubah".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: trash.appendingPathComponent("tautan.html"))
        try FileManager.default.createSymbolicLink(at: trash.appendingPathComponent("tautan.html"), withDestinationURL: outside)

        let fourth = [
            OutputFile(path: "index.html", text: "empat"),
            OutputFile(path: "baru/index.html", text: "halaman baru"),
            OutputFile(path: "jadi-folder.html/index.html", text: "sekarang folder"),
            OutputFile(path: "jadi-file", text: "sekarang file"),
            OutputFile(path: "tautan.html", text: "ditulis di sini"),
        ]
        try writer.write(fourth)
        let tree = TestSupport.tree(output)
        #expect(Set(tree.keys) == Set(fourth.map(\.path)))
        for file in fourth { #expect(tree[file.path] == file.bytes, "\(file.path)") }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("dalam").path))
        #expect(try String(contentsOf: outside, encoding: .utf8) == "jangan diubah")
        let link = try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("tautan.html").path)
        #expect(link[.type] as? FileAttributeType == .typeRegular)
        // The reused generation's inode now holds the new home page: nothing was deleted and created again.
        let inode =
            try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent("index.html").path)[.systemFileNumber] as? Int
        #expect(inode != nil && inode == reusedInode)
        // The rollback copy is still the third build.
        #expect(TestSupport.tree(dir.appendingPathComponent(".Output.previous"))["index.html"] == Data("satu".utf8))
    }

    @Test func aFileWherePagesNeedAFolderFailsAndKeepsTheOldSite() throws {
        let dir = TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("Output")
        let writer = OutputWriter(outputDirectory: output)
        try writer.write([OutputFile(path: "index.html", text: "lama")])
        let clash = [
            OutputFile(path: "index.html", text: "baru"), OutputFile(path: "a", text: "berkas"),
            OutputFile(path: "a/index.html", text: "halaman"),
        ]
        do {
            try writer.write(clash)
            Issue.record("expected the clash to fail")
        } catch let error as PantauError {
            #expect(error.step == .output)
            #expect(error.file == writer.stagingDirectory.appendingPathComponent("a").path)
            #expect(error.message == "could not create the file: \(String(cString: strerror(EISDIR)))")
        }
        #expect(TestSupport.tree(output) == ["index.html": Data("lama".utf8)])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".building-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFolderThatCannotBeMadeNamesItAndWhatToDo() throws {
        let dir = TestSupport.temporaryDirectory("writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("Output")
        let writer = OutputWriter(outputDirectory: output)
        let long = String(repeating: "panjang-", count: 40)
        do {
            try writer.write([OutputFile(path: "\(long)/index.html", text: "x")])
            Issue.record("expected a too-long folder name to fail")
        } catch let error as PantauError {
            #expect(error.file == writer.stagingDirectory.appendingPathComponent(long).path)
            #expect(
                error.message
                    == "could not create the folder: \(String(cString: strerror(ENAMETOOLONG))); a name in the path is too long; shorten "
                    + "the slug, alias or unit name that made it"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}

/// Issue 12, "Why" 5 and issue 11's empty-datastore rail: the output folder is only ever one Pantau wrote.
@Suite struct OutputFolderRulesTests {
    static func site() throws -> URL { try TestSupport.makeSite("basic") }

    @Test(arguments: ["data", "Content", "Themes", ".", "..", "Output/../data", "elsewhere/Themes"])
    func foldersOfTheSiteAreRefused(output: String) async throws {
        let site = try Self.site()
        try FileManager.default.createDirectory(at: site.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "keep".write(to: site.appendingPathComponent("data/pantau.sqlite"), atomically: true, encoding: .utf8)
        let target = site.appendingPathComponent(output).standardizedFileURL
        do {
            try await TestSupport.build(site, output: target)
            Issue.record("\(output) was accepted")
        } catch let error as PantauError {
            #expect(error.isRefusal)
        }
        #expect(TestSupport.read(site.appendingPathComponent("data/pantau.sqlite")) == "keep")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/_index.md").path))
    }

    @Test func aSymlinkedOutputIntoDataIsRefusedByRealPath() async throws {
        let site = try Self.site()
        let data = site.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "keep".write(to: data.appendingPathComponent("pantau.sqlite"), atomically: true, encoding: .utf8)
        let link = site.appendingPathComponent("Keluaran")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: data)
        for _ in 1...3 {
            await #expect(throws: PantauError.self) { try await TestSupport.build(site, output: link) }
        }
        #expect(TestSupport.read(data.appendingPathComponent("pantau.sqlite")) == "keep")
    }

    @Test func aFolderOfSomeoneElsesFilesIsRefusedAndKept() async throws {
        let site = try Self.site()
        let victim = TestSupport.temporaryDirectory("spreadsheets")
        try "rekap".write(to: victim.appendingPathComponent("rekap.xlsx"), atomically: true, encoding: .utf8)
        do {
            try await TestSupport.build(site, output: victim)
            Issue.record("a folder without the marker was replaced")
        } catch let error as PantauError {
            #expect(error.isRefusal)
            #expect(error.message.contains("no .pantau-output marker"))
        }
        #expect(TestSupport.read(victim.appendingPathComponent("rekap.xlsx")) == "rekap")
        // An empty folder, or one holding only a README.md note, is fine; the build marks it.
        let empty = TestSupport.temporaryDirectory("kosong")
        try await TestSupport.build(site, output: empty)
        try await TestSupport.build(site, output: empty)
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent(".pantau-output").path))
    }

    @Test func anEmptyBuildDoesNotReplaceASiteBuiltFromDataUnlessAllowed() async throws {
        let site = try Self.site()
        let output = TestSupport.temporaryDirectory("live")
        try await TestSupport.build(site, output: output)
        // Mark the folder as built from data, as a build with a datastore does.
        try "This folder is written by `pantau build`; every build replaces all of it.\ndata: yes\n"
            .write(to: output.appendingPathComponent(".pantau-output"), atomically: true, encoding: .utf8)
        let before = TestSupport.tree(output)
        do {
            try await TestSupport.build(site, output: output)
            Issue.record("an empty build replaced a site built from data")
        } catch let error as PantauError {
            #expect(error.isRefusal)
            #expect(error.message.contains("--allow-empty"))
        }
        #expect(TestSupport.tree(output) == before)
        try await SiteBuilder(siteDirectory: site, outputDirectory: output, allowEmpty: true).build()
        #expect(TestSupport.read(output.appendingPathComponent(".pantau-output")).contains("data: no"))
    }
}

/// Issue 12, "Why" 8: personal data is private on disk and kept out of git.
@Suite struct PrivateFileModesTests {
    static func mode(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func datastoreRejectsAndCacheAreOwnerOnly() throws {
        let folder = TestSupport.temporaryDirectory("modes")
        let store = folder.appendingPathComponent("data/pantau.sqlite")
        _ = try Datastore(path: store, categories: DataConfig().categories)
        #expect(Self.mode(store) == 0o600)
        #expect(Self.mode(store.deletingLastPathComponent()) == 0o700)
        let rejects = folder.appendingPathComponent("pegawai.ditolak.csv")
        let writer = try CSVWriter(url: rejects)
        try writer.finish()
        #expect(Self.mode(rejects) == 0o600)
        let cache = folder.appendingPathComponent("cache/cek-cache.bin")
        try LookupCache().write(to: cache)
        #expect(Self.mode(cache) == 0o600)
        #expect(Self.mode(cache.deletingLastPathComponent()) == 0o700)
    }

    @Test func initWritesAGitignoreForDataAndOutput() throws {
        let site = TestSupport.temporaryDirectory("init").appendingPathComponent("situs")
        try SiteScaffold.create(at: site, agency: "BKPSDM Uji")
        let ignore = TestSupport.read(site.appendingPathComponent(".gitignore")).split(separator: "\n").map(String.init)
        for entry in ["data/", "Output/", ".Output.*"] { #expect(ignore.contains(entry)) }
    }
}

/// Issue 12, "Why" 3 and 4: links are not followed out of the site, nor into its private files.
@Suite struct SymlinkContainmentTests {
    @Test func aPageLinkedOutsideTheSiteIsRefused() async throws {
        let site = try TestSupport.makeSite("basic")
        let outside = TestSupport.temporaryDirectory("luar").appendingPathComponent("passwd.md")
        try "---\ntitle: Rahasia\n---\nroot:x:0:0\n".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: site.appendingPathComponent("Content/bantuan/passwd.md"), withDestinationURL: outside)
        do {
            try await TestSupport.build(site)
            Issue.record("the linked page was published")
        } catch let error as PantauError {
            #expect(error.file == "Content/bantuan/passwd.md")
            #expect(error.message.contains("outside the site folder"))
        }
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/bantuan/passwd/index.html").path))
    }

    @Test func aThemeAssetLinkedToTheCekCacheIsRefused() async throws {
        let site = try TestSupport.makeSite("basic")
        let cache = site.appendingPathComponent("data/cek-cache.bin")
        try FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("kunci".utf8).write(to: cache)
        try FileManager.default.createSymbolicLink(
            at: site.appendingPathComponent("Themes/default/static/favicon.ico"), withDestinationURL: cache)
        do {
            try await TestSupport.build(site)
            Issue.record("the cek cache was published")
        } catch let error as PantauError {
            #expect(error.file == "Themes/default/static/favicon.ico")
            #expect(error.message.contains("private file"))
        }
    }

    @Test func aCacheConfiguredInsideTheThemeIsNeverPublished() async throws {
        let site = try TestSupport.makeSite("basic")
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml += "lookup:\n  cache: ./Themes/default/static/cek-cache.bin\n"
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        try Data("kunci".utf8).write(to: site.appendingPathComponent("Themes/default/static/cek-cache.bin"))
        await #expect(throws: PantauError.self) { try await TestSupport.build(site) }
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/cek-cache.bin").path))
    }
}
