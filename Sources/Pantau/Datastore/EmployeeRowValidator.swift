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
        /// Views into the reader's record: valid only until the reader moves on.
        var name = Bytes(start: nil, count: 0)
        var gender: UInt8 = 0
        var status: EmployeeKind = .pns
        var golongan = Bytes(start: nil, count: 0)
        var position = Bytes(start: nil, count: 0)
        var unitIndex = 0
        var email = Bytes(start: nil, count: 0)
        var activated = false
        var activationDate: CalendarDate?
        var statuses: [UInt8] = []
    }

    enum EmployeeKind: String {
        case pns = "PNS"
        case cpns = "CPNS"
        case pppk = "PPPK"
    }

    let columns: EmployeeColumns
    let categoryKeys: [String]
    /// Unit codes, found case-insensitively.
    private let units: UnitCodeTable
    let unitCodes: [String]
    /// NIP → line of every row imported so far.
    private(set) var seen: NIPTable
    var row = Row()
    /// The export's date: an activation after it is a mistake (a typo, or the wrong --as-of).
    var snapshotDate: CalendarDate?

    /// `unitKeys`: every other name an employee's unit field may give (names, aliases, UNOR ids) → unit index.
    init(columns: EmployeeColumns, categoryKeys: [String], unitCodes: [String], unitKeys: [(String, Int)] = [], expectedRows: Int) {
        self.columns = columns
        self.categoryKeys = categoryKeys
        self.unitCodes = unitCodes
        units = UnitCodeTable(keys: unitCodes.enumerated().map { ($1, $0) } + unitKeys)
        seen = NIPTable(expectedCount: expectedRows)
        row.statuses = [UInt8](repeating: 0, count: categoryKeys.count)
        row.nipText.reserveCapacity(18)
        row.nik.reserveCapacity(16)
    }

    /// Whether the NIP was imported already (for counting employees no longer in the export).
    func contains(nip: UInt64) -> Bool { seen.line(of: nip) != nil }

    /// Sizes the NIP table for about `rows` rows, so it need not grow step by step (and briefly twice as big).
    mutating func expect(rows: Int) { seen.reserve(rows) }

    /// Calls `body` with ``row`` borrowed: handing `validator.row` to two calls per row copied it twice (a retain
    /// and a release of each of its arrays), a twentieth of the importing thread's time. Mutating only so that
    /// the caller's validator is used in place, not copied.
    mutating func withRow<R>(_ body: (borrowing Row) throws -> R) rethrows -> R { try body(row) }

    /// Lets go of the NIP table (well over 100 MB at national scale) once the import needs it no more.
    mutating func forgetNIPs() { seen = NIPTable(expectedCount: 0) }

    /// Validates the reader's current record; nil when valid (the values are then in ``row``).
    mutating func validate(_ record: CSVRecord, line: Int) -> RowRejection? {
        func reject(_ reason: RejectReason, _ message: String, group: String? = nil) -> RowRejection {
            RowRejection(line: line, reason: reason, message: message, group: group)
        }
        guard record.count == columns.count else {
            return reject(.fieldCount, Self.fieldCountMessage(record.count, columns.count))
        }
        // NIP: 18 digits, spaces (`19860926 201505 1 001`) and Excel's leading apostrophe allowed.
        let rawNIP = Self.trim(record[columns.nip])
        row.nipText.removeAll(keepingCapacity: true)
        var nipOK = true
        for (offset, byte) in zip(0..., rawNIP) {
            if byte >= 48 && byte <= 57 {
                row.nipText.append(byte)
            } else if byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "'") && offset == 0) {
                continue
            } else {
                nipOK = false
                break
            }
        }
        guard nipOK, row.nipText.count == 18 else {
            let text = Self.string(rawNIP)
            let hint =
                text.uppercased().contains("E+")
                ? " (a spreadsheet turned it into a number: format the column as Text and export again)" : ""
            return reject(.nipFormat, "NIP \"\(text)\" should be 18 digits\(hint)")
        }
        // Built only for messages: a String of 18 bytes would be a heap allocation per row.
        var nip: String { String(decoding: row.nipText, as: UTF8.self) }
        guard let status = Self.keyword(record[columns.status], Self.kinds) else {
            return reject(.invalidValue, Self.unmapped("status_pegawai", record[columns.status], "PNS, CPNS or PPPK", "PNS|CPNS|PPPK"))
        }
        row.status = status
        let digits = row.nipText
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        guard let birth = CalendarDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)), birth.year >= 1900 else {
            return reject(.nipBirthDate, "NIP \(nip): birth date \"\(nip.prefix(8))\" (digits 1–8) is not a real date")
        }
        if status != .pppk {
            let tmtYear = number(8..<12)
            let tmtMonth = number(12..<14)
            guard (1...12).contains(tmtMonth) else {
                return reject(.nipTMT, "NIP \(nip): TMT month \"\(String(format: "%02d", tmtMonth))\" (digits 13–14) should be 01–12")
            }
            guard (tmtYear, tmtMonth) > (birth.year, birth.month) else {
                return reject(
                    .nipTMT,
                    "NIP \(nip): TMT \(tmtYear)-\(String(format: "%02d", tmtMonth)) (digits 9–14) is not after the birth date \(birth)")
            }
        }
        let genderDigit = digits[14]
        guard genderDigit == UInt8(ascii: "1") || genderDigit == UInt8(ascii: "2") else {
            return reject(
                .nipGender, "NIP \(nip): gender digit (15) is \"\(Character(UnicodeScalar(genderDigit)))\", should be 1 (L) or 2 (P)")
        }
        guard let gender = Self.keyword(record[columns.gender], Self.genders) else {
            return reject(.invalidValue, Self.unmapped("jenis_kelamin", record[columns.gender], "L or P", "L|P"))
        }
        let nipGender = genderDigit == UInt8(ascii: "1") ? UInt8(ascii: "L") : UInt8(ascii: "P")
        guard gender == nipGender else {
            return reject(
                .genderMismatch,
                "jenis_kelamin is \(Character(UnicodeScalar(gender))) but the NIP's gender digit \(Character(UnicodeScalar(genderDigit))) "
                    + "means \(Character(UnicodeScalar(nipGender))); fix one of them"
            )
        }
        row.gender = gender
        guard !Self.trim(record[columns.name]).isEmpty else {
            return reject(.invalidValue, "nama is empty; every employee needs a name")
        }
        var unitIndex: Int?
        var firstUnit = Bytes(start: nil, count: 0)
        for column in columns.unitFields {
            let value = Self.trim(record[column])
            if value.isEmpty { continue }
            if firstUnit.isEmpty { firstUnit = value }
            guard let found = units.index(of: value) else { continue }
            if let earlier = unitIndex, earlier != found {
                return reject(
                    .unknownUnit,
                    "the unit fields point at two units, \(unitCodes[earlier]) and \(unitCodes[found]) (\"\(Self.string(value))\"); fix "
                        + "the export or the aliases in units.csv"
                )
            }
            unitIndex = found
        }
        guard let unitIndex else {
            let value = Self.string(firstUnit)
            return reject(
                .unknownUnit, "unit \"\(value)\" is not in the unit list; add it or an alias to units.csv and run `pantau import units`",
                group: value)
        }
        row.unitIndex = unitIndex
        row.email = columns.email.map { Self.trim(record[$0]) } ?? Bytes(start: nil, count: 0)
        guard row.email.isEmpty || Self.isEmail(row.email) else {
            return reject(.email, "email \"\(Self.string(row.email))\" is malformed; expected name@domain.tld, or leave it empty")
        }
        row.nik.removeAll(keepingCapacity: true)
        if let column = columns.nik {
            let raw = Self.trim(record[column])
            for (offset, byte) in zip(0..., raw) where !(byte == UInt8(ascii: "'") && offset == 0) && byte != UInt8(ascii: " ") {
                row.nik.append(byte)
            }
            guard row.nik.isEmpty || (row.nik.count == 16 && row.nik.allSatisfy { $0 >= 48 && $0 <= 57 }) else {
                return reject(.invalidValue, "nik \"\(Self.string(raw))\" should be 16 digits, or empty")
            }
        }
        guard let activated = Self.keyword(record[columns.activation], Self.activations) else {
            return reject(.invalidValue, Self.unmapped("status_aktivasi", record[columns.activation], "sudah or belum", "sudah|belum"))
        }
        row.activated = activated
        row.activationDate = nil
        if let column = columns.activationDate {
            let raw = Self.trim(record[column])
            if !raw.isEmpty {
                guard let date = Self.date(raw) else {
                    return reject(
                        .invalidValue,
                        "tanggal_aktivasi \"\(Self.string(raw))\" should be a date like 2021-06-14, 14/06/2021, 14-06-2021 or 14 Juni "
                            + "2021, or empty"
                    )
                }
                if let snapshotDate, snapshotDate < date {
                    return reject(
                        .invalidValue,
                        "tanggal_aktivasi \(date) is after the export's date \(snapshotDate); fix the date, or give the export's real date "
                            + "with --as-of"
                    )
                }
                row.activationDate = date
            }
        }
        for (index, column) in columns.categories.enumerated() {
            let raw = Self.trim(record[column])
            if raw.isEmpty {
                row.statuses[index] = CategoryStatus.belum.letter
                continue
            }
            guard let status = Self.keyword(raw, Self.categoryStatuses) else {
                return reject(
                    .invalidValue,
                    Self.unmapped(
                        categoryKeys[index], raw, "one of belum, sesuai, diusulkan, disetujui, ditolak",
                        "belum|sesuai|diusulkan|disetujui|ditolak"))
            }
            row.statuses[index] = status.letter
        }
        let nipValue = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) }
        if let first = seen.line(of: nipValue) {
            return reject(.duplicateNIP, "NIP \(nip) already appeared on line \(first); keep one row per employee")
        }
        seen.insert(nipValue, line: line)
        row.nip = nipValue
        row.name = Self.trim(record[columns.name])
        row.golongan = columns.golongan.map { Self.trim(record[$0]) } ?? Bytes(start: nil, count: 0)
        row.position = columns.position.map { Self.trim(record[$0]) } ?? Bytes(start: nil, count: 0)
        return nil
    }

    private static let categoryStatuses = KeywordTable(CategoryStatus.allCases.map { ($0.rawValue, $0) })
    private static let kinds = KeywordTable([("pns", EmployeeKind.pns), ("cpns", .cpns), ("pppk", .pppk)])
    private static let genders = KeywordTable([("l", UInt8(ascii: "L")), ("p", UInt8(ascii: "P"))])
    private static let activations = KeywordTable([("sudah", true), ("belum", false)])

    static func fieldCountMessage(_ found: Int, _ expected: Int) -> String {
        "has \(found) fields but the header has \(expected); check for a missing or extra separator, or quote values that contain one"
    }

    /// `status_aktivasi "Belum Aktivasi" should be sudah or belum; or map it in site.yml:
    /// data.values.status_aktivasi: {"Belum Aktivasi": sudah|belum}`.
    static func unmapped(_ column: String, _ raw: Bytes, _ allowed: String, _ targets: String) -> String {
        let value = string(trim(raw))
        if value.isEmpty { return "\(column) is empty; it should be \(allowed)" }
        let quoted = value.replacingOccurrences(of: "\"", with: "\\\"")
        return "\(column) \"\(value)\" should be \(allowed); or map it in site.yml: data.values.\(column): {\"\(quoted)\": \(targets)}"
    }

    // MARK: Byte helpers

    static func trim(_ bytes: Bytes) -> Bytes {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
        return Bytes(rebasing: bytes[start..<end])
    }

    static func string(_ bytes: Bytes) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Matches a trimmed value case-insensitively against lower-case keywords, without allocating.
    static func keyword<T>(_ bytes: Bytes, _ table: KeywordTable<T>) -> T? {
        let value = trim(bytes)
        guard value.count <= 16 else { return nil }
        let key = KeywordTable<T>.pack(value)
        for entry in table.entries where entry.key == key { return entry.value }
        return nil
    }

    /// `YYYY-MM-DD` (a trailing time is ignored), `D/M/YYYY`, `D-M-YYYY`, `D MMMM YYYY` (Indonesian or English
    /// month names and their common abbreviations) or an Excel serial day number.
    static func date(_ b: Bytes) -> CalendarDate? {
        ImportDate.parse(b)
    }

    /// `local@domain.tld`: one `@`, printable ASCII without spaces, a dotted domain without empty labels.
    static func isEmail(_ bytes: Bytes) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64, bytes.count - at - 1 >= 3 else { return false }
        var previous: UInt8 = 0
        var labelStart = at + 1
        var lastLabelLetters = true
        var dots = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte > 32, byte < 127, byte != UInt8(ascii: ","), byte != UInt8(ascii: ";"), byte != UInt8(ascii: "\"") else {
                return false
            }
            if index > at {
                if byte == UInt8(ascii: "@") { return false }
                if byte == UInt8(ascii: ".") {
                    // an empty label, or one that starts or ends with `-`
                    guard index > labelStart, bytes[labelStart] != UInt8(ascii: "-"), previous != UInt8(ascii: "-") else { return false }
                    labelStart = index + 1
                    lastLabelLetters = true
                    dots += 1
                } else if !((byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)) {
                    lastLabelLetters = false
                }
            } else if index < at, byte == UInt8(ascii: "."), previous == UInt8(ascii: ".") || index == 0 || index == at - 1 {
                return false  // `..`, or a dot at either end of the local part
            }
            previous = byte
        }
        let lastLabel = bytes.count - labelStart
        return dots >= 1 && lastLabel >= 2 && lastLabelLetters && previous != UInt8(ascii: "-")
    }
}

/// Raw bytes of one field, borrowed from the reader.
typealias Bytes = UnsafeBufferPointer<UInt8>

/// Lower-case keywords (at most 16 bytes) and what each stands for, compared as packed integers.
struct KeywordTable<T: Sendable>: Sendable {
    struct Key: Equatable, Sendable { var low: UInt64, high: UInt64, count: Int }
    let entries: [(key: Key, value: T)]

    init(_ pairs: [(String, T)]) {
        entries = pairs.map { word, value in
            let bytes = Array(word.utf8)
            return (bytes.withUnsafeBufferPointer { Self.pack($0) }, value)
        }
    }

    /// The value lower-cased (ASCII) and packed into two integers.
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> Key {
        var key = Key(low: 0, high: 0, count: bytes.count)
        for index in 0..<min(bytes.count, 16) {
            var byte = bytes[index]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if index < 8 { key.low |= UInt64(byte) << (8 * UInt64(index)) } else { key.high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        return key
    }
}
