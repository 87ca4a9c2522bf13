import CSwap
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a build's files into a fresh folder beside the output folder and swaps it into place
/// only after every check passed, so a failed or killed build leaves the previous site as it was.
struct OutputWriter: Sendable {
    let outputDirectory: URL

    /// A symlinked output folder (a web root elsewhere) is resolved, so the site lands at its target.
    init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// Refuses an output folder the build must not replace. The swap moves the whole folder aside, so:
    /// - not the site folder or one of its parents (`--output .`, `--output /`), nor `data`, `Content` or
    ///   `Themes` (by name anywhere, and by real path in this site), nor a folder in `privateFolders`
    ///   (where the datastore or cek cache live) or inside one;
    /// ``checkReplacement(hasData:allowEmpty:)`` then allows
    /// - only a folder that is absent, empty (a `README.md` note aside), or marked by ``OutputMarker`` as
    ///   written by an earlier build: never somebody's folder of spreadsheets;
    /// - and without data (`hasData` false), not a folder built from data unless `allowEmpty`: a fresh CI
    ///   runner without the datastore must not replace the live site with empty dashboards (exit 2).
    func checkTarget(siteDirectory: URL, privateFolders: [URL] = []) throws {
        let output = outputDirectory.path
        let site = Self.realPath(siteDirectory)
        let advice = "choose a folder of its own such as \(site)/Output"
        if output == "/" || site == output || site.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw PantauError.refusal(
                file: output, step: .output, "is the site folder or contains it; the build replaces the whole output folder, so \(advice)")
        }
        let reserved = ["data", "content", "themes"]
        if reserved.contains(outputDirectory.lastPathComponent.lowercased()) {
            throw PantauError.refusal(
                file: output, step: .output,
                "is named like a site folder (`data`, `Content`, `Themes`); the build replaces the whole output folder, so \(advice)")
        }
        // A datastore kept at the site's top level makes the site folder "private": that case is the
        // site-folder rule above, not this one (Output/ inside the site stays allowed).
        let folders = ["data", "Content", "Themes"].map { siteDirectory.appendingPathComponent($0) } + privateFolders
        for folder in folders.map(Self.realPath) where folder != site && (output == folder || output.hasPrefix(folder + "/")) {
            throw PantauError.refusal(
                file: output, step: .output,
                "is (or is inside) \(folder), which holds the site's sources or private data; "
                    + "the build replaces the whole output folder, so \(advice)")
        }
    }

    /// The second half of ``checkTarget(siteDirectory:privateFolders:)``, once the build knows whether it has data.
    func checkReplacement(hasData: Bool, allowEmpty: Bool) throws {
        let output = outputDirectory.path
        let advice = "choose a folder of its own"
        var info = stat()
        guard lstat(output, &info) == 0 else { return }  // absent: the first build creates it
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw PantauError.refusal(file: output, step: .output, "exists and is not a folder; \(advice)")
        }
        let marker = OutputMarker.read(in: outputDirectory)
        if marker == nil {
            let entries = FolderEntries.list(output) ?? []
            if entries.contains(where: { $0.name != "README.md" }) {
                throw PantauError.refusal(
                    file: output, step: .output,
                    "holds files that no Pantau build wrote (it has no \(OutputMarker.fileName) marker); "
                        + "the build replaces the whole folder, so empty it first or \(advice)")
            }
        }
        if marker?.builtFromData == true, !hasData, !allowEmpty {
            throw PantauError.refusal(
                file: output, step: .output,
                "holds a site built from employee data, but this build has none (no datastore, or an empty one), so it would "
                    + "publish empty dashboards over it; import the data first (restore data/), or pass --allow-empty to replace it anyway")
        }
    }

    /// The real path of `url` (symbolic links resolved, including in a missing file's existing parents).
    static func realPath(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The staging folder: a sibling of the output folder (same file system, so the swap is a rename).
    var stagingDirectory: URL {
        outputDirectory.deletingLastPathComponent()
            .appendingPathComponent(".\(outputDirectory.lastPathComponent).building-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Writes `files` (in parallel) into the staging folder, then swaps it in.
    /// The caller has already checked the files as values.
    func write(_ files: [OutputFile]) throws {
        let lock = try acquireLock()
        defer { close(lock) }
        let fm = FileManager.default
        let staging = stagingDirectory
        try? fm.removeItem(at: staging)
        removeStaleStagingFolders()
        // The generation before `.Output.previous` becomes the staging folder, its files overwritten in
        // place: deleting 20,000 files and creating 20,000 new ones on every build was slow, and on ext4
        // without a journal creating files soon after deleting others is slower still.
        var info = stat()
        let recycled =
            lstat(trashDirectory.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            && (try? fm.moveItem(at: trashDirectory, to: staging)) != nil
        do {
            if !recycled { try fm.createDirectory(at: staging, withIntermediateDirectories: true) }
            try Self.checkPaths(files)
            if recycled { try Self.removeUnwanted(in: staging, keeping: files) }
            try Self.writeTree(files, into: staging)
            try swap(staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Clears a recycled staging folder of everything this build will not write, before it writes:
    /// files no page produces any more (they must be gone after the swap, as with a fresh folder),
    /// folders where a file goes now and files where a folder goes, and every symbolic link (a file
    /// is written in place, never through a link).
    static func removeUnwanted(in staging: URL, keeping files: [OutputFile]) throws {
        let wanted = Set(files.map(\.path))
        var folders = Set<Substring>()
        for path in wanted {
            var rest = Substring(path)
            while let slash = rest.lastIndex(of: "/") {
                rest = rest[..<slash]
                guard folders.insert(rest).inserted else { break }
            }
        }
        func sweep(_ relative: String) throws {
            let folder = relative.isEmpty ? staging.path : staging.path + "/" + relative
            guard let entries = FolderEntries.list(folder) else {
                throw PantauError(
                    file: folder, step: .output, "could not read the recycled staging folder: \(String(cString: strerror(errno)))")
            }
            for entry in entries {
                let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                if entry.kind == .folder, folders.contains(Substring(path)) {
                    try sweep(path)
                } else if entry.kind != .file || !wanted.contains(path) {
                    try FileManager.default.removeItem(atPath: staging.path + "/" + path)
                }
            }
        }
        try sweep("")
    }

    /// Replaces the output folder by `staging` in one atomic exchange, then deletes the old site.
    /// Where the file system cannot exchange, falls back to two renames.
    private func swap(_ staging: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: outputDirectory.path) {
            if pantau_exchange_paths(staging.path, outputDirectory.path) == 0 {
                // `staging` now holds the site just replaced: keep it as `.Output.previous` (a rollback is
                // one rename away). The generation before it becomes `.Output.trash`, which the next build
                // reuses as its staging folder, so a failed build never costs the rollback copy.
                if fm.fileExists(atPath: previousDirectory.path) {
                    try? fm.removeItem(at: trashDirectory)
                    if (try? fm.moveItem(at: previousDirectory, to: trashDirectory)) == nil { try? fm.removeItem(at: previousDirectory) }
                }
                if (try? fm.moveItem(at: staging, to: previousDirectory)) == nil { try? fm.removeItem(at: staging) }
                return
            }
            let old = outputDirectory.deletingLastPathComponent()
                .appendingPathComponent(".\(outputDirectory.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try fm.moveItem(at: outputDirectory, to: old)
                try fm.moveItem(at: staging, to: outputDirectory)
                try? fm.removeItem(at: old)
            } catch {
                if !fm.fileExists(atPath: outputDirectory.path) { try? fm.moveItem(at: old, to: outputDirectory) }
                throw PantauError(
                    file: outputDirectory.path, step: .output,
                    "could not swap the new site into place (\(Self.explain(error))); the previous site is unchanged")
            }
        } else {
            do {
                try fm.createDirectory(at: outputDirectory.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.moveItem(at: staging, to: outputDirectory)
            } catch {
                throw PantauError(
                    file: outputDirectory.path, step: .output, "could not move the new site into place (\(Self.explain(error)))")
            }
        }
    }

    /// `OutputFile.checkPaths`, cleared on bytes when every path is plain ASCII and none repeats
    /// (a hash table of bytes instead of a split and a `Set<String>` insert per path). Anything
    /// else goes to `OutputFile.checkPaths` itself, so the errors are exactly its own.
    static func checkPaths(_ files: [OutputFile]) throws {
        var paths = ByteTable<Int>(expectedCount: files.count)
        for (i, file) in files.enumerated() {
            var path = file.path
            guard path.withUTF8({ isPlainRelativePath($0) && paths.insert($0, i).inserted }) else {
                return try OutputFile.checkPaths(files)
            }
        }
    }

    /// A relative path of plain ASCII (no control characters) without empty, `.` or `..` parts:
    /// one that `OutputFile.checkPaths` accepts and that byte and `String` comparisons agree on.
    static func isPlainRelativePath(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !path.isEmpty else { return false }
        var partStart = 0
        for i in 0...path.count {
            if i < path.count {
                let c = path[i]
                if c >= 0x80 || c < 0x20 { return false }
                if c != UInt8(ascii: "/") { continue }
            }
            let length = i - partStart
            if length == 0 { return false }
            if path[partStart] == UInt8(ascii: "."), length == 1 || (length == 2 && path[partStart + 1] == UInt8(ascii: ".")) {
                return false
            }
            partStart = i + 1
        }
        return true
    }

    /// Creates every folder the files need, then writes the files, all on every core.
    ///
    /// `FileManager.createDirectory` one folder after another was half of the write time for 10,000
    /// pages. Folders are made with `mkdirat` a level at a time (a folder's parent is always made in
    /// an earlier level), then files with `openat`, both relative to one descriptor of `staging`.
    /// Every folder exists before any file is written, so a file whose path is also a folder fails
    /// the same way as before.
    static func writeTree(_ files: [OutputFile], into staging: URL) throws {
        let directory = open(staging.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw PantauError(
                file: staging.path, step: .output,
                "could not open the staging folder: \(String(cString: strerror(errno))); check that the output folder's parent is writable")
        }
        defer { close(directory) }
        for level in folderLevels(files) {
            if level.count < 64 {
                for folder in level { try makeFolder(folder, in: directory, staging: staging) }
            } else {
                _ = try level.parallelMap { try makeFolder($0, in: directory, staging: staging) }
            }
        }
        _ = try files.parallelMap { file in
            try writeFile(file.bytes, at: file.path, in: directory, shownAs: { staging.appendingPathComponent(file.path).path })
        }
    }

    /// Every folder that holds a file, with all its parents: the top-level folders first, then their
    /// children, and so on. Paths have passed `OutputFile.checkPaths` (no empty, `.` or `..` parts).
    ///
    /// `mkdir` locks the parent folder, so two workers making folders in one parent wait for each
    /// other. Within a level the folders are therefore taken round-robin over their parents: every
    /// parent's first child, then every parent's second child, and so on.
    static func folderLevels(_ files: [OutputFile]) -> [[String]] {
        // Each folder seen, with how many child folders it has so far (the rank of its next child).
        var children: [FolderKey: Int] = [:]
        var topLevel = 0
        // Folders by depth, then by rank among their parent's children.
        var byRank: [[[String]]] = []
        var previousFolder: Substring = ""
        var new: [(folder: Substring, depth: Int)] = []
        for file in files {
            let path = file.path
            guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { continue }
            let folder = path[..<slash]
            // Pages come folder by folder, and a folder's parents were seen with it.
            if folder.utf8.elementsEqual(previousFolder.utf8) { continue }
            previousFolder = folder
            // From the deepest folder up, to the first one already seen (its parents were seen too).
            new.removeAll(keepingCapacity: true)
            var depth = folder.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
            var end = slash
            var parentIndex: Dictionary<FolderKey, Int>.Index?
            while true {
                let candidate = path[..<end]
                if let known = children.index(forKey: FolderKey(path: candidate)) {
                    parentIndex = known
                    break
                }
                new.append((candidate, depth))
                guard let up = path.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) else { break }
                end = up
                depth -= 1
            }
            // Top down: each new folder is its parent's next child.
            for (candidate, depth) in new.reversed() {
                let rank: Int
                if let index = parentIndex {
                    rank = children.values[index]
                    children.values[index] += 1
                } else {
                    rank = topLevel
                    topLevel += 1
                }
                children[FolderKey(path: candidate)] = 0
                parentIndex = children.index(forKey: FolderKey(path: candidate))
                while byRank.count <= depth { byRank.append([]) }
                while byRank[depth].count <= rank { byRank[depth].append([]) }
                byRank[depth][rank].append(String(candidate))
            }
        }
        return byRank.map { $0.flatMap { $0 } }
    }

    /// A folder path compared by its bytes, as the file system does (`String` would take a
    /// composed and a decomposed `é` for the same folder).
    struct FolderKey: Hashable {
        let path: Substring

        static func == (a: FolderKey, b: FolderKey) -> Bool { a.path.utf8.elementsEqual(b.path.utf8) }

        func hash(into hasher: inout Hasher) {
            let done: Void? = path.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            if done == nil { for byte in path.utf8 { hasher.combine(byte) } }
        }
    }

    /// `mkdir` relative to the staging folder; a folder that already exists is fine.
    static func makeFolder(_ folder: String, in directory: Int32, staging: URL) throws {
        guard mkdirat(directory, folder, 0o777) != 0, errno != EEXIST else { return }
        let reason = errno
        let advice =
            reason == ENAMETOOLONG
            ? "a name in the path is too long; shorten the slug, alias or unit name that made it"
            : "check that the output folder's parent is writable and has free space"
        throw PantauError(
            file: staging.appendingPathComponent(folder).path, step: .output,
            "could not create the folder: \(String(cString: strerror(reason))); \(advice)")
    }

    /// open/write/close: Foundation's `Data.write` syncs every file to disk, which made writing
    /// 10,000 pages take longer than rendering them. The swap is what must be atomic, not each file.
    /// `path` is relative to the folder open as `directory`; errors name `shown()`.
    static func writeFile(_ bytes: Data, at path: String, in directory: Int32, shownAs shown: () -> String) throws {
        // O_NOFOLLOW: never write through a link (a recycled staging folder has had its links removed).
        let fd = openat(directory, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            let reason = errno
            throw PantauError(file: shown(), step: .output, "could not create the file: \(String(cString: strerror(reason)))")
        }
        defer { close(fd) }
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    let reason = errno
                    if reason == EINTR { continue }
                    throw PantauError(file: shown(), step: .output, "could not write: \(String(cString: strerror(reason)))")
                }
                offset += n
            }
        }
    }

    /// The site before the last successful build, kept until the next build starts.
    var previousDirectory: URL {
        outputDirectory.deletingLastPathComponent().appendingPathComponent(".\(outputDirectory.lastPathComponent).previous")
    }

    /// The generation before `.Output.previous`: the next build reuses it as its staging folder.
    var trashDirectory: URL {
        outputDirectory.deletingLastPathComponent().appendingPathComponent(".\(outputDirectory.lastPathComponent).trash")
    }

    /// An exclusive lock on `.Output.lock`, so two builds into one folder (cron and a person) take turns
    /// instead of swapping over each other. Waits for the other build; released when the process ends.
    private func acquireLock() throws -> Int32 {
        let parent = outputDirectory.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let path = parent.appendingPathComponent(".\(outputDirectory.lastPathComponent).lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PantauError(
                file: path, step: .output,
                "could not create the build lock: \(String(cString: strerror(errno))); check that the folder is writable")
        }
        if flock(fd, LOCK_EX) != 0 {
            close(fd)
            throw PantauError(file: path, step: .output, "could not lock the output folder: \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// Why a rename failed, with what to do for the usual cause: a mount point.
    static func explain(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if underlying?.code == Int(EXDEV) || underlying?.code == Int(EBUSY) || (error as NSError).code == 512 {
            return
                "the output folder looks like a mount point or another file system; point --output at a folder inside it, or publish by "
                + "copying Output/ there"
        }
        return error.localizedDescription
    }

    /// The old output folder's `README.md` note (a regular file, not a link), to publish again:
    /// the caller adds it to the files so the checks see it like every other file.
    func carriedNote() -> OutputFile? {
        let note = outputDirectory.appendingPathComponent("README.md")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: note.path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            (attributes[.size] as? Int ?? 0) < 65_536,
            let data = FileManager.default.contents(atPath: note.path)
        else { return nil }
        return OutputFile(path: "README.md", bytes: data)
    }

    /// Leftovers of builds that were killed before they finished.
    private func removeStaleStagingFolders() {
        let parent = outputDirectory.deletingLastPathComponent()
        let prefixes = [".\(outputDirectory.lastPathComponent).building-"]
        guard let entries = FolderEntries.list(parent.path) else { return }
        for name in entries.map(\.name) where prefixes.contains(where: name.hasPrefix) {
            // Another build that is still running keeps its folder.
            if let pid = Int32(name.split(separator: "-").last ?? ""), pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) == 0 {
                continue
            }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
