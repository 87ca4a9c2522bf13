import Foundation
import Testing

@testable import Pantau

/// ``FrontMatterFastPath`` must never change what a page means: every input gives the same front matter or the
/// same error with and without it.
@Suite struct FrontMatterFastPathTests {
    /// What parsing gave: the value, or the error as the user reads it.
    enum Outcome: Equatable, CustomStringConvertible {
        case value(FrontMatter)
        case error(String)

        var description: String {
            switch self {
            case .value(let fm): String(reflecting: fm)
            case .error(let message): "error: \(message)"
            }
        }

        /// Byte for byte: `String`'s `==` would hide a change of Unicode normalization (é as one or two scalars).
        static func == (a: Outcome, b: Outcome) -> Bool {
            a.description.utf8.elementsEqual(b.description.utf8)
        }
    }

    static func outcome(_ yaml: String, fastPath: Bool) -> Outcome {
        do {
            return .value(try FrontMatter.parse(yaml, file: "Content/p.md", fastPath: fastPath))
        } catch {
            return .error("\(error)")
        }
    }

    /// Checks both paths agree on `yaml`, and that what the fast path reads is what Yams reads; true if the fast path took it.
    @discardableResult
    static func expectAgreement(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let withYams = outcome(yaml, fastPath: false)
        #expect(outcome(yaml, fastPath: true) == withYams, "input: \(yaml.debugDescription)", sourceLocation: sourceLocation)
        guard let fast = FrontMatterFastPath.parse(yaml) else { return false }
        #expect(.value(fast) == withYams, "input: \(yaml.debugDescription)", sourceLocation: sourceLocation)
        return true
    }

    /// Front matter as pages write it: the benchmark generator's, and the site's own.
    static let typical: [String] = [
        """
        title: "Halaman 12 Data Kantor"
        description: "Dokumen untuk langkah cek keluarga syarat kasih benar syarat anak angka informasi"
        date: 2020-03-14
        weight: 42
        tags: ["aktivasi", "email"]
        toc: true

        """,
        "title: \"Bagian 3 Data Kantor\"\ndescription: \"Salah surat baru kolom sistem\"\nweight: 3\n",
        "title: \"Beranda Uji Kecepatan\"\ndescription: \"Situs uji kecepatan Pantau dengan halaman buatan.\"\n",
        """
        title: "Pengingat: batas aktivasi MySAPK 30 Juni 2021"
        description: "Batas aktivasi MySAPK 30 Juni 2021 sudah lewat; tahap Update Data Mandiri selanjutnya mengikuti jadwal dari BKN."
        date: 2021-06-21
        tags: ["aktivasi", "batas waktu"]
        whatsapp_message: "Halo BKPSDM, saya mengalami kendala aktivasi MySAPK. NIP saya: "

        """,
        "title: Lupa password\ndescription: Cara memakai fitur Lupa Password.\nweight: 10\naliases: [/lupa-password/]\ntags: [akun]\n",
        "title: Email tidak aktif\nslug: email-mati\ndraft: true\nlayout: home\n",
        "title: \"Kontak\"\nlayout: \"kontak\"\ntoc: false\n",
        "title: \"Judul dengan é, ñ, 日本語 dan 🎉\"\ndescription: Ringkasan — dengan tanda pisah\n",
        "title: \"A\"\r\nweight: 2\r\ntags: []\r\n",
        "",
    ]

