import Foundation
import Testing

@testable import Pantau

/// Invented units of 0, 1, 4 and 5 employees, and a kecamatan with a kelurahan of 4 and one of 10: what
/// `privacy.min_group` hides, and what it keeps.
enum SmallGroupFixture {
    static let units: [OrgUnit] = [
        OrgUnit(code: "A", name: "Badan Nol", parentCode: nil, kind: "badan"),
        OrgUnit(code: "B", name: "Badan Satu", parentCode: nil, kind: "badan"),
        OrgUnit(code: "C", name: "Badan Empat", parentCode: nil, kind: "badan"),
        OrgUnit(code: "D", name: "Badan Lima", parentCode: nil, kind: "badan"),
        OrgUnit(code: "K", name: "Kecamatan Kaya", parentCode: nil, kind: "kecamatan"),
        OrgUnit(code: "K1", name: "Kelurahan Kecil", parentCode: "K", kind: "kelurahan"),
        OrgUnit(code: "K2", name: "Kelurahan Besar", parentCode: "K", kind: "kelurahan"),
        // 3 people at the first snapshot, 8 at the second: a small group in its history only.
        OrgUnit(code: "G", name: "Dinas Tumbuh", parentCode: nil, kind: "dinas"),
    ]
    static let snapshots = [
        Snapshot(id: 1, asOf: CalendarDate(year: 2021, month: 6, day: 1)!, sourceHash: "a", employees: 0),
        Snapshot(id: 2, asOf: CalendarDate(year: 2021, month: 6, day: 11)!, sourceHash: "b", employees: 0),
    ]
    static let latest = [
        UnitCounts(unitCode: "B", employees: 1, activated: 1, complete: 0, doneByCategory: [1]),
        // 3 of 4 activated (75%), 1 complete (25%): figures that would point to people.
        UnitCounts(unitCode: "C", employees: 4, activated: 3, complete: 1, doneByCategory: [3]),
        UnitCounts(unitCode: "D", employees: 5, activated: 2, complete: 0, doneByCategory: [2]),
        UnitCounts(unitCode: "K1", employees: 4, activated: 1, complete: 1, doneByCategory: [1]),
        UnitCounts(unitCode: "K2", employees: 10, activated: 6, complete: 2, doneByCategory: [6]),
        UnitCounts(unitCode: "G", employees: 8, activated: 5, complete: 2, doneByCategory: [5]),
    ]
    static let counts: [[UnitCounts]] = [
        [
            UnitCounts(unitCode: "C", employees: 4, activated: 2, complete: 0, doneByCategory: [2]),
            UnitCounts(unitCode: "D", employees: 5, activated: 1, complete: 0, doneByCategory: [1]),
            UnitCounts(unitCode: "K1", employees: 4, activated: 0, complete: 0, doneByCategory: [0]),
            UnitCounts(unitCode: "K2", employees: 10, activated: 3, complete: 1, doneByCategory: [3]),
            UnitCounts(unitCode: "G", employees: 3, activated: 1, complete: 0, doneByCategory: [1]),
        ],
        latest,
    ]
    static let categories = [DataConfig.DataCategory(key: "data_personal", label: "Data personal")]

    static func dashboard(minGroup: Int = 5) -> Dashboard {
        Dashboard(
            units: units, snapshots: snapshots, counts: counts, categories: categories, deadline: MetricsFixture.deadline,
            minGroup: minGroup)
    }

    static func files(language: String = "id", minGroup: Int = 5) throws -> [String: String] {
        try DashboardPagesTests.files(
            DashboardPagesTests.renderer(language: language, units: units, dashboard: dashboard(minGroup: minGroup)))
    }
}

