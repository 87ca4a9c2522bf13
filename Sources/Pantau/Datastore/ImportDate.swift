/// The date forms agencies' exports use, read from a field's bytes.
///
/// `2021-06-14` (a trailing time is ignored), `14/06/2021`, `14-06-2021` (SIASN's `d-m-Y`), `14 Juni 2021`
/// or `14 Jun 2021` (Indonesian or English month names and common abbreviations such as `Agt`, `Agu`,
/// `Aug`), and Excel serial day numbers (1900 system, between 1 January 1955 and 31 December 2099).
enum ImportDate {
    static func parse(_ b: Bytes) -> CalendarDate? {
        func number(_ from: Int, _ to: Int) -> Int? {
            guard to > from, to - from <= 9 else { return nil }
            var value = 0
            for index in from..<to {
                guard b[index] >= 48, b[index] <= 57 else { return nil }
                value = value * 10 + Int(b[index] - 48)
            }
            return value
        }
        if b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b.count == 10 || b[10] == 32 || b[10] == UInt8(ascii: "T") {
            guard let y = number(0, 4), let m = number(5, 7), let d = number(8, 10) else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        }
        if let serial = number(0, b.count) {
            return (20_090...73_050).contains(serial) ? excelSerial(serial, system1904: false) : nil
        }
        for separator in [UInt8(ascii: "/"), UInt8(ascii: "-")] {
            guard let first = b.firstIndex(of: separator) else { continue }
            guard let second = b[(first + 1)...].firstIndex(of: separator),
                (1...2).contains(first), (1...2).contains(second - first - 1), b.count - second - 1 == 4,
                let d = number(0, first), let m = number(first + 1, second), let y = number(second + 1, b.count)
            else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        }
        // `14 Juni 2021`, `14 Agt 2021`, `14 August 2021`.
        let words = String(decoding: b, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 3, let day = Int(words[0]), let year = Int(words[2]), words[2].count == 4,
            let month = months[words[1].lowercased().trimmingSuffix(".")]
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// An Excel serial day number as a date: day 1 is 1900-01-01 (with Excel's phantom 1900-02-29) or, in the
    /// 1904 system, day 0 is 1904-01-01.
    static func excelSerial(_ serial: Int, system1904: Bool) -> CalendarDate? {
        if system1904 { return serial >= 0 ? CalendarDate(dayNumber: serial - 24_107) : nil }
        if serial == 60 || serial < 1 { return nil }  // 60 is Excel's 1900-02-29, a day that never was
        return CalendarDate(dayNumber: serial < 60 ? serial - 25_568 : serial - 25_569)
    }

    /// Month names and abbreviations, Indonesian and English, lower case.
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["januari", "january", "jan"], ["februari", "february", "feb", "peb"], ["maret", "march", "mar"],
            ["april", "apr"], ["mei", "may"], ["juni", "june", "jun"], ["juli", "july", "jul"],
            ["agustus", "august", "agt", "agu", "agst", "aug", "ags"], ["september", "sept", "sep"],
            ["oktober", "october", "okt", "oct"], ["november", "nopember", "nov", "nop"], ["desember", "december", "des", "dec"],
        ]
        var table: [String: Int] = [:]
        for (index, list) in names.enumerated() { for name in list { table[name] = index + 1 } }
        return table
    }()
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
