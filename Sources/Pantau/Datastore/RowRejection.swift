/// Why an employee row was not imported.
public enum RejectReason: String, Sendable, CaseIterable, Comparable {
    /// The row has more or fewer fields than the header.
    case fieldCount = "field count"
    /// The NIP is not 18 digits.
    case nipFormat = "NIP not 18 digits"
    /// NIP digits 1–8 are not a real date.
    case nipBirthDate = "NIP birth date"
    /// NIP digits 13–14 are not a month, or the TMT is not after the birth date (not checked for PPPK).
    case nipTMT = "NIP TMT"
    /// NIP digit 15 is not 1 or 2.
    case nipGender = "NIP gender digit"
    /// `jenis_kelamin` disagrees with the NIP's gender digit.
    case genderMismatch = "gender mismatch"
    /// The NIP was already imported from an earlier line of the same file.
    case duplicateNIP = "duplicate NIP"
    /// `kode_unit` is not a known unit.
    case unknownUnit = "unknown unit"
    /// The email is malformed.
    case email = "malformed email"
    /// A status, gender, date or NIK value is not one of the allowed forms.
    case invalidValue = "invalid value"
    /// A field holds bytes that are not UTF-8 (or, with `--encoding`, not that encoding).
    case encoding = "not UTF-8"
    /// A field holds a NUL byte.
    case nulByte = "NUL byte"

    public static func < (a: RejectReason, b: RejectReason) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// One rejected row: where, why, and what to do.
public struct RowRejection: Sendable, Equatable {
    /// Physical line the row starts on.
    public var line: Int
    public var reason: RejectReason
    /// What was wrong and what to do.
    public var message: String
    /// Rejections with the same reason and group are summarised in one line (the unknown unit's value);
    /// nil groups by reason alone.
    public var group: String?

    public init(line: Int, reason: RejectReason, message: String, group: String? = nil) {
        self.line = line
        self.reason = reason
        self.message = message
        self.group = group
    }
}
