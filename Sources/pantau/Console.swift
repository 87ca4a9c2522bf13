import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where `pantau` writes what it has to say: information to standard output (silenced by `--quiet`), warnings
/// and errors to standard error, in colour only on a terminal and never when `NO_COLOR` is set (no-color.org).
struct Console {
    /// `--quiet`: only warnings and errors.
    var quiet = false

    /// A line of information (a summary, what to do next).
    func info(_ text: String) {
        guard !quiet, !text.isEmpty else { return }
        print(text)
    }

    /// A warning: always shown, on standard error, each line prefixed with `warning: `.
    func warning(_ text: String) {
        Self.writeError(Self.paint("warning:", code: "33") + " " + text)
    }

    /// Writes `text` and a line end to standard error.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// `text` in an ANSI colour when standard error is a terminal and `NO_COLOR` is unset or empty.
    static func paint(_ text: String, code: String) -> String {
        useColour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Colour only on a terminal, not for `TERM=dumb`, and not when `NO_COLOR` has a value.
    static let useColour: Bool = {
        let environment = ProcessInfo.processInfo.environment
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDERR_FILENO) == 1
    }()
}
