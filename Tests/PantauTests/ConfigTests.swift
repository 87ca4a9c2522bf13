import Foundation
import Testing

@testable import Pantau

@Suite struct ConfigTests {
    @Test func defaultsFillWhatSiteYmlLeavesOut() throws {
        let config = try SiteConfig.parse("title: Situs\n")
        #expect(config.language == "id")
        #expect(config.timeZone.identifier == "Asia/Makassar")
        #expect(config.theme == "default")
        #expect(config.unsafeHTML == false)
        #expect(config.data.categories.count == 12)
        #expect(config.data.datastore == "data/pantau.sqlite")
    }

    @Test func readsEverySetting() throws {
        let config = try SiteConfig.parse(
            """
            title: Situs
            base_url: https://a.example/sub
            language: en
            time_zone: Asia/Jakarta
            unsafe_html: true
            campaign:
              deadline: 2021-06-30
            menus:
              main:
                - {name: B, url: /b/, weight: 2}
                - {name: A, url: /a/, weight: 1}
            data:
              datastore: x.sqlite
              categories:
                - {key: data_personal, label: Data personal}
              columns:
                NIP BARU: nip
            """)
        #expect(config.baseURL == "https://a.example/sub/")
        #expect(config.language == "en")
        #expect(config.timeZone.identifier == "Asia/Jakarta")
        #expect(config.unsafeHTML)
        #expect(config.deadline == CalendarDate(year: 2021, month: 6, day: 30))
        #expect(config.menus["main"]?.map(\.name) == ["A", "B"])
        #expect(config.data.categories == [.init(key: "data_personal", label: "Data personal")])
        #expect(config.data.columns == ["nip baru": "nip"])
    }

    /// Every config error: the exact line, column and message a user sees.
    @Test(arguments: [
        (
            "title: A\ntitel: B\n",
            "site.yml:2:1: unknown key `titel`; known keys here are `title`, `description`, `base_url`, `language`, `content_language`, `time_zone`, "
                + "`theme`, `unsafe_html`, `markdown`, `campaign`, `menus`, `data`, `contacts`, `lookup`, `rosters`, `share`, `privacy`, `feeds`"
        ),
        ("description: x\n", "site.yml:1:1: `title` is required; add a line `title: …`"),
        (
            "title: A\ncontacts:\n  - name: X\n    phone: \"1\"\n    name: Y\n",
            "site.yml:5:5: key given twice: name (first at line 3); keep one"
        ),
        ("title: A\nmarkdown:\n  max_page_mb: 0\n", "site.yml:3:16: `max_page_mb` should be between 1 and 1024, found 0"),
        ("title: A\nlanguage: fr\n", "site.yml:2:11: `language` should be `id` or `en`, found \"fr\""),
        ("title: A\ntime_zone: Mars/Base\n", "site.yml:2:12: `time_zone` \"Mars/Base\" is not a known zone; use a name like Asia/Makassar"),
        (
            "title: A\ncampaign:\n  deadline: 30 Juni 2021\n",
            "site.yml:3:13: `deadline` should be a date like 2021-06-30, found \"30 Juni 2021\""
        ),
        (
            "title: A\ncampaign:\n  deadline: 2021-02-30\n",
            "site.yml:3:13: `deadline` should be a date like 2021-06-30, found \"2021-02-30\""
        ),
        ("title: A\nunsafe_html: maybe\n", "site.yml:2:14: `unsafe_html` should be true or false, found \"maybe\""),
        (
            "title: A\nbase_url: ftp://x\n",
            "site.yml:2:11: `base_url` should start with https:// (or / for a site served from the root), found \"ftp://x\""
        ),
        ("title: A\nmenus:\n  main:\n    - name: X\n", "site.yml:4:7: `url` is required; add a line `url: …`"),
        (
            "title: [unclosed\n",
            "site.yml:2:1: YAML is malformed (while parsing a flow sequence: did not find expected ',' or ']'); check indentation and "
                + "quote values that contain `: ` or `#`"
        ),
        (
            "title: A\ndata:\n  categories:\n    - {key: Bad Key, label: X}\n",
            "site.yml:4:13: category key \"Bad Key\" should use only a-z, 0-9 and _"
        ),
    ])
    func configErrors(yaml: String, expected: String) {
        #expect(throws: (any Error).self) { try SiteConfig.parse(yaml) }
        do {
            _ = try SiteConfig.parse(yaml)
        } catch {
            #expect("\(error)" == expected)
        }
    }
}

/// Config values that build but are probably mistakes are named in the build summary.
@Suite struct ConfigWarningsTests {
    static let snapshots = [CalendarDate(iso: "2021-05-03")!, CalendarDate(iso: "2021-06-14")!]

    @Test(arguments: [("2021-06-30", 0), ("2021-05-01", 1), ("2031-06-30", 1), ("2023-06-01", 0)])
    func deadlineAgainstSnapshots(deadline: String, warnings: Int) {
        #expect(ConfigWarnings.deadline(CalendarDate(iso: deadline), snapshots: Self.snapshots).count == warnings)
    }

    @Test func noDataNoDeadlineWarning() {
        #expect(ConfigWarnings.deadline(CalendarDate(iso: "2001-01-01"), snapshots: []).isEmpty)
    }

    @Test func robotsUnderASubPath() {
        #expect(ConfigWarnings.robots(baseURL: "https://x.go.id/", basePath: "/").isEmpty)
        #expect(
            ConfigWarnings.robots(baseURL: "https://x.go.id/pdm/", basePath: "/pdm/").first?.contains("/pdm/robots.txt is not read") == true
        )
    }
}
