import Dispatch

/// Builds ``NameKeys`` on a thread of its own while the datastore is still being read: at national scale
/// (4.3 million employees) cutting names into word keys took as long as reading every row, and the build's
/// privacy check waits for both. Names arrive in chunks of copied bytes, in row order, so the keys are the
/// ones one thread adding every name would make.
final class NameKeyWorker: @unchecked Sendable {
    /// Names copied out of SQLite's row buffers, which are reused at the next row.
    struct Chunk {
        var bytes: [UInt8] = []
        var ends: [Int] = []

        static let names = 32_768

        mutating func append(_ name: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: name)
            ends.append(bytes.count)
        }

        var isFull: Bool { ends.count >= Self.names }
    }

    // Touched only by blocks on `queue`, which runs them one at a time in the order they were sent.
    private var builder = NameKeys.Builder()
    private let queue = DispatchQueue(label: "pantau.name-keys")
    /// At most this many chunks wait, so memory stays bounded when the reader is faster.
    private let slots = DispatchSemaphore(value: 4)

    func add(_ chunk: Chunk) {
        guard !chunk.ends.isEmpty else { return }
        slots.wait()
        queue.async { [self] in
            chunk.bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for end in chunk.ends {
                    builder.add(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
            }
            slots.signal()
        }
    }

    /// Waits for every chunk sent, then sorts the keys.
    func finish() -> NameKeys {
        queue.sync { builder.finish() }
    }
}
