import Foundation

@testable import Pantau

/// The privacy scan written the plain way, as the oracle for ``PrivacyScanner``: strings and sets of
/// strings instead of packed numbers and bisection, `Calendar` instead of hand-written date rules.
/// It reads the same normalised text (``PrivacyText``, tested on its own by table).
struct ReferencePrivacyScan {
    var nips: Set<String> = []
    var niks: Set<String> = []
    var emails: Set<String> = []
    var allowed: Set<String> = []

    func rules(in raw: String) -> [PrivacyGuard.Rule] {
        let text = PrivacyText(raw).bytes.map { $0 == 0x80 ? Character("é") : Character(Unicode.Scalar($0)) }
        var found = Set<PrivacyGuard.Rule>()
        scan(text, skippingTags: true, into: &found)
        return found.sorted()
    }

    private func scan(_ t: [Character], skippingTags: Bool, into found: inout Set<PrivacyGuard.Rule>) {
        var i = 0
        while i < t.count {
            if t[i].isASCII, t[i].isNumber {
                // A run: digit groups, each gap made of whole tags and at most 3 other non-alphanumerics.
                var groups: [String] = []
                var tags: [[Character]] = []
                var j = i
                var end = i
                var joinsPrevious = false
                while true {
                    var group = ""
                    while j < t.count, t[j].isASCII, t[j].isNumber {
                        group.append(t[j])
                        j += 1
                    }
                    if joinsPrevious { groups[groups.count - 1] += group } else { groups.append(group) }
                    end = j
                    var gap = 0
                    var gapTags: [[Character]] = []
                    while j < t.count, !isAlphanumeric(t[j]), gap <= 3 {
                        if skippingTags, t[j] == "<", let close = tagClose(t, j) {
                            gapTags.append(Array(t[(j + 1)..<close]))
                            j = close + 1
                        } else {
                            gap += 1
                            j += 1
                        }
                    }
                    if j < t.count, gap <= 3, t[j].isASCII, t[j].isNumber {
                        tags += gapTags
                        joinsPrevious = gap == 0
                    } else {
                        break
                    }
                }
                check(groups, into: &found)
                for tag in tags { scan(tag, skippingTags: false, into: &found) }
                i = end
                continue
            }
            let rest = String(t[i..<min(t.count, i + 4)])
            if t[i] == "@" { checkEmail(t, i, 1, into: &found) }
            if rest == "[at]" || rest == "(at)" { checkEmail(t, i, 4, into: &found) }
            i += 1
        }
    }

    private func isAlphanumeric(_ c: Character) -> Bool { c == "é" || (c.isASCII && (c.isNumber || c.isLowercase)) }

    private func tagClose(_ t: [Character], _ i: Int) -> Int? {
        guard i + 1 < t.count, t[i + 1].isLowercase || "/!?".contains(t[i + 1]), t[i + 1].isASCII else { return nil }
        for j in (i + 2)..<min(t.count, i + 2048) {
            if t[j] == ">" { return j }
            if t[j] == "<" { return nil }
        }
        return nil
    }

    private func check(_ groups: [String], into found: inout Set<PrivacyGuard.Rule>) {
        let all = Array(groups.joined())
        for (length, known, rule) in [(18, nips, PrivacyGuard.Rule.storedNIP), (16, niks, .storedNIK)] where all.count >= length {
            for k in 0...(all.count - length) {
                let window = String(all[k..<(k + length)])
                if known.contains(window), !allowed.contains(window) { found.insert(rule) }
            }
        }
        for g in groups.indices {
            for h in g..<groups.count {
                let window = groups[g...h].joined()
                if allowed.contains(window) { continue }
                let layout = groups[g...h].map(\.count)
                if window.count == 18, Self.nipLayouts.contains(layout), !nips.contains(window), Self.looksLikeNIP(window) {
                    found.insert(.nipShape)
                }
                if window.count == 16, Self.nikLayouts.contains(layout), !niks.contains(window), Self.looksLikeNIK(window) {
                    found.insert(.nikShape)
                }
            }
        }
    }

    static let nipLayouts = [[18], [8, 6, 1, 3], [8, 6, 4], [8, 10], [8, 7, 3], [14, 1, 3], [14, 4]]
    static let nikLayouts = [[16], [4, 4, 4, 4], [6, 6, 4], [6, 10], [2, 2, 2, 6, 4], [6, 2, 2, 2, 4], [12, 4]]

    static func isRealDate(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        let calendar = Calendar(identifier: .gregorian)
        return DateComponents(calendar: calendar, year: year, month: month, day: day).isValidDate
    }

    static func looksLikeNIP(_ s: String) -> Bool {
        let d = s.map { Int(String($0))! }
        func n(_ a: Int, _ b: Int) -> Int { Int(String(s.dropFirst(a).prefix(b - a)))! }
        let birth = n(0, 4)
        let appointed = n(8, 12)
        let month = n(12, 14)
        return (1940...2012).contains(birth) && isRealDate(birth, n(4, 6), n(6, 8)) && appointed >= birth + 15 && appointed <= 2039
            && ((1...12).contains(month) || month == 21) && [1, 2].contains(d[14])
    }

    static func looksLikeNIK(_ s: String) -> Bool {
        func n(_ a: Int, _ b: Int) -> Int { Int(String(s.dropFirst(a).prefix(b - a)))! }
        let day = n(6, 8) > 40 ? n(6, 8) - 40 : n(6, 8)
        return IdentifierShape.provinces.contains(n(0, 2)) && n(2, 4) > 0 && n(4, 6) > 0 && isRealDate(2000, n(8, 10), day)
            && n(12, 16) > 0
    }

    private func checkEmail(_ t: [Character], _ i: Int, _ width: Int, into found: inout Set<PrivacyGuard.Rule>) {
        var localEnd = i
        while localEnd > 0, i - localEnd < 2, t[localEnd - 1] == " " { localEnd -= 1 }
        var d = i + width
        while d < t.count, d - (i + width) < 2, t[d] == " " { d += 1 }
        var domain = ""
        while d < t.count, isAlphanumeric(t[d]) || t[d] == "." || t[d] == "-" {
            domain.append(t[d])
            d += 1
        }
        while domain.hasSuffix(".") { domain.removeLast() }
        var k = localEnd
        while k > 0, localEnd - k < 64, isAlphanumeric(t[k - 1]) || "._-+%!#$&'*/=?^{|}~".contains(t[k - 1]) {
            k -= 1
            let local = String(t[k..<localEnd])
            // A local part starts at the start of the address or after punctuation (`mailto:`, `?text=`).
            let startsHere = k == 0 || !isAlphanumeric(t[k - 1])
            if startsHere, emails.contains(local + "@" + domain), !allowed.contains(local + "@" + domain) {
                found.insert(.storedEmail)
            }
        }
    }
}
