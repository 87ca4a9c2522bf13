import Foundation

extension Array where Element: Sendable {
    /// Maps every element on all cores, keeping order; the first error (by index) is thrown.
    ///
    /// Pages are independent, so a build spreads them over `concurrentPerform`'s worker threads
    /// in chunks, which costs far less than one task per page.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        if count < 2 { return try map(transform) }
        let results = UnsafeResults<T>(count: count)
        let chunk = Swift.max(1, count / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunks = (count + chunk - 1) / chunk
        self.withUnsafeBufferPointer { input in
            let input = UnsafeInput(buffer: input)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * chunk
                for i in start..<Swift.min(start + chunk, input.buffer.count) {
                    results.set(i, Result { try transform(input.buffer[i]) })
                }
            }
        }
        return try results.values()
    }
}

private struct UnsafeInput<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
}

/// Each slot is written by exactly one worker, so no lock is needed.
private final class UnsafeResults<T>: @unchecked Sendable {
    private var storage: [Result<T, Error>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, Error>) {
        storage.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    func values() throws -> [T] {
        try storage.map { slot in
            switch slot {
            case .success(let value)?: return value
            case .failure(let error)?: throw error
            case nil: throw PantauError(file: "", step: .render, "internal error: a parallel task produced no result")
            }
        }
    }
}
