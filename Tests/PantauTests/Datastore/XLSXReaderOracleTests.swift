import Foundation
import Testing
import ZIPFoundation

@testable import Pantau

/// The XLSX reader's two engines give the same rows: ``XMLByteScanner`` (what imports use) and libxml2 (the
/// reference), on generated and hand-written workbooks, with the parts inflated in tiny and in normal chunks;
/// and both refuse the same broken workbooks with a located error.
@Suite struct XLSXReaderOracleTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// A workbook with the given sheet and shared-string parts (bytes as given), one date style (index 1).
    static func workbook(_ directory: URL, sheet: [UInt8], shared: [UInt8]?, name: String = "buku.xlsx") throws -> URL {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ bytes: [UInt8]) throws {
            let data = Data(bytes)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        try add(
            "xl/workbook.xml",
            Array(
                (head + """
                    <workbook xmlns="\(main)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>
                    """).utf8))
        try add(
            "xl/_rels/workbook.xml.rels",
            Array(
                (head + """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                    """).utf8))
        try add(
            "xl/styles.xml",
            Array(
                (head + """
                    <styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
                    <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>
                    """).utf8))
        if let shared { try add("xl/sharedStrings.xml", shared) }
        try add("xl/worksheets/sheet1.xml", sheet)
        return url
    }

    struct Row: Equatable, CustomStringConvertible {
        var line: Int
        var fields: [String]
        var description: String { "\(line): \(fields)" }
    }

    static func rows(_ url: URL, engine: XLSXPartReader.Engine, chunkSize: Int) throws -> [Row] {
        let reader = try XLSXReader(url: url, displayPath: url.lastPathComponent, sheet: nil, engine: engine, chunkSize: chunkSize)
        var rows: [Row] = []
        while try reader.next() { rows.append(Row(line: reader.recordLine, fields: reader.fields)) }
        return rows
    }

    /// Rows through both engines, in 7-byte and in normal chunks: all four must agree; returns them.
    static func agreedRows(_ url: URL) throws -> [Row] {
        let reference = try rows(url, engine: .libxml2, chunkSize: 1 << 18)
        #expect(try rows(url, engine: .libxml2, chunkSize: 7) == reference)
        #expect(try rows(url, engine: .scanner, chunkSize: 1 << 18) == reference)
        #expect(try rows(url, engine: .scanner, chunkSize: 7) == reference)
        return reference
    }

    static let longShared = String(repeating: "Nama & <panjang> é日😀 ", count: 3_000)
    static let longInline = String(repeating: "Jabatan \"fungsional\" 'ahli' & ", count: 3_500)

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&apos;")
    }

    static let handWrittenShared = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="\(main)" count="9" uniqueCount="9">
        <si><t>nip</t></si><si><t>nama</t></si>
        <si><r><rPr><b/></rPr><t>Budi </t></r><r><t xml:space="preserve">&amp; Siti</t></r></si>
        <si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si>
        <si><t>A&lt;B&gt;C &quot;q&quot; &apos;s&apos; &#233;&#x4E2D;</t></si>
        <si><t><![CDATA[<kode> & co]]></t></si>
        <si/>
        <si><t>line1&#10;line2</t></si>
        <si><t>\(escaped(longShared))</t></si>
        </sst>
        """

    static let handWrittenSheet = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <x:worksheet xmlns:x="\(main)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>\
        <x:c r="C1" t="inlineStr"><x:is><x:t>tanggal</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>aktif</x:t></x:is></x:c></x:row>
        <!-- a comment between rows --><?page break?>
        <x:row r='3' spans='1:4'><x:c r='A3'><x:v>198609262015051001</x:v></x:c><x:c r='B3' t='s'><x:v>2</x:v></x:c>\
        <x:c r='C3' s='1'><x:v>44361</x:v></x:c><x:c r='D3' t='b'><x:v>1</x:v></x:c></x:row>
        <x:row><x:c t="s"><x:v>3</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Ya</x:t></x:r><x:r><x:t>mada</x:t></x:r>\
        <x:rPh sb="0" eb="1"><x:t>ヤ</x:t></x:rPh></x:is></x:c><x:c r="D4" t="b"><x:v>0</x:v></x:c></x:row>
        <x:row r="5"/>
        <x:row r="6"><x:c r="A6" t="s"><x:v>4</x:v></x:c><x:c r="B6" t="s"><x:v>5</x:v></x:c><x:c r="B6" t="s"><x:v>0</x:v></x:c>\
        <x:c r="D6" t="e"><x:v>#N/A</x:v></x:c></x:row>
        <x:row r="7"><x:c r="A7" t="s"><x:v>6</x:v></x:c><x:c r="B7" t="s"><x:v>7</x:v></x:c>\
        <x:c r="C7" t="inlineStr"><x:is><x:t><![CDATA[a<b]]></x:t></x:is></x:c>\
        <x:c r="D7" t="str"><x:f>CONCAT("x")</x:f><x:v>x</x:v></x:c></x:row>
        <x:row r="8" ><x:c r="A8" t="s"><x:v>8</x:v></x:c><x:c r="B8" t="inlineStr"><x:is><x:t>\(escaped(longInline))</x:t></x:is></x:c>\
        <x:c r="C8"><x:v>1.5E+3</x:v></x:c><x:c  r="D8"
         t="s"
        ><x:v>1</x:v></x:c ></x:row >
        </x:sheetData>
        </x:worksheet>

        """

    /// Rich text runs, phonetic runs, inline strings, booleans, a date, missing and repeated cells, entities,
    /// character references and CDATA, a prefixed namespace, single quotes, whitespace inside tags, and
    /// cells longer than many chunks: the rows expected here are written by hand.
    @Test func handWrittenWorkbook() throws {
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let url = try Self.workbook(directory, sheet: Array(Self.handWrittenSheet.utf8), shared: Array(Self.handWrittenShared.utf8))
        let rows = try Self.agreedRows(url)
        #expect(
            rows == [
                Row(line: 1, fields: ["nip", "nama", "tanggal", "aktif"]),
                Row(line: 3, fields: ["198609262015051001", "Budi & Siti", "2021-06-14", "TRUE"]),
                Row(line: 4, fields: ["山田", "Yamada", "", "FALSE"]),
                Row(line: 6, fields: ["A<B>C \"q\" 's' é中", "<kode> & co", "", "#N/A"]),
                Row(line: 7, fields: ["", "line1\nline2", "a<b", "x"]),
                Row(line: 8, fields: [Self.longShared, Self.longInline, "1.5E+3", "nama"]),
            ])
    }

    /// Generated workbooks (``XLSXWriter``) with awkward text in every kind of cell, in both date systems.
    /// Cells in the common shape ``XMLByteScanner/simpleCell()`` reads in one step, next to near misses it must
    /// leave to the node-by-node path (other spacing, quotes, attributes, entities, `]`, non-ASCII, a formula,
    /// self-closing, text between cells): the same rows as libxml2's, in tiny and in normal chunks.
    @Test func cellsReadInOneStepMatchLibxml2() throws {
        let shared = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="\(Self.main)" count="2" uniqueCount="2"><si><t>nip</t></si><si><t>Budi</t></si></sst>
            """
        let sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.main)"><sheetData>\
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c><c r="C1" s="1"><v>44361</v></c>\
            <c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c><c r="F1" t="str"><f>A1</f><v>x</v></c>\
            <c r="G1"  t="s"><v>1</v></c><c r='H1' t="s"><v>0</v></c><c r="I1" t="s" ><v>1</v></c>\
            <c r="J1"><v>1 &amp; 2</v></c><c r="K1"><v>a]b</v></c><c r="L1"><v>é</v></c><c r="M1"><v></v></c>\
            <c r="N1" cm="1"><v>5</v></c><c r="O1"/><c r="P1" s="1" t="n"><v>1.5</v></c></row>
            <row r="2"><c t="s"><v>1</v></c><c><v>7</v></c>
            <c r="D2"><v>8</v></c> <c r="E2"><v>9</v></c><c r="F2"><v>a&#10;b</v></c></row>\
            </sheetData></worksheet>
            """
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let url = try Self.workbook(directory, sheet: Array(sheet.utf8), shared: Array(shared.utf8))
        let rows = try Self.agreedRows(url)
        #expect(
            rows == [
                Row(
                    line: 1,
                    fields: [
                        "nip", "42", "2021-06-14", "TRUE", "#N/A", "x", "Budi", "nip", "Budi", "1 & 2", "a]b", "é", "", "5", "",
                        "1900-01-01",
                    ]),
                Row(line: 2, fields: ["Budi", "7", "", "8", "9", "a\nb", "", "", "", "", "", "", "", "", "", ""]),
            ])
    }

    @Test(arguments: [1, 2, 3])
    func generatedWorkbooks(_ seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let texts = ["Budi", "Siti Ärzte", "A & B", "<b>", "\"kutip\"", "'apos'", "日本語 😀", "  spasi  ", "baris\nbaru", "]]>", ""]
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let url = directory.appendingPathComponent("acak.xlsx")
        let writer = try XLSXWriter(url: url, sheetName: "Pegawai", system1904: seed == 2)
        var expectedRows = 0
        for _ in 0..<300 {
            var row: [XLSXWriter.Cell] = []
            for _ in 0..<Int(random.next() % 12) {
                let text = texts[Int(random.next() % UInt64(texts.count))]
                switch random.next() % 6 {
                case 0: row.append(.text(text))
                case 1: row.append(.inline(text))
                case 2: row.append(.number(String(random.next() % 1_000_000)))
                case 3: row.append(.date(Int(random.next() % 50_000)))
                case 4: row.append(.bool(random.next() % 2 == 0))
                default: row.append(.empty)
                }
            }
            if row.contains(where: { $0 != .empty }) { expectedRows += 1 }
            try writer.add(row)
        }
        try writer.finish()
        #expect(try Self.agreedRows(url).count == expectedRows)
    }

    /// The error a workbook gives through one engine: file, row and message.
    static func failure(_ url: URL, engine: XLSXPartReader.Engine) -> PantauError? {
        do {
            _ = try rows(url, engine: engine, chunkSize: 5)
            return nil
        } catch {
            return error as? PantauError
        }
    }

    static let brokenSheets: [(name: String, sheet: String, row: Int?)] = [
        ("truncated", String(handWrittenSheet.prefix(700)), 4),
        ("unclosed tag", "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"2\"><c r=\"A2\"><v>1</v></row></sheetData></worksheet>", 2),
        (
            "bad entity",
            "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>AT&T</t></is></c></row>"
                + "</sheetData></worksheet>",
            4
        ),
        (
            "DOCTYPE",
            "<!DOCTYPE worksheet [<!ENTITY e \"x\">]><worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                + "<is><t>&e;</t></is></c></row></sheetData></worksheet>",
            nil
        ),
        ("two roots", "<worksheet xmlns=\"\(main)\"><sheetData/></worksheet><worksheet/>", nil),
    ]

    @Test(arguments: brokenSheets.indices)
    func brokenSheetsAreRefusedByBoth(_ index: Int) throws {
        let broken = Self.brokenSheets[index]
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let url = try Self.workbook(directory, sheet: Array(broken.sheet.utf8), shared: Array(Self.handWrittenShared.utf8))
        for engine in [XLSXPartReader.Engine.scanner, .libxml2] {
            let error = try #require(Self.failure(url, engine: engine), "\(broken.name), \(engine)")
            #expect(error.file == "buku.xlsx")
            #expect(error.message.hasPrefix("the sheet's XML is malformed"), "\(error.message)")
            #expect(error.message.hasSuffix("open the file in a spreadsheet and save it again"))
            if let row = broken.row { #expect(error.line == row, "\(broken.name), \(engine): \(error)") }
        }
    }

    /// The scanner's message says where and what, in words.
    @Test func scannerMessageNamesRowLineAndReason() throws {
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let url = try Self.workbook(directory, sheet: Array(Self.brokenSheets[2].sheet.utf8), shared: nil)
        #expect(
            Self.failure(url, engine: .scanner)
                == PantauError(
                    file: "buku.xlsx", line: 4, step: .datastore,
                    "the sheet's XML is malformed near row 4 (sheet \"Data\", line 1, column 133: \"&\" that starts no entity or character "
                        + "reference (\"&T</t></is><\"); a literal & is written &amp;); open the file in a spreadsheet and save it again"))
    }

    @Test func brokenSharedStringsAreRefusedByBoth() throws {
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let shared = Self.handWrittenShared.replacingOccurrences(of: "<si><t>nama</t></si>", with: "<si><t>na&nbsp;ma</t></si>")
        let url = try Self.workbook(directory, sheet: Array(Self.handWrittenSheet.utf8), shared: Array(shared.utf8))
        for engine in [XLSXPartReader.Engine.scanner, .libxml2] {
            let error = try #require(Self.failure(url, engine: engine))
            #expect(error.message.hasPrefix("the workbook's xl/sharedStrings.xml is not readable XML (line 3"), "\(error.message)")
        }
    }

    /// Invalid UTF-8 in a cell is an error, never text stored.
    @Test func invalidUTF8IsRefused() throws {
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let sheet =
            Array("<worksheet xmlns=\"\(Self.main)\"><sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Bud".utf8) + [0xE9]
            + Array("i</t></is></c></row></sheetData></worksheet>".utf8)
        let url = try Self.workbook(directory, sheet: sheet, shared: nil)
        for engine in [XLSXPartReader.Engine.scanner, .libxml2] {
            let error = try #require(Self.failure(url, engine: engine))
            #expect(error.line == 2)
        }
    }

    /// A part whose bytes do not match the CRC-32 the archive records is refused as damaged.
    @Test func damagedPartIsRefused() throws {
        let directory = TestSupport.temporaryDirectory("pantau-xlsx")
        let sheet = Array(
            "<worksheet xmlns=\"\(Self.main)\"><sheetData><row r=\"1\"><c><v>12345</v></c></row></sheetData></worksheet>".utf8)
        let url = directory.appendingPathComponent("rusak.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        let workbook = try Self.workbook(directory, sheet: sheet, shared: nil)
        let source = try Archive(url: workbook, accessMode: .read)
        for entry in source {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        // Flip one digit inside the stored (uncompressed) sheet: the archive's CRC-32 no longer matches.
        var bytes = try [UInt8](Data(contentsOf: url))
        let needle = Array("12345".utf8)
        let at = try #require((0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes[at] = UInt8(ascii: "9")
        try Data(bytes).write(to: url)
        for engine in [XLSXPartReader.Engine.scanner, .libxml2] {
            let error = try #require(Self.failure(url, engine: engine))
            #expect(error.message.contains("damaged or cut short"), "\(error.message)")
        }
    }
}
