import Foundation

/// A date on the calendar (no time zone): what a deadline, an as-of date or a page date means.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    /// Creates a date, or nil when it is not a real date (31 June, 29 February 2021).
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year), year >= 1 else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, ignoring a trailing time part (`2021-06-30T08:00:00+08:00`).
    public init?(iso text: String) {
        let utf8 = Array(text.utf8.prefix(10))
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
            let y = Self.number(utf8[0..<4]), let m = Self.number(utf8[5..<7]), let d = Self.number(utf8[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses `DD/MM/YYYY`, the form Excel writes in an Indonesian locale.
    init?(dayMonthYear text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for differences between dates.
    var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// `2021-06-30`.
    public var description: String {
        "\(year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "")\(year)-\(Decimal1.pad2(month))-\(Decimal1.pad2(day))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Today in the given time zone.
    public static func today(in timeZone: TimeZone) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? CalendarDate(dayNumber: 0)
    }
}
