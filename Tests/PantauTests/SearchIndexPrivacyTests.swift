import Foundation
import Testing

@testable import Pantau

/// Serve's memo scans the search index for personal data entry by entry, each entry only when it changed. The
/// oracle is the privacy guard's scan of the whole file: entries made to break the split (a number, name or email
/// running from one entry into the next, tags left open, escapes at an entry's end) give the same errors.
@Suite struct SearchIndexPrivacyTests {
    static let guardian = PrivacyGuard(
        identifiers: Identifiers(
            nips: ["198609262015051001"], niks: ["6474016609860001"], emails: ["rahma.sari@contoh.id"],
            names: ["Bayu Pratama", "T Ahmad Fauzi", "Siti Nurhaliza"]))

    /// An entry as ``SearchIndex`` writes it.
    static func entry(title: String, text: String) -> [UInt8] {
        var out = Array("{\"t\":".utf8)
        JSONEscaper.append(title, to: &out)
        out += Array(",\"u\":".utf8)
        JSONEscaper.append("/a/", to: &out)
        out += Array(",\"h\":".utf8)
        JSONEscaper.append("", to: &out)
        out += Array(",\"x\":".utf8)
        JSONEscaper.append(text, to: &out, newlinesAsSpaces: true)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The index file of `entries`, and what the memo and the whole-file scan report for it.
    static func compare(_ entries: [(title: String, text: String)], memo: BuildMemo) throws -> (memo: [String], whole: [String]) {
        let made = entries.enumerated().map { ("p\($0.offset).md", entry(title: $0.element.title, text: $0.element.text)) }
        var data = Data("[\n".utf8)
        for (i, entry) in made.enumerated() {
            if i > 0 { data.append(contentsOf: Array(",\n".utf8)) }
            data.append(contentsOf: entry.1)
        }
        data.append(contentsOf: Array("\n]\n".utf8))
        memo.searchIndex = (bytes: data, entries: made.map { (path: $0.0, entry: $0.1) })
        let file = OutputFile(path: SearchIndex.path, bytes: data)
        return (
            try memo.privacyProblems(in: [file], guard: guardian).map(\.description),
            try guardian.problems(in: [file]).map(\.description)
        )
    }

    static let cases: [[(title: String, text: String)]] = [
        [("Satu", "NIP 198609262015051001 di sini"), ("Dua", "tidak ada"), ("Tiga", "6474016609860001")],
        // A number split between entries: the whole file sees more than 3 characters between the halves.
        [("Satu", "nomor 19860926 201505"), ("1 001", "lanjut")],
        // A tag opened at an entry's end and closed in the next (written raw, as an entity and as `<`).
        [("Satu", "19860926 <b"), ("x>201505 1 001", "teks")],
        [("Satu", "19860926 &lt;b"), ("Dua", "c> 2015051001")],
        [("Satu", "1986092620150 <i class"), ("Dua", "x"), ("Tiga", "> 51001 dan 6474016609860001")],
        // Names and emails at the edges, and a name starting with the index's own "t" key.
        [("Bayu", "Pratama"), ("Ahmad Fauzi", "teks Bayu"), ("Pratama Siti", "Nurhaliza")],
        [("rahma.sari", "x @contoh.id"), ("a", "rahma.sari@"), ("contoh.id", "rahma.sari [at] contoh.id")],
        // Escapes at an entry's end.
        [("a\\", "b\\"), ("%4", "&#6"), ("\"", "1986092620150510\\"), ("01", "ok")],
        [("Satu", "ada <b>tag</b> tertutup 19860926 <b>201505</b> 1 001"), ("Dua", "Bayu <br> Pratama")],
    ]

    @Test(arguments: cases.indices) func theMemoFindsWhatTheWholeFileScanFinds(index: Int) throws {
        let memo = BuildMemo()
        let (found, oracle) = try Self.compare(Self.cases[index], memo: memo)
        #expect(found == oracle)
    }

    /// Entries changed one at a time (the rest reused from the memo), from text built of pieces that make
    /// numbers, names, emails, tags and escapes.
    @Test func editsOfRandomEntriesMatchTheWholeFileScan() throws {
        let pieces = [
            "19860926", " ", "201505", "1", "001", "6474", "0166", "0986", "0001", "<b", ">", "</b>", "&lt;", "\\", "%4",
            "bayu", "Pratama", "T", "Ahmad", "Fauzi", "Siti", "Nurhaliza", "rahma.sari", "@", "contoh.id", "[at]", "\"", ",",
            "\n", "é", "١", "&#64;", "x",
        ]
        var rng = SplitMix(seed: 13)
        func text() -> String { (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() }
        var entries = (0..<12).map { _ in (title: text(), text: text()) }
        let memo = BuildMemo()
        var mismatches = 0
        var splitUsed = 0
        for _ in 0..<300 {
            let k = Int(rng.next() % UInt64(entries.count))
            entries[k] = (text(), text())
            let (found, oracle) = try Self.compare(entries, memo: memo)
            if found != oracle { mismatches += 1 }
            if memo.privacyEntries.values.allSatisfy({ $0.rules != nil }) { splitUsed += 1 }
        }
        #expect(mismatches == 0)
        // The entry-by-entry scan was used, not only the fallback to the whole file.
        #expect(splitUsed > 0)
    }

    /// A small deterministic random number generator (the tests must give the same cases every run).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
