import Foundation
import Testing

@testable import Pantau

/// `pantau roster`: the private lists match the datastore exactly, are private on disk and stay out of Output/.
@Suite struct RosterTests {
    static let siteYML = """
        title: BKPSDM Kota Contoh
        base_url: https://pdm.example.go.id/
        campaign:
          deadline: 2021-06-30
        data:
          categories:
            - {key: data_personal, label: Data personal}
            - {key: rw_jabatan, label: Riwayat jabatan}

        """
    // setda: one complete (not listed), one with nothing done; kec-a: activated, jabatan rejected;
    // kel-a1 (under kec-a): not activated, personal data proposed. Names chosen so the sort order is visible.
    static let rows = """
        198609262015051001,6474012609860001,Agus Lengkap,L,PNS,III/a,Analis,setda,,sudah,2021-06-01,sesuai,disetujui
        198609262015051002,6474012609860002,Zainal Belum,L,PNS,III/a,Pengadministrasi,setda,,belum,,belum,belum
        198609262015051003,6474012609860003,Wati Ditolak,L,PNS,III/b,Lurah,kec-a,,sudah,2021-06-10,sesuai,ditolak
        198609262015051004,6474012609860004,Bambang Usul,L,PNS,II/c,,kel-a1,,belum,,diusulkan,sesuai
        """

    func site() throws -> ScratchStore {
        let store = try ScratchStore()
        try store.write("site.yml", Self.siteYML)
        _ = try store.importEmployees("\(ScratchStore.header)\n\(Self.rows)\n")
        return store
    }

