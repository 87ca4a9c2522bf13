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

    static func message(_ snapshot: BuildState.Snapshot) -> String {
        var object: [String: Any] = ["version": snapshot.version]
        if let error = snapshot.error { object["error"] = error }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
