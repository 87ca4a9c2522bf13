import Foundation

/// How to read an export: options of `pantau import` that concern the file itself.
public struct ImportOptions: Sendable, Equatable {
    /// `--header-row N`: the header is the row on line N (default: the first row naming a NIP column).
    var headerRow: Int?
    /// `--encoding`: the text encoding when the file has no byte-order mark (default UTF-8).
    public var encoding: TextEncoding?
    /// `--sheet NAME`: the sheet of a workbook (default: the first).
    var sheet: String?

    public init(headerRow: Int? = nil, encoding: TextEncoding? = nil, sheet: String? = nil) {
        self.headerRow = headerRow
        self.encoding = encoding
        self.sheet = sheet
    }
}

/// Opens the reader that fits a file's bytes (not its name): CSV in any supported encoding, or an XLSX workbook.
/// Files that are neither (an HTML page, an old `.xls`, another zip) are refused with what they are.
enum ExportReader {
    static func open(_ url: URL, displayPath: String, options: ImportOptions) throws -> RowSource {
        switch try InputSniffer.sniff(url, displayPath: displayPath) {
        case .zip:
            return try XLSXReader(url: url, displayPath: displayPath, sheet: options.sheet)
        case .html:
            throw PantauError(
                file: displayPath, step: .datastore,
                "this is a web page (HTML), not a CSV or XLSX export; it is probably an error page saved by the browser. Download the "
                    + "export again and check the file opens in a spreadsheet"
            )
        case .legacyExcel:
            throw PantauError(
                file: displayPath, step: .datastore,
                "this is an old Excel workbook (.xls), which Pantau does not read; open it in a spreadsheet and save it as .xlsx or CSV "
                    + "(UTF-8)"
            )
        case .text(let found, let bom):
            if options.sheet != nil {
                throw PantauError(
                    file: displayPath, step: .datastore, "--sheet applies to XLSX workbooks, but this file is text (CSV); leave --sheet out"
                )
            }
            let encoding = bom > 0 ? found : (options.encoding ?? .utf8)
            return try CSVReader(url: url, displayPath: displayPath, encoding: encoding, bomLength: bom)
        }
    }
}
