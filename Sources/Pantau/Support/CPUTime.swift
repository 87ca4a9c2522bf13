import Foundation

/// The process's CPU time, the one clock `--timings` and the benchmarks read.
enum CPUTime {
    /// User + system CPU seconds of this process so far, all threads (Linux `getrusage`).
    static func processSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
        let micro = usage.ru_utime.tv_usec + usage.ru_stime.tv_usec
        return Double(seconds) + Double(micro) / 1_000_000
    }
}
