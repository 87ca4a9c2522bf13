import Foundation

/// The last check of a build, over exactly the files about to be written and their paths.
///
/// What it guarantees: the build fails, naming the file, line and rule, if any output file or path holds
/// - an NIP (18 digits) or NIK (16 digits) of any employee in ``Identifiers``, or an email of one, or any of
///   these ever imported: leavers, rejected rows and status-list rows (the datastore's ``IdentifierLedger``);
/// - any 18-digit number shaped like a real NIP, or 16-digit number shaped like a real NIK
///   (``IdentifierShape``), whoever it belongs to;
/// - the full name of a current employee in the datastore: names of two or more words and at least
///   ``NameKeys/minLetters`` letters (shorter ones collide with ordinary text), found as whole words in
///   any case, words separated by up to 3 other characters; the names of contacts in site.yml are exempt;
///
/// as long as the value is written with each character in any of these forms: plain, upper or lower case,
/// full-width or other NFKC variants, an HTML entity, `%XX`, a JSON escape; with zero-width or format
/// characters or tags (`<br>`, `<strong>`) inside; with digit groups separated by up to 3 other characters
/// (spaces, `,`, `:`, `-`, `+`, a newline); an email with `@`, ` @ `, `[at]` or `(at)`. Every byte of every
/// file is read (see ``PrivacyText``). Values listed in `privacy.allow` in site.yml are exempt.
///
/// What it does not guarantee: values split by words or more than 3 characters, spelt out, in images, or
/// transformed (reversed, hashed); it cannot know a personal value it has never seen unless it has the shape
/// of an NIP or NIK. Error messages never repeat the value.
struct PrivacyGuard: Sendable {
    /// The personal values the guard knows by value.
    let identifiers: Identifiers
    /// NIP and NIK numbers that may be published (`privacy.allow`).
    let allowedNumbers: Set<UInt64>
    /// Keys of emails that may be published (`privacy.allow`, the site's contacts).
    let allowedEmails: Set<UInt64>
    /// Keys of names that may be published (`privacy.allow`, the names of the site's contacts).
    let allowedNames: Set<UInt64>

    /// One kind of finding; its raw value is the rule's name in error messages.
    enum Rule: String, Sendable, CaseIterable, Comparable {
        case storedNIP = "datastore-nip"
        case storedNIK = "datastore-nik"
        case storedEmail = "datastore-email"
        case nipShape = "nip-shape"
        case nikShape = "nik-shape"
        case storedName = "datastore-name"

        var what: String {
            switch self {
            case .storedNIP: "an NIP imported into the datastore (an employee's, a leaver's or a rejected row's)"
            case .storedNIK: "an NIK imported into the datastore (an employee's, a leaver's or a rejected row's)"
            case .storedEmail: "an email imported into the datastore (an employee's, a leaver's or a rejected row's)"
            case .nipShape: "an 18-digit number shaped like a NIP (birth date, appointment month, gender digit)"
            case .nikShape: "a 16-digit number shaped like a NIK (province code, birth date)"
            case .storedName: "the full name of an employee in the datastore"
            }
        }

