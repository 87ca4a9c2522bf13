import Foundation
import Testing

@testable import Pantau

/// `pantau sample --format xlsx|siasn` writes files that import to the same employees as the canonical CSV.
@Suite struct SampleFormatsTests {
    func imported(_ format: SampleFormat) throws -> (ImportReport, [EmployeeRecord]) {
        let store = try ScratchStore(units: nil)
        let folder = store.directory.appendingPathComponent("sample-\(format.rawValue)")
        let files = try format.convert(try SampleCampaign(employees: 300, seed: 7, snapshots: 1).write(to: folder))
        let categories = DataConfig.campaignCategories
        let datastore = try Datastore(path: folder.appendingPathComponent("data/pantau.sqlite"), categories: categories)
        _ = try UnitImporter(datastore: datastore).importFile(folder.appendingPathComponent("units.csv"))
        var importer = EmployeeImporter(datastore: datastore)
        let export = try #require(files.first { $0.lastPathComponent.hasPrefix(format == .siasn ? "export-siasn-" : "pegawai-") })
        if format == .siasn {
            importer.statusFiles = files.filter { $0.lastPathComponent.hasPrefix("aktivasi-") || $0.lastPathComponent.hasPrefix("pdm-") }
                .map { ($0, $0.lastPathComponent) }
        }
        let report = try importer.importFile(export, displayPath: export.lastPathComponent, asOf: CalendarDate(iso: "2021-07-26")!)
        var employees: [EmployeeRecord] = []
        try datastore.forEachEmployee { employees.append($0) }
        return (report, employees)
    }

    @Test func xlsxAndSIASNSamplesImportLikeTheCSV() throws {
        let (csvReport, csv) = try imported(.csv)
        for format in [SampleFormat.xlsx, .siasn] {
            let (report, employees) = try imported(format)
            #expect(report.imported == csvReport.imported, "\(format)")
            #expect(report.rejectedByReason == csvReport.rejectedByReason, "\(format)")
            #expect(employees.map(\.nip) == csv.map(\.nip), "\(format)")
            #expect(employees.map(\.statuses) == csv.map(\.statuses), "\(format)")
            #expect(employees.map(\.activated) == csv.map(\.activated), "\(format)")
            #expect(employees.map(\.gender) == csv.map(\.gender), "\(format)")
        }
    }

    @Test(arguments: SampleFormat.allCases)
    func everySampleFileHoldingPeopleIsPrivate(format: SampleFormat) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-sample-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try format.convert(try SampleCampaign(employees: 20, seed: 3, snapshots: 1).write(to: folder))
        for file in files where !file.lastPathComponent.hasPrefix("units") {
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(file.lastPathComponent) holds names, NIPs and NIKs")
        }
    }
}
