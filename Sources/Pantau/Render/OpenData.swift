import Foundation

/// The open-data files: `/data/progres.csv` (one row per unit) and `/data/ringkasan.json`.
/// Numbers use `.` and one decimal whatever the site's language, so any tool can read them.
enum OpenData {
    /// The files' paths in the output.
    static let paths = ["data/progres.csv", "data/ringkasan.json"]

    static func percent(_ rate: Double) -> String {
        Decimal1.format(rate * 100)
    }

    /// Every unit, sub-units included, each counting its own and its sub-units' employees.
    static func csv(_ d: Dashboard) -> OutputFile {
        var header = ["kode_unit", "nama_unit", "pegawai", "sudah_aktivasi", "persen_aktivasi", "pdm_lengkap", "persen_pdm_lengkap"]
        header += d.categories.map { "persen_\($0.key)" }
        var lines = [header.joined(separator: ",")]
        for u in d.units {
            let p = u.progress
            var row = [
                CSVEscaper.field(u.unit.code), CSVEscaper.field(u.unit.name), "\(p.employees)", "\(p.activated)", percent(p.activationRate),
                "\(p.complete)", percent(p.completionRate),
            ]
            row += d.categories.indices.map { percent(p.categoryRate($0)) }
            lines.append(row.joined(separator: ","))
        }
        return OutputFile(path: paths[0], text: lines.joined(separator: "\n") + "\n")
    }

    /// The city's totals, per category and per snapshot date, as stable JSON (sorted keys).
    static func json(_ d: Dashboard) -> OutputFile {
        let p = d.total.progress
        let summary: [String: Any] = [
            "as_of": d.asOf.description,
            "batas_waktu": d.deadline?.description ?? NSNull(),
            "ditolak": d.latestRejected,
            "tanpa_status": d.latestWithoutStatus,
            "pegawai": p.employees,
            "sudah_aktivasi": p.activated,
            "persen_aktivasi": Double(percent(p.activationRate)) ?? 0,
            "pdm_lengkap": p.complete,
            "persen_pdm_lengkap": Double(percent(p.completionRate)) ?? 0,
            "kategori": d.categories.indices.map { i in
                [
                    "kunci": d.categories[i].key, "label": d.categories[i].label, "selesai": p.doneByCategory[i],
                    "persen": Double(percent(p.categoryRate(i))) ?? 0,
                ] as [String: Any]
            },
            "riwayat": d.total.history.map { point in
                [
                    "tanggal": point.date.description, "pegawai": point.progress.employees, "sudah_aktivasi": point.progress.activated,
                    "pdm_lengkap": point.progress.complete,
                ] as [String: Any]
            },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return OutputFile(path: paths[1], bytes: data + Data("\n".utf8))
    }
}
