import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// Imports one employee export as a snapshot, in one transaction.
///
/// - Every valid row is imported; every rejected row goes, with its line (`baris`) and reason (`alasan`), to a
///   reject CSV next to the input (`pegawai-2021-06-14.ditolak.csv`), written in the input's delimiter.
/// - The same bytes imported twice: the second import changes nothing.
/// - An export whose as-of date is not older than the newest snapshot becomes the current employees.
///   An older one only adds its counts to the history: the current rows always follow the newest snapshot.
/// - Another file with the same as-of date as an existing snapshot replaces that snapshot (a corrected export).
/// - Killed at any moment, the datastore is as before: SQLite's rollback journal undoes the open transaction.
public struct EmployeeImporter {
    let datastore: Datastore
    /// `data.columns` from `site.yml`: export header names (normalised) → canonical names.
    var columnMapping: [String: String]
    /// Refuses an import whose figures fall too far or reject too much (`data.max_drop`, `data.max_rejects`);
    /// `pantau import employees` always sets it from site.yml, library callers choose (nil: no rails).
    public var safety: ImportSafetyPolicy?
    /// `data.values` from `site.yml`: per canonical column, export spellings → canonical values.
    public var valueMapping: [String: [String: String]] = [:]
    /// How to read the file (`--header-row`, `--encoding`, `--sheet`).
    public var options = ImportOptions()
    /// Whether the as-of date was given (`--as-of`): an earlier import of the same file under another date is then
    /// an error instead of "already imported".
    public var asOfGiven = false
    /// Called every 65,536 rows with the rows read and the input bytes done and in all (for a progress bar).
    public var onProgress: ((_ rows: Int, _ done: Int, _ total: Int) -> Void)?
    /// `--status FILE …`: status lists joined on NIP (file and the name to show for it).
    public var statusFiles: [(url: URL, displayPath: String)] = []
    /// Whether valid rows are stored and hashed for the ledger on threads of their own (``EmployeeWriterThread``)
    /// while the next rows are read. Off, each row is inserted on the calling thread and the ledger entries are
    /// read back from the table before the commit: the plain way the tests hold the fast one against.
    var pipelined = true

    public init(datastore: Datastore, columnMapping: [String: String] = [:]) {
        self.datastore = datastore
        self.columnMapping = columnMapping
    }

    /// The reject file's default place: beside the input, `<name>.ditolak.csv`.
    static func defaultRejectFile(for url: URL) -> URL {
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(base).ditolak.csv")
    }

