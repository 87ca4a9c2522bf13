import Crypto
import Foundation
import ZIPFoundation

/// Reads the rows of one sheet of an XLSX workbook as raw fields, like ``CSVReader`` does for CSV.
///
/// The sheet is inflated by ZIPFoundation on its own thread as it is read (``ZipEntryStream``: a few chunks in
/// memory, nothing written to disk) and parsed by ``XMLByteScanner`` (libxml2 for a sheet not in UTF-8, and as
/// the tests' reference) on another (``XLSXRowPipeline``, a few blocks of rows ahead), so memory stays flat
/// however many rows it has and both overlap the importer's work. Cells become text: shared and inline
/// strings as written (phonetic runs left out), booleans `TRUE`/`FALSE`, numbers as Excel stores them, and
/// numbers in a date style as `YYYY-MM-DD` (1900 or 1904 date system). Missing cells are empty fields; a row's
/// fields reach its last cell (shorter rows are padded to the widest row seen so far, so the header sets the width).
final class XLSXReader: RowSource {
    let displayPath: String
    private let pipeline: XLSXRowPipeline
    private let sheetSize: Int
    /// The block of rows being walked, and the current row's index in it.
    private var block: XLSXRowPipeline.Block?
    private var index = -1
    let sha256Hex: String
    var rejectDelimiter: UInt8 { UInt8(ascii: ";") }
    var progress: (done: Int, total: Int) {
        guard let block else { return (0, sheetSize) }
        return (index >= 0 && index < block.count ? block.offsets[index] : block.consumed, sheetSize)
    }
    private(set) var fieldCount = 0
    private(set) var recordLine = 0

    /// `engine` and `chunkSize` (bytes inflated at a time) are for the tests: imports use the defaults.
    init(url: URL, displayPath: String, sheet: String?, engine: XLSXPartReader.Engine = .scanner, chunkSize: Int = 1 << 18) throws {
        self.displayPath = displayPath
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw PantauError(
                file: displayPath, step: .datastore,
                "this is a zip archive (an Excel .xlsx workbook?) that cannot be opened; it may be cut short: download or save the "
                    + "workbook again"
            )
        }
        let parts = try ZipParts(url: url, archive: archive, displayPath: displayPath)
        let workbook = try XLSXWorkbook(parts: parts, url: url, displayPath: displayPath, engine: engine, chunkSize: chunkSize)
        let chosen: (name: String, path: String)
        if let sheet {
            guard
                let found = workbook.sheets.first(where: { $0.name == sheet })
                    ?? workbook.sheets.first(where: { $0.name.lowercased() == sheet.lowercased() })
            else {
                throw PantauError(
                    file: displayPath, step: .datastore,
                    "the workbook has no sheet \"\(sheet)\"; its sheets are "
                        + "\(workbook.sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))"
                )
            }
            chosen = found
        } else {
            guard let first = workbook.sheets.first else {
                throw PantauError(
                    file: displayPath, step: .datastore, "the workbook lists no sheets; open it in a spreadsheet and save it again")
            }
            chosen = first
        }
        let missing = PantauError(
            file: displayPath, step: .datastore,
            "the workbook's sheet \"\(chosen.name)\" is missing from the file (\(chosen.path)); save the workbook again")
        let pipeline: XLSXRowPipeline
        do {
            guard let stream = try ZipEntryStream(url: url, path: chosen.path, chunkSize: chunkSize) else { throw missing }
            sheetSize = stream.size
            let part = try XLSXPartReader.open(stream, engine: engine)
            let rows = XLSXSheetRows(workbook: workbook, part: part, sheetName: chosen.name, displayPath: displayPath)
            pipeline = XLSXRowPipeline(rows: rows)
        } catch let error as PantauError {
            throw error
        } catch {
            throw Self.error(error, sheet: chosen.name, row: 0, displayPath: displayPath)
        }
        // Hashed while the sheet's first rows are read.
        do {
            sha256Hex = try Self.hash(url, displayPath: displayPath)
        } catch {
            pipeline.stop()
            throw error
        }
        self.pipeline = pipeline
    }

    deinit {
        pipeline.stop()
    }

    private static func hash(_ url: URL, displayPath: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw PantauError(file: displayPath, step: .datastore, "the file cannot be read; check its permissions")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R {
        guard let block, index >= 0, index < block.count else {
            return try body(CSVRecord(bytes: UnsafeBufferPointer(start: nil, count: 0), ends: UnsafeBufferPointer(start: nil, count: 0)))
        }
        return try block.withRecord(index, body)
    }

    /// Reads the next row that has at least one cell (read ahead by ``XLSXRowPipeline``).
    func next() throws -> Bool {
        while true {
            if let block {
                if index + 1 < block.count {
                    index += 1
                    recordLine = block.lines[index]
                    fieldCount = block.fieldCount(index)
                    return true
                }
                if let failure = block.failure { throw failure }
                if block.last { return false }
            }
            block = pipeline.take(returning: block)
            index = -1
        }
    }

    /// The message for an error of the sheet's XML or of its inflating.
    static func error(_ error: Error, sheet: String, row: Int, displayPath: String) -> PantauError {
        if let location = XLSXPartReader.describe(error) {
            let near = row > 0 ? " near row \(row)" : ""
            return PantauError(
                file: displayPath, line: row > 0 ? row : nil, step: .datastore,
                "the sheet's XML is malformed\(near) (sheet \"\(sheet)\", \(location)); open the file in a spreadsheet and save it again"
            )
        }
        let reason = (error as? ZipEntryStream.Failure)?.reason ?? "\(error)"
        return PantauError(
            file: displayPath, line: row > 0 ? row : nil, step: .datastore,
            "the sheet \"\(sheet)\" could not be unpacked: \(reason); download or save the workbook again")
    }

    /// `B12` → 1 (zero-based column of a cell reference).
    static func column(_ reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            guard byte >= 65 && byte <= 90 else { break }
            column = column * 26 + Int(byte - 64)
            letters += 1
        }
        return letters > 0 && letters <= 3 ? column - 1 : nil
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 10 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
