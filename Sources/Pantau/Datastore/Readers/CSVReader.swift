import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a CSV file record by record, in fixed-size chunks, without holding the file in memory.
///
/// Copes with what spreadsheet programs write: a UTF-8 byte-order mark, UTF-16 (Excel's "Unicode text") or
/// Windows-1252 turned into UTF-8 as it is read, `,` `;` `|` or tab as delimiter (the one most frequent on a
/// line among the first lines, so title rows above the header do not mislead it), CRLF or LF line ends, and
/// quoted fields holding delimiters, doubled quotes and line breaks. Each record knows the physical line it
/// started on. The SHA-256 of every byte of the file is kept, so the importer can recognise a file it has seen
/// before. Bytes are not checked here: invalid UTF-8 and NUL bytes are the row checks' business.
final class CSVReader: RowSource {
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
    let displayPath: String
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    private var position = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    /// The file's SHA-256, computed on a thread of its own from the chunks read.
    private let digest = BackgroundSHA256()
    private(set) var bytesRead = 0
    /// Bytes parsed so far (read less what waits in the buffer).
    var bytesConsumed: Int { bytesRead - (end - position) }

    /// Non-nil for UTF-16 and Windows-1252 input: raw bytes are read into ``rawBuffer`` and decoded into ``buffer``.
    private var transcoder: ByteTranscoder?
    private let rawBuffer: UnsafeMutablePointer<UInt8>?
    private let rawCapacity: Int
    private let totalBytes: Int

    /// Opens `url`; `displayPath` names the file in messages. `bomLength` bytes at the start are skipped.
    init(url: URL, displayPath: String, encoding: TextEncoding = .utf8, bomLength: Int? = nil, chunkSize: Int = 1 << 20) throws {
        guard let file = fopen(url.path, "rb") else {
            throw PantauError(
                file: displayPath, step: .datastore, "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        self.file = file
        self.displayPath = displayPath
        self.capacity = chunkSize
        self.buffer = .allocate(capacity: chunkSize)
        var info = stat()
        totalBytes = fstat(fileno(file), &info) == 0 ? Int(info.st_size) : 0
        if encoding == .utf8 {
            transcoder = nil
            rawBuffer = nil
            rawCapacity = 0
        } else {
            transcoder = ByteTranscoder(encoding: encoding)
            // The same bytes read as Windows-1252 are other text than read as UTF-8 (where they were rejected):
            // a different identity, so importing them again with --encoding is not "already imported".
            if encoding == .windows1252 {
                let digest = self.digest
                Array("encoding=windows-1252\n".utf8).withUnsafeBytes { digest.update($0) }
            }
            rawCapacity = chunkSize / ByteTranscoder.maxGrowth - 8
            rawBuffer = .allocate(capacity: rawCapacity)
        }
        skipRaw = bomLength ?? 0
        refill()
        if bomLength == nil, transcoder == nil, end - position >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            position = 3
        }
        hadBOM = (bomLength ?? 0) > 0 || position == 3
        delimiter = detectDelimiter()
    }

    deinit {
        digest.close()
        fclose(file)
        buffer.deallocate()
        rawBuffer?.deallocate()
    }

    /// Raw bytes still to skip (the byte-order mark), before decoding.
    private var skipRaw = 0

    var rejectDelimiter: UInt8 { delimiter == UInt8(ascii: "\t") ? UInt8(ascii: ";") : delimiter }
    var progress: (done: Int, total: Int) { (transcoder == nil ? bytesConsumed : bytesRead, totalBytes) }

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

    /// SHA-256 of the bytes read so far, lower-case hex; the whole file's once ``next()`` returned false.
    var sha256Hex: String { digest.hex }

    /// Reads the next record; false at the end of the file. Skips empty lines.
    func next() throws -> Bool {
        // Work on local arrays (swapped out, so not copied): class properties would be checked for exclusive
        // access on every byte.
        var fieldData = self.fieldData
        var fieldEnds = self.fieldEnds
        self.fieldData = []
        self.fieldEnds = []
        defer {
            self.fieldData = fieldData
            self.fieldEnds = fieldEnds
        }
        fieldData.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        let buffer = self.buffer
        let quote = UInt8(ascii: "\"")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter
        // Position, end and line live in locals too, written back around each refill.
        var position = self.position
        var end = self.end
        var line = self.line
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
                        throw PantauError(
                            file: displayPath, line: quoteLine, step: .datastore,
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
        guard let rawBuffer, var transcoder else {
            let count = fread(buffer + end, 1, capacity - end, file)
            if count > 0 {
                digest.update(UnsafeRawBufferPointer(start: buffer + end, count: count))
                bytesRead += count
            }
            if skipRaw > 0 {
                let skipped = min(skipRaw, count)
                memmove(buffer + end, buffer + end + skipped, count - skipped)
                skipRaw -= skipped
                end -= skipped
            }
            end += count
            if count == 0 { atEOF = true }
            return
        }
        // Decoded text needs up to three bytes per input byte: read no more than the free space allows.
        let room = min(rawCapacity, (capacity - end) / ByteTranscoder.maxGrowth - 4)
        guard room > 0 else { return }
        let count = fread(rawBuffer, 1, room, file)
        if count > 0 {
            digest.update(UnsafeRawBufferPointer(start: rawBuffer, count: count))
            bytesRead += count
        }
        let skipped = min(skipRaw, count)
        skipRaw -= skipped
        if count == 0 { atEOF = true }
        end += transcoder.transcode(
            UnsafeBufferPointer(start: rawBuffer + skipped, count: count - skipped), into: buffer + end, final: count == 0)
        self.transcoder = transcoder
    }

    /// The candidate delimiter (`,` `;` `|` tab) that occurs most often outside quotes on one line among the
    /// first 30 lines; `,` when none does. Title rows above the header rarely hold many of any of them.
    private func detectDelimiter() -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "\t")]
        var best = [Int](repeating: 0, count: candidates.count)
        var counts = best
        var inQuotes = false
        var lines = 0
        var index = position
        while index < end, lines < 30 {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == UInt8(ascii: "\n") {
                    lines += 1
                    for slot in 0..<counts.count {
                        best[slot] = max(best[slot], counts[slot])
                        counts[slot] = 0
                    }
                } else if let slot = candidates.firstIndex(of: byte) {
                    counts[slot] += 1
                }
            }
            index += 1
        }
        for slot in 0..<counts.count { best[slot] = max(best[slot], counts[slot]) }
        guard let top = best.indices.max(by: { best[$0] < best[$1] || (best[$0] == best[$1] && $0 > $1) }), best[top] > 0 else {
            return UInt8(ascii: ",")
        }
        return candidates[top]
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