@Suite struct SmallGroupTests {
    @Test func unitsOfOneToFourAreSmallZeroAndFiveAreNot() throws {
        let d = SmallGroupFixture.dashboard()
        let small = Set(d.units.filter(\.suppressed).map(\.unit.code))
        #expect(small == ["B", "C", "K1"])
        #expect(d.unit(code: "A")?.suppressed == false)  // 0 employees: nothing to point at
        #expect(d.unit(code: "D")?.suppressed == false)
        // A small kelurahan's people still count in its kecamatan and in the city.
        #expect(d.unit(code: "K")?.progress.employees == 14)
        #expect(d.total.progress.employees == 1 + 4 + 5 + 14 + 8)
        #expect(d.total.suppressed == false)
        // No rank, no risk, no place in an ordered list for a small unit.
        #expect(d.unit(code: "C")?.rank == nil && d.unit(code: "B")?.rank == nil)
        #expect(d.rankedCount == 3)  // D, K, G
        #expect(d.risk(of: try #require(d.unit(code: "C"))).state == .unknown)
        for list in [d.lateFirst, d.behindFirst, d.movers(limit: 10), d.stalled, d.offTrack] {
            #expect(list.allSatisfy { !$0.suppressed })
        }
        // Tables list small units last, by name, whatever their hidden figures.
        #expect(d.mostNotActivatedFirst.suffix(2).map(\.unit.code) == ["C", "B"])
        #expect(d.subUnits(of: try #require(d.unit(code: "K"))).map(\.unit.code) == ["K2", "K1"])
    }

    @Test func aSmallSnapshotInTheHistoryHasNoChangeAndNoRow() throws {
        let d = SmallGroupFixture.dashboard()
        let growing = try #require(d.unit(code: "G"))
        #expect(!growing.suppressed)
        #expect(growing.history.map(\.suppressed) == [true, false])
        // Δ from 3 people to 8 would tell the first snapshot's figures.
        #expect(growing.change == nil)
        let files = try SmallGroupFixture.files()
        let page = try #require(files["unit/dinas-tumbuh/index.html"])
        #expect(page.contains("<td>&lt; 5</td><td>–</td><td>–</td>"))
        #expect(!page.contains("33,3%"))  // 1 of 3 activated at the first snapshot
    }

    @Test func minGroupOneShowsEveryFigure() throws {
        let d = SmallGroupFixture.dashboard(minGroup: 1)
        #expect(d.units.allSatisfy { !$0.suppressed })
        let files = try SmallGroupFixture.files(minGroup: 1)
        #expect(try #require(files["unit/badan-empat/index.html"]).contains("75,0%"))
        #expect(try #require(files["data/progres.csv"]).contains("C,Badan Empat,4,3,75.0,1,25.0,75.0,0\n"))
        #expect(!(try #require(files["aktivasi/index.html"])).contains("small-group-note"))
    }

    @Test(arguments: ["id", "en"])
    func pagesShowTheCountAsLessThanAndSayWhy(language: String) throws {
        let files = try SmallGroupFixture.files(language: language)
        let note =
            language == "id" ? "Unit dengan kurang dari 5 pegawai hanya ditampilkan sebagai" : "Units with fewer than 5 employees show only"
        let unit = try #require(files["unit/badan-empat/index.html"])
        #expect(unit.contains("<dd>&lt; 5</dd>"))
        #expect(unit.contains(note))
        // None of its figures: 75% activated, 25% complete, 3 people activated, history or projection.
        for hidden in ["75,0%", "75.0%", "25,0%", "25.0%", "<svg class=\"chart\"", "class=\"projection\""] {
            #expect(!unit.contains(hidden), "\(hidden) on the small unit's page")
        }
        for page in ["aktivasi/index.html", "progres/index.html", "ringkasan/index.html", "unit/kecamatan-kaya/index.html"] {
            let html = try #require(files[page], "\(page)")
            #expect(html.contains(note), "\(page) does not say why")
            #expect(!html.contains("75,0%") && !html.contains("75.0%"), "\(page) shows the small unit's rate")
        }
        let aktivasi = try #require(files["aktivasi/index.html"])
        #expect(aktivasi.contains(">Badan Empat</a></th><td data-sort=\"-1\">&lt; 5</td><td data-sort=\"-1\">–</td>"))
        // The kecamatan shows its own figures (14 people) and its small kelurahan as "< 5".
        let kec = try #require(files["unit/kecamatan-kaya/index.html"])
        #expect(kec.contains(">Kelurahan Kecil</a></th><td data-sort=\"-1\">&lt; 5</td>"))
        #expect(kec.contains("<dd>14</dd>"))
        // The briefing and the home page's lists leave small units out.
        #expect(!(try #require(files["ringkasan/index.html"])).contains("Badan Empat"))
        let renderer = try DashboardPagesTests.renderer(
            language: language, units: SmallGroupFixture.units, dashboard: SmallGroupFixture.dashboard())
        let home = renderer.homeSummary().templateValue
        #expect(!"\(home)".contains("Badan Empat") && !"\(home)".contains("Badan Satu"))
        #expect("\(home)".contains(note))
    }

