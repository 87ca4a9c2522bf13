import Foundation
import Testing

@testable import Pantau

@Suite struct PrivacyGuardTests {
    typealias Rule = PrivacyGuard.Rule
    static let nips = ["198609262015051001"]
    static let niks = ["6474016609860001"]
    static let emails = ["Rahma.Sari@contoh.id", "a~b@x.id"]

    static func guardian(allow: [String] = []) -> PrivacyGuard {
        PrivacyGuard(identifiers: Identifiers(nips: nips, niks: niks, emails: emails), allow: allow)
    }

    static var reference: ReferencePrivacyScan {
        ReferencePrivacyScan(nips: Set(nips), niks: Set(niks), emails: Set(emails.map { $0.lowercased() }))
    }

    // Before this change the guard found the first group of values; it missed every value of the
    // second group (issue 12, "Why" 2) and knew no shapes.
    @Test(arguments: [
        ("<p>NIP 198609262015051001</p>", [Rule.storedNIP]),
        ("<p>19860926 201505 1 001</p>", [.storedNIP]),
        ("<td>6474016609860001</td>", [.storedNIK]),
        ("mailto:rahma.sari@contoh.id", [.storedEmail]),
        ("<a>RAHMA.SARI@CONTOH.ID</a>", [.storedEmail]),
        ("?text=rahma.sari%40contoh.id", [.storedEmail]),
        ("rahma.sari&#64;contoh.id", [.storedEmail]),
        ("x198609262015051001y6474016609860001", [.storedNIK, .storedNIP]),
        ("19860926\u{00A0}201505\u{00A0}1\u{00A0}001", [.storedNIP]),
        ("19860926&nbsp;201505&nbsp;1&nbsp;001", [.storedNIP]),
        ("6474-0166-0986-0001", [.storedNIK]),
        ("<a href=\"mailto:a~b@x.id\">", [.storedEmail]),
        // Zero-width and format characters inside a NIP.
        ("1986\u{200B}0926\u{200C}2015\u{2060}0510\u{FEFF}01", [.storedNIP]),
        // Full-width digits.
        ("\u{FF11}\u{FF19}\u{FF18}\u{FF16}\u{FF10}\u{FF19}\u{FF12}\u{FF16}2015051001", [.storedNIP]),
        // Commas or colons between digit groups.
        ("19860926,201505,1,001", [.storedNIP]), ("19860926: 201505: 1: 001", [.storedNIP]),
        // Percent-encoding and `+` separators.
        ("%31%39%38%36%30%39%32%36%32%30%31%35%30%35%31%30%30%31", [.storedNIP]),
        ("19860926+201505+1+001", [.storedNIP]), ("19860926%20201505%201%20001", [.storedNIP]),
        // `name @ domain`, `name[at]domain`, `(at)`, other cases, full-width @.
        ("rahma.sari @ contoh.id", [.storedEmail]), ("rahma.sari[at]contoh.id", [.storedEmail]),
        ("Rahma.Sari (at) Contoh.ID", [.storedEmail]), ("rahma.sari\u{FF20}contoh.id", [.storedEmail]),
        // A soft line break, `<br>` or bold inside a NIP.
        ("19860926\n201505 1 001", [.storedNIP]), ("19860926<br>201505<br />1 001", [.storedNIP]),
        ("<strong>1986</strong>0926<em>2015</em>051001", [.storedNIP]),
        // Text escaped twice (an Atom feed's HTML), JSON escapes.
        ("&lt;strong&gt;1986&lt;/strong&gt;0926 2015 0510 01", [.storedNIP]), ("rahma.sari&amp;#64;contoh.id", [.storedEmail]),
        ("rahma.sari\\u0040contoh.id", [.storedEmail]), ("19860926\\n201505\\n1001", [.storedNIP]),
        // An email right after `%20` in a WhatsApp link.
        ("https://wa.me/628125368291?text=Halo%2C%20saya%20rahma.sari%40contoh.id", [.storedEmail]),
        // Shapes: not in the datastore, still refused.
        ("NIP 19750101 200003 2 004", [.nipShape]), ("NIK 6474034101750003", [.nikShape]), ("7371126808990001", [.nikShape]),
        // Not personal: other numbers, words between groups, impossible dates, unknown addresses.
        ("lain@contoh.id 198609262015051002", [.nipShape]), ("19860926 2015 tahun 051001", []),
        ("19861326 201505 1 001", []), ("19860926 201513 1 001", []), ("19860926 201505 3 001", []),
        ("19860926 199505 1 001", []), ("0074016609860001", []), ("6474016613860001", []), ("6474013209860001", []),
        ("1234567890123456", []), ("Rp 1.234.567.890.123.456", []), ("19860926     201505 1 001", []),
    ])
    func findsPlantedValues(text: String, rules: [Rule]) {
        #expect(Self.guardian().rules(in: text) == rules)
        #expect(Self.reference.rules(in: text) == rules)
    }

    @Test func aValueDeepInALongFileIsFound() {
        let filler = String(repeating: "<p>Kalimat panjang tentang aktivasi MySAPK.</p>\n", count: 2_000)
        #expect(Self.guardian().rules(in: filler + "NIP 1986 0926 2015 0510 01" + filler) == [.storedNIP])
    }

    @Test func allowedValuesPassButOnlyThose() {
        let guardian = Self.guardian(allow: ["19860926 201505 1 001", "19750101 200003 2 004", "RAHMA.SARI@contoh.id"])
        #expect(guardian.rules(in: "198609262015051001 19750101-200003-2-004 rahma.sari@contoh.id") == [])
        #expect(guardian.rules(in: "197501012000032005 a~b@x.id") == [.storedEmail, .nipShape])
    }

