import Foundation
import Testing

@testable import Pantau

/// Exports as agencies really have them: title rows, SIASN's raw columns and values, other encodings, bad bytes,
/// files that are not CSV at all. Every message is checked word for word.
@Suite struct ImportFormatsTests {
    static let siasnHeader =
        "PNS ID|NIP BARU|NIP LAMA|NAMA|GELAR DEPAN|GELAR BELAKANG|JENIS KELAMIN|NIK|EMAIL|JENIS PEGAWAI|STATUS CPNS PNS|"
        + "GOL AKHIR NAMA|JABATAN NAMA|UNOR ID|UNOR NAMA|LOKASI KERJA|status_aktivasi|data_personal|rw_jabatan"

    /// A raw SIASN export: two title rows, `|`, `M`/`F`, `null`, leading apostrophes, titles, a unit given by name.
    static let siasn = """
        DAFTAR PEGAWAI NEGERI SIPIL KOTA CONTOH
        Keadaan per 14 Juni 2021

        \(siasnHeader)
        A1|'198609262015051001|null|Budi Contoh|Dr.|S.Kom., M.T.|M|'6474012609860001|budi@example.com|PNS|P|III/a|Analis|U-1|Sekretariat \
        Daerah|Kota|Sudah Aktivasi|sesuai|null
        A2|'199001012015052001|null|Siti Contoh|null|null|F|null|null|PNS|C|III/a|Guru|U-2|KECAMATAN  A|Kota|Belum Aktivasi|null|null

        """

    static let siasnValues = ["status_aktivasi": ["sudah aktivasi": "sudah", "belum aktivasi": "belum"]]

    func importSIASN(_ store: ScratchStore, _ text: String = siasn) throws -> ImportReport {
        let url = try store.write("export-siasn.csv", text)
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.valueMapping = Self.siasnValues
        return try importer.importFile(url, displayPath: "export-siasn.csv", asOf: CalendarDate(iso: "2021-06-14")!)
    }