    /// The date in a file name and the form it was read in: `YYYY-MM-DD`, or eight digits as `YYYYMMDD` when
    /// that is a date between 1990 and 2100, else as `DDMMYYYY`.
    static func dateAndFormInFileName(_ name: String) -> (date: CalendarDate, form: String, text: String)? {
        let bytes = Array(name.utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        if bytes.count >= 10 {
            for start in 0...(bytes.count - 10) {
                let candidate = bytes[start..<(start + 10)]
                if candidate.enumerated().allSatisfy({ [4, 7].contains($0.offset) ? $0.element == UInt8(ascii: "-") : isDigit($0.element) }
                ),
                    let date = CalendarDate(iso: String(decoding: candidate, as: UTF8.self))
                {
                    return (date, "YYYY-MM-DD", String(decoding: candidate, as: UTF8.self))
                }
            }
        }
        var index = 0
        while index < bytes.count {
            guard isDigit(bytes[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            if end - index == 8 {
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                let digits = text.compactMap(\.wholeNumberValue)
                func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
                if (1990...2100).contains(number(0..<4)),
                    let date = CalendarDate(year: number(0..<4), month: number(4..<6), day: number(6..<8))
                {
                    return (date, "YYYYMMDD", text)
                }
                if (1990...2100).contains(number(4..<8)),
                    let date = CalendarDate(year: number(4..<8), month: number(2..<4), day: number(0..<2))
                {
                    return (date, "DDMMYYYY", text)
                }
            }
            index = end
        }
        return nil
    }

    /// Imports `url` as the snapshot of `asOf`.
    ///
    /// The steps, each its own type: a reader (``ExportReader``: CSV or XLSX) gives raw rows; ``HeaderLocator``
    /// finds the header past title rows; ``EmployeeColumns`` maps header names; ``EmployeeRowMapper`` maps values
    /// (skipped for canonical files); ``EmployeeRowValidator`` checks each row; ``EmployeeBulkWriter`` stores it.
    public func importFile(_ url: URL, displayPath: String? = nil, asOf: CalendarDate, rejectFile: URL? = nil) throws -> ImportReport {
        let shown = displayPath ?? url.path
        let rejectURL = rejectFile ?? Self.defaultRejectFile(for: url)
        // Name the reject file the way the user named the input (relative stays relative).
        let shownDirectory = (shown as NSString).deletingLastPathComponent
        let rejectShown =
            rejectFile != nil
            ? rejectURL.path
            : shownDirectory.isEmpty ? rejectURL.lastPathComponent : shownDirectory + "/" + rejectURL.lastPathComponent
        let allUnits = try datastore.units()
        let units = allUnits.map(\.code)
        guard !units.isEmpty else {
            throw PantauError(
                file: datastore.displayPath, step: .datastore,
                "the datastore has no units yet; run `pantau import units units.csv` before importing employees")
        }
        let options = self.options
        let markers = Set(["nip", SIASNPreset.marker] + columnMapping.filter { $0.value == "nip" }.map(\.key))
        let opened = try ExportReader.open(url, displayPath: shown, options: options)
        let locator = HeaderLocator(markers: markers, headerRow: options.headerRow)
        guard
            let (reader, found) = try locator.locate(
                in: opened, reopen: { try ExportReader.open(url, displayPath: shown, options: options) })
        else {
            throw PantauError(file: shown, line: 1, step: .datastore, "the file is empty; expected a header line such as `nip,nik,nama,…`")
        }
        let header = found.fields
        var statusLists =
            statusFiles.isEmpty
            ? nil
            : try StatusLists(
                files: statusFiles.map { ($0.url, $0.displayPath) }, categories: datastore.categories, mapping: columnMapping,
                options: options)
        let columns = try EmployeeColumns(
            header: header, categories: datastore.categories, mapping: columnMapping, file: shown, line: found.line,
            optional: statusLists == nil ? [] : Set(StatusLists.columns(categories: datastore.categories)))
        var mapper =
            columns.isCanonical(values: valueMapping) && statusLists == nil
            ? nil
            : try EmployeeRowMapper(
                columns: columns, categories: datastore.categories, values: valueMapping, statusLists: statusLists != nil)
        let unitIndex = Dictionary(units.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let unitKeys =
            try datastore.unitKeys().compactMap { key in unitIndex[key.code.lowercased()].map { (key.key, $0) } }
            + allUnits.enumerated().map { ($1.name, $0) }
        var validator = EmployeeRowValidator(
            columns: mapper?.layout ?? columns, categoryKeys: datastore.categories.map(\.key), unitCodes: units,
            unitKeys: unitKeys, expectedRows: 1_024)
        validator.snapshotDate = asOf
        var counts = UnitCounters(units: units.count, categories: datastore.categories.count)
        var report = ImportReport(file: shown, asOf: asOf, outcome: .current)
        report.ignoredColumns = columns.ignored
        report.headerLine = found.line
        var rejects: CSVWriter?
        var rejected = RejectedIdentifiers(columns: columns)

        try datastore.wrap { db in
            // Rows are appended to a new table with no index, so a small page cache does: a larger one only holds
            // written pages longer (it was 64 MB, a fifth of a national import's peak memory).
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        try datastore.wrapTransaction { db in
            let newest = try String.fetchOne(db, sql: "SELECT max(as_of) FROM snapshot").flatMap(CalendarDate.init(iso:))
            let becomesCurrent = newest.map { asOf >= $0 } ?? true
            report.outcome = becomesCurrent ? .current : .history
            // Valid rows always go to employee_next, so the check before commit sees them; a history-only
            // import drops the table again.
            try db.execute(sql: "DROP TABLE IF EXISTS employee_next")
            try db.execute(sql: Schema.createEmployeeTable(named: "employee_next"))
            var writer = try EmployeeBulkWriter(db: db, table: "employee_next", unitCodes: units, displayPath: shown)
            // From here until `finish()`, SQLite is the writer thread's: this thread only reads and validates.
            let pipeline =
                pipelined
                ? EmployeeWriterThread(writer: writer, ledger: try IdentifierLedger.load(db, entries: false), unitCodes: units) : nil
            defer { pipeline?.stop() }
            func store(_ record: CSVRecord, line: Int) throws -> RowRejection? {
                if let rejection = validator.validate(record, line: line) { return rejection }
                report.imported += 1
                try validator.withRow { row in
                    counts.add(row)
                    if let pipeline { try pipeline.append(row) } else { try writer.insert(row) }
                }
                return nil
            }
            while try reader.next() {
                let line = reader.recordLine
                let rejection = try reader.withRecord { record -> RowRejection? in
                    if record.isBlank { return nil }  // `;;;;` rows Excel leaves behind
                    report.read += 1
                    if report.read & 0xFFFF == 0, let onProgress {
                        let (done, total) = reader.progress
                        onProgress(report.read, done, total)
                    }
                    if report.read == 1_000 {
                        // Now the average row length is known: size the NIP table for the whole file at once.
                        let (done, total) = reader.progress
                        let rows = total / max(done / max(line, 1), 1) * 11 / 10
                        validator.expect(rows: rows)
                        pipeline?.expect(rows: rows)
                    }
                    if let problem = ByteCheck.firstProblem(in: record.bytes) {
                        return Self.byteRejection(problem, record: record, header: header, line: line)
                    }
                    guard mapper != nil else { return try store(record, line: line) }
                    var status: StatusLists.Entry?
                    if statusLists != nil, columns.nip < record.count {
                        status = StatusLists.nip(EmployeeRowValidator.string(record[columns.nip])).flatMap { statusLists?.take($0) }
                    }
                    guard mapper?.map(record, status: status) == true else {
                        return RowRejection(
                            line: line, reason: .fieldCount, message: EmployeeRowValidator.fieldCountMessage(record.count, header.count))
                    }
                    let rejection = try mapper?.withRecord { try store($0, line: line) }
                    if rejection == nil, statusLists != nil, status == nil { report.withoutStatus += 1 }
                    return rejection
                }
                if let rejection {
                    report.count(rejection)
                    reader.withRecord { rejected.append($0, line: line) }
                    if rejects == nil {
                        let created = try CSVWriter(url: rejectURL, displayPath: rejectShown, delimiter: reader.rejectDelimiter)
                        try created.write(["baris", "alasan"] + header)
                        rejects = created
                    }
                    try rejects?.write(["\(line)", rejection.message] + reader.fields)
                }
            }
            var pending = PendingImport(report: report, rejected: [], validRowsTable: "employee_next")
            pending.validEntries = try pipeline?.finish()
            var statusRows: [RowIdentifiers] = []
            if let statusLists {
                // Every field of every status row goes to the ledger (the ledger keeps only NIP-, NIK- and email-shaped values).
                statusRows = statusLists.entries.flatMap { $0.fields.map { RowIdentifiers(line: nil, nip: $0) } }
                let unmatched = statusLists.unmatched
                report.statusWithoutEmployee = unmatched.count
                report.statusWithoutEmployeeLines = unmatched.prefix(3).map { "\($0.file):\($0.line)" }
                for entry in unmatched {
                    if rejects == nil {
                        let created = try CSVWriter(url: rejectURL, displayPath: rejectShown, delimiter: reader.rejectDelimiter)
                        try created.write(["baris", "alasan"] + header)
                        rejects = created
                    }
                    try rejects?.write(
                        ["\(entry.file):\(entry.line)", "the status row's NIP is not in \(shown); check the NIP or the export"]
                            + entry.fields)
                }
            }
            var hash = reader.sha256Hex
            if let statusLists {
                // The same export with other status lists is other data: both go into the snapshot's identity.
                hash = SHA256.hash(data: Array(([hash] + statusLists.hashes).joined(separator: ",").utf8)).map {
                    String(format: "%02x", $0)
                }.joined()
            }
            if let earlier = try String.fetchOne(db, sql: "SELECT as_of FROM snapshot WHERE source_hash = ?", arguments: [hash]) {
                if asOfGiven, earlier != asOf.description {
                    throw PantauError(
                        file: shown, step: .datastore,
                        "this file was imported before as the snapshot of \(earlier), so --as-of \(asOf) contradicts it; to change that "
                            + "snapshot's date, run `pantau snapshots redate \(earlier) \(asOf)`"
                    )
                }
                report = ImportReport(
                    file: shown, asOf: CalendarDate(iso: earlier) ?? asOf,
                    outcome: .alreadyImported(asOf: CalendarDate(iso: earlier) ?? asOf))
                rejects = nil
                return .rollback
            }
            guard report.read > 0 else {
                throw PantauError(
                    file: shown, line: found.line, step: .datastore, "the file has a header but no rows; nothing was imported")
            }
            guard report.imported > 0 else {
                try rejects?.finish()
                let top = report.rejectedByReason.max { $0.value < $1.value }.map { " (mostly \($0.key.rawValue))" } ?? ""
                throw PantauError(
                    file: shown, step: .datastore,
                    "none of the \(report.read) rows could be imported\(top); nothing changed. See \(rejectShown) for each row's reason")
            }
            // Safety rails, before anything of this import is kept (a refusal rolls the transaction back).
            let previous = try Row.fetchOne(
                db, sql: "SELECT employees, as_of FROM snapshot WHERE as_of < ? ORDER BY as_of DESC LIMIT 1",
                arguments: [asOf.description])
            report.rejectFile = rejects.map { _ in rejectShown }
            do {
                let previousAsOf = (previous?[1] as String?).flatMap(CalendarDate.init(iso:))
                try safety?.check(report, previousEmployees: previous?[0], previousAsOf: previousAsOf)
            } catch {
                try rejects?.finish()
                throw error
            }
            report.rejectFile = nil
            if let replaced = try Int64.fetchOne(db, sql: "SELECT id FROM snapshot WHERE as_of = ?", arguments: [asOf.description]) {
                try db.execute(sql: "DELETE FROM snapshot WHERE id = ?", arguments: [replaced])
                try db.execute(sql: "DELETE FROM snapshot_unit WHERE snapshot_id = ?", arguments: [replaced])
                report.replacedSameDate = true
            }
            try db.execute(
                sql: """
                    INSERT INTO snapshot (as_of, source_hash, source_file, imported_at, employees, rows_read, rows_rejected,
                                          rows_without_status)
                    VALUES (?, ?, ?, datetime('now'), ?, ?, ?, ?)
                    """,
                arguments: [
                    asOf.description, hash, url.lastPathComponent, report.imported, report.read, report.rejected,
                    report.withoutStatus,
                ])
            let snapshotID = db.lastInsertedRowID
            report.snapshotID = snapshotID
            try counts.store(db: db, snapshot: snapshotID, unitCodes: units)
            if becomesCurrent {
                try Self.forEachNIP(db, table: "employee") { value in
                    if validator.contains(nip: value) { return }
                    if rejected.contains(nip: value) { report.previousRejected += 1 } else { report.noLongerCounted += 1 }
                }
            }
            validator.forgetNIPs()  // room for the ledger's merge
            pending.report = report
            pending.rejected = rejected.rows + statusRows
            try beforeCommit(&pending, db: db)
            if becomesCurrent {
                try db.execute(sql: "DROP TABLE employee")
                try db.execute(sql: "ALTER TABLE employee_next RENAME TO employee")
            } else {
                try db.execute(sql: "DROP TABLE employee_next")
            }
            return .commit
        }
        if let rejects {
            try rejects.finish()
            report.rejectFile = rejectShown
        } else if case .alreadyImported = report.outcome {
            // Leave an earlier reject file alone: it belongs to the same bytes.
        } else if FileManager.default.fileExists(atPath: rejectURL.path) {
            try? FileManager.default.removeItem(at: rejectURL)  // stale: this import rejected nothing
        }
        return report
    }

    /// THE place for checks and records that need the whole import before it commits, inside its transaction:
    /// import policy (how many rows may be rejected or dropped) and the identifier ledger (every NIP, NIK and
    /// email seen, valid and rejected). Throwing here rolls the import back and leaves the datastore as it was.
    func beforeCommit(_ pending: inout PendingImport, db: Database) throws {
        guard var ledger = try IdentifierLedger.load(db) else { return }
        let matcher = ledger.matcher()
        var entries: [UInt64]
        if let computed = pending.validEntries {
            entries = computed
            pending.validEntries = nil  // `entries` is then the list's only owner: appending copies nothing
        } else {
            entries = []
            try pending.forEachValidIdentifier(db) { matcher.entries(of: $0, into: &entries) }
        }
        for row in pending.rejected { matcher.entries(of: row, into: &entries) }
        try ledger.add(&entries, db: db)
    }

    /// Calls `body` with the NIP of every row of `table` as a number (0 when it is not one), from SQLite's bytes:
    /// no `String` for each of millions of rows.
    static func forEachNIP(_ db: Database, table: String, _ body: (UInt64) -> Void) throws {
        let statement = try db.makeStatement(sql: "SELECT nip FROM \(table)")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let count = Int(sqlite3_column_bytes(handle, 0))
            guard let text = sqlite3_column_text(handle, 0) else {
                body(0)
                continue
            }
            let bytes = UnsafeBufferPointer(start: text, count: count)
            if count > 0, count <= 19, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                body(bytes.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 48) })
            } else {
                body(UInt64(String(decoding: bytes, as: UTF8.self)) ?? 0)  // as `UInt64(String)` reads anything else
            }
        }
    }

    /// A rejection for a NUL byte or bytes that are not UTF-8, naming the field and the byte.
    static func byteRejection(_ problem: ByteCheck.Problem, record: CSVRecord, header: [String], line: Int) -> RowRejection {
        let offset: Int
        switch problem {
        case .nul(let at), .notUTF8(let at, _): offset = at
        }
        let field = record.ends.firstIndex { $0 > offset } ?? 0
        let fieldStart = field == 0 ? 0 : record.ends[field - 1]
        let name = field < header.count ? " (\(header[field]))" : ""
        let position = offset - fieldStart + 1
        switch problem {
        case .nul:
            return RowRejection(
                line: line, reason: .nulByte,
                message:
                    "field \(field + 1)\(name) holds a NUL byte (byte \(position) of the field); remove it from the export and import again"
            )
        case .notUTF8(_, let byte):
            return RowRejection(
                line: line, reason: .encoding,
                message: "field \(field + 1)\(name) is not UTF-8 (byte \(position) of the field is "
                    + String(format: "0x%02X", byte)
                    + "); if an older Windows program saved the file, import it with --encoding windows-1252")
        }
    }
}

/// Per-unit tallies of one import, kept in memory (a few thousand units at most) and stored with the snapshot.
struct UnitCounters {
    private var employees: [Int], activated: [Int], complete: [Int], done: [Int]
    private let categories: Int

