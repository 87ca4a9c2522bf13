import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The entries of one folder as `readdir` gives them, each with its kind, links not followed:
/// the type `readdir` reports, or `lstat`'s where the file system reports none.
/// (Foundation's enumerator looked up every one of 10,000 files again.)
enum FolderEntries {
    enum Kind: Equatable {
        case folder, file, link
        /// A pipe, device or socket: never opened (opening a pipe would wait forever).
        case other
    }

    /// The entries of `path` without `.` and `..`, in directory order; nil if it cannot be read.
    static func list(_ path: String) -> [(name: String, kind: Kind)]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var entries: [(name: String, kind: Kind)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name == "." || name == ".." { continue }
            var kind = kind(ofDirentType: Int32(entry.pointee.d_type))
            if kind == nil {
                var info = stat()
                kind = fstatat(dirfd(dir), name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? self.kind(ofMode: info.st_mode) : .other
            }
            entries.append((name, kind ?? .other))
        }
        return entries
    }

    /// The one folder walker: every file below `root` as a path relative to it, sorted. Hidden
    /// entries (`.git`, `.draft.md`) are skipped; a link to a file counts as the file, a link to a
    /// folder is not followed (it could point back up and loop), and a broken link is listed
    /// (reading it then reports it) when `keepBroken` says so.
    static func files(under root: String, keepBroken: (String) -> Bool = { _ in false }) -> [String] {
        var files: [String] = []
        func walk(_ folder: String, _ prefix: String) {
            for entry in list(folder) ?? [] where !entry.name.hasPrefix(".") {
                var kind = entry.kind
                if kind == .link {
                    guard let target = kindFollowingLinks(folder + "/" + entry.name) else {
                        if keepBroken(entry.name) { files.append(prefix + entry.name) }
                        continue
                    }
                    if target == .folder { continue }
                    kind = target
                }
                if kind == .folder {
                    walk(folder + "/" + entry.name, prefix + entry.name + "/")
                } else if kind == .file {
                    files.append(prefix + entry.name)
                }
            }
        }
        walk(root, "")
        return files.sorted()
    }

    /// What a path is, following links (for a link's target); nil if it does not exist.
    static func kindFollowingLinks(_ path: String) -> Kind? {
        var info = stat()
        return stat(path, &info) == 0 ? kind(ofMode: info.st_mode) : nil
    }

    private static func kind(ofDirentType type: Int32) -> Kind? {
        switch type {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .file
        case Int32(DT_LNK): return .link
        case Int32(DT_UNKNOWN): return nil
        default: return .other
        }
    }

    private static func kind(ofMode mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        case S_IFLNK: return .link
        default: return .other
        }
    }
}
