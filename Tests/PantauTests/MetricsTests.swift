import Foundation
import Testing

@testable import Pantau

/// A small hand-computed campaign: a dinas, a kecamatan with two kelurahan, an empty unit, a finished unit.
enum MetricsFixture {
    static let categories = [
        DataConfig.DataCategory(key: "data_personal", label: "Data personal"), .init(key: "rw_jabatan", label: "Riwayat jabatan"),
    ]
    static let units: [OrgUnit] = [
        OrgUnit(code: "1.01", name: "Dinas Pendidikan", parentCode: nil, kind: "dinas"),
        OrgUnit(code: "2.00", name: "Kecamatan Bontang Utara", parentCode: nil, kind: "kecamatan"),
        OrgUnit(code: "2.01", name: "Kelurahan Guntung", parentCode: "2.00", kind: "kelurahan"),
        OrgUnit(code: "2.02", name: "Kelurahan Loktuan", parentCode: "2.00", kind: "kelurahan"),
        OrgUnit(code: "3.00", name: "Badan Kosong", parentCode: nil, kind: "badan"),
        OrgUnit(code: "4.00", name: "Inspektorat", parentCode: nil, kind: "inspektorat"),
    ]
    static let snapshots = [
        Snapshot(id: 1, asOf: CalendarDate(year: 2021, month: 6, day: 1)!, sourceHash: "a", employees: 0),
        Snapshot(id: 2, asOf: CalendarDate(year: 2021, month: 6, day: 11)!, sourceHash: "b", employees: 0),
    ]
    static let counts: [[UnitCounts]] = [
        [
            UnitCounts(unitCode: "1.01", employees: 100, activated: 10, complete: 0, doneByCategory: [20, 0]),
            UnitCounts(unitCode: "2.00", employees: 4, activated: 2, complete: 1, doneByCategory: [2, 1]),
            UnitCounts(unitCode: "2.01", employees: 10, activated: 5, complete: 2, doneByCategory: [5, 2]),
            UnitCounts(unitCode: "2.02", employees: 6, activated: 0, complete: 0, doneByCategory: [0, 0]),
            UnitCounts(unitCode: "4.00", employees: 5, activated: 5, complete: 5, doneByCategory: [5, 5]),
        ],
        [
            UnitCounts(unitCode: "1.01", employees: 100, activated: 30, complete: 10, doneByCategory: [40, 10]),
            UnitCounts(unitCode: "2.00", employees: 4, activated: 4, complete: 2, doneByCategory: [4, 2]),
            UnitCounts(unitCode: "2.01", employees: 10, activated: 5, complete: 2, doneByCategory: [5, 2]),
            UnitCounts(unitCode: "2.02", employees: 6, activated: 0, complete: 0, doneByCategory: [0, 0]),
            UnitCounts(unitCode: "4.00", employees: 5, activated: 5, complete: 5, doneByCategory: [5, 5]),
        ],
    ]
    static let deadline = CalendarDate(year: 2021, month: 6, day: 30)!

    static func dashboard() -> Dashboard {
        Dashboard(units: units, snapshots: snapshots, counts: counts, categories: categories, deadline: deadline)
    }
}

@Suite struct MetricsTests {
    @Test func aUnitsFiguresIncludeItsSubUnits() throws {
        let d = MetricsFixture.dashboard()
        let kecamatan = try #require(d.unit(code: "2.00"))
        // 4 own + 10 + 6 employees; 4 + 5 + 0 activated; 2 + 2 + 0 complete (latest snapshot).
        #expect(kecamatan.progress == ProgressCounts(employees: 20, activated: 9, complete: 4, doneByCategory: [9, 4]))
        #expect(kecamatan.children == ["2.01", "2.02"])
        #expect(kecamatan.history.map(\.progress.activated) == [7, 9])
    }

