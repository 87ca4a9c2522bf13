import Foundation

/// Numbers, percentages and dates the way the site's language writes them:
/// Indonesian `1.234`, `78,1%`, `30 Juni 2021`; English `1,234`, `78.1%`, `30 June 2021`.
struct DisplayFormatter: Sendable {
    let language: String
    let timeZone: TimeZone
    private let months: [String]

    /// Month names come from the theme's `months` string (comma separated) when it has one.
    init(language: String, timeZone: TimeZone, monthNames: String? = nil) {
        self.language = language
        self.timeZone = timeZone
        if let names = monthNames?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }), names.count == 12 {
            months = names
        } else if language == "en" {
            months = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
            ]
        } else {
            months = [
                "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember",
            ]
        }
    }

    private var groupSeparator: String { language == "en" ? "," : "." }
    private var decimalSeparator: String { language == "en" ? "." : "," }

    /// `1234` → `1.234` (id) or `1,234` (en).
    func number(_ value: Int) -> String {
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
    func percent(_ fraction: Double) -> String {
        percentNumber(fraction) + "%"
    }

    /// The number part of ``percent(_:)``: `78,1`.
    func percentNumber(_ fraction: Double) -> String {
        var tenths = Int((fraction * 1000).rounded())
        if tenths == 1000, fraction < 1 { tenths = 999 }
        if tenths == 0, fraction > 0 { tenths = 1 }
        return "\(tenths / 10)\(decimalSeparator)\(tenths % 10)"
    }

    /// `30 Juni 2021`.
    func date(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// A UTC timestamp `YYYY-MM-DD HH:MM:SS` in the site's zone: `27 November 2026 06.20 WITA`
    /// (English `06:20`). Nil when the text is not such a timestamp.
    func dateTime(utc text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count >= 2, let day = CalendarDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        let utcMinutes = day.dayNumber * 1440 + clock[0] * 60 + clock[1]
        let instant = Date(timeIntervalSince1970: TimeInterval(utcMinutes * 60))
        let local = utcMinutes + timeZone.secondsFromGMT(for: instant) / 60
        let date = CalendarDate(dayNumber: Int((Double(local) / 1440).rounded(.down)))
        let minutes = ((local % 1440) + 1440) % 1440
        let separator = language == "en" ? ":" : "."
        return "\(self.date(date)) \(Decimal1.pad2(minutes / 60))\(separator)\(Decimal1.pad2(minutes % 60)) \(zoneName(at: instant))"
    }

    /// WIB, WITA, WIT for Indonesia's zones; otherwise the UTC offset at `instant` (so a zone with
    /// daylight saving time is labelled by the data's date, not the build's).
    func zoneName(at instant: Date) -> String {
        switch timeZone.identifier {
        case "Asia/Jakarta", "Asia/Pontianak": return "WIB"
        case "Asia/Makassar": return "WITA"
        case "Asia/Jayapura": return "WIT"
        default:
            let minutes = timeZone.secondsFromGMT(for: instant) / 60
            return
                "UTC\(minutes >= 0 ? "+" : "-")\(abs(minutes) / 60)\(abs(minutes) % 60 == 0 ? "" : ":" + Decimal1.pad2(abs(minutes) % 60))"
        }
    }

    /// `30 Jun` style short date for chart axes.
    func shortDate(_ date: CalendarDate) -> String {
        "\(date.day) \(months[date.month - 1].prefix(3))"
    }
}
