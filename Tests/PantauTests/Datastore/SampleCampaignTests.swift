import Foundation
import Testing

@testable import Pantau

@Suite struct SampleCampaignTests {
    static func files(seed: UInt64, employees: Int = 300, snapshots: Int = 3) throws -> (URL, [String: Data]) {
        let directory = TestSupport.temporaryDirectory("pantau-sample")
        let urls = try SampleCampaign(employees: employees, seed: seed, snapshots: snapshots).write(to: directory)
        var contents: [String: Data] = [:]
        for url in urls { contents[url.lastPathComponent] = try Data(contentsOf: url) }
        return (directory, contents)
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let (a, first) = try Self.files(seed: 7)
        let (b, again) = try Self.files(seed: 7)
        let (c, other) = try Self.files(seed: 8)
        defer { for url in [a, b, c] { try? FileManager.default.removeItem(at: url) } }
        #expect(first.keys.sorted() == ["pegawai-2021-05-03.csv", "pegawai-2021-06-14.csv", "pegawai-2021-07-26.csv", "units.csv"])
        #expect(first == again)
        #expect(first["pegawai-2021-07-26.csv"] != other["pegawai-2021-07-26.csv"])
        #expect(first["units.csv"] == other["units.csv"])
    }

    @Test func nipAndNIKAgreeWithBirthDateAndGender() throws {
        let (directory, files) = try Self.files(seed: 3, employees: 200, snapshots: 1)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = String(decoding: try #require(files["pegawai-2021-07-26.csv"]), as: UTF8.self)
        var checked = 0
        for line in text.split(separator: "\n").dropFirst() {
            // Names with a title are quoted and hold a comma; NIP and NIK come first.
            let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            let nip = Array(fields[0])
            let nik = Array(fields[1])
            guard nik.count == 16 else { continue }
            let female = nip[14] == "2"
            let day = Int(String(nip[6..<8]))! + (female ? 40 : 0)
            #expect(String(nik[0..<4]) == "6474")
            #expect(Int(String(nik[6..<8])) == day)
            #expect(String(nik[8..<10]) == String(nip[4..<6]))
            #expect(String(nik[10..<12]) == String(nip[2..<4]))
            checked += 1
        }
        #expect(checked > 150)
    }

    @Test func sampleImportsWithOnlyItsDeliberateFlawsRejected() throws {
        let (directory, _) = try Self.files(seed: 5, employees: 2_000, snapshots: 3)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ScratchStore(categories: DataConfig.campaignCategories, units: nil)
        _ = try UnitImporter(datastore: store.datastore).importFile(directory.appendingPathComponent("units.csv"))
        let importer = EmployeeImporter(datastore: store.datastore)
        var rejected: [Int] = []
        for date in ["2021-05-03", "2021-06-14", "2021-07-26"] {
            let report = try importer.importFile(directory.appendingPathComponent("pegawai-\(date).csv"), asOf: CalendarDate(iso: date)!)
            rejected.append(report.rejected)
        }
        #expect(rejected[0] == 0 && rejected[2] == 0)
        #expect((1...40).contains(rejected[1]))
        let snapshots = try store.datastore.snapshots()
        let activated = try snapshots.map { try store.datastore.unitCounts(snapshot: $0.id).reduce(0) { $0 + $1.activated } }
        #expect(activated[0] < activated[1] && activated[1] < activated[2])
        // Education lags the city as a whole.
        let last = try store.datastore.unitCounts(snapshot: snapshots[2].id)
        let education = try #require(last.first { $0.unitCode == "disdikbud" })
        let all = last.reduce((0, 0)) { ($0.0 + $1.employees, $0.1 + $1.activated) }
        #expect(Double(education.activated) / Double(education.employees) < Double(all.1) / Double(all.0))
        #expect(Double(education.employees) / Double(all.0) > 0.3)
    }
}
