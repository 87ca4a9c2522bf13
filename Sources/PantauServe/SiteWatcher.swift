import Foundation
import Pantau

/// Notices changes to what a build reads: Content/, Themes/, site.yml and the datastore. It polls: every
/// call lists the files with their size and modification time (10,000 pages take a few milliseconds),
/// which works on every file system, including network and container mounts where inotify is silent.
struct SiteWatcher {
    let siteDirectory: URL

    /// A value that changes when any watched file is added, removed, resized or modified.
    func fingerprint() -> [String: Int] {
        var out: [String: Int] = [:]
        let root = siteDirectory.path
        func note(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
                for name in names where !name.hasPrefix(".") { note(path + "/" + name) }
                return
            }
            out[path] = Int(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int(info.st_mtim.tv_nsec) &+ Int(info.st_size) &* 31
        }
        note(root + "/Content")
        note(root + "/Themes")
        note(root + "/site.yml")
        note(root + "/data")
        if let config = try? SiteConfig.load(siteDirectory: siteDirectory) {
            let store = config.data.datastore
            note(store.hasPrefix("/") ? store : root + "/" + store)
        }
        return out
    }
}
