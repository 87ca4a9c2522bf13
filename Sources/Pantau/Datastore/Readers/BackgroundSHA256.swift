import Crypto
import Foundation

/// SHA-256 of a stream of chunks, hashed on a thread of its own: a CSV reader hands over each chunk it reads
/// (a copy: its buffer is reused) and goes on parsing. Parsing is an import's busiest thread, and hashing
/// a national export (a gigabyte) took a twentieth of it. At most ``depth`` chunks wait, so memory stays small.
final class BackgroundSHA256: @unchecked Sendable {
    static let depth = 4

    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    /// Chunks handed over and not yet hashed (queued or being hashed).
    private var pending = 0
    private var closed = false
    /// Whether the thread runs; it starts with the first chunk, so a reader that fails to open makes none.
    private var running = false
    private var hasher = SHA256()

    /// Stops the thread (what is queued is still hashed). The owner must call it: the thread holds this object.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    /// Queues a copy of `bytes`; waits while ``depth`` chunks are waiting already.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let chunk = [UInt8](bytes)
        condition.lock()
        if !running && !closed {
            running = true
            let thread = Thread { [self] in run() }
            thread.name = "pantau-sha256"
            thread.start()
        }
        while chunks.count >= Self.depth { condition.wait() }
        chunks.append(chunk)
        pending += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The digest of everything handed over so far, in lower-case hex (waits for it to be hashed).
    var hex: String {
        condition.lock()
        while pending > 0 { condition.wait() }
        let digest = hasher.finalize()
        condition.unlock()
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    private func run() {
        condition.lock()
        while true {
            while chunks.isEmpty && !closed { condition.wait() }
            if chunks.isEmpty { break }
            let chunk = chunks.removeFirst()
            condition.broadcast()
            var hasher = self.hasher
            condition.unlock()
            hasher.update(data: chunk)  // outside the lock: the reader queues the next chunk meanwhile
            condition.lock()
            self.hasher = hasher
            pending -= 1
            condition.broadcast()
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