    @Test func problemsNameTheFileLineAndRuleButNotTheValue() throws {
        let text = "<p>satu</p>\n<p>dua</p>\n<p>NIP 198609262015051001</p>\n<p>1986092620150510 01</p>\n"
        let problems = try Self.guardian().problems(in: [OutputFile(path: "unit/x/index.html", text: text)])
        #expect(problems.count == 1)
        #expect(problems[0].file == "unit/x/index.html")
        #expect(problems[0].line == 3)
        #expect(
            problems[0].message.hasPrefix(
                "privacy rule datastore-nip: contains an NIP imported into the datastore "
                    + "(an employee's, a leaver's or a rejected row's) (2 times"
            ))
        #expect(!problems[0].description.contains("198609262015051001"))
        let shape = try Self.guardian().problems(in: [OutputFile(path: "a.txt", text: "\n\n\n\n7371126808990001")])
        #expect(
            shape.map(\.description) == [
                "a.txt:5: privacy rule nik-shape: contains a 16-digit number shaped like a NIK (province code, birth date); personal data "
                    + "must never be published. Remove it from the content, data or template that put it there; if it is public on purpose "
                    + "(an example), list it under `privacy:` → `allow:` in site.yml."
            ])
    }

    /// "Why" 7: a folder named after a NIP.
    @Test func outputPathsAreScanned() throws {
        let problems = try Self.guardian().problems(in: [OutputFile(path: "unit/19860926-201505-1-001/index.html", text: "ok")])
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("privacy rule datastore-nip: the output path itself contains") == true)
    }

    @Test(arguments: [
        ("A&#x42;&amp;c", "ab&c"), ("%41%zz%", "a%zz%"), ("\u{FF21}\u{FF4D}", "am"), ("a\u{00AD}b\u{200D}c", "abc"),
        ("é", "#"), ("x\u{2003}y", "x y"), ("\\u0041\\n", "a "), ("e\u{0301}", "e"), ("&amp;amp;", "&"),
        ("%EF%BC%91", "1"), ("\u{0661}\u{0662}", "12"), ("&unknown;", "&unknown;"), ("\u{2460}", "1"),
    ])
    func normalisation(input: String, expected: String) {
        // `#` stands for ``PrivacyText/Byte/otherLetter``.
        #expect(String(decoding: PrivacyText(input).bytes.map { $0 == 0x80 ? UInt8(ascii: "#") : $0 }, as: UTF8.self) == expected)
    }

    /// The fast scanner against the reference on seeded random texts built from the pieces values are
    /// written with: digits, separators, tags, entities, escapes, words, `@`.
    @Test func scannerAgreesWithTheReference() {
        let pieces = [
            "1986", "0926", "2015", "05", "1", "001", "6474", "0166", "0986", "0001", "7371126808990001",
            "19750101", "200003", "2", "004", " ", "  ", ",", ":", "-", "+", "\n", "%20", "&nbsp;", "<br>", "<b>", "</b>",
            "<a href=\"x\">", "\u{200B}", "\u{FF11}", "%31", "&#57;", "x", "tahun", "@", " @ ", "[at]", "rahma.sari", "contoh.id",
            "a~b", "x.id", "%40", "mailto:", "&lt;", "&gt;", "é", ".", "\\u0040",
        ]
        var rng = SplitMix64(seed: 12)
        let guardian = Self.guardian()
        let reference = Self.reference
        var disagreements: [String] = []
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<rng.int(in: 1...24) { text += pieces[rng.int(in: 0...(pieces.count - 1))] }
            if guardian.rules(in: text) != reference.rules(in: text) { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "first: \(disagreements.prefix(3))")
    }
}

/// Issue 12, "Why" 2, end to end: a build with NIP- and NIK-shaped numbers hidden in ways the old guard
/// missed (no datastore needed: the shape rules alone) fails, naming each file and its line.
@Suite struct PrivacyBuildTests {
    @Test func hiddenNumbersFailTheBuildNamingFileAndLine() async throws {
        let site = try TestSupport.makeSite("basic")
        let pages: [String: String] = [
            // A multi-line YAML description (it lands in <meta name="description">).
            "Content/bantuan/deskripsi.md": "---\ntitle: Deskripsi\ndescription: >\n  Contoh NIP 19750101\n  200003 2 004\n---\nTeks.\n",
            // Zero-width characters and full-width digits in the body, far down a long page.
            "Content/bantuan/panjang.md": "---\ntitle: Panjang\n---\n" + String(repeating: "Paragraf biasa tentang MySAPK.\n\n", count: 400)
                + "NIK 7371\u{200B}1268\u{FF10}8990001\n",
            // Bold inside the number.
            "Content/bantuan/tebal.md": "---\ntitle: Tebal\n---\nNIP **1975**0101200003**2**004\n",
        ]
        for (path, text) in pages { try text.write(to: site.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        do {
            try await TestSupport.build(site)
            Issue.record("the build passed")
        } catch let errors as PantauErrors {
            let shown = errors.errors.map(\.description)
            for (file, rule) in [
                ("bantuan/deskripsi/index.html", "nip-shape"), ("bantuan/panjang/index.html", "nik-shape"),
                ("bantuan/tebal/index.html", "nip-shape"),
            ] {
                #expect(shown.contains { $0.hasPrefix(file + ":") && $0.contains("privacy rule \(rule):") }, "\(file): \(shown)")
            }
            #expect(errors.errors.allSatisfy { ($0.line ?? 0) > 0 })
            #expect(!shown.joined().contains("200003"))
        }
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/bantuan/tebal/index.html").path))
    }
}
