/// Turns a raw export row (the export's own columns and spellings) into a row in the canonical layout
/// (``EmployeeColumns/canonicalLayout(categories:)``), which the validator then checks.
///
/// It picks each canonical field's column, joins SIASN's name and titles, cleans SIASN values (`null`, a
/// leading `'`) and applies `data.values` (matched case- and space-insensitively). A value with no mapping is
/// passed on as it is, so the validator's message names it and the mapping line that would fix it.
struct EmployeeRowMapper {
    private enum Source {
        case absent
        case column(Int)
        case fullName(name: Int, front: Int?, back: Int?)
    }

    private let sources: [Source]
    /// Per canonical field, the value table to apply (normalised raw → canonical bytes).
    private let tables: [[String: [UInt8]]?]
    private let clean: Bool
    /// With status lists: canonical slot → the status column it takes from the joined status row.
    private let statusSlots: [Int: String]
    /// Raw field count every row must have.
    let rawCount: Int
    /// The canonical layout the mapped row follows.
    let layout: EmployeeColumns

    private var data: [UInt8] = []
    private var ends: [Int] = []

    init(columns: EmployeeColumns, categories: [DataConfig.DataCategory], values: [String: [String: String]], statusLists: Bool = false)
        throws
    {
        layout = try EmployeeColumns.canonicalLayout(categories: categories)
        let names = EmployeeColumns.canonicalNames(categories: categories)
        sources = names.map { name in
            if name == "nama", columns.preset, let column = columns.index["nama"] {
                return .fullName(name: column, front: columns.index["gelar_depan"], back: columns.index["gelar_belakang"])
            }
            return columns.index[name].map(Source.column) ?? .absent
        }
        var merged = columns.preset ? SIASNPreset.values : [:]
        for (column, table) in values { merged[column, default: [:]].merge(table) { _, user in user } }
        tables = names.map { name in merged[name].map { $0.mapValues { Array($0.utf8) } } }
        clean = columns.preset
        rawCount = columns.count
        let statusColumns = Set(StatusLists.columns(categories: categories))
        statusSlots =
            statusLists
            ? Dictionary(
                uniqueKeysWithValues: names.enumerated().filter { statusColumns.contains($0.element) }.map { ($0.offset, $0.element) })
            : [:]
    }

    /// Maps `record`; false when its field count differs from the header's (the validator's message then
    /// names both counts).
    ///
    /// With status lists, `status` is the row's joined status row (nil: none, so not activated and nothing done).
    mutating func map(_ record: CSVRecord, status: StatusLists.Entry? = nil) -> Bool {
        data.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        guard record.count == rawCount else { return false }
        for (slot, source) in sources.enumerated() {
            let start = data.count
            if let column = statusSlots[slot] {
                if let value = status?.values[column] {
                    data.append(contentsOf: value.utf8)
                    applyTable(slot, from: start)
                    ends.append(data.count)
                    continue
                }
                if status == nil {
                    if column == "status_aktivasi" { data.append(contentsOf: "belum".utf8) }
                    ends.append(data.count)
                    continue
                }
            }
            switch source {
            case .absent:
                break
            case .column(let column):
                data.append(contentsOf: cleaned(record[column]))
            case .fullName(let name, let front, let back):
                let frontText = front.map { cleaned(record[$0]) } ?? Bytes(start: nil, count: 0)
                let backText = back.map { cleaned(record[$0]) } ?? Bytes(start: nil, count: 0)
                let nameText = cleaned(record[name])
                if frontText.isEmpty && backText.isEmpty || nameText.isEmpty {
                    data.append(contentsOf: nameText)
                } else {
                    let joined = SIASNPreset.fullName(
                        front: EmployeeRowValidator.string(frontText),
                        name: EmployeeRowValidator.string(nameText), back: EmployeeRowValidator.string(backText))
                    data.append(contentsOf: joined.utf8)
                }
            }
            applyTable(slot, from: start)
            ends.append(data.count)
        }
        return true
    }

    /// Replaces the value from `start` on by its `data.values` mapping, if it has one.
    private mutating func applyTable(_ slot: Int, from start: Int) {
        guard let table = tables[slot], data.count > start else { return }
        let key = HeaderLocator.normalise(String(decoding: data[start...], as: UTF8.self))
        if let mapped = table[key] {
            data.removeSubrange(start...)
            data.append(contentsOf: mapped)
        }
    }

    /// A field trimmed, and cleaned the SIASN way when the preset applies (`null` → empty, leading `'` dropped).
    private func cleaned(_ field: Bytes) -> Bytes {
        var value = EmployeeRowValidator.trim(field)
        if clean {
            if value.first == UInt8(ascii: "'") { value = EmployeeRowValidator.trim(Bytes(rebasing: value.dropFirst())) }
            if value.count == 4, KeywordTable<Bool>.pack(value) == Self.null { return Bytes(start: nil, count: 0) }
        }
        return value
    }

    private static let null = Array("null".utf8).withUnsafeBufferPointer { KeywordTable<Bool>.pack($0) }

    /// Calls `body` with the mapped row (valid only during the call).
    func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R {
        try data.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in try body(CSVRecord(bytes: bytes, ends: ends)) }
        }
    }
}
