import Foundation
import Testing

@testable import Pantau

@Suite struct DashboardPagesTests {
    static func renderer(
        language: String = "id", units: [OrgUnit] = MetricsFixture.units, dashboard: Dashboard? = MetricsFixture.dashboard()
    ) throws -> DashboardRenderer {
        var config = SiteConfig(title: "Uji", baseURL: "https://uji.example/")
        config.language = language
        config.deadline = MetricsFixture.deadline
        config.data.categories = MetricsFixture.categories
        let theme = try Theme(themesDirectory: TestSupport.repoRoot.appendingPathComponent("Themes"), name: "default", language: language)
        return DashboardRenderer(
            context: RenderContext(config: config, theme: theme), dashboard: dashboard,
            formatter: DisplayFormatter(language: language, timeZone: config.timeZone, monthNames: theme.strings["months"]))
    }

    static func files(_ r: DashboardRenderer) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try r.render().map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    /// Golden files of the dashboard pages for the fixed fixture. Re-record with `PANTAU_RECORD=1`.
    @Test(arguments: ["id", "en"])
    func dashboardPagesMatchGoldenFiles(language: String) throws {
        let built = try Self.files(Self.renderer(language: language))
            .mapValues {
                $0.replacing(/style\.[0-9a-f]{10}\.css/, with: "style.HASH.css").replacing(
                    /search\.[0-9a-f]{10}\.js/, with: "search.HASH.js"
                )
                .replacing(/sort\.[0-9a-f]{10}\.js/, with: "sort.HASH.js")
            }
        let golden = TestSupport.fixtures.appendingPathComponent("golden/dashboard-\(language)")
        if ProcessInfo.processInfo.environment["PANTAU_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            for (path, text) in built {
                let url = golden.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            return
        }
        let expected = TestSupport.tree(golden).mapValues { String(decoding: $0, as: UTF8.self) }
        #expect(!expected.isEmpty, "record golden files with PANTAU_RECORD=1 swift test")
        #expect(Set(built.keys) == Set(expected.keys))
        for (path, text) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(built[path] == text, "\(path) differs from its golden file; re-record with PANTAU_RECORD=1 if intended")
        }
    }

    @Test func pagesShowHandComputedFigures() throws {
        let files = try Self.files(Self.renderer())
        let aktivasi = try #require(files["aktivasi/index.html"])
        // Most people not yet activated first: Dinas 100 − 30 = 70, Kecamatan 20 − 9 = 11, Inspektorat 0.
        let dinas = try #require(aktivasi.range(of: "Dinas Pendidikan"))
        let kec = try #require(aktivasi.range(of: "Kecamatan Bontang Utara"))
        let insp = try #require(aktivasi.range(of: "Inspektorat"))
        #expect(dinas.lowerBound < kec.lowerBound && kec.lowerBound < insp.lowerBound)
        #expect(aktivasi.contains("30,0%"))
        #expect(aktivasi.contains("45,0%"))
        // The empty unit has no row, but does have its own page saying so.
        #expect(!aktivasi.contains("Badan Kosong"))
        let empty = try #require(files["unit/badan-kosong/index.html"])
        #expect(empty.contains("Unit ini tidak memiliki pegawai dalam data."))
        // The kecamatan page lists its kelurahan and its projection.
        let kec2 = try #require(files["unit/kecamatan-bontang-utara/index.html"])
        #expect(kec2.contains("href=\"/unit/kelurahan-guntung/\""))
        #expect(kec2.contains("href=\"/unit/kelurahan-loktuan/\""))
        // Two snapshots: completion 15% → 20% in 10 days is 0.5 points a day, taken as 0 … 1 point a day; 80 points in
        // the 19 days left need 4.2 a day → off track, finishing ⌈80 / 0.5⌉ = 160 days on, 141 days late.
        #expect(kec2.contains("<strong class=\"risk off-track\">Tertinggal</strong> (141 hari terlambat)"))
        #expect(kec2.contains("Δ +2 orang (+10,0 poin)"))
        #expect(kec2.contains("<svg class=\"chart\""))
        let insp2 = try #require(files["unit/inspektorat/index.html"])
        #expect(insp2.contains("sudah 100%"))
        #expect(insp2.contains("<strong>1</strong> dari 3"))
        // A heat map cell carries its number, not just a colour. Target: 10 of the 29 days from the first snapshot
        // (1 June) to the deadline (30 June) have passed, 34,5%; Dinas's data personal at 40% is 5.5 points above.
        let progres = try #require(files["progres/index.html"])
        #expect(progres.contains("<td class=\"hp1\" data-sort=\"40.0\">40,0%</td>"))
        #expect(progres.contains("<strong>34,5%</strong>"))
    }

    @Test func unitContactsAndTheBriefing() throws {
        var units = MetricsFixture.units
        units[0].contact = Contact(
            name: "", role: "Kasubbag Umum", phone: "081234567890", whatsapp: true, email: "disdik@bontangkota.go.id")
        let d = Dashboard(
            units: units, snapshots: MetricsFixture.snapshots, counts: MetricsFixture.counts,
            categories: MetricsFixture.categories, deadline: MetricsFixture.deadline)
        let files = try Self.files(Self.renderer(units: units, dashboard: d))
        let unit = try #require(files["unit/dinas-pendidikan/index.html"])
        #expect(
            unit.contains(
                "Kasubbag Umum · <a href=\"tel:+6281234567890\">0812-3456-7890</a> · <a href=\"https://wa.me/6281234567890\">WhatsApp</a>"))
        #expect(unit.contains("<a href=\"mailto:disdik@bontangkota.go.id\">"))
        // The briefing: Dinas (100 − 10 = 90 people left) before Kecamatan (20 − 4 = 16), with the contact beside it.
        let briefing = try #require(files["ringkasan/index.html"])
        let dinas = try #require(briefing.range(of: ">Dinas Pendidikan<"))
        let kec = try #require(briefing.range(of: ">Kecamatan Bontang Utara<"))
        #expect(dinas.lowerBound < kec.lowerBound)
        #expect(briefing.contains("<td>90</td>") && briefing.contains("tel:+6281234567890"))
        #expect(!briefing.contains(">Inspektorat<"))  // finished
    }

    @Test func openDataParsesBackToTheSameFigures() throws {
        let files = try Self.files(Self.renderer())
        let csv = try #require(files["data/progres.csv"])
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(
            lines[0] == [
                "kode_unit", "nama_unit", "pegawai", "sudah_aktivasi", "persen_aktivasi", "pdm_lengkap", "persen_pdm_lengkap",
                "persen_data_personal", "persen_rw_jabatan", "disembunyikan",
            ])
        let rows = Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], $0) })
        #expect(rows.count == MetricsFixture.units.count)
        #expect(rows["2.00"] == ["2.00", "Kecamatan Bontang Utara", "20", "9", "45.0", "4", "20.0", "45.0", "20.0", "0"])
        #expect(rows["3.00"] == ["3.00", "Badan Kosong", "0", "0", "0.0", "0", "0.0", "0.0", "0.0", "0"])
        let json = try #require(files["data/ringkasan.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2021-06-11")
        #expect(object["pegawai"] as? Int == 125)
        #expect(object["sudah_aktivasi"] as? Int == 44)
        #expect(object["pdm_lengkap"] as? Int == 19)
    }

    @Test func hostileUnitNamesAreEscapedEverywhere() throws {
        var units = MetricsFixture.units
        units[0].name = "<script>alert(\"x\")</script> & Co"
        let d = Dashboard(
            units: units, snapshots: MetricsFixture.snapshots, counts: MetricsFixture.counts, categories: MetricsFixture.categories,
            deadline: MetricsFixture.deadline)
        let files = try Self.files(Self.renderer(units: units, dashboard: d))
        for (path, text) in files where path.hasSuffix(".html") {
            #expect(!text.contains("<script>alert"), "unescaped name in \(path)")
        }
        #expect(files["aktivasi/index.html"]?.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co") == true)
        // In the CSV the name is quoted, not escaped as HTML.
        #expect(files["data/progres.csv"]?.contains("<script>alert(\"\"x\"\")</script> & Co") == true)
        // A name that a spreadsheet would run as a formula is made inert.
        #expect(CSVEscaper.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVEscaper.field("Dinas Sosial") == "Dinas Sosial")
    }

    @Test func emptyDatastoreSaysHowToImport() throws {
        let files = try Self.files(Self.renderer(dashboard: nil))
        #expect(files["data/progres.csv"] == nil)
        for page in ["aktivasi/index.html", "progres/index.html"] {
            #expect(files[page]?.contains("Belum ada data pegawai yang diimpor") == true)
            #expect(files[page]?.contains("pantau import employees") == true)
        }
    }

    @Test func liveFiguresInMarkdown() throws {
        let figures = LiveFigures(
            dashboard: MetricsFixture.dashboard(), formatter: DisplayFormatter(language: "id", timeZone: .gmt), noData: "belum ada data")
        let page = Page(
            source: try ContentLoader.page(relativePath: "a.md", file: "Content/a.md", text: "Satu\n\n{{pantau apa}}\n"), html: "",
            headings: [], plainText: "", internalLinks: [])
        #expect(
            try figures.expand(
                "<p>{{pantau persen_aktivasi}} · {{pantau persen_aktivasi unit=2.00}} · {{pantau data_per}} · {{pantau sisa_hari}}</p>",
                in: page)
                == "<p>35,2% · 45,0% · 11 Juni 2021 · 19</p>")
        do {
            _ = try figures.expand("<p>{{pantau apa}}</p>", in: page)
            Issue.record("an unknown figure should fail")
        } catch {
            #expect("\(error)".hasPrefix("Content/a.md:3: unknown live figure {{pantau apa}}"))
        }
        // Inside code the syntax is shown, not replaced; an unclosed placeholder is an error.
        #expect(
            try figures.expand("<p><code>{{pantau pegawai}}</code> = {{pantau pegawai}}</p>", in: page)
                == "<p><code>{{pantau pegawai}}</code> = 125</p>")
        #expect(throws: PantauError.self) { try figures.expand("<p>Tulis {{pantau pegawai</p>", in: page) }
        // A quoted unit goes through Markdown's smart punctuation untouched and is found; a wrong one is
        // reported as written, with its line.
        let quoted = try ContentLoader.page(relativePath: "b.md", file: "Content/b.md", text: "Satu\n\n{{pantau pegawai unit=\"9.99\"}}\n")
        let html = Markdown.render(quoted.body).html
        #expect(try figures.expand(Markdown.render("{{pantau persen_aktivasi unit=\"2.00\"}}").html, in: page) == "<p>45,0%</p>\n")
        let quotedPage = Page(source: quoted, html: html, headings: [], plainText: "", internalLinks: [])
        #expect(
            throws: PantauError(
                file: "Content/b.md", line: 3, step: .render,
                "{{pantau pegawai unit=\"9.99\"}}: there is no unit with code or slug \"9.99\" in the datastore")
        ) {
            try figures.expand(html, in: quotedPage)
        }
        let empty = LiveFigures(dashboard: nil, formatter: DisplayFormatter(language: "id", timeZone: .gmt), noData: "belum ada data")
        #expect(try empty.expand("{{pantau pegawai}}", in: page) == "belum ada data")
    }
}

