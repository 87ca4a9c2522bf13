import Foundation
import Testing

@testable import Pantau

/// A campaign with a known history: three snapshots five days apart (1, 6 and 11 June 2021), deadline 30 June
/// (19 days after the latest data). Every expected figure below is worked out by hand in the comments.
enum FollowUpFixture {
    static let units: [OrgUnit] = [
        OrgUnit(code: "A", name: "Dinas Cepat", parentCode: nil, kind: "dinas"),
        OrgUnit(code: "B", name: "Dinas Lambat", parentCode: nil, kind: "dinas"),
        OrgUnit(code: "C", name: "Dinas Ragu", parentCode: nil, kind: "dinas"),
        OrgUnit(code: "D", name: "Badan Diam", parentCode: nil, kind: "badan"),
        OrgUnit(code: "E", name: "Inspektorat", parentCode: nil, kind: "inspektorat"),
        OrgUnit(code: "K", name: "Kecamatan Utara", parentCode: nil, kind: "kecamatan"),
        OrgUnit(code: "K1", name: "Kelurahan Guntung", parentCode: "K", kind: "kelurahan"),
    ]
    static let dates = [
        CalendarDate(year: 2021, month: 6, day: 1)!, CalendarDate(year: 2021, month: 6, day: 6)!,
        CalendarDate(year: 2021, month: 6, day: 11)!,
    ]
    /// (code, employees, activated at each date, complete at each date)
    static let series: [(String, Int, [Int], [Int])] = [
        ("A", 100, [100, 100, 100], [30, 60, 90]),
        ("B", 100, [50, 52, 54], [10, 12, 14]),
        ("C", 100, [100, 100, 100], [20, 50, 50]),
        ("D", 40, [8, 8, 8], [2, 2, 2]),
        ("E", 10, [10, 10, 10], [10, 10, 10]),
        ("K", 10, [5, 6, 7], [0, 1, 2]),
        ("K1", 10, [0, 2, 4], [0, 0, 1]),
    ]

    static func dashboard(deadline: CalendarDate? = CalendarDate(year: 2021, month: 6, day: 30)!, snapshots: Int = 3) -> Dashboard {
        let used = Array(dates.indices.suffix(snapshots))
        let snaps = used.map { Snapshot(id: Int64($0 + 1), asOf: dates[$0], sourceHash: "\($0)", employees: 0) }
        let counts = used.map { i in
            series.map { UnitCounts(unitCode: $0.0, employees: $0.1, activated: $0.2[i], complete: $0.3[i], doneByCategory: [$0.3[i]]) }
        }
        return Dashboard(
            units: units, snapshots: snaps, counts: counts,
            categories: [.init(key: "data_personal", label: "Data personal")], deadline: deadline)
    }
}

