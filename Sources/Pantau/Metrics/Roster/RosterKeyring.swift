import Foundation

/// The private passphrase file (`rosters.keys`, default `data/roster-keys.tsv`, mode 0600): one line per unit
/// with its passphrase and, so builds never rerun PBKDF2, the key derived from it for the current salt and
/// iteration count. Tab-separated because passphrases hold spaces.
struct RosterKeyring: Sendable, Equatable {
    /// One unit's passphrase and its derived key.
    struct Entry: Sendable, Equatable {
        var passphrase: String
        /// The salt and iteration count `master` was derived with; a change in either makes it stale.
        var salt: String
        var iterations: Int
        var master: [UInt8]
        /// The data's date when the passphrase was made (`YYYY-MM-DD`), for the hand-over letter.
        var created: String
    }

    /// By unit code.
    var entries: [String: Entry] = [:]

    static let header = "kode\tpassphrase\tsalt\titerations\tmaster\tdibuat"
    static let comment = "# Pantau roster passphrases: SECRET. Hand each unit only its own (see the letters). Keep mode 0600."

    init(entries: [String: Entry] = [:]) { self.entries = entries }

    /// The keyring at `url`; empty when the file does not exist. Errors name the file and line.
    static func load(from url: URL, displayPath: String) throws -> RosterKeyring {
        guard FileManager.default.fileExists(atPath: url.path) else { return RosterKeyring() }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PantauError(file: displayPath, step: .metrics, "could not be read; check its permissions")
        }
        var ring = RosterKeyring()
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") || line == header[...] { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func fail(_ message: String) -> PantauError { PantauError(file: displayPath, line: number + 1, step: .metrics, message) }
            guard fields.count == 6 else {
                throw fail(
                    "has \(fields.count) tab-separated fields, expected 6 (\(header.replacingOccurrences(of: "\t", with: ", "))); "
                        + "rewrite it with `pantau roster keys`")
            }
            guard let iterations = Int(fields[3]), let master = Self.bytes(hex: fields[4]), master.count == 32 else {
                throw fail(
                    "iterations or master key of unit \(fields[0]) is unreadable; run `pantau roster keys --unit "
                        + "\(fields[0]) --rotate`")
            }
            guard RosterPassphrase.normalise(fields[1]).split(separator: " ").count >= RosterPassphrase.wordCount else {
                throw fail(
                    "the passphrase of unit \(fields[0]) has fewer than \(RosterPassphrase.wordCount) words; run `pantau "
                        + "roster keys --unit \(fields[0]) --rotate`")
            }
            guard ring.entries[fields[0]] == nil else { throw fail("unit \(fields[0]) appears twice; keep one line per unit") }
            ring.entries[fields[0]] = Entry(
                passphrase: fields[1], salt: fields[2], iterations: iterations, master: master,
                created: fields[5])
        }
        return ring
    }

    /// The file's bytes, units sorted by code (same keys, same bytes).
    var encoded: [UInt8] {
        var out = Self.comment + "\n" + Self.header + "\n"
        for code in entries.keys.sorted() {
            guard let e = entries[code] else { continue }
            out += [code, e.passphrase, e.salt, String(e.iterations), LookupKeys.hex(e.master), e.created].joined(separator: "\t") + "\n"
        }
        return Array(out.utf8)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            default: nil
            }
        }
        var i = 0
        while i < digits.count {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
