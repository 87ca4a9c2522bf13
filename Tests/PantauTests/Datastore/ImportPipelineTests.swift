import Foundation
import GRDB
import Testing

@testable import Pantau

/// The fast import (rows stored and hashed on threads of their own, ``EmployeeWriterThread``) must leave exactly
/// what the plain one leaves: every table, row for row, the ledger blob included, and the same report and reject
/// file. The plain path inserts each row on the importing thread and reads the ledger entries back from the table.
@Suite struct ImportPipelineTests {
    /// One fixed secret for both datastores, so their ledgers can be compared byte for byte.
    static let secret = String(repeating: "5a", count: 32)

    /// A datastore with the sample's units and the fixed ledger secret.
    static func store(units: URL) throws -> ScratchStore {
        let store = try ScratchStore(categories: DataConfig.campaignCategories, units: nil)
        _ = try UnitImporter(datastore: store.datastore).importFile(units)
        try store.datastore.wrap { db in
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = ?", arguments: [secret, IdentifierLedger.secretName])
        }
        return store
    }

    /// Every table's rows, with each value's SQLite type, in rowid order (or by all columns for tables without one);
    /// the moment of the import (`imported_at`) left out.
    static func dump(_ store: ScratchStore) throws -> [String: [String]] {
        try store.datastore.wrap { db in
            var tables: [String: [String]] = [:]
            for (name, sql) in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").map({
                ($0[0] as String, $0[1] as String)
            }) where !name.hasPrefix("sqlite_") && name != "grdb_migrations" {
                let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name]).map { $0[0] as String }
                    .filter { $0 != "imported_at" }
                let values = columns.map { "typeof(\($0)) || ':' || quote(\($0))" }.joined(separator: " || '|' || ")
                let order = sql.contains("WITHOUT ROWID") ? columns.joined(separator: ", ") : "rowid"
                tables[name] = try String.fetchAll(db, sql: "SELECT \(values) FROM \(name) ORDER BY \(order)")
            }
            return tables
        }
    }

    /// Values a bulk path could get wrong: upper case, `&`/`%` in an email (not plain ASCII for the ledger), an
    /// email with 16 digits (a second ledger form), spaced and apostrophed NIPs, non-ASCII names, empty NIK,
    /// golongan and position, a duplicate NIP, a NIK that is taken by another row.
    static let edgeRows = [
        "'19700101 199503 1 001,3174010101700001,\"Ä Ñame, S.Pd.\",L,pns,,,DISDIK,A.B%C@Example.COM,Sudah,01/06/2021",
        "197001021995032002,,Ana,P,PPPK,IX,Guru Ahli,disdik,x&y@example.go.id,belum,",
        "197001031995031003,3174010101700001,Tiga,L,CPNS,II/a,Staf,disdik,nik1234567890123456@example.com,belum,",
        "197001031995031003,,Dupe,L,PNS,II/a,Staf,disdik,,belum,",
        "197001041995031004,12345,Bad NIK,L,PNS,II/a,Staf,disdik,,belum,",
    ]

    @Test func fastAndPlainImportsStoreTheSameDatastore() throws {
        let directory = TestSupport.temporaryDirectory("pantau-pipeline")
        defer { try? FileManager.default.removeItem(at: directory) }
        // 3 exports of 20,000 employees: about 5 batches each, the second with broken rows on purpose.
        let files = try SampleCampaign(employees: 20_000, seed: 11, snapshots: 3).write(to: directory)
        var exports = Array(files.dropFirst())
        let unitCode = try String(contentsOf: files[0], encoding: .utf8).split(separator: "\n")[1].split(separator: ",")[0]
        let categories = String(repeating: ",sesuai", count: DataConfig.campaignCategories.count)
        let edges = Self.edgeRows.map {
            $0.replacingOccurrences(of: "disdik", with: unitCode).replacingOccurrences(of: "DISDIK", with: unitCode.uppercased())
                + categories
        }
        var last = try String(contentsOf: exports[2], encoding: .utf8)
        if !last.hasSuffix("\n") { last += "\n" }
        let edited = directory.appendingPathComponent("pegawai-2021-07-27.csv")
        try Data((last + edges.joined(separator: "\n") + "\n").utf8).write(to: edited)
        exports.append(edited)

        let fast = try Self.store(units: files[0])
        let plain = try Self.store(units: files[0])
        for export in exports {
            var reports: [ImportReport] = []
            var rejects: [String?] = []
            for (store, pipelined) in [(fast, true), (plain, false)] {
                var importer = EmployeeImporter(datastore: store.datastore)
                importer.pipelined = pipelined
                let rejectFile = store.directory.appendingPathComponent("ditolak.csv")
                try? FileManager.default.removeItem(at: rejectFile)
                let date = try #require(EmployeeImporter.dateAndFormInFileName(export.lastPathComponent)?.date)
                var report = try importer.importFile(export, displayPath: export.lastPathComponent, asOf: date, rejectFile: rejectFile)
                report.rejectFile = report.rejectFile.map { URL(fileURLWithPath: $0).lastPathComponent }
                reports.append(report)
                rejects.append(try? String(contentsOf: rejectFile, encoding: .utf8))
            }
            #expect(reports[0] == reports[1], "\(export.lastPathComponent)")
            #expect(rejects[0] == rejects[1], "\(export.lastPathComponent)")
            let (one, two) = (try Self.dump(fast), try Self.dump(plain))
            #expect(one.keys.sorted() == two.keys.sorted())
            for table in one.keys.sorted() {
                #expect(one[table] == two[table], "table \(table) after \(export.lastPathComponent)")
            }
            #expect((one["employee"]?.count ?? 0) > 15_000)
        }
        #expect(try fast.datastore.snapshots().contains { $0.rejected > 0 })
    }

    /// A row SQLite refuses (no categories: the NOT NULL `statuses` gets NULL) fails the import on the writer
    /// thread as on the importing one, with the same message, and nothing is kept.
    @Test func aRowSQLiteRefusesFailsBothPathsAlike() throws {
        var messages: [String] = []
        for pipelined in [true, false] {
            let store = try ScratchStore(categories: [])
            // 10,000 valid rows (more than two batches), each a different birth date.
            let rows = (0..<10_000).map { (i: Int) -> String in
                let (year, month, day): (Int, Int, Int) = (1960 + i / 336, 1 + i / 28 % 12, 1 + i % 28)
                return String(format: "%04d%02d%02d2015051001,,Budi,L,PNS,,,setda,,sudah,", year, month, day)
            }
            let text =
                "nip,nik,nama,jenis_kelamin,status_pegawai,golongan,jabatan,kode_unit,email,status_aktivasi,tanggal_aktivasi\n"
                + rows.joined(separator: "\n")
            let url = try store.write("pegawai.csv", text)
            var importer = EmployeeImporter(datastore: store.datastore)
            importer.pipelined = pipelined
            do {
                _ = try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(year: 2021, month: 6, day: 14)!)
                messages.append("imported")
            } catch {
                messages.append("\(error)")
            }
            #expect(try store.datastore.snapshots().isEmpty)
            #expect(try store.datastore.employeeCount() == 0)
        }
        #expect(messages[0] == messages[1])
        #expect(messages[0].contains("SQLite could not store an employee"), "\(messages[0])")
    }

    /// Byte-level forms (the import's) against the `String` ones (``IdentifierLedger/normalised(_:)``).
    @Test func byteFormsAreTheStringForms() {
        var generator = SplitMix64(seed: 5)
        let pieces = [
            "1986", "0926", "2015051001", " ", "-", ".", "Budi", "@", "MAIL", ".go.id", "\t", "&#64;", "%40", "\\", "１", "é", "\u{7F}",
            "\u{1}", "'",
        ]
        for _ in 0..<5_000 {
            let value = (0..<Int(generator.next() % 10)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            var forms: [[UInt8]] = []
            Array(value.utf8).withUnsafeBufferPointer { bytes in IdentifierLedger.withForms(of: bytes) { forms.append(Array($0)) } }
            #expect(forms == IdentifierLedger.normalised(value), "\(value.debugDescription)")
        }
    }

    /// The ledger's in-place sort agrees with the standard library's, for short and long lists, random ones and
    /// sorted ones with an unsorted tail, uniform or not.
    @Test func ledgerSortIsASort() {
        var generator = SplitMix64(seed: 3)
        for (count, sortedPrefix, narrow) in [
            (10, 0, false), (20_000, 0, false), (70_000, 0, true), (70_000, 65_000, false), (70_000, 70_000, false),
        ] {
            var values = (0..<count).map { _ in narrow ? generator.next() % 1_000 : generator.next() }
            values[0..<sortedPrefix].sort()
            let expected = values.sorted()
            IdentifierLedger.sortInPlace(&values)
            #expect(values == expected, "\(count) values, \(sortedPrefix) sorted")
        }
    }

    /// The merged ledger is the sorted set of old and new entries, as a `Set` would make it.
    @Test func ledgerMergeIsTheSortedUnion() throws {
        var generator = SplitMix64(seed: 9)
        for round in 0..<40 {
            let existing = Array(Set((0..<Int(generator.next() % 300)).map { _ in generator.next() % 500 })).sorted()
            var added = (0..<Int(generator.next() % 300)).map { _ in generator.next() % 500 }
            if round % 5 == 0 { added = [] }
            let expected = Array(Set(existing).union(added)).sorted()
            let store = try ScratchStore()
            let stored = try store.datastore.wrap { db -> [UInt64] in
                var ledger = IdentifierLedger(secret: Array(repeating: 1, count: 32), entries: existing)
                try ledger.add(&added, db: db)
                #expect(ledger.entries == expected)
                return try IdentifierLedger.load(db)?.entries ?? []
            }
            #expect(stored == expected)
        }
    }
}
