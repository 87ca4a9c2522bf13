import Foundation

/// Where each canonical column sits in an employee export, resolved from its header line.
///
/// Header names are matched case-insensitively, after `site.yml`'s `data.columns` mapping
/// (`nip baru: nip`). Columns the importer does not know are ignored.
struct EmployeeColumns: Sendable, Equatable {
    /// The canonical employee columns, in the order the sample and the docs write them.
    static let canonical = DataConfig.employeeColumns
    /// Columns an export must have (besides one per category).
    static let required: Set<String> = ["nip", "nama", "jenis_kelamin", "status_pegawai", "kode_unit", "status_aktivasi"]

    var nip: Int
    var nik: Int?
    var name: Int
    var gender: Int
    var status: Int
    var golongan: Int?
    var position: Int?
    var unit: Int
    var email: Int?
    var activation: Int
    var activationDate: Int?
    /// One column index per category, in category order.
    var categories: [Int]
    /// Number of fields in the header; every row must have as many.
    var count: Int
    /// Header names nobody reads (reported in the summary so a misspelt mapping shows).
    var ignored: [String]

    /// Resolves `header` or throws a ``PantauError`` naming the first missing or repeated column.
    init(header: [String], categories: [DataConfig.DataCategory], mapping: [String: String], file: String, line: Int) throws {
        var index: [String: Int] = [:]
        var ignored: [String] = []
        let wanted = Set(Self.canonical).union(categories.map(\.key))
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            let canonical = mapping[name] ?? name
            guard wanted.contains(canonical) else {
                ignored.append(raw)
                continue
            }
            if let first = index[canonical] {
                throw PantauError(file: file, line: line, column: position + 1, step: .datastore,
                                  "the header names the column `\(canonical)` twice (fields \(first + 1) and \(position + 1)); remove one, or fix data.columns in site.yml")
            }
            index[canonical] = position
        }
        let missing = (Self.canonical.filter(Self.required.contains) + categories.map(\.key)).filter { index[$0] == nil }
        if let first = missing.first {
            let others = missing.count > 1 ? " (also missing: \(missing.dropFirst().joined(separator: ", ")))" : ""
            throw PantauError(file: file, line: line, step: .datastore,
                              "the header has no `\(first)` column\(others); the file was not imported. Add the column, or map your export's name for it under data.columns in site.yml")
        }
        func required(_ name: String) -> Int { index[name] ?? 0 }
        nip = required("nip")
        nik = index["nik"]
        name = required("nama")
        gender = required("jenis_kelamin")
        status = required("status_pegawai")
        golongan = index["golongan"]
        position = index["jabatan"]
        unit = required("kode_unit")
        email = index["email"]
        activation = required("status_aktivasi")
        activationDate = index["tanggal_aktivasi"]
        self.categories = categories.map { required($0.key) }
        count = header.count
        self.ignored = ignored
    }
}
