import Crypto
import Foundation

/// Master keys derived in earlier builds, so a rebuild with the same data runs no PBKDF2 at all, and the
/// records the last build sealed, so a rebuild with the same records seals nothing either.
///
/// Each key entry is keyed by SHA-256 of everything the derivation reads (NIP, NIK, salt,
/// iterations), so changing any of them simply misses. The file holds every employee's key and
/// a fast hash of their NIK: it is as sensitive as the datastore and must never be published.
/// The sealed records are the published bucket entries, under a fingerprint (``Sealed``) of every
/// input of the sealing; any change to any record, key, salt or count misses and reseals.
///
/// File format (version 2): `PANTAUCK`, version byte, entry count (UInt32 big-endian), entries sorted by
/// key (32-byte key, 32-byte master); then one byte, 1 when sealed records follow: their 32-byte
/// fingerprint, bucket count, and per bucket its entry count and each entry's id and blob (each a UInt32
/// length and UTF-8 bytes); then SHA-256 of everything before it. Version 1 (keys only, no flag byte) is
/// still read. Anything else (short, wrong version, bad checksum) is ignored and rebuilt.
struct LookupCache: Sendable, Equatable {
    static let magic = Array("PANTAUCK".utf8)
    static let version: UInt8 = 2

    /// Records sealed by a build, and the fingerprint of what they were sealed from.
    struct Sealed: Sendable, Equatable {
        var fingerprint: [UInt8]
        var buckets: [[LookupBucketEntry]]
    }

    /// Cache key → 32-byte master key.
    private(set) var entries: [[UInt8]: [UInt8]]
    /// The last build's sealed records; nil before the first build with this format.
    var sealed: Sealed?

    var count: Int { entries.count }

    init() { entries = [:] }

    /// The cache key of one derivation.
    static func key(nip: String, nik: String, salt: String, iterations: Int) -> [UInt8] {
        var input: [UInt8] = []
        input.reserveCapacity(64 + salt.utf8.count)
        for part in ["pantau-cek-cache/v\(LookupKeys.formatVersion)", nip, nik, salt, String(iterations)] {
            input.append(contentsOf: part.utf8)
            input.append(0)
        }
        return Array(SHA256.hash(data: input))
    }

    func master(for key: [UInt8]) -> [UInt8]? { entries[key] }

    mutating func set(_ master: [UInt8], for key: [UInt8]) { entries[key] = master }

    /// The file's bytes: deterministic for the same entries.
    func encoded() -> Data {
        var out = Self.magic + [Self.version]
        Self.append(UInt32(entries.count), to: &out)
        for (key, master) in entries.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            out += key + master
        }
        if let sealed {
            out.append(1)
            out += sealed.fingerprint
            Self.append(UInt32(sealed.buckets.count), to: &out)
            for bucket in sealed.buckets {
                Self.append(UInt32(bucket.count), to: &out)
                for entry in bucket {
                    for text in [entry.id, entry.blob] {
                        Self.append(UInt32(text.utf8.count), to: &out)
                        out.append(contentsOf: text.utf8)
                    }
                }
            }
        } else {
            out.append(0)
        }
        out += Array(SHA256.hash(data: out))
        return Data(out)
    }

    private static func append(_ n: UInt32, to out: inout [UInt8]) {
        out += [UInt8(n >> 24), UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)]
    }

    /// Decodes a cache file's bytes; nil with a reason when they are not a valid cache.
    static func decode(_ data: Data) -> (cache: LookupCache?, problem: String?) {
        let bytes = [UInt8](data)
        let header = magic.count + 1 + 4
        guard bytes.count >= header + 32, Array(bytes.prefix(magic.count)) == magic else {
            return (nil, "is not a Pantau lookup cache")
        }
        let fileVersion = bytes[magic.count]
        guard fileVersion == 1 || fileVersion == version else { return (nil, "has an unknown format version \(fileVersion)") }
        var reader = Reader(bytes: bytes, end: bytes.count - 32, offset: magic.count + 1)
        guard let n = reader.uint32() else { return (nil, "is truncated") }
        let keysEnd = header + n * 64
        guard fileVersion == 1 ? bytes.count == keysEnd + 32 : bytes.count >= keysEnd + 1 + 32 else { return (nil, "is truncated") }
        let body = bytes.prefix(bytes.count - 32)
        guard Array(SHA256.hash(data: Array(body))) == Array(bytes.suffix(32)) else { return (nil, "fails its checksum") }
        var cache = LookupCache()
        for _ in 0..<n {
            guard let key = reader.bytes(32), let master = reader.bytes(32) else { return (nil, "is truncated") }
            cache.entries[key] = master
        }
        if fileVersion >= 2 {
            guard let flag = reader.bytes(1) else { return (nil, "is truncated") }
            if flag[0] == 1 {
                guard let sealed = reader.sealed() else { return (nil, "is truncated") }
                cache.sealed = sealed
            }
        }
        guard reader.offset == reader.end else { return (nil, "is truncated") }
        return (cache, nil)
    }

    /// Reads the file's fields in order, nil past the end.
    private struct Reader {
        let bytes: [UInt8]
        let end: Int
        var offset: Int

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, end - offset >= count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }

        mutating func uint32() -> Int? {
            bytes(4).map { $0.reduce(0) { $0 << 8 | Int($1) } }
        }

        mutating func text() -> String? {
            guard let length = uint32(), let raw = bytes(length) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }

        mutating func sealed() -> Sealed? {
            guard let fingerprint = bytes(32), let bucketCount = uint32(), bucketCount <= end - offset else { return nil }
            var buckets: [[LookupBucketEntry]] = []
            buckets.reserveCapacity(bucketCount)
            for _ in 0..<bucketCount {
                guard let entryCount = uint32(), entryCount <= end - offset else { return nil }
                var bucket: [LookupBucketEntry] = []
                for _ in 0..<entryCount {
                    guard let id = text(), let blob = text() else { return nil }
                    bucket.append(LookupBucketEntry(id: id, blob: blob))
                }
                buckets.append(bucket)
            }
            return Sealed(fingerprint: fingerprint, buckets: buckets)
        }
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