@Suite struct HelpTests {
    @Test(
        arguments: [
            ("08125368291", true, "tel:+628125368291", "https://wa.me/628125368291", "0812-5368-291"),
            ("+62 852-5801-1000", true, "tel:+6285258011000", "https://wa.me/6285258011000", "0852-5801-1000"),
            ("6285258011000", false, "tel:+6285258011000", nil, "0852-5801-1000"),
            ("(0548) 41234", false, "tel:+62548" + "41234", nil, "(0548) 41234"),
            // A landline marked for WhatsApp (WhatsApp Business) gets the link; a foreign number keeps its code.
            ("(0548) 41234", true, "tel:+62548" + "41234", "https://wa.me/62548" + "41234", "(0548) 41234"),
            ("+65 6123 4567", false, "tel:+6561234567", nil, "+65 6123 4567"),
        ] as [(String, Bool, String, String?, String)])
    func phoneLinks(phone: String, whatsapp: Bool, tel: String, wa: String?, display: String) {
        let c = Contact(name: "X", phone: phone, whatsapp: whatsapp)
        #expect(c.telURL == tel)
        #expect(c.whatsappURL(message: nil) == wa)
        #expect(c.displayPhone == display)
    }

    @Test func whatsappMessageIsEncodedAndPageOverridesContact() {
        let c = Contact(name: "X", phone: "08125368291", whatsapp: true, whatsappMessage: "Halo, NIP: ")
        #expect(c.whatsappURL(message: nil) == "https://wa.me/628125368291?text=Halo%2C%20NIP%3A%20")
        #expect(c.whatsappURL(message: "Lupa password & email") == "https://wa.me/628125368291?text=Lupa%20password%20%26%20email")
        // Letters and digits outside ASCII are percent-encoded as UTF-8 too (CharacterSet.alphanumerics let them through).
        #expect(c.whatsappURL(message: "Salām ٣ é") == "https://wa.me/628125368291?text=Sal%C4%81m%20%D9%A3%20%C3%A9")
        let rows = ContactModel.models([c, Contact(name: "Email", email: "bkpsdm@bontangkota.go.id")], message: nil)
        #expect(rows[1].email == "bkpsdm@bontangkota.go.id")
        #expect(rows[1].whatsapp == nil)
        guard case .object(let email) = rows[1].templateValue, case .text(let mailto) = email["mailto"], case .hidden = email["whatsapp"]
        else {
            Issue.record("the e-mail contact should have a mailto link and no WhatsApp link")
            return
        }
        #expect(mailto == "mailto:bkpsdm@bontangkota.go.id")
    }

