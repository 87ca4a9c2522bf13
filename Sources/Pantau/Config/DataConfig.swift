import Foundation

/// The `data:` section of `site.yml`: where the employee datastore lives and what it tracks.
public struct DataConfig: Sendable {
    /// Path of the SQLite datastore: relative to the site folder, or absolute.
    public var datastore: String
    /// The data categories employees must update, in display order.
    public var categories: [DataCategory]
    /// Header names of real exports mapped onto the canonical column names (`NIP BARU` → `nip`).
    public var columns: [String: String]
    /// Safety rails of unattended imports and builds (`max_drop`, `max_rejects`, `stale_after_days`).
    public var rails = DataRails()
    /// `data.values`: per canonical column, the export's spellings (normalised: lower case, single spaces) →
    /// the canonical value (`status_aktivasi: {Sudah Aktivasi: sudah}`).
    public var values: [String: [String: String]] = [:]

    /// One data category of PDM (for example `rw_jabatan`, "Riwayat jabatan").
    public struct DataCategory: Sendable, Equatable {
        /// Column key in exports and open data, `[a-z0-9_]+`.
        public var key: String
        /// Label shown on pages, in the site's language.
        public var label: String

        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    /// The defaults: `data/pantau.sqlite` and the campaign's twelve categories.
    init(
        datastore: String = "data/pantau.sqlite", categories: [DataCategory] = DataConfig.campaignCategories,
        columns: [String: String] = [:]
    ) {
        self.datastore = datastore
        self.categories = categories
        self.columns = columns
    }

    /// Where the datastore is for the site in `siteDirectory`. The one resolver `pantau import` and
    /// `pantau build` share, so an absolute `data.datastore` means the same file to both.
    public func datastoreURL(siteDirectory: URL) -> URL {
        Self.resolve(datastore, in: siteDirectory)
    }

    /// A path from site.yml: absolute as written, else relative to the site folder.
    static func resolve(_ path: String, in siteDirectory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : siteDirectory.appendingPathComponent(path)
    }

    /// The twelve categories of the 2021 PDM campaign (Keputusan Kepala BKN 87/2021).
    public static let campaignCategories: [DataCategory] = [
        .init(key: "data_personal", label: "Data personal"),
        .init(key: "rw_jabatan", label: "Riwayat jabatan"),
        .init(key: "rw_pendidikan", label: "Riwayat pendidikan serta diklat/kursus"),
        .init(key: "rw_skp", label: "Riwayat SKP"),
        .init(key: "rw_penghargaan", label: "Riwayat penghargaan (tanda jasa)"),
        .init(key: "rw_golongan", label: "Riwayat pangkat dan golongan ruang"),
        .init(key: "rw_keluarga", label: "Riwayat keluarga"),
        .init(key: "rw_pmk", label: "Riwayat peninjauan masa kerja"),
        .init(key: "rw_pindah_instansi", label: "Riwayat pindah instansi"),
        .init(key: "rw_cltn", label: "Riwayat CLTN (cuti di luar tanggungan negara)"),
        .init(key: "rw_cpns_pns", label: "Riwayat CPNS/PNS"),
        .init(key: "rw_organisasi", label: "Riwayat organisasi"),
    ]

    /// The same twelve with English labels, the default under `language: en`.
    static let campaignCategoriesEnglish: [DataCategory] = [
        .init(key: "data_personal", label: "Personal data"),
        .init(key: "rw_jabatan", label: "Position history"),
        .init(key: "rw_pendidikan", label: "Education and training history"),
        .init(key: "rw_skp", label: "Performance appraisal (SKP) history"),
        .init(key: "rw_penghargaan", label: "Awards and honours history"),
        .init(key: "rw_golongan", label: "Rank and grade history"),
        .init(key: "rw_keluarga", label: "Family records"),
        .init(key: "rw_pmk", label: "Service period review history"),
        .init(key: "rw_pindah_instansi", label: "Agency transfer history"),
        .init(key: "rw_cltn", label: "Unpaid leave (CLTN) history"),
        .init(key: "rw_cpns_pns", label: "CPNS/PNS history"),
        .init(key: "rw_organisasi", label: "Organisation history"),
    ]

