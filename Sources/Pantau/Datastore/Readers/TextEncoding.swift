/// The character encoding of a text export, as found from its byte-order mark or named with `--encoding`.
///
/// Only UTF-8 and UTF-16 are recognised on their own; Windows-1252 (older Windows tools) must be asked for,
/// because any byte sequence is valid Windows-1252 and guessing it would store wrong letters silently.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"

    /// The encoding named on the command line (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`, `cp1252`).
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "cp1252" || lower == "latin-1" || lower == "latin1" {
            self = .windows1252
            return
        }
        if lower == "utf8" {
            self = .utf8
            return
        }
        guard let found = TextEncoding(rawValue: lower) else { return nil }
        self = found
    }

    /// Windows-1252's bytes 0x80–0x9F as Unicode scalars (the five undefined bytes map to the C1 controls).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
