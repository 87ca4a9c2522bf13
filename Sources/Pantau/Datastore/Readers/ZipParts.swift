import CZlibSystem
import Foundation
import ZIPFoundation

/// The parts of a zip file (an XLSX workbook), unpacked with every read kept inside the part's own bytes.
///
/// Why not `Archive.extract` alone: ZIPFoundation 0.9.20 on Linux inflates by reading on from the part's start
/// until the deflate stream says it is finished; a part whose stream never finishes (a workbook cut short or
/// damaged) reads the end of the file as empty chunks for ever, and `pantau import` hung (found by
/// `scripts/fuzz xlsx`). Here the central directory says where each part's compressed bytes lie, the inflater
/// is fed exactly those, and running out of them, a size or a CRC-32 other than the directory's, is an error.
/// ZIP64 parts (over 4 GB, which no export reaches) are left to ZIPFoundation.
struct ZipParts {
    /// One part as the central directory describes it.
    struct Part {
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        /// A size or the offset is 0xFFFFFFFF: the real value is in a ZIP64 extra field.
        var isZIP64: Bool { [compressedSize, uncompressedSize, localHeaderOffset].contains(0xFFFF_FFFF) }
    }

    private let bytes: Data
    private let archive: Archive
    private(set) var parts: [String: Part] = [:]
    private let displayPath: String

    /// Reads the central directory of `url` (already opened as `archive`); throws when it is not readable.
    init(url: URL, archive: Archive, displayPath: String) throws {
        self.archive = archive
        self.displayPath = displayPath
        bytes = try Data(contentsOf: url, options: .alwaysMapped)
        guard let parts = Self.directory(bytes) else { throw Self.damaged(displayPath, "its table of contents") }
        self.parts = parts
    }

    static func damaged(_ displayPath: String, _ what: String) -> PantauError {
        PantauError(
            file: displayPath, step: .datastore,
            "the workbook is damaged or cut short (\(what) cannot be unpacked); download or save the workbook again")
    }

    func contains(_ path: String) -> Bool { parts[path] != nil }

    /// Unpacks `path` in chunks of up to `bufferSize` bytes; false when the zip has no such part.
    @discardableResult
    func extract(_ path: String, bufferSize: Int = 1 << 16, consumer: (Data) throws -> Void) throws -> Bool {
        guard let part = parts[path] else { return false }
        if part.isZIP64 {
            guard let entry = archive[path] else { return false }
            _ = try archive.extract(entry, bufferSize: bufferSize, skipCRC32: false, consumer: consumer)
            return true
        }
        let start = try dataStart(part, path: path)
        let end = start + part.compressedSize
        guard end <= bytes.count else { throw Self.damaged(displayPath, path) }
        var produced = 0
        // The CRC-32 by zlib's own crc32: ZIPFoundation on Linux computes it a byte at a time in Swift (its
        // `canImport(zlib)` does not see its CZLib module), which took an eighth of an XLSX import's time.
        var crc: UInt = 0
        func take(_ chunk: Data) throws {
            produced += chunk.count
            guard produced <= part.uncompressedSize else { throw Self.damaged(displayPath, path) }
            crc = chunk.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, raw.count > 0 else { return crc }
                return CZlibSystem.crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(raw.count))
            }
            try consumer(chunk)
        }
        switch part.method {
        case 0:
            var position = start
            while position < end {
                let next = min(end, position + bufferSize)
                try take(bytes.subdata(in: position..<next))
                position = next
            }
        case 8:
            let displayPath = displayPath
            _ = try Data.decompress(
                size: Int64(part.compressedSize), bufferSize: bufferSize, skipCRC32: true,
                provider: { position, size in
                    // The stream has not ended and its bytes have: damaged, never "read on".
                    guard position >= 0, Int(position) < part.compressedSize else { throw Self.damaged(displayPath, path) }
                    let from = start + Int(position)
                    return bytes.subdata(in: from..<min(end, from + size))
                }, consumer: take)
        default:
            throw PantauError(
                file: displayPath, step: .datastore,
                "the workbook's part \(path) is packed with method \(part.method), which Pantau does not read; save the workbook "
                    + "again as .xlsx in a spreadsheet")
        }
        guard UInt32(truncatingIfNeeded: crc) == part.crc32, produced == part.uncompressedSize else {
            throw Self.damaged(displayPath, path)
        }
        return true
    }

    /// Where a part's compressed bytes start: after its local header, name and extra field.
    private func dataStart(_ part: Part, path: String) throws -> Int {
        let at = part.localHeaderOffset
        guard at >= 0, at + 30 <= bytes.count, Self.uint32(bytes, at) == 0x0403_4B50 else { throw Self.damaged(displayPath, path) }
        return at + 30 + Int(Self.uint16(bytes, at + 26)) + Int(Self.uint16(bytes, at + 28))
    }

    /// The central directory's parts by name; nil when the end record or an entry is not where it says.
    static func directory(_ bytes: Data) -> [String: Part]? {
        let n = bytes.count
        guard n >= 22 else { return nil }
        // The end record: its signature within the last 22 + 65,535 (comment) bytes, searched from the end.
        var end = n - 22
        let lowest = max(0, n - 22 - 0xFFFF)
        while end >= lowest, uint32(bytes, end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { return nil }
        let count = Int(uint16(bytes, end + 10))
        var at = Int(uint32(bytes, end + 16))
        var parts: [String: Part] = [:]
        for _ in 0..<count {
            guard at + 46 <= n, uint32(bytes, at) == 0x0201_4B50 else { return nil }
            let nameLength = Int(uint16(bytes, at + 28))
            let extraLength = Int(uint16(bytes, at + 30))
            let commentLength = Int(uint16(bytes, at + 32))
            guard at + 46 + nameLength <= n else { return nil }
            let name = String(decoding: bytes.subdata(in: (at + 46)..<(at + 46 + nameLength)), as: UTF8.self)
            parts[name] = Part(
                method: uint16(bytes, at + 10), crc32: uint32(bytes, at + 16), compressedSize: Int(uint32(bytes, at + 20)),
                uncompressedSize: Int(uint32(bytes, at + 24)), localHeaderOffset: Int(uint32(bytes, at + 42)))
            at += 46 + nameLength + extraLength + commentLength
        }
        return parts
    }

    static func uint16(_ bytes: Data, _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        let i = bytes.startIndex + at
        return UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
    }

    static func uint32(_ bytes: Data, _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        let i = bytes.startIndex + at
        return UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }
}
