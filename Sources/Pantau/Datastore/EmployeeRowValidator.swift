import Foundation

/// Checks one employee row and, when it is valid, leaves its normalised values in ``row``.
///
/// Works on the reader's bytes and allocates nothing for a valid row except what the values need, because an
/// import of a national export runs this four million times. Checks run in a fixed order and the first failure
/// is the row's reason. Duplicate NIPs are checked last and only against rows already imported, so a row whose
/// first occurrence was rejected for another reason is still imported.
struct EmployeeRowValidator {
    /// The normalised values of the last valid row.
    struct Row {
        var nip: UInt64 = 0
        var nipText: [UInt8] = []
        var nik: [UInt8] = []
        var name: ArraySlice<UInt8> = []
        var gender: UInt8 = 0
        var status: EmployeeKind = .pns
        var golongan: ArraySlice<UInt8> = []
        var position: ArraySlice<UInt8> = []
        var unitIndex = 0
        var email: ArraySlice<UInt8> = []
        var activated = false
        var activationDate: CalendarDate?
        var statuses: [UInt8] = []
    }

    enum EmployeeKind: String {
        case pns = "PNS", cpns = "CPNS", pppk = "PPPK"
    }

    let columns: EmployeeColumns
    let categoryKeys: [String]
    /// Unit codes as stored, by their bytes, and lower-cased for a case-insensitive second try.
    private let unitsByCode: [ArraySlice<UInt8>: Int]
    private let unitsByLowercasedCode: [String: Int]
    let unitCodes: [String]
    /// NIP → line of every row imported so far.
    private(set) var seen: [UInt64: Int32] = [:]
    var row = Row()

    init(columns: EmployeeColumns, categoryKeys: [String], unitCodes: [String], expectedRows: Int) {
        self.columns = columns
        self.categoryKeys = categoryKeys
        self.unitCodes = unitCodes
        var exact: [ArraySlice<UInt8>: Int] = [:]
        var lowered: [String: Int] = [:]
        for (index, code) in unitCodes.enumerated() {
            exact[Array(code.utf8)[...]] = index
            lowered[code.lowercased()] = index
        }
        unitsByCode = exact
        unitsByLowercasedCode = lowered
        seen.reserveCapacity(expectedRows)
        row.statuses = [UInt8](repeating: 0, count: categoryKeys.count)
        row.nipText.reserveCapacity(18)
        row.nik.reserveCapacity(16)
    }

    /// Whether the NIP was imported already (for counting employees no longer in the export).
    func contains(nip: UInt64) -> Bool { seen[nip] != nil }

