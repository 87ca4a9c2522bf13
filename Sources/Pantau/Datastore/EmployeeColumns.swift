import Foundation

/// Where each canonical column sits in an employee export, resolved from its header line.
///
/// Header names are matched case-insensitively with runs of spaces as one, after `site.yml`'s `data.columns`
/// mapping (`nip baru: nip`) and, for a SIASN export, the ``SIASNPreset``. Columns the importer does not know
/// are listed as unused.
struct EmployeeColumns: Sendable, Equatable {
    /// The canonical employee columns, in the order the sample and the docs write them.
    static let canonical = DataConfig.employeeColumns
    /// Columns an export must have (besides one per category).
    static let required: Set<String> = ["nip", "nama", "jenis_kelamin", "status_pegawai", "kode_unit", "status_aktivasi"]
    /// Extra unit fields: an employee's unit is found by any of `kode_unit`, `unor_id`, `unor_nama`.
    static let unitColumns = ["kode_unit", "unor_id", "unor_nama"]

    var nip: Int
    var nik: Int?
    var name: Int
    var gender: Int
    var status: Int
    var golongan: Int?
    var position: Int?
    /// The first unit field (for the canonical layout, `kode_unit`).
    var unit: Int
    /// Every unit field present, `kode_unit` first.
    var unitFields: [Int]
    var email: Int?
    var activation: Int
    var activationDate: Int?
    /// One column index per category, in category order.
    var categories: [Int]
    /// Number of fields in the header; every row must have as many.
    var count: Int
    /// Header names nobody reads (reported in the summary so a misspelt mapping shows).
    var ignored: [String]
    /// Canonical name → position, for every column found (including `gelar_depan`, `unor_id` …).
    var index: [String: Int]
    /// Whether the SIASN preset named the columns.
    var preset: Bool

    /// Resolves `header` or throws a ``PantauError`` naming the first missing or repeated column.
    /// Columns in `optional` (filled from status lists) may be missing.
    init(
        header: [String], categories: [DataConfig.DataCategory], mapping: [String: String], file: String, line: Int,
        optional: Set<String> = []
    ) throws {
        var index: [String: Int] = [:]
        var ignored: [String] = []
        let normalised = header.map(HeaderLocator.normalise)
        let mapsNIP = normalised.contains { mapping[$0] == "nip" || $0 == "nip" }
        let preset = !mapsNIP && normalised.contains(SIASNPreset.marker)
        let presetNames = Dictionary(SIASNPreset.columns, uniquingKeysWith: { first, _ in first })
        let presetRank = Dictionary(SIASNPreset.columns.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { first, _ in first })
        var chosenRank: [String: Int] = [:]
        let wanted = Set(Self.canonical).union(categories.map(\.key)).union(Self.unitColumns)
        for (position, name) in normalised.enumerated() {
            if let target = mapping[name] ?? (wanted.contains(name) ? name : nil) {
                if let first = index[target] {
                    throw PantauError(
                        file: file, line: line, column: position + 1, step: .datastore,
                        "the header names the column `\(target)` twice (fields \(first + 1) and \(position + 1)); remove one, or fix "
                            + "data.columns in site.yml"
                    )
                }
                index[target] = position
                chosenRank[target] = -1
                continue
            }
            if preset, let target = presetNames[name], let rank = presetRank[name] {
                // SIASN has two columns for the employee status: the first in the preset's order wins.
                if let chosen = chosenRank[target], chosen <= rank {
                    ignored.append(header[position])
                    continue
                }
                if let previous = index[target], chosenRank[target] != nil { ignored.append(header[previous]) }
                index[target] = position
                chosenRank[target] = rank
                continue
            }
            ignored.append(header[position])
        }
        let hasUnit = Self.unitColumns.contains { index[$0] != nil }
        let missing = (Self.canonical.filter(Self.required.contains) + categories.map(\.key)).filter {
            index[$0] == nil && !optional.contains($0) && !($0 == "kode_unit" && hasUnit)
        }
        if let first = missing.first {
            let others = missing.count > 1 ? " (also missing: \(missing.dropFirst().joined(separator: ", ")))" : ""
            let statusColumns = Set(["status_aktivasi"] + categories.map(\.key))
            let lists = missing.allSatisfy(statusColumns.contains) ? "; or give the statuses as lists joined on NIP with --status FILE" : ""
            throw PantauError(
                file: file, line: line, step: .datastore,
                "the header has no `\(first)` column\(others); the file was not imported. Add the column, or map your export's name for it "
                    + "under data.columns in site.yml\(lists)"
            )
        }
        func required(_ name: String) -> Int { index[name] ?? 0 }
        nip = required("nip")
        nik = index["nik"]
        name = required("nama")
        gender = required("jenis_kelamin")
        status = required("status_pegawai")
        golongan = index["golongan"]
        position = index["jabatan"]
        unitFields = Self.unitColumns.compactMap { index[$0] }
        unit = unitFields.first ?? 0
        email = index["email"]
        activation = required("status_aktivasi")
        activationDate = index["tanggal_aktivasi"]
        self.categories = categories.map { required($0.key) }
        count = header.count
        self.ignored = ignored
        self.index = index
        self.preset = preset
    }

    /// The canonical layout the row mapper writes: the canonical columns, the categories, then `unor_id` and
    /// `unor_nama`.
    static func canonicalLayout(categories: [DataConfig.DataCategory]) throws -> EmployeeColumns {
        try EmployeeColumns(header: canonicalNames(categories: categories), categories: categories, mapping: [:], file: "", line: 0)
    }

    static func canonicalNames(categories: [DataConfig.DataCategory]) -> [String] {
        canonical + categories.map(\.key) + ["unor_id", "unor_nama"]
    }

    /// Whether rows can be validated as they are read (canonical names, nothing to clean or join).
    func isCanonical(values: [String: [String: String]]) -> Bool {
        !preset && values.isEmpty && unitFields.count == 1 && index["kode_unit"] != nil
            && index["status_aktivasi"] != nil && index["gelar_depan"] == nil && index["gelar_belakang"] == nil
    }
}
