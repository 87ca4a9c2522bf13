import Foundation

/// The served site's generation: a number that grows with every build, the last build's error (nil
/// after a good build), and the open pages' sockets to tell.
actor BuildState {
    /// What a page needs to know: the generation, and the error to show if the last build failed.
    struct Snapshot: Sendable, Equatable {
        var version: Int
        var error: String?
        var basePath: String
    }

    private var current = Snapshot(version: 0, error: nil, basePath: "/")
    /// The last good build's files by output path, answered from memory (nil: read them from the build folder).
    private(set) var files: [String: Data]?
    private var listeners: [UUID: AsyncStream<Snapshot>.Continuation] = [:]

    func snapshot() -> Snapshot { current }

    /// The state and the files to serve, read together.
    func site() -> (snapshot: Snapshot, files: [String: Data]?) { (current, files) }

    func succeeded(basePath: String, files: [String: Data]? = nil) {
        current = Snapshot(version: current.version + 1, error: nil, basePath: basePath)
        self.files = files
        broadcast()
    }

    func failed(_ message: String) {
        current.version += 1
        current.error = message
        broadcast()
    }

    /// A stream of every later state, starting with the current one.
    func updates() -> AsyncStream<Snapshot> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Snapshot>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.yield(current)
        listeners[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        return stream
    }

    private func remove(_ id: UUID) { listeners[id] = nil }

    private func broadcast() {
        for continuation in listeners.values { continuation.yield(current) }
    }
}