    /// Validates the reader's current record; nil when valid (the values are then in ``row``).
    mutating func validate(_ reader: CSVReader, line: Int) -> RowRejection? {
        func reject(_ reason: RejectReason, _ message: String) -> RowRejection {
            RowRejection(line: line, reason: reason, message: message)
        }
        guard reader.fieldCount == columns.count else {
            return reject(.fieldCount, "has \(reader.fieldCount) fields but the header has \(columns.count); check for a missing or extra separator, or quote values that contain one")
        }
        // NIP: 18 digits, spaces (`19860926 201505 1 001`) and Excel's leading apostrophe allowed.
        let rawNIP = Self.trim(reader.field(columns.nip))
        row.nipText.removeAll(keepingCapacity: true)
        var nipOK = true
        for (offset, byte) in zip(0..., rawNIP) {
            if byte >= 48 && byte <= 57 { row.nipText.append(byte) }
            else if byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "'") && offset == 0) { continue }
            else { nipOK = false; break }
        }
        guard nipOK, row.nipText.count == 18 else {
            let text = Self.string(rawNIP)
            let hint = text.uppercased().contains("E+") ? " (a spreadsheet turned it into a number: format the column as Text and export again)" : ""
            return reject(.nipFormat, "NIP \"\(text)\" should be 18 digits\(hint)")
        }
        let nip = String(decoding: row.nipText, as: UTF8.self)
        guard let status = Self.keyword(reader.field(columns.status), Self.kinds) else {
            return reject(.invalidValue, "status_pegawai \"\(Self.string(reader.field(columns.status)))\" should be PNS, CPNS or PPPK")
        }
        row.status = status
        let digits = row.nipText
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        guard let birth = CalendarDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)), birth.year >= 1900 else {
            return reject(.nipBirthDate, "NIP \(nip): birth date \"\(nip.prefix(8))\" (digits 1–8) is not a real date")
        }
        if status != .pppk {
            let tmtYear = number(8..<12), tmtMonth = number(12..<14)
            guard (1...12).contains(tmtMonth) else {
                return reject(.nipTMT, "NIP \(nip): TMT month \"\(String(format: "%02d", tmtMonth))\" (digits 13–14) should be 01–12")
            }
            guard (tmtYear, tmtMonth) > (birth.year, birth.month) else {
                return reject(.nipTMT, "NIP \(nip): TMT \(tmtYear)-\(String(format: "%02d", tmtMonth)) (digits 9–14) is not after the birth date \(birth)")
            }
        }
        let genderDigit = digits[14]
        guard genderDigit == UInt8(ascii: "1") || genderDigit == UInt8(ascii: "2") else {
            return reject(.nipGender, "NIP \(nip): gender digit (15) is \"\(Character(UnicodeScalar(genderDigit)))\", should be 1 (L) or 2 (P)")
        }
        guard let gender = Self.keyword(reader.field(columns.gender), Self.genders) else {
            return reject(.invalidValue, "jenis_kelamin \"\(Self.string(reader.field(columns.gender)))\" should be L or P")
        }
        let nipGender = genderDigit == UInt8(ascii: "1") ? UInt8(ascii: "L") : UInt8(ascii: "P")
        guard gender == nipGender else {
            return reject(.genderMismatch, "jenis_kelamin is \(Character(UnicodeScalar(gender))) but the NIP's gender digit \(Character(UnicodeScalar(genderDigit))) means \(Character(UnicodeScalar(nipGender))); fix one of them")
        }
        row.gender = gender
        guard !Self.trim(reader.field(columns.name)).isEmpty else {
            return reject(.invalidValue, "nama is empty; every employee needs a name")
        }
        let unit = Self.trim(reader.field(columns.unit))
        guard let unitIndex = unitsByCode[unit] ?? unitsByLowercasedCode[Self.string(unit).lowercased()] else {
            return reject(.unknownUnit, "kode_unit \"\(Self.string(unit))\" is not a known unit; fix the code, or add the unit to units.csv and run `pantau import units` first")
        }
        row.unitIndex = unitIndex
        row.email = columns.email.map { Self.trim(reader.field($0)) } ?? []
        guard row.email.isEmpty || Self.isEmail(row.email) else {
            return reject(.email, "email \"\(Self.string(row.email))\" is malformed; expected name@domain.tld, or leave it empty")
        }
        row.nik.removeAll(keepingCapacity: true)
        if let column = columns.nik {
            let raw = Self.trim(reader.field(column))
            for (offset, byte) in zip(0..., raw) where !(byte == UInt8(ascii: "'") && offset == 0) && byte != UInt8(ascii: " ") {
                row.nik.append(byte)
            }
            guard row.nik.isEmpty || (row.nik.count == 16 && row.nik.allSatisfy { $0 >= 48 && $0 <= 57 }) else {
                return reject(.invalidValue, "nik \"\(Self.string(raw))\" should be 16 digits, or empty")
            }
        }
        guard let activated = Self.keyword(reader.field(columns.activation), Self.activations) else {
            return reject(.invalidValue, "status_aktivasi \"\(Self.string(reader.field(columns.activation)))\" should be sudah or belum")
        }
        row.activated = activated
        row.activationDate = nil
        if let column = columns.activationDate {
            let raw = Self.trim(reader.field(column))
            if !raw.isEmpty {
                guard let date = Self.date(raw) else {
                    return reject(.invalidValue, "tanggal_aktivasi \"\(Self.string(raw))\" should be a date like 2021-06-14 or 14/06/2021, or empty")
                }
                row.activationDate = date
            }
        }
        for (index, column) in columns.categories.enumerated() {
            let raw = Self.trim(reader.field(column))
            if raw.isEmpty {
                row.statuses[index] = CategoryStatus.belum.letter
                continue
            }
            guard let status = Self.keyword(raw, Self.categoryStatuses) else {
                return reject(.invalidValue, "\(categoryKeys[index]) \"\(Self.string(raw))\" should be one of belum, sesuai, diusulkan, disetujui, ditolak")
            }
            row.statuses[index] = status.letter
        }
        let nipValue = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }
        if let first = seen[nipValue] {
            return reject(.duplicateNIP, "NIP \(nip) already appeared on line \(first); keep one row per employee")
        }
        seen[nipValue] = Int32(clamping: line)
        row.nip = nipValue
        row.name = Self.trim(reader.field(columns.name))
        row.golongan = columns.golongan.map { Self.trim(reader.field($0)) } ?? []
        row.position = columns.position.map { Self.trim(reader.field($0)) } ?? []
        return nil
    }

    private static let categoryStatuses = KeywordTable(CategoryStatus.allCases.map { ($0.rawValue, $0) })
    private static let kinds = KeywordTable([("pns", EmployeeKind.pns), ("cpns", .cpns), ("pppk", .pppk)])
    private static let genders = KeywordTable([("l", UInt8(ascii: "L")), ("p", UInt8(ascii: "P"))])
    private static let activations = KeywordTable([("sudah", true), ("belum", false)])

    // MARK: Byte helpers

    static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 32 || first == 9 { slice = slice.dropFirst() }
        while let last = slice.last, last == 32 || last == 9 { slice = slice.dropLast() }
        return slice
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Matches a trimmed value case-insensitively against lower-case keywords, without allocating.
    static func keyword<T>(_ bytes: ArraySlice<UInt8>, _ table: KeywordTable<T>) -> T? {
        let value = trim(bytes)
        search: for (word, result) in table.entries where word.count == value.count {
            for (a, b) in zip(word, value) where a != (b >= 65 && b <= 90 ? b + 32 : b) { continue search }
            return result
        }
        return nil
    }

    /// `YYYY-MM-DD` (a trailing time is ignored) or `D/M/YYYY`.
    static func date(_ bytes: ArraySlice<UInt8>) -> CalendarDate? {
        let b = Array(bytes)
        if b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b.count == 10 || b[10] == 32 || b[10] == UInt8(ascii: "T") {
            guard let y = CalendarDate.number(b[0..<4]), let m = CalendarDate.number(b[5..<7]), let d = CalendarDate.number(b[8..<10]) else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        }
        let parts = b.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let d = CalendarDate.number(parts[0]), let m = CalendarDate.number(parts[1]), let y = CalendarDate.number(parts[2]) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// `local@domain.tld`: one `@`, printable ASCII without spaces, a dotted domain without empty labels.
    static func isEmail(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, domain.count >= 3, !domain.contains(UInt8(ascii: "@")) else { return false }
        guard bytes.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "\"") }) else { return false }
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != UInt8(ascii: "-") && $0.last != UInt8(ascii: "-") }),
              let tld = labels.last, tld.count >= 2, tld.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else { return false }
        return !zip(local, local.dropFirst()).contains { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }
    }
}

/// Lower-case keywords and what each stands for, matched in order.
struct KeywordTable<T: Sendable>: Sendable {
    let entries: [([UInt8], T)]
    init(_ pairs: [(String, T)]) { entries = pairs.map { (Array($0.0.utf8), $0.1) } }
}