    @Test func rawSIASNExportImportsWithoutColumnConfig() throws {
        let store = try ScratchStore()
        let report = try importSIASN(store)
        #expect(report.rejections == [])
        #expect(report.imported == 2)
        #expect(report.headerLine == 4)
        let employees = try store.employees()
        #expect(employees.map(\.name) == ["Dr. Budi Contoh, S.Kom., M.T.", "Siti Contoh"])
        #expect(employees.map(\.gender) == ["L", "P"])
        #expect(employees.map(\.employeeStatus) == ["PNS", "CPNS"])
        #expect(employees.map(\.nik) == ["6474012609860001", nil])
        #expect(employees.map(\.email) == ["budi@example.com", nil])
        #expect(employees.map(\.unitCode) == ["setda", "kec-a"])
        #expect(employees.map(\.activated) == [true, false])
        #expect(employees.map(\.statuses) == [[.sesuai, .belum], [.belum, .belum]])
        #expect(
            report.summary == """
                export-siasn.csv: snapshot of 2021-06-14, now the current employees.
                  header on line 4; the lines above it were skipped as titles
                  read 2 rows, imported 2, rejected 0
                  0 employees of the previous import are not in this export and no longer counted
                  unused columns (4): PNS ID, NIP LAMA, JENIS PEGAWAI, LOKASI KERJA
                """)
    }

    @Test func unmappedValueNamesTheMappingThatWouldFixIt() throws {
        let store = try ScratchStore()
        let url = try store.write("export-siasn.csv", Self.siasn.replacingOccurrences(of: "|Belum Aktivasi|", with: "|belum|"))
        let report = try EmployeeImporter(datastore: store.datastore).importFile(
            url, displayPath: "export-siasn.csv", asOf: CalendarDate(iso: "2021-06-14")!)
        #expect(report.imported == 1)
        #expect(
            report.rejections == [
                RowRejection(
                    line: 5, reason: .invalidValue,
                    message:
                        "status_aktivasi \"Sudah Aktivasi\" should be sudah or belum; or map it in site.yml: data.values.status_aktivasi: "
                        + "{\"Sudah Aktivasi\": sudah|belum}"
                )
            ])
    }

    @Test func valuesMappingFromSiteYML() throws {
        let config = try SiteConfig.parse(
            """
            title: Tes
            data:
              values:
                status_aktivasi: {Sudah Aktivasi: sudah, "Belum  aktivasi": belum}
                jenis_kelamin: {Laki-laki: L}
            """)
        #expect(
            config.data.values == [
                "status_aktivasi": ["sudah aktivasi": "sudah", "belum aktivasi": "belum"], "jenis_kelamin": ["laki-laki": "L"],
            ])
        #expect(
            throws: PantauError(
                file: "site.yml", line: 4, column: 11, step: .config,
                "data.values.nama: values can be mapped for data_personal, golongan, jabatan, jenis_kelamin, kode_unit, rw_cltn, "
                    + "rw_cpns_pns, rw_golongan, rw_jabatan, rw_keluarga, rw_organisasi, rw_pendidikan, rw_penghargaan, "
                    + "rw_pindah_instansi, rw_pmk, rw_skp, status_aktivasi, status_pegawai; fix the column name"
            )
        ) {
            try SiteConfig.parse("title: Tes\ndata:\n  values:\n    nama: {a: b}\n")
        }
    }

    @Test func valueMappingAppliesToCanonicalFilesToo() throws {
        let store = try ScratchStore()
        let row = ScratchStore.validRow.replacingOccurrences(of: ",L,", with: ",Laki-Laki,").replacingOccurrences(
            of: ",sudah,", with: ",SUDAH AKTIVASI,")
        let url = try store.write("pegawai.csv", "\(ScratchStore.header)\n\(row)\n")
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.valueMapping = ["jenis_kelamin": ["laki-laki": "L"], "status_aktivasi": ["sudah aktivasi": "sudah"]]
        let report = try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-14")!)
        #expect(report.rejections == [])
        #expect(try store.employees().map(\.activated) == [true])
    }

    @Test func headerRowOverride() throws {
        let store = try ScratchStore()
        let text = "nip,judul\nx,y\n\(ScratchStore.header)\n\(ScratchStore.validRow)\n"
        let url = try store.write("pegawai.csv", text)
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.options.headerRow = 3
        let report = try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-14")!)
        #expect(report.imported == 1)
        importer.options.headerRow = 9
        #expect(
            throws: PantauError(
                file: "pegawai.csv", line: 9, step: .datastore,
                "--header-row 9: no row starts on that line (the file has 4 rows before it, or it is inside an earlier row); give the line "
                    + "number of the header row"
            )
        ) {
            try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-15")!)
        }
    }

    @Test func rejectsAreGroupedByReasonAndUnknownUnitsByValue() throws {
        let store = try ScratchStore()
        var lines = [ScratchStore.header]
        let base = 198_609_262_015_051_000 as UInt64
        for index in 1...5 {
            let unit = index == 5 ? "PUSKESMAS X" : "PUSKESMAS SUKAMAJU"
            lines.append(
                ScratchStore.validRow.replacingOccurrences(of: "198609262015051001", with: String(base + UInt64(index)))
                    .replacingOccurrences(of: ",setda,", with: ",\(unit),"))
        }
        lines.append(ScratchStore.validRow)
        lines.append(
            ScratchStore.validRow.replacingOccurrences(of: "198609262015051001", with: "198609262015051009")
                .replacingOccurrences(of: "budi@example.com", with: "budi@"))
        let report = try store.importEmployees(lines.joined(separator: "\n") + "\n")
        #expect(
            report.summary == """
                pegawai.csv: snapshot of 2021-06-14, now the current employees.
                  read 7 rows, imported 1, rejected 6
                    unit "PUSKESMAS SUKAMAJU" (4 rows; lines 2, 3, 4, …): not in the unit list; add it or an alias to units.csv and run \
                `pantau import units`
                    unit "PUSKESMAS X" (1 row; line 6): not in the unit list; add it or an alias to units.csv and run `pantau import units`
                    malformed email (1 row; line 8): email "budi@" is malformed; expected name@domain.tld, or leave it empty
                  0 employees of the previous import are not in this export and no longer counted
                  rejected rows with their line (baris) and reason (alasan): pegawai.ditolak.csv; fix them in the export and import it again
                """)
    }

    @Test func rejectedEmployeesAreNotCalledAbsent() throws {
        let store = try ScratchStore()
        let second = "199001012015052001,,Siti Contoh,P,CPNS,III/a,Guru,kel-a1,siti@example.com,belum,,belum,belum"
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(second)\n", asOf: "2021-06-01")
        let brokenSiti = second.replacingOccurrences(of: "siti@example.com", with: "siti@")
        let report = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(brokenSiti)\n", asOf: "2021-06-14")
        #expect(report.noLongerCounted == 0)
        #expect(report.previousRejected == 1)
        #expect(
            report.summary.contains(
                "\n  0 employees of the previous import are not in this export and no longer counted\n"
                    + "  1 employee of the previous import is in this export but rejected (see above), so no longer counted\n"))
    }

    @Test func headerOnlyFileSaysNoRowsAndWritesNoRejectFile() throws {
        let store = try ScratchStore()
        #expect(
            throws: PantauError(file: "pegawai.csv", line: 1, step: .datastore, "the file has a header but no rows; nothing was imported")
        ) {
            try store.importEmployees("\(ScratchStore.header)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: store.directory.appendingPathComponent("pegawai.ditolak.csv").path))
    }

    @Test func zipAndWebPagesAreNamedAsSuch() throws {
        let store = try ScratchStore()
        let zip = store.directory.appendingPathComponent("pegawai.csv")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0]).write(to: zip)
        #expect(
            throws: PantauError(
                file: "pegawai.csv", step: .datastore,
                "this is a zip archive (an Excel .xlsx workbook?) that cannot be opened; it may be cut short: download or save the "
                    + "workbook again"
            )
        ) {
            try EmployeeImporter(datastore: store.datastore).importFile(
                zip, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-14")!)
        }
        #expect(
            throws: PantauError(
                file: "pegawai.csv", step: .datastore,
                "this is a web page (HTML), not a CSV or XLSX export; it is probably an error page saved by the browser. Download the "
                    + "export again and check the file opens in a spreadsheet"
            )
        ) {
            try store.importEmployees("\u{FEFF}\n <!DOCTYPE html><html><body>Session expired</body></html>\n")
        }
    }

    @Test(arguments: [(true, "\t"), (false, ","), (true, ",")])
    func utf16IsDecoded(_ littleEndian: Bool, _ delimiter: String) throws {
        let store = try ScratchStore()
        let text = "\(ScratchStore.header)\n\(ScratchStore.validRow.replacingOccurrences(of: "Budi Contoh", with: "Budi Sé 𝄞"))\n"
            .replacingOccurrences(of: ",", with: delimiter)
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            bytes += littleEndian ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let url = store.directory.appendingPathComponent("pegawai.txt")
        try Data(bytes).write(to: url)
        let report = try EmployeeImporter(datastore: store.datastore).importFile(
            url, displayPath: "pegawai.txt", asOf: CalendarDate(iso: "2021-06-14")!)
        #expect(report.rejections == [])
        #expect(try store.employees().map(\.name) == ["Budi Sé 𝄞"])
    }

    @Test func invalidUTF8IsARejectNamingFieldAndByte() throws {
        let store = try ScratchStore()
        let url = store.directory.appendingPathComponent("pegawai.csv")
        var bytes = Array("\(ScratchStore.header)\n".utf8)
        bytes +=
            Array(ScratchStore.validRow.replacingOccurrences(of: "Budi Contoh", with: "Andr\u{1}").utf8).map { $0 == 1 ? 0xE9 : $0 } + [10]
        bytes += Array("\(EmployeeImportTests.second)\n".utf8)
        try Data(bytes).write(to: url)
        let report = try EmployeeImporter(datastore: store.datastore).importFile(
            url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-14")!)
        #expect(
            report.rejections == [
                RowRejection(
                    line: 2, reason: .encoding,
                    message:
                        "field 3 (nama) is not UTF-8 (byte 5 of the field is 0xE9); if an older Windows program saved the file, import it "
                        + "with --encoding windows-1252"
                )
            ])
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.options.encoding = .windows1252
        let again = try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-15")!)
        #expect(again.rejections == [])
        #expect(try store.employees().map(\.name) == ["André", "Siti Contoh"])
    }

    @Test func nulByteIsAReject() throws {
        let store = try ScratchStore()
        let report = try store.importEmployees(
            "\(ScratchStore.header)\n\(ScratchStore.validRow.replacingOccurrences(of: "Budi Contoh", with: "Budi\u{0}Contoh"))"
                + "\n\(EmployeeImportTests.second)\n"
        )
        #expect(
            report.rejections == [
                RowRejection(
                    line: 2, reason: .nulByte,
                    message:
                        "field 3 (nama) holds a NUL byte (byte 5 of the field); remove it from the export and import again")
            ])
    }

    @Test func tenThousandUnusedColumnsMakeAShortLine() throws {
        let names = (1...10_000).map { "kolom tambahan \($0)" }
        let line = ImportReport.unusedColumns(names)
        #expect(line.count < 500)
        #expect(line.hasPrefix("unused columns (10000): kolom tambahan 1, kolom tambahan 2, "))
        #expect(line.hasSuffix("kolom tambahan 20, … and 9980 more"))
    }

    @Test func unitFieldsPointingAtTwoUnitsAreARejection() throws {
        let store = try ScratchStore()
        let text = Self.siasn.replacingOccurrences(of: "|U-1|Sekretariat Daerah|", with: "|setda|Kecamatan A|")
        let report = try importSIASN(store, text)
        #expect(
            report.rejections.first
                == RowRejection(
                    line: 5, reason: .unknownUnit,
                    message:
                        "the unit fields point at two units, setda and kec-a (\"Kecamatan A\"); fix the export or the aliases in units.csv")
        )
    }
}

