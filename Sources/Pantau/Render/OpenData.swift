import Foundation

/// The open-data files: `/data/progres.csv` (one row per unit) and `/data/ringkasan.json`.
/// Numbers use `.` and one decimal whatever the site's language, so any tool can read them.
enum OpenData {
    /// The files' paths in the output.
    static let paths = ["data/progres.csv", "data/ringkasan.json"]

    static func percent(_ rate: Double) -> String {
        Decimal1.format(rate * 100)
    }

    /// Every unit, sub-units included, each counting its own and its sub-units' employees. A small group
    /// (`privacy.min_group`) has `disembunyikan` 1 and empty figures; every other row has `disembunyikan` 0.
    static func csv(_ d: Dashboard) -> OutputFile {
        var header = ["kode_unit", "nama_unit", "pegawai", "sudah_aktivasi", "persen_aktivasi", "pdm_lengkap", "persen_pdm_lengkap"]
        header += d.categories.map { "persen_\($0.key)" }
        header.append("disembunyikan")
        var lines = [header.joined(separator: ",")]
        for u in d.units {
            let p = u.progress
            var row = [CSVEscaper.field(u.unit.code), CSVEscaper.field(u.unit.name)]
            if u.suppressed {
                row += Array(repeating: "", count: 5 + d.categories.count)
                row.append("1")
            } else {
                row += ["\(p.employees)", "\(p.activated)", percent(p.activationRate), "\(p.complete)", percent(p.completionRate)]
                row += d.categories.indices.map { percent(p.categoryRate($0)) }
                row.append("0")
            }
            lines.append(row.joined(separator: ","))
        }
        return OutputFile(path: paths[0], text: lines.joined(separator: "\n") + "\n")
    }

    /// The city's totals, per category and per snapshot date, as stable JSON (sorted keys). `kelompok_minimum` is
    /// `privacy.min_group` and `unit_disembunyikan` how many units the CSV hides; a total or a snapshot below it has
    /// `disembunyikan: true` and null figures.
    static func json(_ d: Dashboard) -> OutputFile {
        let p = d.total.progress
        let hide = d.total.suppressed
        func figure(_ value: Any) -> Any { hide ? NSNull() : value }
        let summary: [String: Any] = [
            "as_of": d.asOf.description,
            "batas_waktu": d.deadline?.description ?? NSNull(),
            "ditolak": d.latestRejected,
            "tanpa_status": d.latestWithoutStatus,
            "kelompok_minimum": d.minGroup,
            "unit_disembunyikan": d.units.filter(\.suppressed).count,
            "disembunyikan": hide,
            "pegawai": figure(p.employees),
            "sudah_aktivasi": figure(p.activated),
            "persen_aktivasi": figure(Double(percent(p.activationRate)) ?? 0),
            "pdm_lengkap": figure(p.complete),
            "persen_pdm_lengkap": figure(Double(percent(p.completionRate)) ?? 0),
            "kategori": d.categories.indices.map { i in
                [
                    "kunci": d.categories[i].key, "label": d.categories[i].label, "selesai": figure(p.doneByCategory[i]),
                    "persen": figure(Double(percent(p.categoryRate(i))) ?? 0),
                ] as [String: Any]
            },
            "riwayat": d.total.history.map { point in
                let small = point.suppressed
                return [
                    "tanggal": point.date.description, "disembunyikan": small,
                    "pegawai": small ? NSNull() : point.progress.employees as Any,
                    "sudah_aktivasi": small ? NSNull() : point.progress.activated as Any,
                    "pdm_lengkap": small ? NSNull() : point.progress.complete as Any,
                ] as [String: Any]
            },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return OutputFile(path: paths[1], bytes: data + Data("\n".utf8))
    }
}
