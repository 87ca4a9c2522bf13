import Foundation

/// Numbers, percentages and dates the way the site's language writes them:
/// Indonesian `1.234`, `78,1%`, `30 Juni 2021`; English `1,234`, `78.1%`, `30 June 2021`.
public struct Formatter: Sendable {
    public let language: String
    public let timeZone: TimeZone
    private let months: [String]

    /// Month names come from the theme's `months` string (comma separated) when it has one.
    public init(language: String, timeZone: TimeZone, monthNames: String? = nil) {
        self.language = language
        self.timeZone = timeZone
        if let names = monthNames?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }), names.count == 12 {
            months = names
        } else if language == "en" {
            months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        } else {
            months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
        }
    }

    private var groupSeparator: String { language == "en" ? "," : "." }
    private var decimalSeparator: String { language == "en" ? "." : "," }

    /// `1234` → `1.234` (id) or `1,234` (en).
    public func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += groupSeparator }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// A fraction 0…1 as a percentage with one decimal: `0.781` → `78,1%`.
    /// Rounds half away from zero on the tenth, and never shows 100% unless it is exactly whole.
    public func percent(_ fraction: Double) -> String {
        percentNumber(fraction) + "%"
    }

    /// The number part of ``percent(_:)``: `78,1`.
    public func percentNumber(_ fraction: Double) -> String {
        var tenths = Int((fraction * 1000).rounded())
        if tenths == 1000, fraction < 1 { tenths = 999 }
        if tenths == 0, fraction > 0 { tenths = 1 }
        return "\(tenths / 10)\(decimalSeparator)\(tenths % 10)"
    }

    /// `30 Juni 2021`.
    public func date(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// `30 Jun` style short date for chart axes.
    public func shortDate(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1].prefix(3))"
    }
}
