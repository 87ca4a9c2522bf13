/// The sample's units: Kota Bontang's Perangkat Daerah (PDM.md) and, for national-scale samples, many
/// synthetic regencies' departments.
struct SampleUnit: Sendable {
    enum Sector: Sendable { case education, health, general, district }

    var code: String
    var name: String
    var parent: String?
    var kind: String
    var sector: Sector
    /// Share of the employees (relative).
    var weight: Double
    /// Speed of the campaign in this unit (education and health lag).
    var speed: Double
    /// First four digits of the NIKs of its employees (province + regency).
    var nikRegion: String
}

enum SampleUnits {
    /// Kota Bontang: code, name, kind, sector, employees in a city of ~4,000 PNS.
    private static let bontang: [(String, String, String, SampleUnit.Sector, Double)] = [
        ("setda", "Sekretariat Daerah", "sekretariat", .general, 150),
        ("setwan", "Sekretariat DPRD", "sekretariat", .general, 40),
        ("inspektorat", "Inspektorat Daerah", "inspektorat", .general, 45),
        ("bappelitbang", "Badan Perencanaan, Penelitian dan Pengembangan", "badan", .general, 45),
        ("bpkd", "Badan Pengelolaan Keuangan Daerah", "badan", .general, 60),
        ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", .general, 45),
        ("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "badan", .general, 25),
        ("bpbd", "Badan Penanggulangan Bencana Daerah", "badan", .general, 35),
        ("disdikbud", "Dinas Pendidikan dan Kebudayaan", "dinas", .education, 1700),
        ("diskeskb", "Dinas Kesehatan dan Keluarga Berencana", "dinas", .health, 350),
        ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", .general, 90),
        ("disperkimtan", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "dinas", .general, 50),
        ("satpolpp", "Satuan Polisi Pamong Praja", "satuan", .general, 70),
        ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "dinas", .general, 50),
        ("dsspm", "Dinas Sosial dan Pemberdayaan Masyarakat", "dinas", .general, 45),
        ("dpmptsp", "Dinas Penanaman Modal, Tenaga Kerja dan PTSP", "dinas", .general, 40),
        ("dlh", "Dinas Lingkungan Hidup", "dinas", .general, 70),
        ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", .general, 45),
        ("dishub", "Dinas Perhubungan", "dinas", .general, 55),
        ("diskominfostik", "Dinas Komunikasi, Informatika dan Statistik", "dinas", .general, 40),
        ("dispopar", "Dinas Pemuda, Olahraga dan Pariwisata", "dinas", .general, 40),
        ("dispusip", "Dinas Perpustakaan dan Kearsipan", "dinas", .general, 30),
        ("dkp3", "Dinas Ketahanan Pangan, Perikanan dan Pertanian", "dinas", .general, 60),
        ("diskumdag", "Dinas Koperasi, UKM dan Perdagangan", "dinas", .general, 45),
        ("rsud", "RSUD Taman Husada", "rsud", .health, 450),
    ]

    private static let kecamatan: [(String, String, [String])] = [
        (
            "kec-bontang-utara", "Kecamatan Bontang Utara",
            ["Guntung", "Loktuan", "Gunung Elai", "Api-Api", "Bontang Baru", "Bontang Kuala"]
        ),
        (
            "kec-bontang-selatan", "Kecamatan Bontang Selatan",
            ["Satimpo", "Tanjung Laut", "Tanjung Laut Indah", "Berbas Pantai", "Berbas Tengah", "Bontang Lestari"]
        ),
        ("kec-bontang-barat", "Kecamatan Bontang Barat", ["Belimbing", "Gunung Telihan", "Kanaan"]),
    ]

    /// The departments each synthetic regency gets in a national-scale sample.
    private static let regencyUnits: [(String, String, String, SampleUnit.Sector, Double)] = [
        ("setda", "Sekretariat Daerah", "sekretariat", .general, 6),
        ("disdik", "Dinas Pendidikan", "dinas", .education, 48),
        ("dinkes", "Dinas Kesehatan", "dinas", .health, 14),
        ("rsud", "RSUD", "rsud", .health, 10),
        ("bkpsdm", "BKPSDM", "badan", .general, 2),
        ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", .general, 4),
        ("satpolpp", "Satuan Polisi Pamong Praja", "satuan", .general, 3),
        ("kec", "Kecamatan Kota", "kecamatan", .district, 3),
    ]

    /// Bontang's units, plus synthetic regencies when `employees` is far beyond a city's (about one per
    /// 8,000 employees, at most 513: Indonesia's 514 regencies and cities less Bontang).
    static func make(employees: Int, seed: UInt64) -> [SampleUnit] {
        var units: [SampleUnit] = []
        func speed(_ sector: SampleUnit.Sector, _ index: Int) -> Double {
            var rng = SplitMix64(seed, 0xC0DE, UInt64(index))
            switch sector {
            case .education, .health: return 0.55 + 0.2 * rng.unit()
            case .general, .district: return 0.85 + 0.4 * rng.unit()
            }
        }
        for (code, name, kind, sector, weight) in bontang {
            units.append(
                SampleUnit(
                    code: code, name: name, parent: nil, kind: kind, sector: sector, weight: weight,
                    speed: speed(sector, units.count), nikRegion: "6474"))
        }
        for (code, name, kelurahan) in kecamatan {
            units.append(
                SampleUnit(
                    code: code, name: name, parent: nil, kind: "kecamatan", sector: .district, weight: 25,
                    speed: speed(.district, units.count), nikRegion: "6474"))
            for village in kelurahan {
                let villageCode = "kel-" + village.lowercased().replacingOccurrences(of: " ", with: "-")
                units.append(
                    SampleUnit(
                        code: villageCode, name: "Kelurahan \(village)", parent: code, kind: "kelurahan",
                        sector: .district, weight: 8, speed: speed(.district, units.count), nikRegion: "6474"))
            }
        }
        let regencies = employees > 20_000 ? min(513, (employees - 4_000) / 8_000 + 1) : 0
        guard regencies > 0 else { return units }
        let bontangWeight = units.reduce(0) { $0 + $1.weight }
        let perRegency = Double(employees - 4_000) / Double(regencies) * bontangWeight / 4_000
        let regencyTotal = regencyUnits.reduce(0) { $0 + $1.4 }
        for regency in 1...regencies {
            let prefix = "r" + String(String(regency + 1000).dropFirst())  // r001 … r513
            let region = twoDigits(11 + regency % 80) + twoDigits(1 + regency / 80)
            for (code, name, kind, sector, weight) in regencyUnits {
                units.append(
                    SampleUnit(
                        code: "\(prefix)-\(code)", name: "\(name) Kabupaten Contoh \(regency)", parent: nil, kind: kind,
                        sector: sector, weight: perRegency * weight / regencyTotal,
                        speed: speed(sector, units.count), nikRegion: region))
            }
        }
        return units
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value % 100)" }
}