        static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }
    }

    /// One rule broken at one line of a file (1-based; line 1 for a path).
    struct Finding: Hashable, Sendable, Comparable {
        var rule: Rule
        var line: Int

        static func < (a: Finding, b: Finding) -> Bool { (a.line, a.rule) < (b.line, b.rule) }
    }

    /// Builds the guard in one step. `allow` holds values public on purpose (`privacy.allow`);
    /// `publicEmails` the site's official contact addresses.
    init(identifiers: Identifiers = Identifiers(), allow: [String] = [], publicEmails: [String] = [], publicNames: [String] = []) {
        self.identifiers = identifiers
        var numbers = Set<UInt64>()
        var emails = Set<UInt64>()
        for value in allow + publicEmails {
            let text = PrivacyText(value).bytes
            if text.contains(PrivacyText.Byte.at) {
                emails.insert(Identifiers.emailKey(normalised: text.filter { $0 != PrivacyText.Byte.space }))
            }
            let digits = text.filter { $0 >= PrivacyText.Byte.zero && $0 <= PrivacyText.Byte.nine }
            if digits.count == 16 || digits.count == 18 {
                numbers.insert(digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - PrivacyText.Byte.zero) })
            }
        }
        self.allowedNumbers = numbers
        self.allowedEmails = emails
        self.allowedNames = Set((allow + publicNames).compactMap { Identifiers.nameKey($0)?.key })
    }

    /// The guard for a build: the datastore's identifiers (none without one), `privacy.allow`, and the
    /// contacts' emails as public.
    init(store: Datastore?, config: SiteConfig) throws {
        let identifiers = try store.map { try Identifiers(store: $0) } ?? Identifiers()
        self.init(
            identifiers: identifiers, allow: config.privacy.allow, publicEmails: config.contacts.compactMap(\.email),
            publicNames: config.contacts.map(\.name))
    }

    /// One error per file and rule, at the first line it was found, never quoting the value.
    func problems(in files: [OutputFile]) throws -> [PantauError] {
        let found = try files.parallelMap { file -> [PantauError] in problems(in: file, findings: findings(in: file.bytes)) }
        return found.flatMap { $0 }
    }

    /// The errors for `file`, given what the guard finds in its bytes (sorted), and what it finds in its path.
    func problems(in file: OutputFile, findings: [Finding]) -> [PantauError] {
        Self.errors(findings, file: file.path, inPath: false)
            + Self.errors(self.findings(in: Data(file.path.utf8)), file: file.path, inPath: true)
    }

    /// The rules broken in one line of a file of lines (an entry of the search index) scanned alone, or nil
    /// when that could differ from the line's part of a scan of the whole file: when the line holds a newline,
    /// or a `<` after its last `>` once normalised (`\u003c` and `&lt;` are `<`), since a run of digits skips a
    /// tag up to its `>`, the one thing in the scan that reaches past 3 characters of punctuation. The caller
    /// also needs lines that begin with `{"` and end with `"}`, joined by `,\n`, in which no escape runs past
    /// the line's end (the search index's JSON objects of escaped strings): no run, name or email then spans
    /// two lines.
    func standaloneRules(inLine line: [UInt8]) -> [Rule]? {
        guard !line.contains(PrivacyText.Byte.newline) else { return nil }
        let text = line.withUnsafeBufferPointer { PrivacyText($0) }
        let t = text.bytes
        let lastClose = t.lastIndex(of: PrivacyText.Byte.greater) ?? -1
        var i = lastClose + 1
        while i < t.count {
            if t[i] == PrivacyText.Byte.less { return nil }
            i += 1
        }
        var scanner = PrivacyScanner(guard: self, text: text)
        return Array(Set(scanner.scan().map(\.rule))).sorted()
    }

    /// What the guard finds in one file's bytes, sorted.
    func findings(in bytes: Data) -> [Finding] {
        let text = PrivacyText(bytes)
        var scanner = PrivacyScanner(guard: self, text: text)
        return scanner.scan().sorted()
    }

    /// The rules broken in `text`, each once (for tests and the fuzz target).
    func rules(in text: String) -> [Rule] {
        Array(Set(findings(in: Data(text.utf8)).map(\.rule))).sorted()
    }

    private static func errors(_ findings: [Finding], file: String, inPath: Bool) -> [PantauError] {
        var firstLine: [Rule: Int] = [:]
        var counts: [Rule: Int] = [:]
        for finding in findings {
            if firstLine[finding.rule] == nil { firstLine[finding.rule] = finding.line }
            counts[finding.rule, default: 0] += 1
        }
        return firstLine.sorted { $0.key < $1.key }.map { rule, line in
            let more = (counts[rule] ?? 1) > 1 ? " (\(counts[rule] ?? 1) times in this file)" : ""
            let place = inPath ? "the output path itself contains" : "contains"
            let allow =
                rule == .nipShape || rule == .nikShape
                ? "; if it is public on purpose (an example), list it under `privacy:` → `allow:` in site.yml"
                : rule == .storedName
                    ? "; if the name is public on purpose (an official's), list it under `privacy:` → `allow:` in site.yml,"
                        + " or as a contact under `contacts:`" : ""
            return PantauError(
                file: file, line: inPath ? nil : line, step: .checks,
                "privacy rule \(rule.rawValue): \(place) \(rule.what)\(more); personal data must never be published. "
                    + "Remove it from the content, data or template that put it there\(allow).")
        }
    }
}