    @Test func totalsAndEmptyAndFinishedUnits() throws {
        let d = MetricsFixture.dashboard()
        #expect(d.total.progress == ProgressCounts(employees: 125, activated: 44, complete: 19, doneByCategory: [54, 19]))
        #expect(d.asOf == CalendarDate(year: 2021, month: 6, day: 11))
        let empty = try #require(d.unit(code: "3.00"))
        #expect(empty.progress.employees == 0)
        #expect(empty.progress.activationRate == 0)
        #expect(empty.rank == nil)
        let done = try #require(d.unit(code: "4.00"))
        #expect(done.progress.completionRate == 1)
        #expect(done.completion.outcome == .complete)
        #expect(done.rank == 1)
        let zero = try #require(d.unit(code: "2.02"))
        #expect(zero.progress.activationRate == 0)
        #expect(zero.activation.outcome == .stalled)
        #expect(zero.activation.atRisk(deadline: d.deadline))
    }

    @Test func behindFirstOrdersByCompletionThenActivation() {
        let d = MetricsFixture.dashboard()
        // Completion: Dinas 10%, Kecamatan 20%, Inspektorat 100%; the empty unit is left out.
        #expect(d.behindFirst.map(\.unit.code) == ["1.01", "2.00", "4.00"])
        #expect(d.unit(code: "1.01")?.rank == 3)
    }

    @Test func projectionAtSteadyPaceGivesTheDateAndRisk() throws {
        let d = MetricsFixture.dashboard()
        let dinas = try #require(d.unit(code: "1.01"))
        // Activation 10% → 30% in 10 days: 2 points a day, 70 points left → 35 days after 11 June = 16 July.
        #expect(dinas.activation.outcome == .onPace(CalendarDate(year: 2021, month: 7, day: 16)!))
        #expect(dinas.activation.atRisk(deadline: MetricsFixture.deadline))
        #expect(!dinas.activation.atRisk(deadline: CalendarDate(year: 2021, month: 7, day: 16)))
    }

    @Test(arguments: [
        ([0.5], Projection.Outcome.unknown),
        ([0.5, 0.5], .stalled),
        ([0.6, 0.5], .stalled),
        ([0.9, 1.0], .complete),
        ([1.0], .complete),
    ])
    func projectionEdgeCases(rates: [Double], expected: Projection.Outcome) {
        let start = CalendarDate(year: 2021, month: 6, day: 1)!
        let history = rates.enumerated().map { (date: start.adding(days: $0.offset * 7), rate: $0.element) }
        #expect(Projection.project(history).outcome == expected)
    }

    @Test func projectionUsesTheRecentPaceOnly() {
        // Flat for a month, then 1 point a day over the last 14 days: the old flat part is ignored.
        let start = CalendarDate(year: 2021, month: 5, day: 1)!
        let history = [(start, 0.1), (start.adding(days: 30), 0.1), (start.adding(days: 37), 0.17), (start.adding(days: 44), 0.24)]
        let p = Projection.project(history.map { (date: $0.0, rate: $0.1) })
        // 76 points left at 1 point a day → 76 days after the last snapshot.
        #expect(p.outcome == .onPace(start.adding(days: 44 + 76)))
        #expect(!Projection(outcome: .onPace(start), pacePerDay: 0.1).atRisk(deadline: nil))
    }

    @Test func duplicateUnitNamesGetDistinctSlugs() {
        let slugs = Dashboard.slugs(for: [
            OrgUnit(code: "A1", name: "Puskesmas", parentCode: nil, kind: "x"),
            OrgUnit(code: "A2", name: "Puskesmas", parentCode: nil, kind: "x"),
            OrgUnit(code: "B", name: "Dinas Sosial", parentCode: nil, kind: "x"),
        ])
        #expect(slugs == ["A1": "puskesmas-a1", "A2": "puskesmas-a2", "B": "dinas-sosial"])
    }
}

