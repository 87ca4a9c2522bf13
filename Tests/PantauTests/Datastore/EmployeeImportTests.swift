import Foundation
import GRDB
import Testing

@testable import Pantau

@Suite struct EmployeeImportTests {
    static let second = "199001012015052001,,Siti Contoh,P,CPNS,III/a,Guru,kel-a1,siti@example.com,belum,,belum,belum"

    @Test func messyExcelFileIsReadWithExactCounts() throws {
        let store = try ScratchStore()
        // BOM, `;`, CRLF, upper-case header, a name with a quoted line break, `;` and doubled quotes inside
        // quotes, day-first dates, a blank line, an empty `;;;` row, and one bad row (line 7).
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/datastore/pegawai-messy", withExtension: "csv"))
        let report = try store.importEmployees(String(decoding: try Data(contentsOf: fixture), as: UTF8.self), asOf: "2021-07-31")
        #expect(report.read == 4)
        #expect(report.imported == 3)
        #expect(
            report.rejections == [
                RowRejection(line: 7, reason: .email, message: "email \"ani@\" is malformed; expected name@domain.tld, or leave it empty")
            ])
        let employees = try store.employees()
        #expect(employees.map(\.name) == ["Budi \"Bud\" Contoh;\r\nS.Kom.", "Siti Contoh", "Eko Contoh"])
        #expect(
            employees.map(\.activationDate) == [
                CalendarDate(year: 2021, month: 6, day: 14), nil, CalendarDate(year: 2021, month: 7, day: 1),
            ])
        #expect(employees.map(\.isComplete) == [true, false, true])
        #expect(report.rejectFile == "pegawai.ditolak.csv")
        let reject = try String(contentsOf: store.directory.appendingPathComponent("pegawai.ditolak.csv"), encoding: .utf8)
        #expect(reject.hasPrefix("baris;alasan;NIP;NIK;Nama;"))
        #expect(
            reject.contains(
                "\n7;\"email \"\"ani@\"\" is malformed; expected name@domain.tld, or leave it empty\";199001012015052002;;Ani Contoh;"))
    }

    @Test func columnMappingFromSiteYML() throws {
        let config = try SiteConfig.parse(
            """
            title: Tes
            data:
              columns:
                NIP Baru: nip
                Unit Kerja: kode_unit
            """)
        #expect(config.data.columns == ["nip baru": "nip", "unit kerja": "kode_unit"])
        let store = try ScratchStore()
        let header = ScratchStore.header.replacingOccurrences(of: "nip,", with: "NIP BARU,").replacingOccurrences(
            of: "kode_unit", with: "Unit Kerja")
        let report = try store.importEmployees("\(header)\n\(ScratchStore.validRow)\n", mapping: config.data.columns)
        #expect(report.imported == 1)
    }

    @Test func mappingOntoAnUnknownColumnIsAConfigError() {
        #expect(throws: PantauError.self) {
            try SiteConfig.parse("title: Tes\ndata:\n  columns:\n    NIP Baru: nomor\n")
        }
    }

    @Test func sameFileTwiceChangesNothing() throws {
        let store = try ScratchStore()
        let text = "\(ScratchStore.header)\n\(ScratchStore.validRow)\n"
        let first = try store.importEmployees(text)
        let again = try store.importEmployees(text, name: "copy.csv", asOf: "2021-06-20")
        #expect(first.outcome == .current)
        #expect(again.outcome == .alreadyImported(asOf: CalendarDate(year: 2021, month: 6, day: 14)!))
        #expect(try store.datastore.snapshots().count == 1)
        #expect(try store.datastore.snapshots().first?.asOf == CalendarDate(year: 2021, month: 6, day: 14))
    }

    @Test func historyIsKeptAndMissingEmployeesAreNotCounted() throws {
        let store = try ScratchStore()
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(Self.second)\n", asOf: "2021-06-14")
        let newer = try store.importEmployees(
            "\(ScratchStore.header)\n\(ScratchStore.validRow.replacingOccurrences(of: "sesuai,belum", with: "sesuai,sesuai"))\n",
            asOf: "2021-06-20")
        #expect(newer.noLongerCounted == 1)
        #expect(newer.summary.contains("1 employee of the previous import is not in this export and no longer counted"))
        let snapshots = try store.datastore.snapshots()
        #expect(snapshots.map(\.employees) == [2, 1])
        #expect(
            try store.datastore.unitCounts(snapshot: snapshots[0].id) == [
                UnitCounts(unitCode: "kel-a1", employees: 1, activated: 0, complete: 0, doneByCategory: [0, 0]),
                UnitCounts(unitCode: "setda", employees: 1, activated: 1, complete: 0, doneByCategory: [1, 0]),
            ])
        #expect(
            try store.datastore.unitCounts(snapshot: snapshots[1].id) == [
                UnitCounts(unitCode: "setda", employees: 1, activated: 1, complete: 1, doneByCategory: [1, 1])
            ])
        #expect(try store.employees().map(\.nip) == ["198609262015051001"])
    }

    @Test func olderExportOnlyAddsHistory() throws {
        let store = try ScratchStore()
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n", asOf: "2021-06-14")
        let older = try store.importEmployees("\(ScratchStore.header)\n\(Self.second)\n", name: "old.csv", asOf: "2021-05-01")
        #expect(older.outcome == .history)
        #expect(try store.datastore.snapshots().map(\.asOf.description) == ["2021-05-01", "2021-06-14"])
        #expect(try store.employees().map(\.nip) == ["198609262015051001"])
    }

    @Test func correctedExportOfTheSameDateReplacesItsSnapshot() throws {
        let store = try ScratchStore()
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n")
        let corrected = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(Self.second)\n", name: "fixed.csv")
        #expect(corrected.replacedSameDate)
        #expect(try store.datastore.snapshots().map(\.employees) == [2])
    }

    @Test func migrationFromAnEmptyFile() throws {
        let directory = TestSupport.temporaryDirectory("pantau-empty")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("pantau.sqlite")
        #expect(try Datastore.openExisting(path: path, categories: DataConfig.campaignCategories) == nil)
        _ = FileManager.default.createFile(atPath: path.path, contents: Data())
        let store = try #require(try Datastore.openExisting(path: path, categories: DataConfig.campaignCategories))
        #expect(try store.units().isEmpty)
        #expect(try store.snapshots().isEmpty)
        #expect(try store.hasNIK == false)
        let tables = try DatabaseQueue(path: path.path).read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables.contains("employee") && tables.contains("snapshot_unit") && tables.contains("grdb_migrations"))
    }

    @Test func changedCategoriesAreRefusedOnceThereIsHistory() throws {
        let store = try ScratchStore()
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n")
        #expect(throws: PantauError.self) {
            _ = try Datastore(path: store.path, categories: DataConfig.campaignCategories)
        }
    }

    @Test func identifiersStream() throws {
        let store = try ScratchStore()
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(Self.second)\n")
        var seen: [String] = []
        try store.datastore.forEachIdentifierBytes { nip, nik, email, _ in
            let text = [nip, nik, email].map { $0.isEmpty ? "-" : String(decoding: $0, as: UTF8.self) }
            seen.append(text.joined(separator: "|"))
        }
        #expect(seen.sorted() == ["198609262015051001|6474012609860001|budi@example.com", "199001012015052001|-|siti@example.com"])
        #expect(try store.datastore.hasNIK)
    }

    @Test func unitsImportRefusesCyclesAndUnknownParents() throws {
        let store = try ScratchStore(units: nil)
        let url = try store.write("units.csv", "kode,nama,induk,jenis\na,A,b,dinas\nb,B,a,dinas\nc,C,zzz,dinas\n")
        #expect(throws: PantauErrors.self) { try UnitImporter(datastore: store.datastore).importFile(url, displayPath: "units.csv") }
        #expect(try store.datastore.units().isEmpty)
        let good = try store.write("good.csv", "kode;nama;induk;jenis\r\nkec;Kecamatan;;Kecamatan\r\nkel;Kelurahan;KEC;kelurahan\r\n")
        let report = try UnitImporter(datastore: store.datastore).importFile(good)
        #expect(report.added == 2)
        #expect(
            try store.datastore.units() == [
                OrgUnit(code: "kec", name: "Kecamatan", parentCode: nil, kind: "kecamatan"),
                OrgUnit(code: "kel", name: "Kelurahan", parentCode: "kec", kind: "kelurahan"),
            ])
    }
}
