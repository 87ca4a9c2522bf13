import Foundation
import Testing

@testable import Pantau

/// One valid row, changed one field at a time: each change is rejected with its reason and exact message.
@Suite struct EmployeeValidationTests {
    /// Field positions in `ScratchStore.header`.
    enum Field: Int {
        case nip = 0
        case nik, nama, gender, status, golongan, jabatan, unit, email, activation, activationDate, personal, jabatanStatus
    }

    static func row(_ changes: [(Field, String)]) -> String {
        var fields = ScratchStore.validRow.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for (field, value) in changes { fields[field.rawValue] = value }
        return fields.joined(separator: ",")
    }

    static let rejections: [(String, [(Field, String)], RejectReason, String)] = [
        ("17-digit NIP", [(.nip, "19860926201505100")], .nipFormat, "NIP \"19860926201505100\" should be 18 digits"),
        ("letters in NIP", [(.nip, "19860926A015051001")], .nipFormat, "NIP \"19860926A015051001\" should be 18 digits"),
        (
            "NIP as an Excel number", [(.nip, "1.98609E+17")], .nipFormat,
            "NIP \"1.98609E+17\" should be 18 digits (a spreadsheet turned it into a number: format the column as Text and export again)"
        ),
        (
            "30 February", [(.nip, "198602302015051001")], .nipBirthDate,
            "NIP 198602302015051001: birth date \"19860230\" (digits 1–8) is not a real date"
        ),
        (
            "TMT month 13", [(.nip, "198609262015131001")], .nipTMT,
            "NIP 198609262015131001: TMT month \"13\" (digits 13–14) should be 01–12"
        ),
        (
            "TMT before birth", [(.nip, "198609261980051001")], .nipTMT,
            "NIP 198609261980051001: TMT 1980-05 (digits 9–14) is not after the birth date 1986-09-26"
        ),
        (
            "gender digit 3", [(.nip, "198609262015053001")], .nipGender,
            "NIP 198609262015053001: gender digit (15) is \"3\", should be 1 (L) or 2 (P)"
        ),
        ("P for a male NIP", [(.gender, "P")], .genderMismatch, "jenis_kelamin is P but the NIP's gender digit 1 means L; fix one of them"),
        (
            "unknown unit", [(.unit, "xyz")], .unknownUnit,
            "unit \"xyz\" is not in the unit list; add it or an alias to units.csv and run `pantau import units`"
        ),
        ("email without domain", [(.email, "budi@")], .email, "email \"budi@\" is malformed; expected name@domain.tld, or leave it empty"),
        (
            "email with a space", [(.email, "budi contoh@example.com")], .email,
            "email \"budi contoh@example.com\" is malformed; expected name@domain.tld, or leave it empty"
        ),
        (
            "email without dot", [(.email, "budi@localhost")], .email,
            "email \"budi@localhost\" is malformed; expected name@domain.tld, or leave it empty"
        ),
        (
            "status honorer", [(.status, "Honorer")], .invalidValue,
            "status_pegawai \"Honorer\" should be PNS, CPNS or PPPK; or map it in site.yml: data.values.status_pegawai: {\"Honorer\": "
                + "PNS|CPNS|PPPK}"
        ),
        (
            "gender X", [(.gender, "X")], .invalidValue,
            "jenis_kelamin \"X\" should be L or P; or map it in site.yml: data.values.jenis_kelamin: {\"X\": L|P}"
        ),
        (
            "activation ya", [(.activation, "ya")], .invalidValue,
            "status_aktivasi \"ya\" should be sudah or belum; or map it in site.yml: data.values.status_aktivasi: {\"ya\": sudah|belum}"
        ),
        (
            "31 June", [(.activationDate, "31/06/2021")], .invalidValue,
            "tanggal_aktivasi \"31/06/2021\" should be a date like 2021-06-14, 14/06/2021, 14-06-2021 or 14 Juni 2021, or empty"
        ),
        (
            "31 Juni", [(.activationDate, "31 Juni 2021")], .invalidValue,
            "tanggal_aktivasi \"31 Juni 2021\" should be a date like 2021-06-14, 14/06/2021, 14-06-2021 or 14 Juni 2021, or empty"
        ),
        (
            "month name unknown", [(.activationDate, "14 Juno 2021")], .invalidValue,
            "tanggal_aktivasi \"14 Juno 2021\" should be a date like 2021-06-14, 14/06/2021, 14-06-2021 or 14 Juni 2021, or empty"
        ),
        ("empty activation", [(.activation, "")], .invalidValue, "status_aktivasi is empty; it should be sudah or belum"),
        (
            "category selesai", [(.jabatanStatus, "selesai")], .invalidValue,
            "rw_jabatan \"selesai\" should be one of belum, sesuai, diusulkan, disetujui, ditolak; or map it in site.yml: "
                + "data.values.rw_jabatan: {\"selesai\": belum|sesuai|diusulkan|disetujui|ditolak}"
        ),
        ("short NIK", [(.nik, "12345")], .invalidValue, "nik \"12345\" should be 16 digits, or empty"),
        ("empty name", [(.nama, "")], .invalidValue, "nama is empty; every employee needs a name"),
    ]

