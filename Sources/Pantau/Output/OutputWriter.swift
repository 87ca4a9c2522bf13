import CSwap
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a build's files into a fresh folder beside the output folder and swaps it into place
/// only after every check passed, so a failed or killed build leaves the previous site as it was.
public struct OutputWriter: Sendable {
    public let outputDirectory: URL

    /// A symlinked output folder (a web root elsewhere) is resolved, so the site lands at its target.
    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// Refuses an output folder that would swallow the site itself (`--output .`, `--output /`):
    /// the swap moves the whole folder aside.
    public func checkTarget(siteDirectory: URL) throws {
        let output = outputDirectory.path
        let site = siteDirectory.standardizedFileURL.resolvingSymlinksInPath().path
        if output == "/" || site == output || site.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw PantauError(file: output, step: .output, "is the site folder or contains it; the build replaces the whole output folder, so choose a folder of its own such as \(site)/Output")
        }
    }

    /// The staging folder: a sibling of the output folder (same file system, so the swap is a rename).
    var stagingDirectory: URL {
        outputDirectory.deletingLastPathComponent()
            .appendingPathComponent(".\(outputDirectory.lastPathComponent).building-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Writes `files` (in parallel) into the staging folder, then swaps it in.
    /// The caller has already checked the files as values.
    public func write(_ files: [OutputFile]) throws {
        let lock = try acquireLock()
        defer { close(lock) }
        let fm = FileManager.default
        let staging = stagingDirectory
        try? fm.removeItem(at: staging)
        removeStaleStagingFolders()
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            try OutputFile.checkPaths(files)
            // Create every folder first, then write files on all cores.
            let folders = Set(files.map { ($0.path as NSString).deletingLastPathComponent }).filter { !$0.isEmpty }.sorted()
            for folder in folders {
                try fm.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            _ = try files.parallelMap { file in
                try Self.writeFile(file.bytes, to: staging.appendingPathComponent(file.path).path)
            }
            try swap(staging)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Replaces the output folder by `staging` in one atomic exchange, then deletes the old site.
    /// Where the file system cannot exchange, falls back to two renames.
    private func swap(_ staging: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: outputDirectory.path) {
            if pantau_exchange_paths(staging.path, outputDirectory.path) == 0 {
                // `staging` now holds the site just replaced: keep it as `.Output.previous` (a rollback is
                // one rename away). The generation before it becomes `.Output.trash`, which the next build
                // deletes while it renders, so a failed build never costs the rollback copy.
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
                throw PantauError(file: outputDirectory.path, step: .output, "could not swap the new site into place (\(Self.explain(error))); the previous site is unchanged")
            }
        } else {
            do {
                try fm.createDirectory(at: outputDirectory.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.moveItem(at: staging, to: outputDirectory)
            } catch {
                throw PantauError(file: outputDirectory.path, step: .output, "could not move the new site into place (\(Self.explain(error)))")
            }
        }
    }

    /// open/write/close: Foundation's `Data.write` syncs every file to disk, which made writing
    /// 10,000 pages take longer than rendering them. The swap is what must be atomic, not each file.
    static func writeFile(_ bytes: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PantauError(file: path, step: .output, "could not create the file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PantauError(file: path, step: .output, "could not write: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// The site before the last successful build, kept until the next build starts.
    public var previousDirectory: URL {
        outputDirectory.deletingLastPathComponent().appendingPathComponent(".\(outputDirectory.lastPathComponent).previous")
    }

    /// The generation before `.Output.previous`, deleted by the next build.
    var trashDirectory: URL {
        outputDirectory.deletingLastPathComponent().appendingPathComponent(".\(outputDirectory.lastPathComponent).trash")
    }

    /// Deletes the old generation on a background thread; the build awaits it before writing.
    /// Deleting 10,000 files takes as long as writing them, so it runs while pages render.
    public func clearTrash() -> Task<Void, Never> {
        let trash = trashDirectory
        return Task.detached { try? FileManager.default.removeItem(at: trash) }
    }

    /// An exclusive lock on `.Output.lock`, so two builds into one folder (cron and a person) take turns
    /// instead of swapping over each other. Waits for the other build; released when the process ends.
    private func acquireLock() throws -> Int32 {
        let parent = outputDirectory.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let path = parent.appendingPathComponent(".\(outputDirectory.lastPathComponent).lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PantauError(file: path, step: .output, "could not create the build lock: \(String(cString: strerror(errno))); check that the folder is writable")
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
            return "the output folder looks like a mount point or another file system; point --output at a folder inside it, or publish by copying Output/ there"
        }
        return error.localizedDescription
    }

    /// The old output folder's `README.md` note (a regular file, not a link), to publish again:
    /// the caller adds it to the files so the checks see it like every other file.
    public func carriedNote() -> OutputFile? {
        let note = outputDirectory.appendingPathComponent("README.md")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: note.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              (attributes[.size] as? Int ?? 0) < 65_536,
              let data = FileManager.default.contents(atPath: note.path) else { return nil }
        return OutputFile(path: "README.md", bytes: data)
    }

    /// Leftovers of builds that were killed before they finished.
    private func removeStaleStagingFolders() {
        let parent = outputDirectory.deletingLastPathComponent()
        let prefixes = [".\(outputDirectory.lastPathComponent).building-"]
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where prefixes.contains(where: name.hasPrefix) {
            // Another build that is still running keeps its folder.
            if let pid = Int32(name.split(separator: "-").last ?? ""), pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
