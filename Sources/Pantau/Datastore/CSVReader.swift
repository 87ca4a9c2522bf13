import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a CSV file record by record, in fixed-size chunks, without holding the file in memory.
///
/// Copes with what spreadsheet programs write: a UTF-8 byte-order mark, `;` or `,` as delimiter (chosen by
/// counting both in the header line), CRLF or LF line ends, and quoted fields holding delimiters, doubled quotes
/// and line breaks. Each record knows the physical line it started on. The SHA-256 of every byte read is kept,
/// so the importer can recognise a file it has seen before.
final class CSVReader {
    /// The field delimiter, detected from the first line.
    private(set) var delimiter: UInt8 = UInt8(ascii: ",")
    /// Physical line (1-based) the current record starts on.
    private(set) var recordLine = 1
    /// Whether the file started with a UTF-8 byte-order mark.
    private(set) var hadBOM = false

    /// The current record's fields, unquoted, back to back.
    private(set) var fieldData: [UInt8] = []
    /// End offset in ``fieldData`` of each field of the current record.
    private(set) var fieldEnds: [Int] = []

    private let file: UnsafeMutablePointer<FILE>
    private let displayPath: String
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var hasher = SHA256()
    private(set) var bytesRead = 0
    /// Bytes parsed so far (read less what waits in the buffer).
    var bytesConsumed: Int { bytesRead - (end - position) }

    /// Opens `url`; `displayPath` names the file in messages.
    init(url: URL, displayPath: String, chunkSize: Int = 1 << 20) throws {
        guard let file = fopen(url.path, "rb") else {
            throw PantauError(file: displayPath, step: .datastore, "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        self.file = file
        self.displayPath = displayPath
        self.capacity = chunkSize
        self.buffer = .allocate(capacity: chunkSize)
        refill()
        if end - position >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            hadBOM = true
            position = 3
        }
        delimiter = detectDelimiter()
    }

    deinit {
        fclose(file)
        buffer.deallocate()
    }

    /// Number of fields in the current record.
    var fieldCount: Int { fieldEnds.count }

    /// Calls `body` with a view of the current record that does no reference counting (the import's hot path).
    func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R {
        try fieldData.withUnsafeBufferPointer { bytes in
            try fieldEnds.withUnsafeBufferPointer { ends in try body(CSVRecord(bytes: bytes, ends: ends)) }
        }
    }

    /// The bytes of field `index` of the current record.
    func field(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return fieldData[start..<fieldEnds[index]]
    }

    /// The fields of the current record as strings (invalid UTF-8 repaired), for messages and reject files.
    var fields: [String] {
        (0..<fieldCount).map { String(decoding: field($0), as: UTF8.self) }
    }

    /// SHA-256 of the bytes read so far, lower-case hex; the whole file's once ``next()`` returned false.
    var sha256Hex: String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the next record; false at the end of the file. Skips empty lines.
    func next() throws -> Bool {
        // Work on local arrays (swapped out, so not copied): class properties would be checked for exclusive
        // access on every byte.
        var fieldData = self.fieldData, fieldEnds = self.fieldEnds
        self.fieldData = []
        self.fieldEnds = []
        defer {
            self.fieldData = fieldData
            self.fieldEnds = fieldEnds
        }
        fieldData.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        let buffer = self.buffer
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), delimiter = self.delimiter
        // Position, end and line live in locals too, written back around each refill.
        var position = self.position, end = self.end, line = self.line
        defer {
            self.position = position
            self.end = end
            self.line = line
        }
        func reload() {
            self.position = position
            self.end = end
            refill()
            position = self.position
            end = self.end
        }
        recordLine = line
        var inQuotes = false
        var quoteLine = line
        var fieldStarted = false  // anything (even an empty quoted field or a delimiter) seen on this record
        while true {
            if position == end {
                reload()
                if position == end {
                    if inQuotes {
                        throw PantauError(file: displayPath, line: quoteLine, step: .datastore,
                                          "a quoted field opened here never closes; add the missing \" (the rest of the file was read as one field)")
                    }
                    if fieldStarted || !fieldData.isEmpty {
                        fieldEnds.append(fieldData.count)
                        return true
                    }
                    return false
                }
            }
            if inQuotes {
                // Copy everything up to the next quote in one go, counting line breaks.
                var index = position
                while index < end, buffer[index] != quote {
                    if buffer[index] == lf { line += 1 }
                    index += 1
                }
                fieldData.append(contentsOf: UnsafeBufferPointer(start: buffer + position, count: index - position))
                position = index
                if index == end { continue }
                position += 1  // the quote
                if position == end { reload() }
                if position < end, buffer[position] == quote {
                    fieldData.append(quote)
                    position += 1
                } else {
                    inQuotes = false
                }
                continue
            }
            // Outside quotes: copy the run of ordinary bytes, then act on the special one.
            var index = position
            while index < end {
                let byte = buffer[index]
                if byte == delimiter || byte == lf || byte == cr || byte == quote { break }
                index += 1
            }
            if index > position {
                fieldData.append(contentsOf: UnsafeBufferPointer(start: buffer + position, count: index - position))
                fieldStarted = true
                position = index
            }
            if index == end { continue }
            let byte = buffer[index]
            position += 1
            switch byte {
            case delimiter:
                fieldEnds.append(fieldData.count)
                fieldStarted = true
            case quote:
                // A quote opens a quoted section; inside an unquoted field it is kept as is (lenient, like Excel).
                let fieldStart = fieldEnds.last ?? 0
                if fieldData.count == fieldStart {
                    inQuotes = true
                    quoteLine = line
                } else {
                    fieldData.append(quote)
                }
                fieldStarted = true
            default:  // line end: CR, LF or CRLF
                if byte == cr {
                    if position == end { reload() }
                    if position < end, buffer[position] == lf { position += 1 }
                }
                line += 1
                if fieldStarted || !fieldData.isEmpty || !fieldEnds.isEmpty {
                    fieldEnds.append(fieldData.count)
                    return true
                }
                recordLine = line  // an empty line: skip it
            }
        }
    }

    /// Moves unread bytes to the front and reads more; hashes what it reads.
    private func refill() {
        guard !atEOF else { return }
        if position < end {
            memmove(buffer, buffer + position, end - position)
        }
        end -= position
        position = 0
        let count = fread(buffer + end, 1, capacity - end, file)
        if count > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer + end, count: count))
            bytesRead += count
        }
        end += count
        if count == 0 { atEOF = true }
    }

    /// `;` when the first line has more semicolons than commas outside quotes, else `,`.
    private func detectDelimiter() -> UInt8 {
        var semicolons = 0, commas = 0, inQuotes = false
        var index = position
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            else if !inQuotes {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if byte == UInt8(ascii: ";") { semicolons += 1 }
                if byte == UInt8(ascii: ",") { commas += 1 }
            }
            index += 1
        }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}

/// The current record of a ``CSVReader``, as raw byte views valid only inside ``CSVReader/withRecord(_:)``.
struct CSVRecord {
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>

    var count: Int { ends.count }

    subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[index]])
    }

    /// Whether every field is empty or blank (the `;;;;` rows spreadsheets leave behind).
    var isBlank: Bool { bytes.allSatisfy { $0 == 32 || $0 == 9 } }
}
