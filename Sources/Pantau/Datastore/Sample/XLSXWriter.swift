import Foundation
import ZIPFoundation

/// Writes a minimal, standards-conformant XLSX workbook (ECMA-376 SpreadsheetML) with ZIPFoundation: for
/// `pantau sample --format xlsx`, the tests and the benchmarks. Rows are written to a temporary sheet part as
/// they come, so a million rows need no more memory than their shared strings.
final class XLSXWriter {
    /// One cell.
    enum Cell: Equatable, Sendable {
        /// Text in the shared-string table (what Excel writes).
        case text(String)
        /// Text written inline (`t="inlineStr"`, what many export tools write).
        case inline(String)
        /// A number, written as given (`42`, `1.98609262015051E+17`).
        case number(String)
        /// An Excel serial day in a date style (`dd/mm/yyyy`).
        case date(Int)
        case bool(Bool)
        /// No cell at all.
        case empty
    }

    private let url: URL
    private let sheetName: String
    private let system1904: Bool
    private let sheetFile: URL
    private let sheet: FileHandle
    private var buffer: [UInt8] = []
    private var shared: [String: Int] = [:]
    private var sharedList: [String] = []
    private var row = 0

    /// Starts a workbook at `url` with one sheet.
    init(url: URL, sheetName: String = "Sheet1", system1904: Bool = false) throws {
        self.url = url
        self.sheetName = sheetName
        self.system1904 = system1904
        sheetFile = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).sheet-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: sheetFile.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: sheetFile.path)
        else {
            throw PantauError(file: url.path, step: .command, "could not write beside the workbook; check the folder's permissions")
        }
        sheet = handle
        buffer.append(contentsOf: Self.header.utf8)
        buffer.append(contentsOf: "<worksheet xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationships)\"><sheetData>".utf8)
    }

    deinit {
        try? sheet.close()
        try? FileManager.default.removeItem(at: sheetFile)
    }

    /// Appends one row.
    func add(_ cells: [Cell]) throws {
        row += 1
        buffer.append(contentsOf: "<row r=\"\(row)\">".utf8)
        for (index, cell) in cells.enumerated() {
            let reference = Self.columnName(index) + String(row)
            switch cell {
            case .empty:
                continue
            case .text(let text):
                let id: Int
                if let known = shared[text] {
                    id = known
                } else {
                    id = sharedList.count
                    shared[text] = id
                    sharedList.append(text)
                }
                buffer.append(contentsOf: "<c r=\"\(reference)\" t=\"s\"><v>\(id)</v></c>".utf8)
            case .inline(let text):
                buffer.append(
                    contentsOf: "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.escape(text))</t></is></c>".utf8
                )
            case .number(let text):
                buffer.append(contentsOf: "<c r=\"\(reference)\"><v>\(Self.escape(text))</v></c>".utf8)
            case .date(let serial):
                buffer.append(contentsOf: "<c r=\"\(reference)\" s=\"1\"><v>\(serial)</v></c>".utf8)
            case .bool(let value):
                buffer.append(contentsOf: "<c r=\"\(reference)\" t=\"b\"><v>\(value ? 1 : 0)</v></c>".utf8)
            }
        }
        buffer.append(contentsOf: "</row>".utf8)
        if buffer.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        try sheet.write(contentsOf: Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the workbook and removes the temporary sheet part.
    func finish() throws {
        buffer.append(contentsOf: "</sheetData></worksheet>".utf8)
        try flush()
        try sheet.close()
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        // Names, NIPs and NIKs go in next: the workbook is private (0600) like every file of personal data,
        // made so while it is still an empty archive.
        guard chmod(url.path, 0o600) == 0 else {
            throw PantauError(file: url.path, step: .command, "could not make the workbook private (chmod 600); check the folder")
        }
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add(
            "[Content_Types].xml",
            Self.header + """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                <Override PartName="/xl/sharedStrings.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
                </Types>
                """)
        try add(
            "_rels/.rels",
            Self.header + """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                Target="xl/workbook.xml"/>\
                </Relationships>
                """)
        try add(
            "xl/workbook.xml",
            Self.header + """
                <workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)">\
                <workbookPr\(system1904 ? " date1904=\"1\"" : "")/><sheets><sheet name="\(Self.escape(sheetName))" sheetId="1" \
                r:id="rId1"/></sheets></workbook>
                """)
        try add(
            "xl/_rels/workbook.xml.rels",
            Self.header + """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
                Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
                Target="styles.xml"/>\
                <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" \
                Target="sharedStrings.xml"/>\
                </Relationships>
                """)
        try add(
            "xl/styles.xml",
            Self.header + """
                <styleSheet xmlns="\(Self.main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>\
                <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
                <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
                """)
        var strings = Self.header + "<sst xmlns=\"\(Self.main)\" count=\"\(sharedList.count)\" uniqueCount=\"\(sharedList.count)\">"
        for text in sharedList { strings += "<si><t xml:space=\"preserve\">\(Self.escape(text))</t></si>" }
        try add("xl/sharedStrings.xml", strings + "</sst>")
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: sheetFile, compressionMethod: .deflate)
        try? FileManager.default.removeItem(at: sheetFile)
    }

    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// `0` → `A`, `26` → `AA`.
    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