    @Test func openDataMarksSmallUnitsHidden() throws {
        let files = try SmallGroupFixture.files()
        let csv = try #require(files["data/progres.csv"])
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0].last == "disembunyikan")
        let rows = Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], $0) })
        #expect(rows["C"] == ["C", "Badan Empat", "", "", "", "", "", "", "1"])
        #expect(rows["B"]?.last == "1" && rows["K1"]?.last == "1")
        #expect(rows["D"] == ["D", "Badan Lima", "5", "2", "40.0", "0", "0.0", "40.0", "0"])
        #expect(rows["A"] == ["A", "Badan Nol", "0", "0", "0.0", "0", "0.0", "0.0", "0"])
        #expect(rows["K"]?[2] == "14")
        let json = try #require(files["data/ringkasan.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["kelompok_minimum"] as? Int == 5)
        #expect(object["unit_disembunyikan"] as? Int == 3)
        #expect(object["disembunyikan"] as? Bool == false)
        #expect(object["pegawai"] as? Int == 32)
    }

    @Test func aCityOfFourIsItselfASmallGroup() throws {
        let units = [OrgUnit(code: "X", name: "Kantor Kecil", parentCode: nil, kind: "kantor")]
        let counts = [[UnitCounts(unitCode: "X", employees: 4, activated: 3, complete: 1, doneByCategory: [3])]]
        let d = Dashboard(
            units: units, snapshots: [SmallGroupFixture.snapshots[0]], counts: counts, categories: SmallGroupFixture.categories,
            deadline: nil, minGroup: 5)
        #expect(d.total.suppressed)
        let files = try DashboardPagesTests.files(DashboardPagesTests.renderer(units: units, dashboard: d))
        for (path, text) in files where path.hasSuffix(".html") {
            #expect(!text.contains("75,0%"), "\(path) shows the small city's rate")
        }
        let json = try #require(files["data/ringkasan.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["disembunyikan"] as? Bool == true)
        #expect(object["pegawai"] is NSNull)
    }

    @Test func liveFiguresOfASmallUnitShowOnlyItsCount() throws {
        let d = SmallGroupFixture.dashboard()
        let live = LiveFigures(dashboard: d, formatter: DisplayFormatter(language: "id", timeZone: .gmt), noData: "?")
        let page = Page(
            source: try ContentLoader.page(relativePath: "a.md", file: "Content/a.md", text: "Satu\n"), html: "",
            headings: [], plainText: "", internalLinks: [])
        #expect(try live.expand("<p>{{pantau pegawai unit=C}}</p>", in: page) == "<p>&lt; 5</p>")
        #expect(try live.expand("<p>{{pantau persen_aktivasi unit=C}}</p>", in: page) == "<p>–</p>")
        #expect(try live.expand("<p>{{pantau persen_aktivasi unit=D}}</p>", in: page) == "<p>40,0%</p>")
    }

    @Test func defaultIsFiveAndOneTurnsItOff() throws {
        #expect(try SiteConfig.parse("title: A\n").privacy.minGroup == 5)
        #expect(try SiteConfig.parse("title: A\nprivacy:\n  min_group: 1\n").privacy.minGroup == 1)
        #expect(try SiteConfig.parse("title: A\nprivacy:\n  min_group: 10\n").privacy.minGroup == 10)
    }

    @Test(arguments: [
        ("0", "site.yml:3:14: `min_group` should be a whole number from 1 to 100 (default 5; 1 shows every unit's figures), found \"0\""),
        ("-3", "site.yml:3:14: `min_group` should be a whole number from 1 to 100 (default 5; 1 shows every unit's figures), found \"-3\""),
        (
            "lima",
            "site.yml:3:14: `min_group` should be a whole number from 1 to 100 (default 5; 1 shows every unit's figures), found \"lima\""
        ),
        (
            "2.5",
            "site.yml:3:14: `min_group` should be a whole number from 1 to 100 (default 5; 1 shows every unit's figures), found \"2.5\""
        ),
        (
            "[5]",
            "site.yml:3:14: `min_group` should be a whole number from 1 to 100 (default 5; 1 shows every unit's figures), found a list or a map"
        ),
    ])
    func invalidMinGroupIsAConfigErrorWithItsLine(value: String, expected: String) {
        do {
            _ = try SiteConfig.parse("title: A\nprivacy:\n  min_group: \(value)\n")
            Issue.record("min_group: \(value) was accepted")
        } catch {
            #expect("\(error)" == expected)
        }
    }
}
