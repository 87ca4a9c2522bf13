import Foundation

extension Array where Element: Sendable {
    /// Maps every element on all cores, keeping order; the first error (by index) is thrown.
    ///
    /// Pages are independent, so a build spreads them over `concurrentPerform`'s worker threads
    /// in chunks, which costs far less than one task per page. Results go into one buffer that is
    /// allocated before the workers start; each slot is written by exactly one worker.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        if count < 2 { return try map(transform) }
        let slots = ResultSlots<T>(count: count)
        defer { slots.deallocate() }
        let chunk = Swift.max(1, count / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunks = (count + chunk - 1) / chunk
        self.withUnsafeBufferPointer { input in
            let input = UnsafeInput(buffer: input)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * chunk
                for i in start..<Swift.min(start + chunk, input.buffer.count) {
                    slots.set(i, Result { try transform(input.buffer[i]) })
                }
            }
            _ = input
        }
        return try slots.values()
    }
}

private struct UnsafeInput<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
}

/// A fixed buffer of optional results; workers write disjoint slots, so no lock is needed, and
/// nothing is copied on write (a Swift array here would be: its copy-on-write check races).
private final class ResultSlots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result<T, Error>?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    func set(_ index: Int, _ value: Result<T, Error>) {
        buffer[index] = value
    }

    func values() throws -> [T] {
        try buffer.map { slot in
            switch slot {
            case .success(let value)?: return value
            case .failure(let error)?: throw error
            case nil: throw PantauError(file: "", step: .render, "internal error: a parallel task produced no result")
            }
        }
    }

    func deallocate() {
        buffer.deinitialize()
        buffer.deallocate()
    }
}
