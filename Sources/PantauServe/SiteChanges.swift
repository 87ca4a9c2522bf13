import Foundation
import Pantau

/// How `pantau serve` learns that something a build reads changed: inotify on Linux (``InotifyWatcher``),
/// polling every 100 ms (``SiteWatcher``) where inotify is unavailable or stops working.
struct SiteChanges: Sendable {
    let siteDirectory: URL
    /// False: poll even where inotify works (tests of the fallback).
    var inotify = true

    /// How changes are being watched, for the log and the tests.
    enum Method: String, Sendable {
        case inotify
        case polling
    }

    /// A stream that yields after changes (a burst yields the number of the newest change), and how it
    /// watches. ``ChangeCount/value`` is the number of the newest change seen so far, and
    /// ``ChangeCount/takePaths()`` the files changed (nil: not known) since it was last called.
    func events() -> (stream: AsyncStream<Int>, method: Method, count: ChangeCount) {
        let (stream, raw) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let count = ChangeCount()
        let continuation = CountingContinuation(raw: raw, count: count)
        let polling = PollingTask()
        let watcher = SiteWatcher(siteDirectory: siteDirectory)
        let watched = BuildMemo.watched(siteDirectory: siteDirectory)
        let started =
            inotify
            ? InotifyWatcher.start(
                recursive: watched.trees, flat: watched.folders, relevant: watched.relevant,
                changed: { continuation.yield(paths: $0) },
                failed: {
                    continuation.yield(paths: nil)
                    polling.start(watcher, continuation)
                }) : nil
        if started == nil { polling.start(watcher, continuation) }
        raw.onTermination = { _ in
            started?.stop()
            polling.cancel()
        }
        return (stream, started == nil ? .polling : .inotify, count)
    }

}

/// The polling loop, started at most once (when inotify is unavailable, or fails later).
private final class PollingTask: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var cancelled = false

    func start(_ watcher: SiteWatcher, _ continuation: CountingContinuation) {
        lock.withLock {
            guard task == nil, !cancelled else { return }
            task = Task.detached {
                var fingerprint = watcher.fingerprint()
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    let now = watcher.fingerprint()
                    if now != fingerprint {
                        fingerprint = now
                        continuation.yield(paths: nil)
                    }
                }
            }
        }
    }

    func cancel() {
        lock.withLock {
            cancelled = true
            task?.cancel()
        }
    }
}

/// How many changes have been seen (serve skips a wake-up for changes its last build already read), and
/// which files changed since serve last asked.
final class ChangeCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var paths: Set<String>? = []

    var value: Int { lock.withLock { count } }

    func next(paths changed: Set<String>?) -> Int {
        lock.withLock {
            count += 1
            if let changed { paths?.formUnion(changed) } else { paths = nil }
            return count
        }
    }

    /// The files changed since the last call (nil: not known), and the number of the newest change.
    func takePaths() -> (paths: Set<String>?, count: Int) {
        lock.withLock {
            defer { paths = [] }
            return (paths, count)
        }
    }
}

/// Numbers each change and passes it on.
struct CountingContinuation: Sendable {
    let raw: AsyncStream<Int>.Continuation
    let count: ChangeCount

    func yield(paths: Set<String>?) { raw.yield(count.next(paths: paths)) }
}
