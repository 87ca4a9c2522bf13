import Foundation
import Testing

@testable import Pantau

/// Snapshots you can manage: dates from file names, said out loud; list, remove, re-date; no future dates.
@Suite struct SnapshotManagementTests {
    static let second = EmployeeImportTests.second

    @Test(arguments: [
        ("pegawai-2021-06-14.csv", "2021-06-14", "YYYY-MM-DD"),
        ("export-20211102.csv", "2021-11-02", "YYYYMMDD"),
        ("export-siasn-02112026.csv", "2026-11-02", "DDMMYYYY"),
    ])
    func fileNameDates(_ name: String, _ date: String, _ form: String) throws {
        let found = try #require(EmployeeImporter.dateAndFormInFileName(name))
        #expect(found.date.description == date)
        #expect(found.form == form)
    }

    @Test func theDateSaysWhereItCameFrom() throws {
        let today = CalendarDate(year: 2026, month: 11, day: 30)!
        let fromName = try SnapshotDate.resolve(
            asOf: nil, file: "data/export-siasn-02112026.csv", today: today, timeZone: "Asia/Makassar", allowFuture: false)
        #expect(
            fromName.note
                == "data/export-siasn-02112026.csv: snapshot date 2026-11-02 from the file name (\"02112026\" read as DDMMYYYY); give "
                + "--as-of to use another"
        )
        let undated = try SnapshotDate.resolve(asOf: nil, file: "export.csv", today: today, timeZone: "Asia/Makassar", allowFuture: false)
        #expect(undated.date == today)
        #expect(
            undated.note
                == "export.csv: no date in the file name and no --as-of, so the snapshot is dated today, 2026-11-30 (Asia/Makassar)")
        let given = try SnapshotDate.resolve(
            asOf: CalendarDate(year: 2026, month: 1, day: 2), file: "export-20211102.csv", today: today,
            timeZone: "Asia/Makassar", allowFuture: false)
        #expect(given.date == CalendarDate(year: 2026, month: 1, day: 2) && given.note == nil)
    }

    @Test func futureDatesAreRefusedUnlessAllowed() throws {
        let today = CalendarDate(year: 2026, month: 11, day: 30)!
        #expect(
            throws: PantauError(
                file: "export.csv", step: .command,
                "the snapshot date 2099-01-01 is after today (2026-11-30, Asia/Makassar); every later real export would count as history "
                    + "only. Fix the date, or pass --allow-future"
            )
        ) {
            try SnapshotDate.resolve(
                asOf: CalendarDate(year: 2099, month: 1, day: 1), file: "export.csv", today: today, timeZone: "Asia/Makassar",
                allowFuture: false)
        }
        #expect(
            try SnapshotDate.resolve(
                asOf: CalendarDate(year: 2099, month: 1, day: 1), file: "export.csv", today: today,
                timeZone: "Asia/Makassar", allowFuture: true
            ).date.year == 2099)
    }

    @Test func activationAfterTheSnapshotDateIsARejection() throws {
        let store = try ScratchStore()
        let row = ScratchStore.validRow.replacingOccurrences(of: "2021-06-14", with: "2021-07-01")
        let report = try store.importEmployees("\(ScratchStore.header)\n\(row)\n\(Self.second)\n", asOf: "2021-06-14")
        #expect(
            report.rejections == [
                RowRejection(
                    line: 2, reason: .invalidValue,
                    message:
                        "tanggal_aktivasi 2021-07-01 is after the export's date 2021-06-14; fix the date, or give the export's real date "
                        + "with --as-of"
                )
            ])
    }

    @Test func asOfContradictingAnEarlierImportSaysHowToRedate() throws {
        let store = try ScratchStore()
        let text = "\(ScratchStore.header)\n\(ScratchStore.validRow)\n"
        _ = try store.importEmployees(text, asOf: "2021-06-14")
        let url = try store.write("pegawai.csv", text)
        var importer = EmployeeImporter(datastore: store.datastore)
        importer.asOfGiven = true
        #expect(
            throws: PantauError(
                file: "pegawai.csv", step: .datastore,
                "this file was imported before as the snapshot of 2021-06-14, so --as-of 2021-06-20 contradicts it; to change that "
                    + "snapshot's date, run `pantau snapshots redate 2021-06-14 2021-06-20`"
            )
        ) {
            try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-20")!)
        }
        #expect(
            try importer.importFile(url, displayPath: "pegawai.csv", asOf: CalendarDate(iso: "2021-06-14")!).outcome
                == .alreadyImported(asOf: CalendarDate(iso: "2021-06-14")!))
    }

    @Test func listRemoveAndRedate() throws {
        let store = try ScratchStore()
        _ = try store.importEmployees(
            "\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(Self.second)\n", name: "a.csv", asOf: "2021-06-15")
        _ = try store.importEmployees("\(ScratchStore.header)\n\(ScratchStore.validRow)\n", name: "b.csv", asOf: "2021-06-20")
        let manager = SnapshotManager(datastore: store.datastore)
        let list = try manager.list()
        #expect(list.map(\.asOf.description) == ["2021-06-15", "2021-06-20"])
        #expect(list.map(\.file) == ["a.csv", "b.csv"])
        #expect(list.map(\.imported) == [2, 1])
        #expect(
            SnapshotManager.table(list).hasPrefix(
                "date        imported  rejected  imported at (UTC)    file\n2021-06-15         2         0  "))
        #expect(
            try manager.redate(CalendarDate(iso: "2021-06-15")!, to: CalendarDate(iso: "2021-06-14")!)
                == "the snapshot of 2021-06-15 is now the snapshot of 2021-06-14")
        #expect(
            throws: PantauError(
                file: store.datastore.displayPath, step: .datastore,
                "moving 2021-06-14 to 2021-07-01 would change which snapshot is the newest, whose employees are the current ones; remove "
                    + "the snapshot and import its export again with --as-of 2021-07-01 instead"
            )
        ) {
            try manager.redate(CalendarDate(iso: "2021-06-14")!, to: CalendarDate(iso: "2021-07-01")!)
        }
        #expect(
            throws: PantauError(
                file: store.datastore.displayPath, step: .datastore,
                "there is no snapshot of 2021-06-16; the snapshots are 2021-06-14, 2021-06-20")
        ) {
            try manager.remove(CalendarDate(iso: "2021-06-16")!)
        }
        #expect(
            try manager.remove(CalendarDate(iso: "2021-06-20")!)
                == "removed the snapshot of 2021-06-20; it held the current employees, so there are none now: import a.csv again with "
                + "--as-of 2021-06-14 to bring back the employees of the newest snapshot"
        )
        #expect(try store.datastore.employeeCount() == 0)
        let again = try store.importEmployees(
            "\(ScratchStore.header)\n\(ScratchStore.validRow)\n\(Self.second)\n", name: "a.csv", asOf: "2021-06-14")
        #expect(again.outcome == .current && again.replacedSameDate)
        #expect(try store.datastore.employeeCount() == 2)
        #expect(try manager.list().map(\.asOf.description) == ["2021-06-14"])
    }
}

extension SnapshotManagementTests {
    @Test func aBusyDatastoreIsWaitedForThenNamed() throws {
        let store = try ScratchStore()
        let other = try Datastore(
            path: store.path, categories: ScratchStore.twoCategories, displayPath: "data/pantau.sqlite", busyWait: 0.3)
        try store.datastore.queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect(
                throws: PantauError(
                    file: "data/pantau.sqlite", step: .datastore,
                    "another pantau command kept the datastore busy, and waiting did not help; nothing was changed. Run this again when it "
                        + "has finished"
                )
            ) {
                try SnapshotManager(datastore: other).remove(CalendarDate(iso: "2021-06-14")!)
            }
        }
    }
}