    @Test(arguments: rejections)
    func rejects(_ name: String, _ changes: [(Field, String)], _ reason: RejectReason, _ message: String) throws {
        let store = try ScratchStore()
        let report = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(Self.row(changes))\n")
        #expect(report.read == 2)
        #expect(report.imported == 1)
        #expect(
            report.rejections == [RowRejection(line: 3, reason: reason, message: message, group: reason == .unknownUnit ? "xyz" : nil)],
            "\(name)")
    }

    @Test func wrongFieldCount() throws {
        let store = try ScratchStore()
        let short = ScratchStore.validRow.split(separator: ",").dropLast().joined(separator: ",")
        let report = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(short)\n")
        #expect(
            report.rejections == [
                RowRejection(
                    line: 3, reason: .fieldCount,
                    message: "has 12 fields but the header has 13; check for a missing or extra separator, or quote values that contain one"
                )
            ])
    }

    @Test func duplicateNamesTheFirstLine() throws {
        let store = try ScratchStore()
        let other = Self.row([(.nip, "199001012015052001"), (.gender, "P")])
        let report = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(other)\n\(ScratchStore.validRow)\n")
        #expect(
            report.rejections == [
                RowRejection(
                    line: 4, reason: .duplicateNIP, message: "NIP 198609262015051001 already appeared on line 2; keep one row per employee")
            ])
        #expect(report.imported == 2)
    }

    @Test func duplicateOfARejectedRowIsImported() throws {
        let store = try ScratchStore()
        let broken = Self.row([(.email, "budi@")])
        let report = try store.importEmployees("\(ScratchStore.header)\n\(broken)\n\(ScratchStore.validRow)\n")
        #expect(report.imported == 1)
        #expect(report.rejections.map(\.reason) == [.email])
    }

    static let accepted: [(String, [(Field, String)], @Sendable (EmployeeRecord) -> Bool)] = [
        ("NIP with spaces", [(.nip, "19860926 201505 1 001")], { $0.nip == "198609262015051001" }),
        ("NIP with Excel's apostrophe", [(.nip, "'198609262015051001")], { $0.nip == "198609262015051001" }),
        (
            "PPPK NIP without a TMT month", [(.nip, "199001012021211001"), (.status, "pppk")],
            { $0.nip == "199001012021211001" && $0.employeeStatus == "PPPK" }
        ),
        (
            "upper-case values", [(.gender, "l"), (.activation, "SUDAH"), (.personal, "Disetujui"), (.jabatanStatus, " DITOLAK ")],
            { $0.gender == "L" && $0.activated && $0.statuses == [.disetujui, .ditolak] }
        ),
        ("day-first date", [(.activationDate, "4/6/2021")], { $0.activationDate == CalendarDate(year: 2021, month: 6, day: 4) }),
        ("SIASN's d-m-Y date", [(.activationDate, "28-10-2021")], { $0.activationDate == CalendarDate(year: 2021, month: 10, day: 28) }),
        (
            "Indonesian month name", [(.activationDate, "28 Oktober 2021")],
            { $0.activationDate == CalendarDate(year: 2021, month: 10, day: 28) }
        ),
        ("Agt abbreviation", [(.activationDate, "3 Agt 2021")], { $0.activationDate == CalendarDate(year: 2021, month: 8, day: 3) }),
        ("Agu abbreviation", [(.activationDate, "3 Agu 2021")], { $0.activationDate == CalendarDate(year: 2021, month: 8, day: 3) }),
        (
            "English month, abbreviated", [(.activationDate, "3 Aug 2021")],
            { $0.activationDate == CalendarDate(year: 2021, month: 8, day: 3) }
        ),
        ("Excel serial day", [(.activationDate, "44361")], { $0.activationDate == CalendarDate(year: 2021, month: 6, day: 14) }),
        ("unit by its name, other case and spacing", [(.unit, "sekretariat  DAERAH")], { $0.unitCode == "setda" }),
        (
            "date with a time", [(.activationDate, "2021-06-14 08:30:00")],
            { $0.activationDate == CalendarDate(year: 2021, month: 6, day: 14) }
        ),
        (
            "empty date, email and NIK", [(.activationDate, ""), (.email, ""), (.nik, "")],
            { $0.activationDate == nil && $0.email == nil && $0.nik == nil }
        ),
        ("empty category means belum", [(.personal, "")], { $0.statuses == [.belum, .belum] && !$0.isComplete }),
        ("unit code in another case", [(.unit, "SETDA")], { $0.unitCode == "setda" }),
        ("all done", [(.jabatanStatus, "sesuai")], { $0.isComplete }),
    ]

    @Test(arguments: accepted)
    func accepts(_ name: String, _ changes: [(Field, String)], _ check: @Sendable (EmployeeRecord) -> Bool) throws {
        let store = try ScratchStore()
        let report = try store.importEmployees("\(ScratchStore.header)\n\(Self.row(changes))\n", asOf: "2021-12-31")
        #expect(report.rejections == [], "\(name)")
        let employees = try store.employees()
        #expect(employees.count == 1)
        #expect(employees.first.map(check) == true, "\(name): \(String(describing: employees.first))")
    }

    @Test(arguments: [
        (
            "nama",
            "the header has no `nama` column; the file was not imported. Add the column, or map your export's name for it under "
                + "data.columns in site.yml"
        ),
        (
            "rw_jabatan",
            "the header has no `rw_jabatan` column; the file was not imported. Add the column, or map your export's name for it under "
                + "data.columns in site.yml; or give the statuses as lists joined on NIP with --status FILE"
        ),
    ])
    func headerMissingAColumnIsRefused(_ column: String, _ message: String) throws {
        let store = try ScratchStore()
        let header = ScratchStore.header.replacingOccurrences(of: ",\(column)", with: ",other")
        #expect(throws: PantauError(file: "pegawai.csv", line: 1, step: .datastore, message)) {
            try store.importEmployees("\(header)\n\(ScratchStore.validRow)\n")
        }
        #expect(try store.datastore.snapshots().isEmpty)
    }
}

extension EmployeeValidationTests {
    @Test func fileWithNoValidRowIsRefusedAndChangesNothing() throws {
        let store = try ScratchStore()
        let bad = Self.row([(.email, "budi@")])
        #expect(throws: PantauError.self) { try store.importEmployees("\(ScratchStore.header)\n\(bad)\n") }
        #expect(try store.datastore.snapshots().isEmpty)
        #expect(FileManager.default.fileExists(atPath: store.directory.appendingPathComponent("pegawai.ditolak.csv").path))
    }
}
