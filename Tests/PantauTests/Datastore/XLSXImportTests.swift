import Foundation
import Testing
import ZIPFoundation

@testable import Pantau

/// XLSX workbooks (written by ``XLSXWriter``, a standards-conformant SpreadsheetML writer) import like CSV.
@Suite struct XLSXImportTests {
    static let header = ScratchStore.header.split(separator: ",").map { XLSXWriter.Cell.text(String($0)) }

    func workbook(
        _ store: ScratchStore, _ rows: [[XLSXWriter.Cell]], name: String = "pegawai.xlsx", system1904: Bool = false,
        sheet: String = "Pegawai"
    ) throws -> URL {
        let url = store.directory.appendingPathComponent(name)
        let writer = try XLSXWriter(url: url, sheetName: sheet, system1904: system1904)
        for row in rows { try writer.add(row) }
        try writer.finish()
        return url
    }

    func importWorkbook(_ store: ScratchStore, _ url: URL, sheet: String? = nil, asOf: String = "2021-06-14") throws -> ImportReport {
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.options.sheet = sheet
        return try importer.importFile(url, displayPath: url.lastPathComponent, asOf: CalendarDate(iso: asOf)!)
    }

    @Test func cellKindsAreReadAsText() throws {
        let store = try ScratchStore()
        let rows: [[XLSXWriter.Cell]] = [
            [.text("DAFTAR PEGAWAI")],
            [],
            Self.header + [.text("aktif")],
            // Shared strings, an inline string, a NIK as a number, an empty golongan, a date cell, a boolean.
            [
                .text("198609262015051001"), .number("6474012609860001"), .inline("Budi & <Contoh>"), .text("L"), .text("PNS"), .empty,
                .text("Analis"), .text("setda"), .text("budi@example.com"), .text("sudah"), .date(44361), .text("sesuai"), .empty,
                .bool(true),
            ],
            // Excel's leading apostrophe kept in the text, a date typed as text.
            [
                .text("'199001012015052001"), .empty, .text("Siti"), .text("P"), .text("CPNS"), .text("III/a"), .empty, .text("kel-a1"),
                .empty, .text("belum"), .text("28-10-2021"), .empty, .text("sesuai"), .bool(false),
            ],
        ]
        let url = try workbook(store, rows)
        let report = try importWorkbook(store, url, asOf: "2021-12-31")
        #expect(report.rejections == [])
        #expect(report.headerLine == 3)
        let employees = try store.employees()
        #expect(employees.map(\.nip) == ["198609262015051001", "199001012015052001"])
        #expect(employees.map(\.name) == ["Budi & <Contoh>", "Siti"])
        #expect(employees.map(\.nik) == ["6474012609860001", nil])
        #expect(employees.map(\.golongan) == [nil, "III/a"])
        #expect(
            employees.map(\.activationDate) == [CalendarDate(year: 2021, month: 6, day: 14), CalendarDate(year: 2021, month: 10, day: 28)])
        #expect(employees.map(\.statuses) == [[.sesuai, .belum], [.belum, .sesuai]])
        #expect(report.ignoredColumns == ["aktif"])
    }

    @Test func dates1904System() throws {
        let store = try ScratchStore()
        // 2021-06-14 is day 42899 after 1904-01-01.
        let row = ScratchStore.validRow.split(separator: ",", omittingEmptySubsequences: false).enumerated().map {
            index, value -> XLSXWriter.Cell in
            index == 10 ? .date(42_899) : .text(String(value))
        }
        let url = try workbook(store, [Self.header, row], system1904: true)
        _ = try importWorkbook(store, url)
        #expect(try store.employees().map(\.activationDate) == [CalendarDate(year: 2021, month: 6, day: 14)])
    }

    @Test func sheetIsChosenByName() throws {
        let store = try ScratchStore()
        let row = ScratchStore.validRow.split(separator: ",", omittingEmptySubsequences: false).map { XLSXWriter.Cell.text(String($0)) }
        let url = try workbook(store, [Self.header, row])
        #expect(try importWorkbook(store, url, sheet: "pegawai").imported == 1)
        #expect(
            throws: PantauError(file: "pegawai.xlsx", step: .datastore, "the workbook has no sheet \"Rekap\"; its sheets are \"Pegawai\"")
        ) {
            try importWorkbook(store, url, sheet: "Rekap", asOf: "2021-06-15")
        }
    }

    @Test func anXLSXRenamedCSVIsReadAsAWorkbook() throws {
        let store = try ScratchStore()
        let row = ScratchStore.validRow.split(separator: ",", omittingEmptySubsequences: false).map { XLSXWriter.Cell.text(String($0)) }
        let url = try workbook(store, [Self.header, row], name: "pegawai.csv")
        #expect(try importWorkbook(store, url).imported == 1)
    }

    @Test func aZipThatIsNoWorkbookIsNamedAsSuch() throws {
        let store = try ScratchStore()
        let url = store.directory.appendingPathComponent("pegawai.csv")
        let archive = try Archive(url: url, accessMode: .create)
        let data = Data("halo".utf8)
        try archive.addEntry(with: "catatan.txt", type: .file, uncompressedSize: Int64(data.count)) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        #expect(
            throws: PantauError(
                file: "pegawai.csv", step: .datastore,
                "this is a zip archive but not an Excel workbook (it has no xl/workbook.xml); export the data as .xlsx or CSV")
        ) {
            try importWorkbook(store, url)
        }
    }

    /// The same rows, valid and not, written as CSV and as XLSX, give identical datastores.
    @Test(arguments: [1, 2, 3, 4, 5])
    func sameRowsAsCSVAndXLSXImportIdentically(_ seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let fields = ScratchStore.validRow.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [[String]] = []
        for index in 0..<200 {
            var row = fields
            let birth = 1960 + Int(random.next() % 40)
            row[0] =
                "\(birth)0\(1 + random.next() % 9)1\(random.next() % 9)20\(10 + random.next() % 10)0\(1 + random.next() % 9)"
                + "\(1 + random.next() % 2)"
                + String(format: "%03d", index)
            row[3] = row[0].dropFirst(14).first == "1" ? "L" : "P"
            row[2] = ["Budi", "Siti Ärzte", "Andi, S.Kom.", "Eko \"Ek\"", "Rina; Putri"][Int(random.next() % 5)]
            row[7] = ["setda", "kec-a", "KEL-A1", "unknown"][Int(random.next() % 4)]
            row[8] = ["", "a@example.com", "bad@"][Int(random.next() % 3)]
            row[9] = ["sudah", "belum", "ya"][Int(random.next() % 3)]
            row[10] = ["", "2021-06-14", "14/06/2021", "31-02-2021"][Int(random.next() % 4)]
            row[11] = ["", "sesuai", "ditolak", "selesai"][Int(random.next() % 4)]
            rows.append(row)
        }
        let csvStore = try ScratchStore()
        let xlsxStore = try ScratchStore()
        let csv = ([ScratchStore.header] + rows.map { $0.map(Self.csvField).joined(separator: ",") }).joined(separator: "\n") + "\n"
        let csvReport = try csvStore.importEmployees(csv)
        let url = try workbook(xlsxStore, [Self.header] + rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } })
        let xlsxReport = try importWorkbook(xlsxStore, url)
        #expect(csvReport.imported > 0 && csvReport.rejected > 0)
        #expect(xlsxReport.rejections == csvReport.rejections)
        #expect(xlsxReport.imported == csvReport.imported)
        #expect(try xlsxStore.employees() == csvStore.employees())
        let csvSnapshot = try #require(try csvStore.datastore.snapshots().first)
        let xlsxSnapshot = try #require(try xlsxStore.datastore.snapshots().first)
        #expect(try xlsxStore.datastore.unitCounts(snapshot: xlsxSnapshot.id) == csvStore.datastore.unitCounts(snapshot: csvSnapshot.id))
    }

    static func csvField(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == ";" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}

/// SplitMix64: the same seed, the same numbers, on every machine.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