    func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func listsMatchTheDatastoreAndArePrivate() throws {
        let store = try site()
        let out = store.directory.appendingPathComponent("data/daftar")
        let report = try RosterExport(siteDirectory: store.directory, outputDirectory: out, outputDisplayPath: "data/daftar", unit: nil)
            .run()
        // Units with employees: Kecamatan A (with Kelurahan A1) and Sekretariat Daerah.
        #expect(report.files.sorted() == ["kecamatan-a.csv", "kecamatan-a.html", "sekretariat-daerah.csv", "sekretariat-daerah.html"])
        #expect(report.people == 3)
        let setda = String(decoding: try Data(contentsOf: out.appendingPathComponent("sekretariat-daerah.csv")), as: UTF8.self)
        #expect(
            setda
                == "\u{FEFF}\"sub_unit\",\"nama\",\"nip\",\"jabatan\",\"status_aktivasi\",\"tanggal_aktivasi\","
                + "\"kategori_belum_selesai\"\r\n"
                + "\"Sekretariat Daerah\",\"Zainal Belum\",\"19860926 201505 1 002\",\"Pengadministrasi\",\"belum\",\"\",\"Data personal; "
                + "Riwayat jabatan\"\r\n"
        )
        // Sorted by sub-unit: Kecamatan A before Kelurahan A1.
        let kec = try String(contentsOf: out.appendingPathComponent("kecamatan-a.csv"), encoding: .utf8).split(separator: "\r\n")
        #expect(kec.count == 3)
        #expect(
            kec[1]
                == "\"Kecamatan A\",\"Wati Ditolak\",\"19860926 201505 1 003\",\"Lurah\",\"sudah\",\"2021-06-10\",\"Riwayat jabatan "
                + "(ditolak)\""
        )
        #expect(kec[2] == "\"Kelurahan A1\",\"Bambang Usul\",\"19860926 201505 1 004\",\"\",\"belum\",\"\",\"Data personal (diusulkan)\"")
        let html = try String(contentsOf: out.appendingPathComponent("kecamatan-a.html"), encoding: .utf8)
        #expect(html.contains("<td>Bambang Usul</td>") && html.contains("Data per 14 Juni 2021") && !html.contains("Agus Lengkap"))
        // Kecamatan A with Kelurahan A1: 2 employees, 1 activated (50,0%), 0 complete.
        #expect(html.contains("<dt>Pegawai</dt><dd>2</dd>") && html.contains("<dd>1 (50,0%)</dd>"))
        #expect(try mode(out) == 0o700)
        for name in report.files { #expect(try mode(out.appendingPathComponent(name)) == 0o600) }
        #expect(!FileManager.default.fileExists(atPath: store.directory.appendingPathComponent("Output").path))
    }

    @Test func oneUnitBySlugOrCode() throws {
        let store = try site()
        let out = store.directory.appendingPathComponent("one")
        let report = try RosterExport(siteDirectory: store.directory, outputDirectory: out, outputDisplayPath: "one", unit: "kel-a1").run()
        #expect(report.files == ["kelurahan-a1.csv", "kelurahan-a1.html"])
        #expect(report.people == 1)
        #expect(throws: PantauError.self) {
            try RosterExport(siteDirectory: store.directory, outputDirectory: out, outputDisplayPath: "one", unit: "dinas-x").run()
        }
    }

    @Test func aFolderInsideThePublishedTreeIsRefused() throws {
        let store = try site()
        let output = store.directory.appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: store.directory.appendingPathComponent("pintasan"), withDestinationURL: output)
        for path in ["Output/daftar", "pintasan/daftar", "Themes/default/static/daftar"] {
            let error = #expect(throws: PantauError.self) {
                try RosterExport(
                    siteDirectory: store.directory, outputDirectory: store.directory.appendingPathComponent(path),
                    outputDisplayPath: path, unit: nil
                ).run()
            }
            #expect(error?.message.contains("published site") == true)
        }
        // A folder a build wrote elsewhere (--output) is recognised by its index.html and sitemap.xml.
        let elsewhere = store.directory.appendingPathComponent("public_html")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try store.write("public_html/index.html", "<!doctype html>")
        try store.write("public_html/sitemap.xml", "<urlset/>")
        #expect(throws: PantauError.self) {
            try RosterExport(
                siteDirectory: store.directory, outputDirectory: elsewhere.appendingPathComponent("daftar"),
                outputDisplayPath: "public_html/daftar", unit: nil
            ).run()
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("daftar").path))
    }

    @Test func unitContactsFromUnitsCSV() throws {
        let store = try ScratchStore(units: nil)
        let csv = """
            kode,nama,induk,jenis,kontak_jabatan,kontak_telepon,kontak_whatsapp,kontak_email
            setda,Sekretariat Daerah,,sekretariat,Pengelola Kepegawaian,0548-21001,tidak,setda@bontangkota.go.id
            dinkes,Dinas Kesehatan,,dinas,Kasubbag Umum,081234567890,ya,
            kec,Kecamatan,,kecamatan,,,,

            """
        _ = try UnitImporter(datastore: store.datastore).importFile(try store.write("units.csv", csv), displayPath: "units.csv")
        let units = try store.datastore.units()
        #expect(
            units.first { $0.code == "setda" }?.contact
                == Contact(name: "", role: "Pengelola Kepegawaian", phone: "0548-21001", email: "setda@bontangkota.go.id"))
        #expect(
            units.first { $0.code == "dinkes" }?.contact == Contact(name: "", role: "Kasubbag Umum", phone: "081234567890", whatsapp: true))
        #expect(units.first { $0.code == "kec" }?.contact == nil)
        // The same file again changes nothing.
        let again = try UnitImporter(datastore: store.datastore).importFile(try store.write("units.csv", csv), displayPath: "units.csv")
        #expect(again.unchanged == 3)
        let bad = "kode,nama,induk,jenis,kontak_telepon,kontak_whatsapp\nx,X,,dinas,12,ya\n"
        let error = #expect(throws: PantauError.self) {
            try UnitImporter(datastore: store.datastore).importFile(try store.write("bad.csv", bad), displayPath: "bad.csv")
        }
        #expect(error?.description.hasPrefix("bad.csv:2: unit x: kontak_telepon \"12\" has too few digits") == true)
    }
}
