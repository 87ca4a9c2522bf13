import Foundation

@testable import Pantau

/// What each fuzz target does with one input: feed it to the parser and check what must always hold.
enum FuzzBodies {
    /// Rows read per input at most, so a huge generated file cannot stall the run.
    static let rowLimit = 10_000

    /// The first byte picks the encoding and the read chunk size (small chunks split quotes and line ends), the
    /// rest is the file.
    static func csv(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let encodings = TextEncoding.allCases
        let encoding = encodings[Int(first) % encodings.count]
        // At least 64 bytes: the transcoding reader needs room for 8 input bytes' growth (production reads 1 MiB).
        let chunk = 64 + Int(first >> 2)
        let url = scratchFolder.appendingPathComponent("input.csv")
        guard (try? Data(bytes.dropFirst()).write(to: url)) != nil else { return }
        guard let reader = try? CSVReader(url: url, displayPath: "input.csv", encoding: encoding, chunkSize: chunk) else { return }
        readAll(reader)
    }

    static func xlsx(_ bytes: [UInt8]) {
        let url = scratchFolder.appendingPathComponent("input.xlsx")
        guard (try? Data(bytes).write(to: url)) != nil else { return }
        guard let reader = try? XLSXReader(url: url, displayPath: "input.xlsx", sheet: nil) else { return }
        readAll(reader)
    }

    /// Every row and field, with the row's line never going backwards.
    static func readAll(_ reader: RowSource) {
        var rows = 0
        var lastLine = 0
        while rows < rowLimit, (try? reader.next()) == true {
            precondition(reader.recordLine >= lastLine, "row line went backwards: \(reader.recordLine) after \(lastLine)")
            lastLine = reader.recordLine
            precondition(reader.fields.count == reader.fieldCount, "field count disagrees")
            rows += 1
        }
        _ = reader.progress
    }

    static func frontMatter(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? ContentLoader.page(relativePath: "bagian/halaman.md", file: "Content/bagian/halaman.md", text: text)
        // Whatever the fast path reads, Yams reads the same (FrontMatter.parse relies on it).
        if let fast = FrontMatterFastPath.parse(text) {
            let slow = try? FrontMatter.parse(text, file: "a.md", fastPath: false)
            precondition(slow == fast, "the fast path read \(fast), Yams \(String(describing: slow))")
        }
    }

    static func template(_ bytes: [UInt8]) {
        _ = try? Template(String(decoding: bytes, as: UTF8.self))
    }

    /// The first byte picks raw HTML and smart punctuation; links are rewritten as a site would.
    static func markdown(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        func render(largePage: Bool) -> RenderedMarkdown {
            Markdown.render(
                Substring(text), firstLine: 1 + Int(first >> 4), unsafeHTML: first & 1 == 1, smartPunctuation: first & 2 == 2,
                rewrite: { link in link.url.hasSuffix(".md") ? "/bagian/" + link.url.dropLast(3) + "/" : nil },
                imageSize: { _ in ImageSize(width: 3, height: 2) }, largePage: largePage)
        }
        let rendered = render(largePage: false)
        // A large page is rendered block by block with malloc; the small-page path is its oracle.
        let large = render(largePage: true)
        precondition(large.html == rendered.html, "a large page's HTML differs")
        precondition(large.links == rendered.links && large.headings == rendered.headings, "a large page's links or headings differ")
        precondition(large.plainText == rendered.plainText, "a large page's plain text differs")
        let ids = rendered.headings.map(\.id)
        precondition(Set(ids).count == ids.count, "heading ids repeat: \(ids)")
        precondition(ids.allSatisfy { !$0.isEmpty }, "empty heading id")
        for link in rendered.links { precondition(link.line >= 1 && link.column >= 1, "link position \(link.line):\(link.column)") }
    }

    /// Normalised bytes are ASCII (no capitals) or the one "other letter" byte; every index has a line.
    static func normaliser(_ bytes: [UInt8]) {
        let text = PrivacyText(Data(bytes))
        let newlines = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        var last = 1
        for (i, b) in text.bytes.enumerated() {
            precondition(b < 0x80 || b == PrivacyText.Byte.otherLetter, "byte \(b) left after normalising")
            precondition(!(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b), "capital left after normalising")
            let line = text.line(at: i)
            precondition(line >= last && line <= newlines + 1, "line \(line) at \(i) (after \(last), \(newlines + 1) lines)")
            last = line
        }
    }
}