    init(units: Int, categories: Int) {
        employees = Array(repeating: 0, count: units)
        activated = employees
        complete = employees
        done = Array(repeating: 0, count: units * categories)
        self.categories = categories
    }

    mutating func add(_ row: borrowing EmployeeRowValidator.Row) {
        let unit = row.unitIndex
        employees[unit] += 1
        if row.activated { activated[unit] += 1 }
        var all = true
        for (index, letter) in row.statuses.enumerated() {
            if letter == CategoryStatus.sesuai.letter || letter == CategoryStatus.disetujui.letter {
                done[unit * categories + index] += 1
            } else {
                all = false
            }
        }
        if all { complete[unit] += 1 }
    }

    func store(db: Database, snapshot: Int64, unitCodes: [String]) throws {
        let statement = try db.makeStatement(
            sql: "INSERT INTO snapshot_unit (snapshot_id, unit_code, employees, activated, complete, done) VALUES (?, ?, ?, ?, ?, ?)")
        for (unit, code) in unitCodes.enumerated() where employees[unit] > 0 {
            let doneText = done[(unit * categories)..<((unit + 1) * categories)].map(String.init).joined(separator: ",")
            try statement.execute(arguments: [snapshot, code, employees[unit], activated[unit], complete[unit], doneText])
        }
    }
}
