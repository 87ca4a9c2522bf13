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
        func figure<T>(_ value: T) -> OrNull<T> { OrNull(hide ? nil : value) }
        let summary = Summary(
            asOf: d.asOf.description, deadline: OrNull(d.deadline?.description), rejected: d.latestRejected,
            withoutStatus: d.latestWithoutStatus, minGroup: d.minGroup, hiddenUnits: d.units.filter(\.suppressed).count, hidden: hide,
            employees: figure(p.employees), activated: figure(p.activated),
            activationPercent: figure(Double(percent(p.activationRate)) ?? 0),
            complete: figure(p.complete), completePercent: figure(Double(percent(p.completionRate)) ?? 0),
            categories: d.categories.indices.map { i in
                Summary.Category(
                    key: d.categories[i].key, label: d.categories[i].label, done: figure(p.doneByCategory[i]),
                    percent: figure(Double(percent(p.categoryRate(i))) ?? 0))
            },
            history: d.total.history.map { point in
                let small = point.suppressed
                return Summary.Point(
                    date: point.date.description, hidden: small, employees: OrNull(small ? nil : point.progress.employees),
                    activated: OrNull(small ? nil : point.progress.activated), complete: OrNull(small ? nil : point.progress.complete))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(summary)) ?? Data("{}".utf8)
        return OutputFile(path: paths[1], bytes: data + Data("\n".utf8))
    }

    /// `ringkasan.json`: the keys are the published format (Indonesian, documented in the README).
    struct Summary: Encodable {
        var asOf: String
        var deadline: OrNull<String>
        var rejected: Int
        var withoutStatus: Int
        var minGroup: Int
        var hiddenUnits: Int
        var hidden: Bool
        var employees: OrNull<Int>
        var activated: OrNull<Int>
        var activationPercent: OrNull<Double>
        var complete: OrNull<Int>
        var completePercent: OrNull<Double>
        var categories: [Category]
        var history: [Point]

        enum CodingKeys: String, CodingKey {
            case asOf = "as_of"
            case deadline = "batas_waktu"
            case rejected = "ditolak"
            case withoutStatus = "tanpa_status"
            case minGroup = "kelompok_minimum"
            case hiddenUnits = "unit_disembunyikan"
            case hidden = "disembunyikan"
            case employees = "pegawai"
            case activated = "sudah_aktivasi"
            case activationPercent = "persen_aktivasi"
            case complete = "pdm_lengkap"
            case completePercent = "persen_pdm_lengkap"
            case categories = "kategori"
            case history = "riwayat"
        }

        struct Category: Encodable {
            var key: String
            var label: String
            var done: OrNull<Int>
            var percent: OrNull<Double>

            enum CodingKeys: String, CodingKey {
                case key = "kunci"
                case label
                case done = "selesai"
                case percent = "persen"
            }
        }

        struct Point: Encodable {
            var date: String
            var hidden: Bool
            var employees: OrNull<Int>
            var activated: OrNull<Int>
            var complete: OrNull<Int>

            enum CodingKeys: String, CodingKey {
                case date = "tanggal"
                case hidden = "disembunyikan"
                case employees = "pegawai"
                case activated = "sudah_aktivasi"
                case complete = "pdm_lengkap"
            }
        }
    }

    /// A value written as JSON `null` when absent (the open data keeps every key, hidden figures included).
    struct OrNull<Value: Encodable>: Encodable {
        var value: Value?

        init(_ value: Value?) { self.value = value }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }
}
