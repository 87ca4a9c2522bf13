import FlyingFox
import Foundation

/// The WebSocket each served page opens: it receives `{"version":N,"error":…}` on connecting and after
/// every build, and reloads or shows the error overlay (see ``ReloadScript``).
struct ReloadSocket: WSMessageHandler {
    let state: BuildState

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let updates = await state.updates()
        return AsyncStream { continuation in
            let forward = Task {
                for await snapshot in updates { continuation.yield(.text(Self.message(snapshot))) }
                continuation.finish()
            }
            // The page closing its socket ends the client stream: stop forwarding.
            let drain = Task {
                for await _ in client {}
                forward.cancel()
                continuation.finish()
            }
            continuation.onTermination = { _ in
                forward.cancel()
                drain.cancel()
            }
        }
    }

    /// `{"version": n}`, with `"error"` while the last build failed: what the page's reload script reads.
    static func message(_ snapshot: BuildState.Snapshot) -> String {
        struct Message: Encodable {
            var version: Int
            var error: String?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(Message(version: snapshot.version, error: snapshot.error))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