    /// Inputs at and beyond the edge of the fast path's subset; most must fall through to Yams.
    static let edgeCases: [String] = [
        // Quoting, comments and colons.
        "title: \"Harga: 10 # murah\"\n", "title: \"a: b\"\n", "title: a: b\n", "title: a #komentar\n", "title: a#b\n",
        "title: \"#\"\n", "title: \"a\" # c\n", "title: \"a\"b\n", "title: \"a\" \"b\"\n", "title: \"a\\\"b\"\n", "title: \"a\\nb\"\n",
        "title: 10:30\n", "title: a:\n", "title: a:b\n", "title: https://x.id/a\n", "title: 'a'\n", "title: ''\n", "title: 'it''s'\n",
        "title: it's\n", "title: a, b\n", "title: a [b] {c}\n", "title: \"Rp 10.000 (murah!) & *cepat*\"\n",
        "title: Rp 10.000 (murah!) & *cepat*\n",
        // Empty and null values.
        "title:\n", "title: \n", "title:    \n", "title: \"\"\n", "title: null\n", "title: Null\n", "title: NULL\n", "title: nULL\n",
        "title: ~\n",
        "title: \"null\"\n", "title: \"~\"\n", "slug: null\n", "slug: ~\n", "slug: \"null\"\n", "slug:\n", "layout: ~\n", "layout: \"\"\n",
        "layout:\n",
        "whatsapp_message: \n", "whatsapp_message: \"NIP: \"\n", "whatsapp_message: https://wa.me/62\n", "description: ~\n",
        // Values YAML would type differently (the path reads them as text all the same).
        "title: 123\n", "title: 1.5e3\n", "title: yes\n", "title: No\n", "title: true\n", "title: -1\n", "title: +1\n", "title: 0x1F\n",
        // Indicators at the start of a plain scalar.
        "title: &a x\n", "title: *a\n", "title: !str x\n", "title: !!str 1\n", "title: |\n  a\n", "title: >\n  a\n", "title: @a\n",
        "title: `a\n",
        "title: %a\n", "title: ?a\n", "title: ? a\n", "title: - a\n", "title: -a\n", "title: .a\n", "title: ...\n", "title: ---\n",
        "title: /a\n",
        "title: (a)\n", "title: $100\n", "title: a ~\n", "title: <<\n", "title: a  b\n", "title: =\n", "title: _a\n",
        // Dates.
        "date: 2021-02-30\n", "date: 2021-02-29\n", "date: 2020-02-29\n", "date: 2021-13-01\n", "date: 2021-00-10\n", "date: 2021-6-30\n",
        "date: 2021-06-30T08:00:00+08:00\n", "date: 2021-06-30 08:00\n", "date: \"2021-06-30\"\n", "date: 30 Juni 2021\n",
        "date: 0000-01-01\n",
        "date: 0001-01-01\n", "date:\n", "date: ~\n", "date: 20210630\n", "date: 2021-06-30x\n", "date: [2021-06-30]\n",
        // Whole numbers.
        "weight: 42\n", "weight: -5\n", "weight: +5\n", "weight: 042\n", "weight: 0x1F\n", "weight: 1_000\n", "weight: 4.5\n",
        "weight: 0\n",
        "weight: 99999999999999999999\n", "weight: -9223372036854775808\n", "weight: \"7\"\n", "weight:\n", "weight: ~\n", "weight: 4 2\n",
        "weight: [1]\n",
        // Booleans.
        "draft: true\n", "draft: True\n", "draft: TRUE\n", "draft: yes\n", "draft: Ya\n", "draft: tidak\n", "draft: no\n", "draft: false\n",
        "draft: off\n", "draft: on\n", "draft: y\n", "draft: \"true\"\n", "draft: 1\n", "draft:\n", "draft: ~\n", "toc: false\n",
        "toc: [true]\n",
        // Lists.
        "tags: []\n", "tags: [ ]\n", "tags: [\"a\", \"b\"]\n", "tags: [ \"a\" , \"b\" ]  \n", "tags: [a, b]\n", "tags: [batas waktu, a]\n",
        "tags: [a,b]\n", "tags: [\"a\",]\n", "tags: [a, ]\n", "tags: [,]\n", "tags: [\"a\"\n", "tags: [\"a\"] x\n",
        "tags: [\"a: b\", \"#c\"]\n",
        "tags: [a: b]\n", "tags: [a:b]\n", "tags: [null, ~]\n", "tags: [\"\"]\n", "tags: [[a]]\n", "tags: [{a: 1}]\n", "tags: a\n",
        "tags: \"\"\n",
        "tags:\n", "tags: ~\n", "tags: null\n", "tags:\n  - a\n  - b\n", "tags:\n- a\n- b\n", "tags: {a: 1}\n", "tags: [a #b]\n",
        "tags: [\"é\", \"日本\"]\n", "tags: [a  b]\n", "tags: [-a]\n", "tags: [.a, _b, /c]\n", "tags: [\"a\"]]\n",
        "tags: [\"a\",\n  \"b\"]\n",
        "tags: ['a']\n", "tags: [\"a\\tb\"]\n", "tags: [a b ]\n", "tags: [\"a,b\", \"c]\"]\n", "tags: [\"a\" ,\"b\"]\n", "tags: [ a ]\n",
        "tags: [a]b\n", "tags: [a] # c\n", "tags: [\"a\"]\r\n",
        // Aliases and slugs, which are checked after reading.
        "aliases: [/lama/]\n", "aliases: [/lama/, /lebih/lama/]\n", "aliases: [\"/lama/\"]\n", "aliases: /lama/\n", "aliases: [lama]\n",
        "aliases: [/../keluar/]\n", "aliases: [/a b/]\n", "aliases: []\n", "aliases: \"\"\n", "aliases: [\"/a%20b/\"]\n", "aliases: [/]\n",
        "slug: lupa-password\n", "slug: a/b\n", "slug: ..\n", "slug: \"..\"\n", "slug: .\n", "slug: a b\n", "slug: 50%\n", "slug: café\n",
        "slug: a?b\n",
        // Layout of lines.
        "title: Halaman Data Kantor   \n", "title: \"a\"   \n", "title:   \"a\"\n", "title: a\n  b\n", "title: \"a\n  b\"\n",
        "title: a\nweight: 1\ntitle: b\n", "color: red\n", "Title: A\n", "title : A\n", "title:A\n", " title: A\n", "\ttitle: A\n",
        "title:\tA\n", "title: A\t\n", "title: \"A\tB\"\n", "# komentar\ntitle: A\n", "title: A\n# komentar\n", "title: A\n\n\nweight: 2\n",
        "title: A\n   \nweight: 2\n", "\n", "   \n", "\n\n", "title: A\r\nweight: 2\r\n", "title: \"A\"\r\ntags: [\"a\"]\r\n",
        "title: A\rweight: 2\n",
        "title: A", "title: A\r", "title: A\r\r\n", "---\ntitle: A\n", "...\n", "%YAML 1.2\n", "title: [a, b]\n", "title: {a: 1}\n",
        "title: [\"a\"]\n",
        "- a\n- b\n", "title: A\n- b\n", "a\n", "title\n", "{title: A}\n", "<<: {title: A}\n", "title: a\n  weight: 1\n", "title:\n  a\n",
        "title: A\n...\n", "title: A\n---\n", "title: \"\(String(repeating: "panjang ", count: 300))\"\n",
        // Unicode.
        "title: Judul dengan é, ñ dan 日本語\n", "title: \"Emoji 🎉\"\n", "title: 🎉 pesta\n", "title: \"a\u{2028}b\"\n", "title: a\u{2028}b\n",
        "title: a\u{2029}b\n", "title: a\u{85}b\n", "title: \"a\u{85}b\"\n", "title: a\u{A0}b\n", "title: \u{A0}a\n", "title: \u{FEFF}a\n",
        "title: \"\u{FEFF}a\"\n", "\u{FEFF}title: a\n", "title: \"\u{1}\"\n", "title: \"\u{7F}\"\n", "title: a\u{FFFE}\n",
        "title: \"a\u{9F}\"\n",
        "title: e\u{301}\n", "tags: [\u{E9}, e\u{301}]\n", "title: \"\u{0}\"\n",
    ]

