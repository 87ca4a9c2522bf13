import Foundation
import ZIPFoundation

/// One file of a zip archive, inflated by ZIPFoundation on a thread of its own into a short queue of chunks that
/// the reader takes in order: inflating overlaps parsing, memory stays at a few chunks, and nothing inflated
/// (personal data) is written to disk. The CRC-32 and size the archive records are checked at the end: a
/// damaged part is an error, not a short read.
final class ZipEntryStream {
    /// Why a part could not be inflated, in words for a message.
    struct Failure: Error, Equatable { let reason: String }

    /// The queue between the inflating thread and the reader.
    private final class Channel: @unchecked Sendable {
        let condition = NSCondition()
        var chunks: [Data] = []
        var finished = false
        var failure: Error?
        var cancelled = false
        var threadDone = false
    }

    /// The part's size once inflated, as the archive records it.
    let size: Int
    private let channel = Channel()
    private let depth: Int

    /// Starts inflating the file `path` of the archive at `url`; nil when the archive has no such file.
    /// `chunkSize` bytes per chunk, at most `depth` chunks waiting.
    init?(url: URL, path: String, chunkSize: Int = 1 << 18, depth: Int = 8) throws {
        let parts = try ZipParts(url: url, archive: Archive(url: url, accessMode: .read), displayPath: url.lastPathComponent)
        guard let entry = parts.parts[path] else { return nil }
        size = entry.uncompressedSize
        self.depth = max(1, depth)
        let channel = channel
        let expectedSize = size
        let limit = self.depth
        // The thread opens its own handle on the archive: an Archive is not shared between threads.
        let thread = Thread {
            Self.inflate(url: url, path: path, chunkSize: chunkSize, expectedSize: expectedSize, limit: limit, into: channel)
        }
        thread.name = "pantau-inflate"
        thread.start()
    }

    deinit {
        let condition = channel.condition
        condition.lock()
        channel.cancelled = true
        condition.broadcast()
        while !channel.threadDone { condition.wait() }
        condition.unlock()
    }

    /// The next chunk in order; nil after the last. Throws ``Failure`` when the part is damaged.
    func next() throws -> Data? {
        let condition = channel.condition
        condition.lock()
        defer { condition.unlock() }
        while channel.chunks.isEmpty && !channel.finished { condition.wait() }
        if !channel.chunks.isEmpty {
            // Taken out of the queue at once (a few entries): a chunk kept referenced would be memory held.
            let chunk = channel.chunks.removeFirst()
            condition.broadcast()
            return chunk
        }
        if let failure = channel.failure { throw failure }
        return nil
    }

    private struct Cancelled: Error {}

    /// ZipParts' "the workbook is damaged or cut short (…); download…" as a reason for the reader's message.
    private static func reason(_ message: String, path: String) -> String {
        "\(path) is damaged or cut short (its size, CRC-32 or compressed bytes do not match the archive's table of contents)"
    }

    private static func inflate(url: URL, path: String, chunkSize: Int, expectedSize: Int, limit: Int, into channel: Channel) {
        var failure: Error?
        do {
            // ZipParts feeds the inflater only the part's own bytes and checks its size and CRC-32 (a damaged
            // deflate stream made ZIPFoundation's own extract read on for ever).
            let parts = try ZipParts(url: url, archive: Archive(url: url, accessMode: .read), displayPath: url.lastPathComponent)
            guard
                try parts.extract(
                    path, bufferSize: chunkSize,
                    consumer: { data in
                        channel.condition.lock()
                        defer { channel.condition.unlock() }
                        while channel.chunks.count >= limit && !channel.cancelled { channel.condition.wait() }
                        if channel.cancelled { throw Cancelled() }
                        if !data.isEmpty { channel.chunks.append(data) }
                        channel.condition.broadcast()
                    })
            else { throw Failure(reason: "\(path) is missing from the archive") }
        } catch let error as Failure {
            failure = error
        } catch let error as PantauError {
            failure = Failure(reason: Self.reason(error.message, path: path))
        } catch is Cancelled {
            failure = nil
        } catch {
            failure = Failure(reason: "\(path) cannot be inflated (\(error)); the file may be damaged or cut short")
        }
        channel.condition.lock()
        channel.failure = failure
        channel.finished = true
        channel.threadDone = true
        channel.condition.broadcast()
        channel.condition.unlock()
    }
}
