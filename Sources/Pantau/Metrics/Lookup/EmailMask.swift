import Foundation

/// Masks a registered email so its owner recognises it and nobody else learns it:
/// `rahmat.hidayat@gmail.com` → `ra****@g****.com`.
///
/// Rules (each keeps the mask's length fixed, so the stars reveal nothing about lengths):
/// - local part: the first two characters when it has six or more, the first one when it has
///   two to five, nothing when it has one; then `****`;
/// - the domain's registrable label: its first character, then `****`;
/// - any subdomain label in front of it: `****` each (`mail.unmul.ac.id` → `****.u****.ac.id`);
/// - the public suffix stays: the top-level label, or two labels when a two-letter country
///   domain has a second level such as `go.id`, `ac.id`, `co.id`, `sch.id` or `co.uk`.
enum EmailMask {
    /// Second-level labels that are part of the public suffix under a two-letter country domain.
    static let countrySecondLevels: Set<String> = [
        "ac", "biz", "co", "com", "desa", "edu", "go", "gov", "mil", "my", "net", "or", "org", "ponpes", "sch", "web",
    ]

    static let stars = "****"

    /// The masked form, or nil when `email` does not look like an address (no `@`, empty parts).
    static func mask(_ email: String) -> String? {
        if let printable = maskPrintableASCII(email) { return printable }
        return maskAnyText(email)
    }

    /// The same rules on bytes, for the common case of an address in printable ASCII (after trimming
    /// blanks): `.some(result)`, or nil to fall back on ``maskAnyText(_:)``. A rebuild masks every
    /// employee's email; through `String` and `Character` that was a tenth of the lookup's time.
    static func maskPrintableASCII(_ email: String) -> String?? {
        var bytes = Array(email.utf8)
        while let last = bytes.last, isBlank(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isBlank($0) } ?? bytes.count
        guard bytes[start...].allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        let text = bytes[start...].map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
        guard let at = text.lastIndex(of: UInt8(ascii: "@")) else { return .some(nil) }
        let local = text[..<at]
        let labels = text[(at + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard !local.isEmpty, !labels.isEmpty, labels.allSatisfy({ !$0.isEmpty }) else { return .some(nil) }
        func string(_ b: some Sequence<UInt8>) -> String { String(decoding: Array(b), as: UTF8.self) }
        let shown = local.count >= 6 ? 2 : local.count >= 2 ? 1 : 0
        let maskedLocal = string(local.prefix(shown)) + stars
        guard labels.count >= 2 else { return .some(maskedLocal + "@" + string(labels[0].prefix(1)) + stars) }
        let last = labels[labels.count - 1]
        var suffixCount = 1
        if labels.count >= 3, last.count == 2, countrySecondLevels.contains(string(labels[labels.count - 2])) {
            suffixCount = 2
        }
        let rest = labels.dropLast(suffixCount)
        let registrable = rest.last.map { string($0.prefix(1)) + stars } ?? ""
        let subdomains = Array(repeating: stars, count: max(0, rest.count - 1))
        return .some(maskedLocal + "@" + (subdomains + [registrable] + labels.suffix(suffixCount).map(string)).joined(separator: "."))
    }

    /// ASCII's blanks, as `trimmingCharacters(in: .whitespacesAndNewlines)` trims them.
    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// The rules on `String`, for any text.
    static func maskAnyText(_ email: String) -> String? {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = Array(trimmed[..<at])
        let labels = trimmed[trimmed.index(after: at)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !local.isEmpty, !labels.isEmpty, labels.allSatisfy({ !$0.isEmpty }) else { return nil }

        let shown = local.count >= 6 ? 2 : local.count >= 2 ? 1 : 0
        let maskedLocal = String(local.prefix(shown)) + stars

        guard labels.count >= 2 else {
            return maskedLocal + "@" + maskLabel(labels[0])
        }
        let last = labels[labels.count - 1]
        var suffixCount = 1
        if labels.count >= 3, last.count == 2, countrySecondLevels.contains(labels[labels.count - 2]) {
            suffixCount = 2
        }
        let suffix = labels.suffix(suffixCount)
        let rest = labels.dropLast(suffixCount)
        let registrable = rest.last.map(maskLabel) ?? ""
        let subdomains = Array(repeating: stars, count: max(0, rest.count - 1))
        return maskedLocal + "@" + (subdomains + [registrable] + suffix).joined(separator: ".")
    }

    static func maskLabel(_ label: String) -> String {
        String(label.prefix(1)) + stars
    }
}