    @Test(arguments: typical)
    func fastPathReadsTypicalFrontMatter(yaml: String) {
        #expect(FrontMatterFastPath.parse(yaml) != nil, "fell back to Yams on \(yaml.debugDescription)")
        Self.expectAgreement(yaml)
    }

    @Test func fastPathReadsEveryKey() {
        let yaml = """
            title: "Lupa: password"
            description: Cara
            date: 2021-06-01
            draft: yes
            weight: -5
            slug: lupa-password
            aliases: [/lama/, "/lebih/lama/"]
            tags: [akun, "batas waktu"]
            toc: TRUE
            layout: page
            whatsapp_message: "NIP: "

            """
        var expected = FrontMatter()
        expected.title = "Lupa: password"
        expected.description = "Cara"
        expected.date = CalendarDate(year: 2021, month: 6, day: 1)
        expected.draft = true
        expected.weight = -5
        expected.slug = "lupa-password"
        expected.aliases = ["/lama/", "/lebih/lama/"]
        expected.tags = ["akun", "batas waktu"]
        expected.toc = true
        expected.layout = "page"
        expected.whatsappMessage = "NIP: "
        #expect(FrontMatterFastPath.parse(yaml) == expected)
        Self.expectAgreement(yaml)
    }

    @Test(arguments: edgeCases)
    func bothPathsAgree(yaml: String) {
        Self.expectAgreement(yaml)
    }

