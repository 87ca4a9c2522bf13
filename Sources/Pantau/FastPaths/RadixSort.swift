/// Sorts `UInt64` keys by spreading them over buckets by their top bits within the keys' own range (about
/// 16 keys to a bucket), then sorting each small bucket. At national scale the privacy guard sorts millions
/// of keys (NIPs, NIKs, email and name hashes) before the build can check a page; Swift's `sorted()`
/// (a merge sort) spent most of that build's time there.
///
/// Hashes spread evenly; NIPs and NIKs are numbers in a narrow range, which is why the buckets cut the range
/// from the smallest key to the largest rather than the whole 64 bits. A crowded bucket is simply a larger
/// sort. `sorted()` is the tests' reference.
enum RadixSort {
    /// Below this many keys `sorted()` is as fast and needs no buffer.
    static let threshold = 4096

    static func sorted(_ keys: [UInt64]) -> [UInt64] {
        guard keys.count >= threshold, let low = keys.min(), let high = keys.max() else { return keys.sorted() }
        var bucketBits = 8
        while bucketBits < 22, (keys.count >> bucketBits) > 16 { bucketBits += 1 }
        let span = high - low
        let shift = UInt64(max(0, (64 - span.leadingZeroBitCount) - bucketBits))
        let bucketCount = Int(span >> shift) + 1
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        keys.withUnsafeBufferPointer { keys in
            starts.withUnsafeMutableBufferPointer { starts in
                for key in keys { starts[Int((key - low) >> shift) + 1] += 1 }
                for bucket in 0..<bucketCount { starts[bucket + 1] += starts[bucket] }
            }
        }
        var out = [UInt64](repeating: 0, count: keys.count)
        var next = starts
        keys.withUnsafeBufferPointer { keys in
            out.withUnsafeMutableBufferPointer { out in
                next.withUnsafeMutableBufferPointer { next in
                    for key in keys {
                        let bucket = Int((key - low) >> shift)
                        out[next[bucket]] = key
                        next[bucket] += 1
                    }
                }
                guard let base = out.baseAddress else { return }
                for bucket in 0..<bucketCount {
                    let start = starts[bucket]
                    let count = starts[bucket + 1] - start
                    if count > 32 {
                        var slice = UnsafeMutableBufferPointer(start: base + start, count: count)
                        slice.sort()
                    } else if count > 1 {
                        insertionSort(base + start, count)
                    }
                }
            }
        }
        return out
    }

    @inline(__always) private static func insertionSort(_ keys: UnsafeMutablePointer<UInt64>, _ count: Int) {
        for i in 1..<count {
            let key = keys[i]
            var j = i
            while j > 0, keys[j - 1] > key {
                keys[j] = keys[j - 1]
                j -= 1
            }
            keys[j] = key
        }
    }
}
