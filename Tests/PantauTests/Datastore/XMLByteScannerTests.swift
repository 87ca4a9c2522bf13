import Foundation
import Testing

@testable import Pantau

/// ``XMLByteScanner`` against libxml2 (``XMLPullReader``), its reference: the same documents give the same
/// nodes however the input is cut into chunks, and the same documents are refused.
@Suite struct XMLByteScannerTests {
    /// Chunk sizes and text-piece sizes: tiny ones cut every token somewhere.
    static let cuts: [(chunk: Int, piece: Int)] = [(1, 1), (2, 3), (3, 64), (7, 5), (64, 1 << 16), (1 << 16, 1 << 16)]

    /// The nodes of a document as lines: `start name a="v"`, `start/ name` (self-closing), `end name`,
    /// `text "…"` (adjacent texts joined: how a reader splits text is its own business).
    static func nodes<Reader: XMLEventReader>(_ reader: Reader) throws -> [String] {
        var lines: [String] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { lines.append("text \(String(decoding: text, as: UTF8.self).debugDescription)") }
            text = []
        }
        while let node = try reader.read() {
            let name = reader.withName { String(decoding: $0, as: UTF8.self) }
            switch node {
            case .start(let empty):
                flush()
                var attributes = ""
                reader.forEachAttribute { attribute, value in
                    attributes +=
                        " \(String(decoding: attribute, as: UTF8.self))=\(String(decoding: value, as: UTF8.self).debugDescription)"
                }
                lines.append("start\(empty ? "/" : "") \(name)\(attributes)")
            case .end:
                flush()
                lines.append("end \(name)")
            case .text:
                reader.withValue { text.append(contentsOf: $0) }
            case .other:
                break
            }
        }
        flush()
        return lines
    }

    static func libxml2(_ document: [UInt8]) throws -> [String] {
        let reader = try #require(XMLPullReader(data: Data(document)))
        return try nodes(reader)
    }

    static func scanner(_ document: [UInt8], chunk: Int, piece: Int) throws -> [String] {
        try nodes(XMLByteScanner(data: Data(document), chunkSize: chunk, textPiece: piece))
    }

    static let longText = String(repeating: "Nama panjang & <b>é日😀 ", count: 4_000)

    static let wellFormed: [String] = [
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row></sheetData></worksheet>
        """,
        "\u{FEFF}<?xml version='1.0' encoding='utf-8'?>\n<!-- before --><?pi data?>\n<a>x<!-- inside --><?pi?>y</a>\n<!-- after -->\n",
        """
        <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="urn:r">\
        <x:sheetData><x:row r="1"><x:c r='A1' t = "s" ><x:v>0</x:v></x:c><x:c r:id="7"/></x:row></x:sheetData></x:worksheet>
        """,
        "<a b=\"&lt;&amp;&#65;&#x42;&quot;&apos;&#9;&#10;\">x &lt; y &gt; z &amp; &#233; &#x1F600; &#10;&#13;&#xd;</a>",
        "<a><![CDATA[<b>&amp; ]] ]>]]> tail <![CDATA[]]><![CDATA[x]]></a>",
        "<a b=\"x\r\ny\tz\nw\">line1\r\nline2\rline3\r\r\n</a>",
        "<t xml:space=\"preserve\">  Ärzte 日本語 😀  </t>",
        "<a  x = 'q\"q' y=\"it's\" ><b/><c  /><d\n\t/></a  >",
        "<ü xmlns=\"urn:u\"><日本 ä·b=\"1\"/><_x.y-z/></ü>",
        "<a>\(longText.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</a>",
        "<a>\(String(repeating: "x", count: 70_000))<b v=\"\(String(repeating: "y", count: 5_000))\"/></a>",
        "<?xml version=\"1.0\"?><a xmlns:p=\"urn:p\"><p:b p:c=\"1\" c=\"2\"><p:d xmlns:p=\"urn:q\"/></p:b></a>",
        "<a>   </a>",
        "<a>]] ] ]></a>",
        "<a>\u{7F}\u{80}\u{7FF}\u{800}\u{FFFD}\u{10000}\u{10FFFF}</a>",
    ]

    @Test(arguments: wellFormed.indices)
    func sameNodesAsLibxml2(_ index: Int) throws {
        let document = Array(Self.wellFormed[index].utf8)
        let expected = try Self.libxml2(document)
        #expect(expected.count > 1)
        for cut in Self.cuts {
            #expect(try Self.scanner(document, chunk: cut.chunk, piece: cut.piece) == expected, "chunks of \(cut.chunk)")
        }
    }

    /// A few expectations written by hand, so the reference is checked too.
    @Test func decodesAsXMLSays() throws {
        let nodes = try Self.scanner(Array(Self.wellFormed[3].utf8), chunk: 2, piece: 1)
        #expect(
            nodes == [
                "start a b=\"<&AB\\\"\\'\\t\\n\"", "text \"x < y > z & é 😀 \\n\\r\\r\"", "end a",
            ])
        let lines = try Self.scanner(Array(Self.wellFormed[5].utf8), chunk: 3, piece: 2)
        #expect(lines == ["start a b=\"x y z w\"", "text \"line1\\nline2\\nline3\\n\\n\"", "end a"])
        let prefixed = try Self.scanner(Array(Self.wellFormed[2].utf8), chunk: 5, piece: 5)
        #expect(prefixed.prefix(4) == ["start worksheet", "start sheetData", "start row r=\"1\"", "start c r=\"A1\" t=\"s\""])
        #expect(prefixed.contains("start/ c id=\"7\""))
    }

    static let malformed: [String] = [
        "<a><b>text",
        "<a><b></a>",
        "<a>&nbsp;</a>",
        "<a>AT&T</a>",
        "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
        "<!DOCTYPE a><a/>",
        "<a x='1' x='2'/>",
        "<a x=1/>",
        "<a x='<'/>",
        "<a/><b/>",
        "<a/>x",
        "x<a/>",
        "<a>]]></a>",
        "<a>&#0;</a>",
        "<a>&#xD800;</a>",
        "<a>&#xFFFE;</a>",
        "<a>&#x;</a>",
        "<a>&#12a;</a>",
        "<a>\u{1}</a>",
        "<a><!-- a -- b --></a>",
        " <?xml version='1.0'?><a/>",
        "<a/><?xml version='1.0'?>",
        "",
        "<?xml version='1.0'?>",
        "<a x='1\"/>",
        "<a x='1'y='2'/>",
        "</a>",
        "<a></a></a>",
        "<1a/>",
        "<a>&am",
        "<a><![CDATA[x</a>",
        "<![CDATA[x]]><a/>",
        "<a><b",
        "<a x",
        "<?xml version='2.0'?><a/>",
    ]

    /// Bytes no string literal can hold: invalid UTF-8 of several kinds.
    static let malformedBytes: [[UInt8]] = [
        Array("<a>".utf8) + [0xFF] + Array("</a>".utf8),
        Array("<a>".utf8) + [0xC0, 0x80] + Array("</a>".utf8),
        Array("<a>".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8),
        Array("<a>".utf8) + [0xE2, 0x82] + Array("</a>".utf8),
        Array("<a>".utf8) + [0xF4, 0x90, 0x80, 0x80] + Array("</a>".utf8),
        Array("<a b='".utf8) + [0x80] + Array("'/>".utf8),
        Array("<a>".utf8) + [0xEF, 0xBF, 0xBF] + Array("</a>".utf8),
        Array("<a>é".utf8.dropLast()),
    ]

    @Test(arguments: malformed.map { Array($0.utf8) } + malformedBytes)
    func bothRefuse(_ document: [UInt8]) throws {
        #expect(throws: (any Error).self, "libxml2") { try Self.libxml2(document) }
        for cut in Self.cuts {
            #expect(throws: XMLByteScanner.Malformed.self, "chunks of \(cut.chunk)") {
                try Self.scanner(document, chunk: cut.chunk, piece: cut.piece)
            }
        }
    }

    /// Where libxml2 only warns (a namespace prefix nobody declared), the scanner refuses: it never guesses.
    @Test func undeclaredPrefixIsRefused() throws {
        #expect(throws: XMLByteScanner.Malformed.self) { try Self.scanner(Array("<x:a/>".utf8), chunk: 1 << 16, piece: 1 << 16) }
        #expect(throws: XMLByteScanner.Malformed.self) { try Self.scanner(Array("<a x:b='1'/>".utf8), chunk: 1 << 16, piece: 1 << 16) }
        #expect(throws: XMLByteScanner.Malformed.self) { try Self.scanner(Array("<a b:c:d='1'/>".utf8), chunk: 1 << 16, piece: 1 << 16) }
        #expect(throws: XMLByteScanner.Malformed.self) {
            try Self.scanner(Array("<a><x:b xmlns:x='u'/><x:c/></a>".utf8), chunk: 1 << 16, piece: 1 << 16)
        }
    }

    /// An error names the line and column of the offending byte, whatever the chunks.
    @Test(arguments: [1, 3, 1 << 16])
    func errorsAreLocated(_ chunk: Int) throws {
        let document = Array("<a>\n  <b>x</b>\n  <b>&nbsp;</b>\n</a>".utf8)
        #expect(
            throws: XMLByteScanner.Malformed(
                line: 3, column: 6,
                reason: "the entity \"&nbsp;\", which XML does not define " + "(only &lt; &gt; &amp; &quot; &apos; and &#…;)"
            )
        ) {
            try Self.scanner(document, chunk: chunk, piece: 4)
        }
        #expect(
            throws: XMLByteScanner.Malformed(line: 2, column: 7, reason: "\"</c>\" where </b> is expected")
        ) {
            try Self.scanner(Array("<a>\n  <b>x</c></a>".utf8), chunk: chunk, piece: 4)
        }
        #expect(
            throws: XMLByteScanner.Malformed(
                line: 1, column: 1, reason: "a DOCTYPE, which a workbook part never has (it could declare entities)")
        ) {
            try Self.scanner(Array("<!DOCTYPE a><a/>".utf8), chunk: chunk, piece: 4)
        }
        #expect(throws: XMLByteScanner.Malformed(line: 2, column: 10, reason: "the part ends before </b> (it is cut short)")) {
            try Self.scanner(Array("<a>\n  <b>text".utf8), chunk: chunk, piece: 4)
        }
    }

    /// A part in UTF-16 or declared in another encoding is flagged for libxml2, not read as if it were UTF-8.
    @Test func otherEncodingsAreFlagged() throws {
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("<a/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".utf8) + [0xE9] + Array("</a>".utf8)
        for (document, nodes) in [(utf16, ["start/ a"]), (latin1, ["start a", "text \"é\"", "end a"])] {
            let scanner = XMLByteScanner(data: Data(document), chunkSize: 3)
            #expect {
                try scanner.readProlog()
            } throws: { error in
                (error as? XMLByteScanner.Malformed)?.otherEncoding == true
            }
            #expect(try Self.libxml2(document) == nodes)
        }
    }

    /// Memory stays bounded: a long document read in 1 KB chunks never grows the buffer past a few chunks.
    @Test func bufferStaysSmall() throws {
        var document = Array("<sheetData>".utf8)
        for row in 0..<20_000 { document += Array("<row r=\"\(row)\"><c><v>\(row)</v></c></row>".utf8) }
        document += Array("</sheetData>".utf8)
        let scanner = XMLByteScanner(data: Data(document), chunkSize: 1 << 10, textPiece: 1 << 10)
        var rows = 0
        while let node = try scanner.read() {
            if case .start = node, scanner.isNamed("row") { rows += 1 }
        }
        #expect(rows == 20_000)
        #expect(scanner.capacity <= 1 << 12)
        #expect(scanner.bytesConsumed == document.count)
    }
}