@Suite struct FollowUpMetricsTests {
    let d = FollowUpFixture.dashboard()
    func unit(_ code: String) throws -> UnitProgress { try #require(d.unit(code: code)) }

    @Test func changeSincePreviousSnapshotInPeopleAndPoints() throws {
        // Dinas Cepat: complete 60 → 90 of 100: +30 people, +30 points; activation stays at 100.
        let a = try #require(try unit("A").change)
        #expect(a.since == CalendarDate(year: 2021, month: 6, day: 6))
        #expect((a.activated, a.complete, a.employees) == (0, 30, 0))
        #expect(abs(a.completionPoints - 30) < 1e-9 && abs(a.activationPoints) < 1e-9)
        // Kecamatan with its kelurahan (20 people): activated 6+2=8 → 7+4=11, complete 1+0=1 → 2+1=3.
        let k = try #require(try unit("K").change)
        #expect((k.activated, k.complete) == (3, 2))
        #expect(abs(k.activationPoints - 15) < 1e-9 && abs(k.completionPoints - 10) < 1e-9)
        // The kelurahan alone (10 people): activated 2 → 4 (+20 points), complete 0 → 1 (+10 points).
        let k1 = try #require(try unit("K1").change)
        #expect((k1.activated, k1.complete) == (2, 1))
        #expect(abs(k1.activationPoints - 20) < 1e-9 && abs(k1.completionPoints - 10) < 1e-9)
        // City, 370 people: activated 100+52+100+8+10+6+2 = 278 → 100+54+100+8+10+7+4 = 283 (+5);
        // complete 60+12+50+2+10+1+0 = 135 → 90+14+50+2+10+2+1 = 169 (+34): +500/370 and +3400/370 points.
        let city = try #require(d.total.change)
        #expect((city.activated, city.complete, d.total.progress.employees) == (5, 34, 370))
        #expect(abs(city.activationPoints - 500.0 / 370) < 1e-9 && abs(city.completionPoints - 3400.0 / 370) < 1e-9)
        // One snapshot: no change to show.
        #expect(FollowUpFixture.dashboard(snapshots: 1).unit(code: "A")?.change == nil)
    }

    @Test func moversAndStalledUnits() {
        // Completion points gained: Cepat +30, Kecamatan +10, Lambat +2; Ragu, Diam and Inspektorat gained nothing.
        #expect(d.movers().map(\.unit.code) == ["A", "K", "B"])
        #expect(d.movers(limit: 2).map(\.unit.code) == ["A", "K"])
        // Unfinished with no change since 6 June: Ragu (50 left) and Diam (40 − 2 = 38 left); Inspektorat is finished.
        #expect(d.stalled.map(\.unit.code) == ["C", "D"])
    }

    @Test func tablesPutTheBiggestJobFirst() throws {
        // Not activated: Lambat 46, Diam 32, Kecamatan 20 − 11 = 9, then Cepat, Ragu, Inspektorat with 0 by name.
        #expect(d.mostNotActivatedFirst.map(\.unit.code) == ["B", "D", "K", "A", "C", "E"])
        // Not complete: Lambat 86, Ragu 50, Diam 38, Kecamatan 17, Cepat 10, Inspektorat 0.
        #expect(d.mostIncompleteFirst.map(\.unit.code) == ["B", "C", "D", "K", "A", "E"])
        #expect(d.subUnits(of: try unit("K")).map(\.unit.code) == ["K1"])
    }

    @Test func threeRiskStatesFromPaceAndItsSpread() throws {
        // Cepat: completion 0.30, 0.60, 0.90 five days apart → 0.06 a day, no spread; needs 0.10 / 19 a day →
        // on track; finishes in ⌈0.10 / 0.06⌉ = 2 days, 17 days before the deadline.
        #expect(d.risk(of: try unit("A")) == Risk(state: .onTrack, daysLate: 2 - 19, peopleLeft: 10))
        // Lambat: 0.004 a day on both rates, no spread; needs 0.86 / 19 ≈ 0.045 → off track.
        // Activation ⌈0.46 / 0.004⌉ = 115 days, completion ⌈0.86 / 0.004⌉ = 215 → 215 − 19 = 196 days late.
        #expect(d.risk(of: try unit("B")) == Risk(state: .offTrack, daysLate: 196, peopleLeft: 86))
        // Ragu: completion 0.20, 0.50, 0.50. x = −10, −5, 0 (mean −5, Sxx = 50); y mean 0.40;
        // slope = (−5·−0.2 + 0 + 5·0.1) / 50 = 0.03; fitted 0.25, 0.40, 0.55 → residuals −0.05, 0.10, −0.05,
        // sum of squares 0.015 over n − 2 = 1 → spread √(0.015 / 50) ≈ 0.0173. Band 0.0127 … 0.0473 a day holds
        // the needed 0.50 / 19 ≈ 0.0263 → at risk; at 0.03 a day ⌈16.7⌉ = 17 days, 2 days early.
        #expect(d.risk(of: try unit("C")) == Risk(state: .atRisk, daysLate: 17 - 19, peopleLeft: 50))
        // Diam: nothing moves; pace 0 → off track, never finishes (no days late), 38 left.
        #expect(d.risk(of: try unit("D")) == Risk(state: .offTrack, daysLate: nil, peopleLeft: 38))
        #expect(d.risk(of: try unit("E")) == Risk(state: .done, peopleLeft: 0))
        // Kecamatan (20): activation 0.25, 0.40, 0.55 → 0.03 a day, needs 0.45 / 19 ≈ 0.024: on track;
        // completion 0, 0.05, 0.15 → slope (−5·−1/15 + 5·1/12) / 50 = 0.015, residuals 1/120, −1/60, 1/120,
        // spread √(1/2400 / 50) ≈ 0.0029: fast end 0.0179 < needed 0.85 / 19 ≈ 0.0447 → off track;
        // ⌈0.85 / 0.015⌉ = 57 days → 38 days late. People left: max(20 − 11, 20 − 3) = 17.
        #expect(d.risk(of: try unit("K")) == Risk(state: .offTrack, daysLate: 38, peopleLeft: 17))
        let spread = try #require(try unit("C").completion.slopeError)
        #expect(abs(spread - (0.015 / 50).squareRoot()) < 1e-12)
    }

    @Test func homePageListsUnitsByProjectedDaysLate() {
        // Never finishing (Diam) first, then 196, 38, −2 and −17 days late; Inspektorat is done and left out.
        #expect(d.lateFirst.map(\.unit.code) == ["D", "B", "K", "C", "A"])
        #expect(d.offTrack.map(\.unit.code) == ["D", "B", "K"])
    }

    @Test func twoSnapshotsCannotShowASpread() throws {
        // 6 and 11 June only. Lambat's activation 0.52 → 0.54: 0.004 a day, taken as anywhere in 0 … 0.008;
        // needed 0.46 / 19 ≈ 0.024 is beyond even that → off track. Cepat: 0.06 a day, band 0 … 0.12 holds the
        // needed 0.10 / 19 ≈ 0.005 but its slow end (0) does not → at risk, not on track.
        let two = FollowUpFixture.dashboard(snapshots: 2)
        #expect(two.risk(of: try #require(two.unit(code: "B"))).state == .offTrack)
        #expect(two.risk(of: try #require(two.unit(code: "A"))) == Risk(state: .atRisk, daysLate: 2 - 19, peopleLeft: 10))
        #expect(try #require(two.unit(code: "A")).completion.slopeError == nil)
    }

    @Test func afterTheDeadlineUnitsAreLateByDaysWithPeopleLeft() throws {
        // Deadline 5 June, data of 11 June: 6 days past; everyone unfinished is overdue with their people left.
        let late = FollowUpFixture.dashboard(deadline: CalendarDate(year: 2021, month: 6, day: 5)!)
        let b = try #require(late.unit(code: "B"))
        #expect(late.risk(of: b) == Risk(state: .overdue, daysPastDeadline: 6, peopleLeft: 86))
        #expect(late.risk(of: try #require(late.unit(code: "E"))).state == .done)
        // Most people left first: 86, 50, 38, 17, 10.
        #expect(late.lateFirst.map(\.unit.code) == ["B", "C", "D", "K", "A"])
    }

    @Test func withoutDeadlineNothingIsJudged() throws {
        let open = FollowUpFixture.dashboard(deadline: nil)
        #expect(open.risk(of: try #require(open.unit(code: "B"))) == Risk(state: .unknown, peopleLeft: 86))
        let one = FollowUpFixture.dashboard(snapshots: 1)
        #expect(one.risk(of: try #require(one.unit(code: "B"))).state == .unknown)
    }
}
