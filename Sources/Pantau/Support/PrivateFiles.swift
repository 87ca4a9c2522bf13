import Foundation

/// Files holding personal data (datastore, its journal, the cek cache, reject CSVs) are created readable by
/// their owner only (0600), in folders only the owner can enter (0700), whatever the umask.
enum PrivateFiles {
    /// Creates `folder` (and missing parents) as 0700; an existing folder is left as the user set it.
    static func makeFolder(_ folder: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.path) { return }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Makes the folder of the file at `path` and creates the file empty as 0600 if it is missing, so
    /// SQLite (which gives its journal the database's mode) never creates it with the umask's 0644.
    static func prepare(_ path: URL) throws {
        try makeFolder(path.deletingLastPathComponent())
        let fm = FileManager.default
        if !fm.fileExists(atPath: path.path) {
            _ = fm.createFile(atPath: path.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
    }
}