    @Test(arguments: [
        ("contacts:\n  - name: A\n", "site.yml:3:5: contact \"A\" has neither `phone` nor `email`; add at least one"),
        (
            "contacts:\n  - name: A\n    phone: \"12\"\n",
            "site.yml:4:12: phone \"12\" does not start with 0, +62 or another +country code; write it like 0812-3456-7890, (0548) 41234 "
                + "or +62 812-3456-7890"
        ),
        // Tried as a new user would: a letter O for a zero, and an extension after the number.
        (
            "contacts:\n  - name: A\n    phone: \"0812-3456-789O\"\n",
            "site.yml:4:12: phone \"0812-3456-789O\" has the letter O (not the digit 0), but a number may hold only digits, spaces, - . ( "
                + ") and a leading +; put extensions or notes in `hours` or `role`"
        ),
        (
            "contacts:\n  - name: A\n    phone: \"0812 3456 7890 ext 12\"\n",
            "site.yml:4:12: phone \"0812 3456 7890 ext 12\" has \"e\", but a number may hold only digits, spaces, - . ( ) and a leading +; "
                + "put extensions or notes in `hours` or `role`"
        ),
        (
            "contacts:\n  - name: A\n    phone: \"0812 3456 7890 12\"\n",
            "site.yml:4:12: phone \"0812 3456 7890 12\" has 14 digits; an Indonesian mobile number has 10 to 13 digits (08…)"
        ),
        (
            "contacts:\n  - name: A\n    phone: \"+62 812 345\"\n",
            "site.yml:4:12: phone \"+62 812 345\" has 7 digits; an Indonesian mobile number has 10 to 13 digits (08…)"
        ),
        (
            "contacts:\n  - name: A\n    phone: \"(0548) 41\"\n",
            "site.yml:4:12: phone \"(0548) 41\" has 6 digits; an Indonesian number needs 8 to 12 digits with the area code, like (0548) "
                + "41234"
        ),
        (
            "contacts:\n  - name: A\n    phone: \"0812+3456789\"\n",
            "site.yml:4:12: phone \"0812+3456789\" has \"+\", but a number may hold only digits, spaces, - . ( ) and a leading +; put "
                + "extensions or notes in `hours` or `role`"
        ),
        ("contacts:\n  - name: A\n    whatsapp: true\n    email: a@b.id\n", "site.yml:4:15: `whatsapp: true` needs a `phone` number"),
        (
            "contacts:\n  - name: A\n    telp: \"0812\"\n",
            "site.yml:4:5: unknown key `telp`; known keys here are `name`, `role`, `phone`, `whatsapp`, `email`, `hours`, "
                + "`whatsapp_message`"
        ),
    ])
    func contactErrors(yaml: String, expected: String) {
        do {
            _ = try SiteConfig.parse("title: A\n" + yaml)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == expected)
        }
    }

    @Test func searchIndexHoldsEveryPagesTitleHeadingsAndText() async throws {
        let site = try TestSupport.makeSite("basic")
        try await TestSupport.build(site)
        let data = try Data(contentsOf: site.appendingPathComponent("Output/search/index.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: String]])
        let page = try #require(entries.first { $0["u"] == "/bantuan/lupa-password/" })
        #expect(page["t"] == "Lupa password")
        #expect(page["h"] == "Langkah-langkah | Jika email tidak aktif")
        #expect(page["x"]?.contains("Klik Lupa Password.") == true)
        #expect(!entries.contains { $0["u"] == "/bantuan/draf/" })
        #expect(entries.count == 8)
    }
}
