/// Whether a run of digits has the structure of a real NIP or NIK, whoever it belongs to.
///
/// Used by the privacy guard independently of the datastore, so a number typed into a page by hand
/// (an announcement listing rejected rows, say) is caught even if it was never imported.
enum IdentifierShape {
    /// 18 digits `YYYYMMDD YYYYMM G NNN`: a real birth date (1940–2012), an appointment year no earlier
    /// than the fifteenth birthday and month 01–12 (or `21`, as PPPK numbers carry), gender digit 1 or 2.
    static func isNIP(_ d: UnsafeBufferPointer<UInt8>, from s: Int) -> Bool {
        let birthYear = number(d, s, 4)
        let birthMonth = number(d, s + 4, 2)
        let birthDay = number(d, s + 6, 2)
        guard (1940...2012).contains(birthYear), isDate(day: birthDay, month: birthMonth, year: birthYear) else { return false }
        let appointed = number(d, s + 8, 4)
        let appointedMonth = number(d, s + 12, 2)
        guard appointed >= birthYear + 15, appointed <= 2039 else { return false }
        guard (1...12).contains(appointedMonth) || appointedMonth == 21 else { return false }
        let gender = d[s + 14]
        return gender == 1 || gender == 2
    }

    /// 16 digits `PPKKCC DDMMYY SSSS`: a known province code, regency and district not `00`, a real
    /// day and month with 40 added to the day for women, sequence not `0000`.
    static func isNIK(_ d: UnsafeBufferPointer<UInt8>, from s: Int) -> Bool {
        guard provinces.contains(number(d, s, 2)), number(d, s + 2, 2) > 0, number(d, s + 4, 2) > 0 else { return false }
        var day = number(d, s + 6, 2)
        if day > 40 { day -= 40 }
        // The year has two digits, so 29 February is allowed in any year.
        guard isDate(day: day, month: number(d, s + 8, 2), year: 2000) else { return false }
        return number(d, s + 12, 4) > 0
    }

    /// How people split the digits when they write the numbers (`19860926 201505 1 001`,
    /// `6474 0166 0986 0001`), each group length in 5 bits, first group highest.
    static let layouts: [UInt64: PrivacyGuard.Rule] = {
        let nip: [[UInt64]] = [[18], [8, 6, 1, 3], [8, 6, 4], [8, 10], [8, 7, 3], [14, 1, 3], [14, 4]]
        let nik: [[UInt64]] = [[16], [4, 4, 4, 4], [6, 6, 4], [6, 10], [2, 2, 2, 6, 4], [6, 2, 2, 2, 4], [12, 4]]
        var table: [UInt64: PrivacyGuard.Rule] = [:]
        for layout in nip { table[layout.reduce(0) { $0 << 5 | $1 }] = .nipShape }
        for layout in nik { table[layout.reduce(0) { $0 << 5 | $1 }] = .nikShape }
        return table
    }()

    /// Kemendagri province codes, including the Papua provinces created in 2022 (93–96).
    static let provinces: Set<Int> = [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
        61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
    ]

    /// `count` digits (values 0–9) at `start` as a number.
    static func number(_ d: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int {
        var value = 0
        for k in start..<(start + count) { value = value * 10 + Int(d[k]) }
        return value
    }

    static func isDate(day: Int, month: Int, year: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
