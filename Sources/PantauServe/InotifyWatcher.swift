import Dispatch
import Foundation
import Pantau

#if canImport(Glibc)
    import Glibc
#endif

/// Learns of changes to what a build reads from Linux's inotify, within a millisecond of the save instead of
/// a polling interval: a watch on every folder under Content/, Themes/ and data/ (folders made later are
/// watched as they appear), on the site folder for site.yml, and on the datastore's folder.
///
/// `start` returns nil where inotify is unavailable or a first watch fails (the watch limit, a file system
/// that does not support it); ``SiteChanges`` then polls. A watch failing later (a new folder over the
/// limit) calls `failed` once, and the caller polls from then on.
final class InotifyWatcher: @unchecked Sendable {
    private let fd: Int32
    private let queue = DispatchQueue(label: "pantau.serve.inotify")
    private var source: DispatchSourceRead?
    /// Folder by watch descriptor; the recursive ones get their new subfolders watched too.
    private var folders: [Int32: (path: String, recursive: Bool)] = [:]
    private var stopped = false

    private let relevant: @Sendable (String) -> Bool

    private init(fd: Int32, relevant: @escaping @Sendable (String) -> Bool) {
        self.fd = fd
        self.relevant = relevant
    }

    /// The events mask: anything that changes a file's bytes or a folder's entries.
    private static let mask: UInt32 =
        UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVED_FROM | IN_MOVED_TO | IN_MOVE_SELF)

    /// Watches `recursive` folders with everything under them and `flat` folders alone; calls `changed` on
    /// the watcher's own queue after every batch of events, with the files it changed (nil when it cannot
    /// say: a folder made, moved or deleted, the kernel's queue overflowing), and `failed` once if watching
    /// stops working.
    /// Events on paths `relevant` says no to (a database's shared memory, a cache the build writes) are ignored.
    static func start(
        recursive: [String], flat: [String], relevant: @escaping @Sendable (String) -> Bool,
        changed: @escaping @Sendable (Set<String>?) -> Void, failed: @escaping @Sendable () -> Void
    ) -> InotifyWatcher? {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let watcher = InotifyWatcher(fd: fd, relevant: relevant)
        for folder in flat where watcher.isFolder(folder) {
            guard watcher.watch(folder, recursive: false) else { return watcher.closed() }
        }
        for folder in recursive where watcher.isFolder(folder) {
            guard watcher.watchTree(folder) else { return watcher.closed() }
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: watcher.queue)
        source.setEventHandler { [watcher] in
            guard !watcher.stopped else { return }
            let (ok, seen, paths) = watcher.drain()
            if ok {
                if seen { changed(paths) }
            } else {
                watcher.stopped = true
                failed()
            }
        }
        watcher.source = source
        source.resume()
        return watcher
    }

    /// Stops watching and closes the descriptor.
    func stop() {
        queue.sync {
            stopped = true
            source?.cancel()
            source = nil
        }
    }

    deinit {
        source?.cancel()
        close(fd)
    }

    private func closed() -> InotifyWatcher? {
        stopped = true
        return nil
    }

    private func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private func watch(_ path: String, recursive: Bool) -> Bool {
        let wd = inotify_add_watch(fd, path, Self.mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { return errno == ENOENT || errno == ENOTDIR }  // gone already: nothing to watch
        folders[wd] = (path, recursive)
        return true
    }

    /// `path` and every folder below it (hidden ones too: a hidden folder's files are skipped by builds, but
    /// renaming it to a visible name must be seen, and that is an event in its parent).
    private func watchTree(_ path: String) -> Bool {
        guard watch(path, recursive: true) else { return false }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            var info = stat()
            // lstat: a link to a folder is not followed (builds do not follow them either).
            guard lstat(path + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            guard watchTree(path + "/" + name) else { return false }
        }
        return true
    }

    /// Reads every pending event and watches new folders: whether watching can still be trusted (a failed
    /// new watch cannot be; the kernel's queue overflowing is a change like any other), and whether a
    /// relevant path changed, and which (nil: not only files, or not known).
    private func drain() -> (ok: Bool, seen: Bool, paths: Set<String>?) {
        let size = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: size)
        var ok = true
        var seen = false
        var paths: Set<String>? = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, size) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<min(nameStart + length, n)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset = nameStart + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    seen = true
                    paths = nil
                }
                if mask & UInt32(IN_IGNORED) != 0 {
                    folders[wd] = nil
                    paths = nil
                    continue
                }
                guard let folder = folders[wd] else { continue }
                let path = name.isEmpty ? folder.path : folder.path + "/" + name
                if relevant(path) {
                    seen = true
                    // A folder's event changes the paths of every file in it; an event without a name is the folder's own.
                    if name.isEmpty || mask & UInt32(IN_ISDIR | IN_DELETE_SELF | IN_MOVE_SELF) != 0 { paths = nil }
                    paths?.insert(path)
                }
                let isNewFolder = mask & UInt32(IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0
                if isNewFolder, folder.recursive, !name.isEmpty, !watchTree(folder.path + "/" + name) { ok = false }
            }
        }
        return (ok, seen, paths)
    }
}
