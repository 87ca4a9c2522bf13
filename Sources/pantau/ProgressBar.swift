import Foundation

/// A progress line on the terminal (stderr) for imports that take over a second: bar, rows, rows/s and ETA.
/// Silent when stderr is not a terminal or `CI` is set.
final class ProgressBar {
    private let start = Date()
    private let enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
    private var shown = false

    func update(rows: Int, done: Int, total: Int) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 1, total > 0 else { return }
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int(fraction * 30)
        let rate = Double(rows) / elapsed
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let line =
            "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] "
            + "\(Int(fraction * 100))%  \(rows) rows  \(Int(rate)) rows/s  ETA \(Int(eta.rounded())) s"
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
        shown = true
    }

    /// Clears the line before the summary is printed.
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