extension ImportFormatsTests {
    /// A SIASN export without status columns, and two status lists keyed by NIP.
    @Test func statusListsAreJoinedOnNIP() throws {
        let store = try ScratchStore()
        let export = Self.siasn.replacingOccurrences(of: "|status_aktivasi|data_personal|rw_jabatan", with: "")
            .replacingOccurrences(of: "|Sudah Aktivasi|sesuai|null", with: "").replacingOccurrences(
                of: "|Belum Aktivasi|null|null", with: "")
        let url = try store.write("export-siasn.csv", export)
        let activation = try store.write(
            "aktivasi.csv",
            "REKAP AKTIVASI\nNIP BARU;status_aktivasi;tanggal_aktivasi\n'198609262015051001;Sudah "
                + "Aktivasi;28-10-2021\n'199912312020121001;sudah;\n"
        )
        let categories = try store.write("pdm.csv", "nip,data_personal,rw_jabatan\n198609262015051001,sesuai,disetujui\n")
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.valueMapping = Self.siasnValues
        importer.statusFiles = [(activation, "aktivasi.csv"), (categories, "pdm.csv")]
        let report = try importer.importFile(url, displayPath: "export-siasn.csv", asOf: CalendarDate(iso: "2021-11-02")!)
        #expect(report.rejections == [])
        let employees = try store.employees()
        #expect(employees.map(\.activated) == [true, false])
        #expect(employees.map(\.activationDate) == [CalendarDate(year: 2021, month: 10, day: 28), nil])
        #expect(employees.map(\.statuses) == [[.sesuai, .disetujui], [.belum, .belum]])
        #expect(
            report.summary == """
                export-siasn.csv: snapshot of 2021-11-02, now the current employees.
                  header on line 4; the lines above it were skipped as titles
                  read 2 rows, imported 2, rejected 0
                  1 employee has no status row; counted as not activated with nothing done
                  1 status row names a NIP not in this export (aktivasi.csv:4); written to the reject file
                  0 employees of the previous import are not in this export and no longer counted
                  rejected rows with their line (baris) and reason (alasan): export-siasn.ditolak.csv; fix them in the export and import \
                it again
                  unused columns (4): PNS ID, NIP LAMA, JENIS PEGAWAI, LOKASI KERJA
                """)
        let rejects = try String(contentsOf: store.directory.appendingPathComponent("export-siasn.ditolak.csv"), encoding: .utf8)
        #expect(
            rejects.contains(
                "\naktivasi.csv:4|the status row's NIP is not in export-siasn.csv; check the NIP or the export|'199912312020121001|sudah|\n"
            ))
    }

    @Test func withoutStatusListsTheStatusColumnIsStillRequired() throws {
        let store = try ScratchStore()
        let export = Self.siasn.replacingOccurrences(of: "|status_aktivasi|data_personal|rw_jabatan", with: "")
            .replacingOccurrences(of: "|Sudah Aktivasi|sesuai|null", with: "").replacingOccurrences(
                of: "|Belum Aktivasi|null|null", with: "")
        #expect(
            throws: PantauError(
                file: "export-siasn.csv", line: 4, step: .datastore,
                "the header has no `status_aktivasi` column (also missing: data_personal, rw_jabatan); the file was not imported. Add the "
                    + "column, or map your export's name for it under data.columns in site.yml; or give the statuses as lists joined on "
                    + "NIP with --status FILE"
            )
        ) {
            try importSIASN(store, export)
        }
    }
}
