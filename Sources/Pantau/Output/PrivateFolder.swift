import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A folder for files holding personal data (roster lists, passphrases): mode 0700, files 0600, never inside
/// the published tree. The check is by real path, so a symbolic link into `Output/` is refused too.
struct PrivateFolder: Sendable {
    let url: URL
    /// The folder as the user wrote it, for messages.
    let displayPath: String

    /// Checks `url` against the site's published and source trees, then creates it (0700) if needed.
    ///
    /// Refused: inside the site's `Output/` (or the folder a build wrote, recognised by its `index.html` and
    /// `sitemap.xml`), `Content/` or `Themes/`, whose files end up published.
    init(_ url: URL, displayPath: String, site: URL) throws {
        self.url = url.standardizedFileURL
        self.displayPath = displayPath
        let real = Self.realPath(self.url)
        let published = ["Output", "Content", "Themes"].map { Self.realPath(site.appendingPathComponent($0, isDirectory: true)) }
        for root in published where real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            throw PantauError(
                file: displayPath, step: .output,
                "is inside the published site (\(root)); personal data must stay " + "out of it. "
                    + "Choose a folder outside Output/, Content/ and Themes/, e.g. data/daftar")
        }
        var ancestor = URL(fileURLWithPath: real, isDirectory: true)
        while ancestor.path != "/" {
            let fm = FileManager.default
            if fm.fileExists(atPath: ancestor.appendingPathComponent("index.html").path),
                fm.fileExists(atPath: ancestor.appendingPathComponent("sitemap.xml").path)
            {
                throw PantauError(
                    file: displayPath, step: .output,
                    "is inside a built site (\(ancestor.path) has index.html and " + "sitemap.xml); "
                        + "personal data must stay out of published folders. Choose another folder, e.g. data/daftar")
            }
            ancestor.deleteLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PantauError(
                file: displayPath, step: .output,
                "the folder could not be created (\(error.localizedDescription)); " + "check the path and permissions")
        }
        guard chmod(self.url.path, 0o700) == 0 else {
            throw PantauError(
                file: displayPath, step: .output, "could not make the folder private (chmod 0700: " + "\(String(cString: strerror(errno))))"
            )
        }
    }

    /// The real path of `url`, resolving links in the part that exists (the rest is appended as written).
    static func realPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.path
        if let r = realpath(existing.path, nil) {
            resolved = String(cString: r)
            free(r)
        }
        return ([resolved == "/" ? "" : resolved] + rest).joined(separator: "/")
    }

    /// Writes `bytes` as `name` with mode 0600: to a temporary file first, then renamed over the old one,
    /// so a reader never sees half a file and an old file's looser mode is not kept.
    func write(_ name: String, _ bytes: [UInt8]) throws {
        let target = url.appendingPathComponent(name)
        let temporary = url.appendingPathComponent(".\(name).tmp")
        let shown = displayPath + "/" + name
        unlink(temporary.path)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw PantauError(file: shown, step: .output, "could not be written (\(String(cString: strerror(errno))))") }
        var ok = fchmod(fd, 0o600) == 0
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while ok, offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n <= 0 { ok = false } else { offset += n }
            }
        }
        if close(fd) != 0 { ok = false }
        guard ok, rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw PantauError(file: shown, step: .output, "could not be written (\(reason)); is the disk full?")
        }
    }
}
