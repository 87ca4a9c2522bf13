import Foundation
import ZIPFoundation

/// The parts of an XLSX workbook besides its sheets: the sheet list, the date system and which cell styles are
/// dates (small, read whole by libxml2), and the shared strings (read as they are inflated, by ``XMLByteScanner``
/// like the sheet, and kept as one byte buffer plus offsets: a million names take tens of MB).
struct XLSXWorkbook {
    /// Sheet names and their part paths inside the zip, in workbook order.
    var sheets: [(name: String, path: String)] = []
    /// `workbookPr date1904="1"`: serial day 0 is 1904-01-01.
    var system1904 = false
    /// Per cell style index (`s`): whether its number format shows a date.
    var dateStyles: [Bool] = []
    /// Shared strings, back to back, and where each ends.
    var sharedBytes: [UInt8] = []
    var sharedEnds: [Int] = []

    init(parts: ZipParts, url: URL, displayPath: String, engine: XLSXPartReader.Engine = .scanner, chunkSize: Int = 1 << 18)
        throws
    {
        func part(_ path: String) throws -> Data? {
            var data = Data()
            return try parts.extract(path) { data.append($0) } ? data : nil
        }
        func malformed(_ part: String) -> PantauError {
            PantauError(
                file: displayPath, step: .datastore,
                "the workbook's \(part) is not readable XML; open the file in a spreadsheet and save it again as .xlsx")
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw PantauError(
                file: displayPath, step: .datastore,
                "this is a zip archive but not an Excel workbook (it has no xl/workbook.xml); export the data as .xlsx or CSV")
        }
        var relations: [String: String] = [:]
        if let rels = try part("xl/_rels/workbook.xml.rels"), let reader = XMLPullReader(data: rels) {
            do {
                while let node = try reader.read() {
                    if case .start = node, reader.isNamed("Relationship"), let id = reader.attribute("Id"),
                        let target = reader.attribute("Target")
                    {
                        relations[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                    }
                }
            } catch { throw malformed("xl/_rels/workbook.xml.rels") }
        }
        guard let reader = XMLPullReader(data: workbook) else { throw malformed("xl/workbook.xml") }
        do {
            while let node = try reader.read() {
                guard case .start = node else { continue }
                if reader.isNamed("workbookPr") {
                    let value = reader.attribute("date1904")
                    system1904 = value == "1" || value == "true"
                } else if reader.isNamed("sheet"), let name = reader.attribute("name") {
                    let id = reader.attribute("id") ?? ""
                    sheets.append((name, relations[id] ?? "xl/worksheets/sheet\(sheets.count + 1).xml"))
                }
            }
        } catch { throw malformed("xl/workbook.xml") }
        if let styles = try part("xl/styles.xml") {
            do { try readStyles(styles) } catch { throw malformed("xl/styles.xml") }
        }
        let sharedPath = "xl/sharedStrings.xml"
        do {
            if let stream = try ZipEntryStream(url: url, path: sharedPath, chunkSize: chunkSize) {
                switch try XLSXPartReader.open(stream, engine: engine) {
                case .scanner(let scanner): try readSharedStrings(scanner)
                case .libxml2(let reader): try readSharedStrings(reader)
                }
            }
        } catch {
            if let location = XLSXPartReader.describe(error) {
                throw PantauError(
                    file: displayPath, step: .datastore,
                    "the workbook's \(sharedPath) is not readable XML (\(location)); "
                        + "open the file in a spreadsheet and save it again as .xlsx"
                )
            }
            let reason = (error as? ZipEntryStream.Failure)?.reason ?? "\(error)"
            throw PantauError(
                file: displayPath, step: .datastore,
                "the workbook's shared strings could not be unpacked: \(reason); download or save it again")
        }
    }

    /// Built-in number formats that show dates (14–22, 45–47) and custom ones whose code has d, m or y
    /// outside quotes and brackets.
    private mutating func readStyles(_ data: Data) throws {
        guard let reader = XMLPullReader(data: data) else { return }
        var customDates = Set<Int>()
        var inCellXfs = false
        while let node = try reader.read() {
            switch node {
            case .start:
                if reader.isNamed("numFmt"), let id = reader.attribute("numFmtId").flatMap(Int.init),
                    let code = reader.attribute("formatCode")
                {
                    if Self.isDateFormat(code) { customDates.insert(id) }
                } else if reader.isNamed("cellXfs") {
                    inCellXfs = true
                } else if inCellXfs, reader.isNamed("xf") {
                    let id = reader.attribute("numFmtId").flatMap(Int.init) ?? 0
                    dateStyles.append((14...22).contains(id) || (45...47).contains(id) || customDates.contains(id))
                }
            case .end:
                if reader.isNamed("cellXfs") { inCellXfs = false }
            default:
                break
            }
        }
    }

    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false
        var inBrackets = false
        for character in code.lowercased() {
            switch character {
            case "\"": inQuotes.toggle()
            case "[": inBrackets = true
            case "]": inBrackets = false
            case "d", "m",
                "y" where !inQuotes && !inBrackets:
                return true
            default: break
            }
        }
        return false
    }

    /// Each `<si>`: its `<t>` texts joined (rich text runs), phonetic hints (`<rPh>`) left out.
    private mutating func readSharedStrings<Reader: XMLEventReader>(_ reader: Reader) throws {
        var inText = false
        var inPhonetic = false
        while let node = try reader.read() {
            switch node {
            case .start(let empty):
                // The element's name is looked at once, not compared with each name in turn.
                switch reader.withName(Self.tag) {
                case .text: inText = !empty
                case .phonetic: inPhonetic = !empty
                case .item where empty: sharedEnds.append(sharedBytes.count)
                default: break
                }
            case .end:
                switch reader.withName(Self.tag) {
                case .text: inText = false
                case .phonetic: inPhonetic = false
                case .item: sharedEnds.append(sharedBytes.count)
                default: break
                }
            case .text:
                if inText && !inPhonetic { reader.withValue { sharedBytes.append(contentsOf: $0) } }
            case .other:
                break
            }
        }
    }

    /// The elements of the shared strings that matter: `si` (one string), `t` (its text), `rPh` (a phonetic run).
    private enum Tag { case item, text, phonetic, other }

    private static func tag(_ name: UnsafeBufferPointer<UInt8>) -> Tag {
        switch name.count {
        case 1: name[0] == UInt8(ascii: "t") ? .text : .other
        case 2: name[0] == UInt8(ascii: "s") && name[1] == UInt8(ascii: "i") ? .item : .other
        case 3: name[0] == UInt8(ascii: "r") && name[1] == UInt8(ascii: "P") && name[2] == UInt8(ascii: "h") ? .phonetic : .other
        default: .other
        }
    }
}