    /// The canonical employee export columns (besides one per category key).
    static let employeeColumns = [
        "nip", "nik", "nama", "jenis_kelamin", "status_pegawai", "golongan", "jabatan",
        "kode_unit", "email", "status_aktivasi", "tanggal_aktivasi",
    ]
    /// The canonical `units.csv` columns.
    static let unitColumns = ["kode", "nama", "induk", "jenis", "alias", "unor_id"]

    /// - Parameter language: the interface language, which picks a category's label when it is given per
    ///   language (`label: {id: Riwayat jabatan, en: Position history}`) and the default categories' labels.
    static func parse(_ map: inout YAMLMap, language: String = "id") throws -> DataConfig {
        var config = DataConfig(categories: language == "en" ? campaignCategoriesEnglish : campaignCategories)
        if let path = try map.string("datastore") { config.datastore = path }
        if let list = try map.maps("categories") {
            var seen = Set<String>()
            config.categories = []
            for var entry in list {
                let key = try entry.requiredString("key")
                guard key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                    throw entry.error(at: entry.node("key"), "category key \"\(key)\" should use only a-z, 0-9 and _")
                }
                guard seen.insert(key).inserted else {
                    throw entry.error(at: entry.node("key"), "category key \"\(key)\" is listed twice")
                }
                let label = try entry.requiredLocalizedString("label", language: language)
                config.categories.append(.init(key: key, label: label))
                try entry.finish(known: "`key`, `label`")
            }
            if config.categories.isEmpty {
                throw map.error(
                    at: map.node("categories"), "`categories` is empty; list at least one, or remove it to use the campaign's 12")
            }
        }
        if var columns = try map.map("columns") {
            for (header, node) in columns.entries() {
                guard case .scalar(let target) = node else {
                    throw columns.error(at: node, "`\(header)` should map to a canonical column name like `nip`")
                }
                config.columns[HeaderLocator.normalise(header)] = target.string.lowercased()
            }
            // Checked once the categories are known: a mapping onto a name no import reads would be silently lost.
            let known = Set(employeeColumns + unitColumns + ["unor_nama"] + config.categories.map(\.key))
            for (header, node) in columns.entries() {
                guard case .scalar(let target) = node else { continue }
                if !known.contains(target.string.lowercased()) {
                    throw columns.error(
                        at: node,
                        "`\(header)` maps to `\(target.string)`, which is not a column Pantau reads; use one of "
                            + "\(employeeColumns.joined(separator: ", ")), a category key, or \(unitColumns.joined(separator: ", "))"
                    )
                }
            }
        }
        try config.rails.parse(&map)
        if var values = try map.map("values") {
            let mappable = Set(
                ["jenis_kelamin", "status_pegawai", "status_aktivasi", "golongan", "jabatan", "kode_unit"]
                    + config.categories.map(\.key))
            for (column, node) in values.entries() {
                let key = column.lowercased()
                guard mappable.contains(key) else {
                    throw values.error(
                        at: node,
                        "data.values.\(column): values can be mapped for \(mappable.sorted().joined(separator: ", ")); fix the column name")
                }
                guard case .mapping(let pairs) = node else {
                    throw values.error(at: node, "data.values.\(column) should be a mapping like `{Sudah Aktivasi: sudah}`")
                }
                var table: [String: String] = [:]
                for (rawNode, canonicalNode) in pairs {
                    guard let raw = rawNode.string, let canonical = canonicalNode.string else {
                        throw values.error(at: rawNode, "data.values.\(column): each entry should be `export value: canonical value`")
                    }
                    table[HeaderLocator.normalise(raw)] = canonical
                }
                config.values[key] = table
            }
        }
        try map.finish(known: "`datastore`, `categories`, `columns`, `values`, `max_drop`, `max_rejects`, `stale_after_days`")
        return config
    }
}