@Suite struct FormatterTests {
    @Test(arguments: [
        ("id", 1234, "1.234"), ("en", 1234, "1,234"), ("id", 4_300_000, "4.300.000"), ("id", 12, "12"), ("id", -1500, "-1.500"),
    ])
    func numbers(language: String, value: Int, expected: String) {
        #expect(DisplayFormatter(language: language, timeZone: .gmt).number(value) == expected)
    }

    @Test(arguments: [
        ("id", 0.781, "78,1%"), ("en", 0.781, "78.1%"), ("id", 1.0, "100,0%"), ("id", 0.9996, "99,9%"), ("id", 0.0004, "0,1%"),
        ("id", 0.0, "0,0%"),
    ])
    func percentages(language: String, fraction: Double, expected: String) {
        #expect(DisplayFormatter(language: language, timeZone: .gmt).percent(fraction) == expected)
    }

    @Test func datesInBothLanguages() {
        let date = CalendarDate(year: 2021, month: 6, day: 30)!
        #expect(DisplayFormatter(language: "id", timeZone: .gmt).date(date) == "30 Juni 2021")
        #expect(DisplayFormatter(language: "en", timeZone: .gmt).date(date) == "30 June 2021")
        #expect(DisplayFormatter(language: "id", timeZone: .gmt).date(CalendarDate(year: 2021, month: 8, day: 17)!) == "17 Agustus 2021")
    }

    @Test func calendarArithmetic() {
        let d = CalendarDate(year: 2020, month: 2, day: 28)!
        #expect(d.adding(days: 1) == CalendarDate(year: 2020, month: 2, day: 29))
        #expect(d.adding(days: 2) == CalendarDate(year: 2020, month: 3, day: 1))
        #expect(CalendarDate(year: 2021, month: 2, day: 29) == nil)
        #expect(
            CalendarDate(dayNumber: CalendarDate(year: 2021, month: 6, day: 30)!.dayNumber) == CalendarDate(year: 2021, month: 6, day: 30))
        #expect(CalendarDate(dayMonthYear: "30/06/2021") == CalendarDate(year: 2021, month: 6, day: 30))
    }
}

@Suite struct DateTimeTests {
    @Test(arguments: [
        ("id", "Asia/Makassar", "2021-06-14 08:05:00", "14 Juni 2021 16.05 WITA"),
        ("id", "Asia/Makassar", "2021-06-30 17:30:00", "1 Juli 2021 01.30 WITA"),
        ("en", "Asia/Jakarta", "2021-06-14 08:05:00", "14 June 2021 15:05 WIB"),
        ("id", "Asia/Jayapura", "2021-12-31 15:00:00", "1 Januari 2022 00.00 WIT"),
    ])
    func importTimesInTheSitesZone(language: String, zone: String, utc: String, expected: String) throws {
        let f = DisplayFormatter(language: language, timeZone: try #require(TimeZone(identifier: zone)))
        #expect(f.dateTime(utc: utc) == expected)
    }

    @Test func badTimestampsAreNotShown() {
        let f = DisplayFormatter(language: "id", timeZone: .gmt)
        #expect(f.dateTime(utc: "kemarin") == nil)
        #expect(f.dateTime(utc: "2021-06-14 25:00:00") == nil)
    }
}

@Suite struct UnitSlugTests {
    @Test func slugsStayUniqueWhenNameAndCodeCollide() {
        let slugs = Dashboard.slugs(for: [
            OrgUnit(code: "dup-a", name: "Dinas A X 1", parentCode: nil, kind: "x"),
            OrgUnit(code: "x-1", name: "Dinas A", parentCode: nil, kind: "x"),
            OrgUnit(code: "x-2", name: "Dinas A", parentCode: nil, kind: "x"),
            OrgUnit(code: "++", name: "**", parentCode: nil, kind: "x"),
        ])
        #expect(Set(slugs.values).count == 4)
        #expect(slugs["++"] == "unit")
        #expect(!slugs.values.contains(""))
    }
}
