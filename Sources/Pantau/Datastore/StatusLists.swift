import Foundation

/// Status lists joined on NIP: files with `nip` and any of `status_aktivasi`, `tanggal_aktivasi` and the
/// category keys, given with `--status`, that supply those columns for an export that lacks them.
///
/// Headers are mapped like any export (`data.columns`, title rows skipped). A later file overrides an earlier
/// one column by column. Values are mapped and validated with the export row they join.
struct StatusLists {
    /// One status row.
    struct Entry {
        var file: String
        var line: Int
        /// Canonical column → value.
        var values: [String: String]
        /// The row as written, for the reject file.
        var fields: [String]
        var matched = false
    }

    /// The columns a status list may supply.
    static func columns(categories: [DataConfig.DataCategory]) -> [String] {
        ["status_aktivasi", "tanggal_aktivasi"] + categories.map(\.key)
    }

    private(set) var entries: [Entry] = []
    private var byNIP: [UInt64: Int] = [:]
    let files: [String]
    /// SHA-256 of each file, part of the snapshot's identity (the same export with other lists is other data).
    private(set) var hashes: [String] = []

    init(
        files: [(url: URL, shown: String)], categories: [DataConfig.DataCategory], mapping: [String: String],
        options: ImportOptions
    ) throws {
        self.files = files.map(\.shown)
        let wanted = Set(Self.columns(categories: categories))
        for (url, shown) in files {
            let markers = Set(["nip", SIASNPreset.marker] + mapping.filter { $0.value == "nip" }.map(\.key))
            var fileOptions = options
            fileOptions.headerRow = nil
            let locator = HeaderLocator(markers: markers, headerRow: nil)
            let open = { try ExportReader.open(url, displayPath: shown, options: fileOptions) }
            guard let (reader, found) = try locator.locate(in: try open(), reopen: open) else {
                throw PantauError(
                    file: shown, line: 1, step: .datastore, "the status list is empty; expected a header such as `nip,status_aktivasi,…`")
            }
            var index: [String: Int] = [:]
            for (position, raw) in found.fields.enumerated() {
                let name = HeaderLocator.normalise(raw)
                let target = mapping[name] ?? (name == SIASNPreset.marker ? "nip" : name)
                if target == "nip" || wanted.contains(target) { index[target] = index[target] ?? position }
            }
            guard let nipColumn = index["nip"] else {
                throw PantauError(
                    file: shown, line: found.line, step: .datastore,
                    "the status list's header has no `nip` column; add it, or map its name under data.columns in site.yml")
            }
            guard index.count > 1 else {
                throw PantauError(
                    file: shown, line: found.line, step: .datastore,
                    "the status list has no status column; it needs `status_aktivasi`, `tanggal_aktivasi` or a category key"
                        + " such as `\(categories.first?.key ?? "data_personal")`")
            }
            while try reader.next() {
                let fields = reader.fields
                if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                var values: [String: String] = [:]
                for (column, position) in index where column != "nip" && position < fields.count {
                    values[column] = fields[position].trimmingCharacters(in: .whitespaces)
                }
                let entry = Entry(file: shown, line: reader.recordLine, values: values, fields: fields)
                let nip = nipColumn < fields.count ? Self.nip(fields[nipColumn]) : nil
                if let nip, let existing = byNIP[nip] {
                    entries[existing].values.merge(values) { _, later in later }
                    continue
                }
                entries.append(entry)
                if let nip { byNIP[nip] = entries.count - 1 }
            }
            hashes.append(reader.sha256Hex)
        }
    }

    /// The NIP of a field: 18 digits, spaces and a leading apostrophe allowed.
    static func nip(_ text: String) -> UInt64? {
        var digits = ""
        for (offset, character) in text.trimmingCharacters(in: .whitespaces).enumerated() {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else if character == " " || (character == "'" && offset == 0) {
                continue
            } else {
                return nil
            }
        }
        return digits.count == 18 ? UInt64(digits) : nil
    }

    /// The status row of `nip`, marked as joined; nil when the lists have none.
    mutating func take(_ nip: UInt64) -> Entry? {
        guard let index = byNIP[nip] else { return nil }
        entries[index].matched = true
        return entries[index]
    }

    /// Status rows that joined no export row.
    var unmatched: [Entry] { entries.filter { !$0.matched } }
}
