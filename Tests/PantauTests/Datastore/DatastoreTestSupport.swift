import Foundation

@testable import Pantau

/// A scratch folder with a datastore, removed when the value goes away.
final class ScratchStore {
    let directory: URL
    let datastore: Datastore
    static let twoCategories = [
        DataConfig.DataCategory(key: "data_personal", label: "Data personal"),
        DataConfig.DataCategory(key: "rw_jabatan", label: "Riwayat jabatan"),
    ]
    static let header =
        "nip,nik,nama,jenis_kelamin,status_pegawai,golongan,jabatan,kode_unit,email,status_aktivasi,tanggal_aktivasi,data_personal,"
        + "rw_jabatan"
    static let validRow =
        "198609262015051001,6474012609860001,Budi Contoh,L,PNS,III/a,Analis,setda,budi@example.com,sudah,2021-06-14,sesuai,belum"

    init(
        categories: [DataConfig.DataCategory] = ScratchStore.twoCategories,
        units: String? =
            "kode,nama,induk,jenis\nsetda,Sekretariat Daerah,,sekretariat\nkec-a,Kecamatan A,,kecamatan\nkel-a1,Kelurahan "
            + "A1,kec-a,kelurahan\n"
    ) throws {
        directory = TestSupport.temporaryDirectory("pantau-ds")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        datastore = try Datastore(path: directory.appendingPathComponent("data/pantau.sqlite"), categories: categories)
        if let units {
            _ = try UnitImporter(datastore: datastore).importFile(try write("units.csv", units))
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: URL { directory.appendingPathComponent("data/pantau.sqlite") }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Imports `text` as an export of `asOf` (default 2021-06-14).
    func importEmployees(_ text: String, name: String = "pegawai.csv", asOf: String = "2021-06-14", mapping: [String: String] = [:]) throws
        -> ImportReport
    {
        let url = try write(name, text)
        return try EmployeeImporter(datastore: datastore, columnMapping: mapping).importFile(
            url, displayPath: name, asOf: CalendarDate(iso: asOf)!)
    }

    func employees() throws -> [EmployeeRecord] {
        var all: [EmployeeRecord] = []
        try datastore.forEachEmployee { all.append($0) }
        return all
    }
}

extension Datastore {
    /// Number of current employees (those of the newest snapshot).
    func employeeCount() throws -> Int {
        var count = 0
        try forEachEmployee { _ in count += 1 }
        return count
    }
}

extension EmployeeRecord {
    /// Whether every category is done.
    var isComplete: Bool { statuses.allSatisfy(\.isDone) }
}
