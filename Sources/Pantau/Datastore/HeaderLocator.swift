/// Finds the header row of an export: the first row that names a NIP column, past any title rows
/// ("DAFTAR PEGAWAI …", a date line, an empty line) a report puts above it.
struct HeaderLocator {
    /// Header names (lower-cased, spaces collapsed) that mark the header row.
    let markers: Set<String>
    /// `--header-row N`: the header is the row starting on line N, whatever it names.
    let headerRow: Int?
    /// How many rows are looked at before giving up and taking the first row as the header.
    static let searchLimit = 50

    /// What was found: the header's fields, its line, and the rows before it (kept only for messages).
    struct Found {
        var fields: [String]
        var line: Int
        var skippedRows: Int
    }

    /// Moves `source` past the header row and returns it; nil when the file has no rows at all.
    ///
    /// Without `--header-row`, when no row among the first ``searchLimit`` names a marker, the first row is taken
    /// (so the missing-column message names the columns it lacks) and the source is read again from the start.
    func locate(in source: RowSource, reopen: () throws -> RowSource) throws -> (RowSource, Found)? {
        var rows = 0
        if let headerRow {
            while try source.next() {
                if source.recordLine == headerRow { return (source, Found(fields: source.fields, line: headerRow, skippedRows: rows)) }
                if source.recordLine > headerRow { break }
                rows += 1
            }
            throw PantauError(
                file: source.displayPath, line: headerRow, step: .datastore,
                "--header-row \(headerRow): no row starts on that line (the file has \(rows) rows before it, or it is inside an earlier "
                    + "row); give the line number of the header row"
            )
        }
        while rows < Self.searchLimit, try source.next() {
            let fields = source.fields
            if fields.contains(where: { markers.contains(Self.normalise($0)) }) {
                return (source, Found(fields: fields, line: source.recordLine, skippedRows: rows))
            }
            rows += 1
        }
        guard rows > 0 else { return nil }
        let again = try reopen()
        guard try again.next() else { return nil }
        return (again, Found(fields: again.fields, line: again.recordLine, skippedRows: 0))
    }

    /// Lower-cased, trimmed, inner runs of spaces, underscores and tabs as one space (`NIP  BARU` = `nip baru`).
    static func normalise(_ name: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in name.lowercased() {
            if character == " " || character == "\t" || character == "\u{A0}" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(character)
        }
        return result
    }
}
