import Foundation
import Testing

@testable import Pantau

/// Units as agencies have them: aliases, SIASN UNOR ids and the UNOR reference, and bytes that are not UTF-8.
@Suite struct UnitKeysTests {
    static let units = """
        kode,nama,induk,jenis,alias,unor_id
        disdik,Dinas Pendidikan,,dinas,DISDIKBUD|Dinas Pendidikan dan Kebudayaan,A8ACA7397AEB3912E040640A040269BB
        pkm-a,Puskesmas Sukamaju,,puskesmas,PKM SUKAMAJU,
        """

    func store() throws -> ScratchStore {
        let store = try ScratchStore(units: nil)
        _ = try UnitImporter(datastore: store.datastore).importFile(try store.write("units.csv", Self.units), displayPath: "units.csv")
        return store
    }

    @Test func employeesFindTheirUnitByAliasUNORIdOrName() throws {
        let store = try store()
        let rows = [
            ScratchStore.validRow.replacingOccurrences(of: ",setda,", with: ",disdikbud,"),
            ScratchStore.validRow.replacingOccurrences(of: "198609262015051001", with: "198609262015051002")
                .replacingOccurrences(of: ",setda,", with: ",A8ACA7397AEB3912E040640A040269BB,"),
            ScratchStore.validRow.replacingOccurrences(of: "198609262015051001", with: "198609262015051003")
                .replacingOccurrences(of: ",setda,", with: ",puskesmas sukamaju,"),
            ScratchStore.validRow.replacingOccurrences(of: "198609262015051001", with: "198609262015051004")
                .replacingOccurrences(of: ",setda,", with: ",\"DINAS PENDIDIKAN  DAN KEBUDAYAAN\","),
        ]
        let report = try store.importEmployees(([ScratchStore.header] + rows).joined(separator: "\n") + "\n")
        #expect(report.rejections == [])
        #expect(try store.employees().map(\.unitCode) == ["disdik", "disdik", "pkm-a", "disdik"])
    }

    @Test func anAliasOfTwoUnitsIsRefused() throws {
        let store = try ScratchStore(units: nil)
        let url = try store.write("units.csv", Self.units.replacingOccurrences(of: "PKM SUKAMAJU", with: "disdikbud"))
        #expect(
            throws: PantauError(
                file: "units.csv", line: 3, step: .datastore,
                "alias \"disdikbud\" of unit pkm-a already names unit disdik (line 2); give each alias to one unit (no unit was imported)")
        ) {
            try UnitImporter(datastore: store.datastore).importFile(url, displayPath: "units.csv")
        }
    }

    @Test func unorReferenceImportsAsTheUnitTree() throws {
        let store = try ScratchStore(units: nil)
        let url = try store.write(
            "unor.csv",
            """
            Id;DiatasanId;NamaUnor
            U1;null;Dinas Kesehatan
            U2;U1;Puskesmas Sukamaju
            """)
        let report = try UnitImporter(datastore: store.datastore).importFile(url, displayPath: "unor.csv")
        #expect(report.added == 2)
        #expect(
            try store.datastore.units() == [
                OrgUnit(code: "U1", name: "Dinas Kesehatan", parentCode: nil, kind: "unor"),
                OrgUnit(code: "U2", name: "Puskesmas Sukamaju", parentCode: "U1", kind: "unor"),
            ])
    }

    @Test func latin1InUnitsIsAFileErrorNamingLineAndByte() throws {
        let store = try ScratchStore(units: nil)
        let url = store.directory.appendingPathComponent("units.csv")
        try Data(
            Array("kode,nama,induk,jenis\nkec-a,Kecamatan A,,kecamatan\nkel-b,Kelurahan Caf".utf8) + [0xE9]
                + Array(",kec-a,kelurahan\n".utf8)
        ).write(to: url)
        #expect(
            throws: PantauError(
                file: "units.csv", line: 3, step: .datastore,
                "field 2 (nama) is not UTF-8 (byte 14 of the field is 0xE9); if an older Windows program saved the file, import it with "
                    + "--encoding windows-1252 (no unit was imported)"
            )
        ) {
            try UnitImporter(datastore: store.datastore).importFile(url, displayPath: "units.csv")
        }
        #expect(try store.datastore.units().isEmpty)
        var importer = UnitImporter(datastore: store.datastore)
        importer.options.encoding = .windows1252
        _ = try importer.importFile(url, displayPath: "units.csv")
        #expect(try store.datastore.units().map(\.name) == ["Kecamatan A", "Kelurahan Café"])
    }
}
