import Crypto
import Foundation

/// Master keys derived in earlier builds, so a rebuild with the same data runs no PBKDF2 at all.
///
/// Each entry is keyed by SHA-256 of everything the derivation reads (NIP, NIK, salt,
/// iterations), so changing any of them simply misses. The file holds every employee's key and
/// a fast hash of their NIK: it is as sensitive as the datastore and must never be published.
///
/// File format: `PANTAUCK`, version byte, entry count (UInt32 big-endian), entries sorted by key
/// (32-byte key, 32-byte master), then SHA-256 of everything before it. Anything else (short,
/// wrong version, bad checksum) is ignored and rebuilt.
struct LookupCache: Sendable, Equatable {
    static let magic = Array("PANTAUCK".utf8)
    static let version: UInt8 = 1

    /// Cache key → 32-byte master key.
    private(set) var entries: [[UInt8]: [UInt8]]

    var count: Int { entries.count }

    init() { entries = [:] }

    /// The cache key of one derivation.
    static func key(nip: String, nik: String, salt: String, iterations: Int) -> [UInt8] {
        var hash = SHA256()
        for part in ["pantau-cek-cache/v\(LookupKeys.formatVersion)", nip, nik, salt, String(iterations)] {
            hash.update(data: Array(part.utf8) + [0])
        }
        return Array(hash.finalize())
    }

    func master(for key: [UInt8]) -> [UInt8]? { entries[key] }

    mutating func set(_ master: [UInt8], for key: [UInt8]) { entries[key] = master }

    /// The file's bytes: deterministic for the same entries.
    func encoded() -> Data {
        var out = Self.magic + [Self.version]
        let n = UInt32(entries.count)
        out += [UInt8(n >> 24), UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)]
        for (key, master) in entries.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            out += key + master
        }
        out += Array(SHA256.hash(data: out))
        return Data(out)
    }

    /// Decodes a cache file's bytes; nil with a reason when they are not a valid cache.
    static func decode(_ data: Data) -> (cache: LookupCache?, problem: String?) {
        let bytes = [UInt8](data)
        let header = magic.count + 1 + 4
        guard bytes.count >= header + 32, Array(bytes.prefix(magic.count)) == magic else {
            return (nil, "is not a Pantau lookup cache")
        }
        guard bytes[magic.count] == version else { return (nil, "has an unknown format version \(bytes[magic.count])") }
        let n = bytes[(magic.count + 1)..<header].reduce(0) { $0 << 8 | Int($1) }
        guard bytes.count == header + n * 64 + 32 else { return (nil, "is truncated") }
        let body = bytes.prefix(bytes.count - 32)
        guard Array(SHA256.hash(data: Array(body))) == Array(bytes.suffix(32)) else { return (nil, "fails its checksum") }
        var cache = LookupCache()
        var offset = header
        for _ in 0..<n {
            cache.entries[Array(bytes[offset..<(offset + 32)])] = Array(bytes[(offset + 32)..<(offset + 64)])
            offset += 64
        }
        return (cache, nil)
    }

    /// Reads the cache at `url`: empty when there is none; empty with a note when it is unusable.
    static func load(from url: URL, displayPath: String) -> (cache: LookupCache, note: String?) {
        guard let data = FileManager.default.contents(atPath: url.path) else { return (LookupCache(), nil) }
        let (cache, problem) = decode(data)
        if let cache { return (cache, nil) }
        return (
            LookupCache(),
            "Cek status: the cache \(displayPath) \(problem ?? "is unusable"); ignoring it and deriving every key again (it is rewritten "
                + "after this build)."
        )
    }

    /// Writes the cache readable by its owner only, through a temporary file and a rename, so a
    /// crash leaves either the old file or the new one, never half of one.
    func write(to url: URL) throws {
        let fm = FileManager.default
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try PrivateFiles.makeFolder(folder)
            try? fm.removeItem(at: temporary)
            guard fm.createFile(atPath: temporary.path, contents: encoded(), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? fm.removeItem(at: temporary)
            throw PantauError(
                file: url.path, step: .output,
                "could not write the lookup cache (\(error.localizedDescription)); this build goes on, but the next one will derive every "
                    + "key again"
            )
        }
    }
}
