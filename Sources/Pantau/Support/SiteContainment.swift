import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a build may read the files it publishes from: inside the site folder by real path (symbolic links
/// resolved), and never the site's private files (datastore, its journal, the cek cache, anything in `data/`).
/// A link in `Content/` to `/etc/passwd`, or a theme's `favicon.ico` linked to the cek cache, is refused.
struct SiteContainment: Sendable {
    /// The site folder's real path.
    let root: String
    /// Real paths of private files and folders.
    let privatePaths: [String]

    init(siteDirectory: URL, privateFiles: [URL] = []) {
        root = Self.realPath(siteDirectory.path) ?? siteDirectory.standardizedFileURL.path
        let data = siteDirectory.appendingPathComponent("data")
        privatePaths = ([data] + privateFiles).flatMap { url -> [String] in
            // The journal files SQLite keeps beside the datastore are as private as the datastore.
            let path = Self.realPath(url.path) ?? url.standardizedFileURL.path
            return [path, path + "-journal", path + "-wal", path + "-shm"]
        }
    }

    /// Throws unless the file at `path` (shown to the user as `shown`) really lies inside the site and is not private.
    /// A missing file passes: reading it reports it.
    func check(_ path: String, shown: String) throws {
        guard let real = Self.realPath(path) else { return }
        guard real.hasPrefix(root + "/") else {
            throw PantauError.refusal(
                file: shown, step: .content,
                "resolves to \(real), outside the site folder (a symbolic link); a build publishes only files inside the site, "
                    + "so copy the file into the site instead of linking to it")
        }
        for folder in privatePaths where real == folder || real.hasPrefix(folder + "/") {
            throw PantauError.refusal(
                file: shown, step: .content,
                "resolves to \(real), a private file of the site (datastore, cek cache or data/), which is never published; "
                    + "remove the link")
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