    /// Typical front matter with a few random edits from YAML's awkward characters (a fixed seed, so failures repeat).
    @Test func bothPathsAgreeOnRandomEdits() {
        let pieces = [
            "\"", "'", ":", ": ", " ", "  ", "#", " #", "-", "- ", "[", "]", ",", "{", "}", "\n", "\r\n", "\r", "\t", "~", "null", "yes",
            "1", "0", "13", "é", "🎉", "\u{2028}", "\u{85}", "\u{FEFF}", "&", "*", "!", "|", ">", "%", "@", "`", "?", "\\", ".", "/", "=",
            "\ntitle: ", "\ntags: ", "\ndate: ", "\nslug: ", "\nweight: ", "\ndraft: ", "\ncolor: ", "\n  ", "\n# x\n", "...", "---",
        ]
        var random = SplitMix64(seed: 20_210_630)
        var taken = 0
        let rounds = 3000
        for round in 0..<rounds {
            var text = Array(Self.typical[round % (Self.typical.count - 1)])
            for _ in 0...random.int(3) {
                let at = random.int(in: 0...text.count)
                switch random.int(3) {
                case 0: text.insert(contentsOf: random.pick(pieces), at: at)
                case 1: if at < text.count { text.remove(at: at) }
                default: if at < text.count { text.replaceSubrange(at...at, with: random.pick(pieces)) }
                }
            }
            if Self.expectAgreement(String(text)) { taken += 1 }
        }
        // The edits must leave plenty for the fast path, or this test would only exercise Yams.
        #expect(taken > rounds / 5, "fast path took \(taken) of \(rounds)")
    }

    /// ``FrontMatter/isClosingLine(_:)`` reads bytes where `split` used to trim `\r` with Foundation; same answers.
    @Test(arguments: [
        "---", "...", "\r---", "---\r", "\r\r---\r\r", "\r...\r", "--- ", " ---", "----", "--", "", "\r", "-\r--", "---\r\n---",
        "---\u{301}", "..", "-.-", "---#", "\u{FEFF}---", "\r\n---",
    ])
    func closingLineMatchesTheTrimmingItReplaced(line: String) {
        let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        #expect(FrontMatter.isClosingLine(Substring(line)) == (trimmed == "---" || trimmed == "..."))
    }

    /// The repository's own site and fixture pages.
    @Test func bothPathsAgreeOnTheSitesPages() throws {
        var pages = 0
        for folder in ["Content", "Tests/PantauTests/Fixtures"] {
            let root = TestSupport.repoRoot.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") } ?? []
            for file in files {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                guard text.hasPrefix("---\n") else { continue }
                let rest = text.dropFirst(4)
                guard let end = ("\n" + rest).range(of: "\n---\n") else { continue }
                Self.expectAgreement(
                    String(("\n" + rest)[..<end.lowerBound].dropFirst()) + (end.lowerBound == ("\n" + rest).startIndex ? "" : "\n"))
                pages += 1
            }
        }
        #expect(pages > 10)
    }

    /// Every key of ``FrontMatter/fields`` (so also the next one added) is read the same by both paths, sets
    /// its property, and is named among the known keys when a key is misspelt.
    @Test func everyFieldIsReadByBothPaths() {
        for field in FrontMatter.fields {
            let sample =
                switch field {
                case .text, .optionalText: "\"Halo, dunia\""
                case .urlWord: "kata-kunci"
                case .flag: "ya"
                case .int: "7"
                case .date: "2021-06-30"
                case .texts: "[aktivasi, \"data pegawai\"]"
                case .sitePaths: "[/lama/halaman/]"
                }
            let yaml = "\(field.name): \(sample)\n"
            #expect(Self.expectAgreement(yaml), "the fast path should read \(yaml.debugDescription)")
            #expect(Self.outcome(yaml, fastPath: false) != .value(FrontMatter()), "\(field.name) sets nothing")
            guard case .error(let message) = Self.outcome("\(field.name)x: 1\n", fastPath: true) else {
                Issue.record("a misspelt \(field.name) was accepted")
                continue
            }
            #expect(message.contains("`\(field.name)`"))
        }
    }
}
