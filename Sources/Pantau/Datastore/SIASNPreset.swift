/// SIASN's "Export Data ASN" as agencies download it, read with no `columns:` configuration.
///
/// The preset applies when the header names `NIP BARU` and nothing maps onto `nip` (an explicit
/// `data.columns` always wins). It renames the columns Pantau uses, joins `GELAR DEPAN` + `NAMA` +
/// `GELAR BELAKANG` into the name, turns `M`/`F` into `L`/`P`, and cleans every value: the literal `null`
/// becomes empty and Excel's leading `'` is dropped. Every other column is listed once as unused.
enum SIASNPreset {
    /// The header name that marks a SIASN export.
    static let marker = "nip baru"

    /// Normalised SIASN header → canonical column. Earlier entries win when an export has several.
    static let columns: [(String, String)] = [
        ("nip baru", "nip"),
        ("nama", "nama"),
        ("jenis kelamin", "jenis_kelamin"),
        ("nik", "nik"),
        ("email", "email"),
        ("status cpns pns", "status_pegawai"),
        ("jenis pegawai", "status_pegawai"),
        ("gol akhir nama", "golongan"),
        ("jabatan nama", "jabatan"),
        ("unor id", "unor_id"),
        ("unor nama", "unor_nama"),
        ("gelar depan", "gelar_depan"),
        ("gelar belakang", "gelar_belakang"),
    ]

    /// Values SIASN writes, mapped onto Pantau's (`data.values` entries override them).
    static let values: [String: [String: String]] = [
        "jenis_kelamin": ["m": "L", "f": "P", "laki-laki": "L", "perempuan": "P"],
        "status_pegawai": ["p": "PNS", "c": "CPNS", "pns daerah": "PNS", "pns pusat": "PNS", "cpns daerah": "CPNS"],
    ]

    /// The full name the usual way: `Dr. Budi Santoso, S.Kom., M.T.`.
    static func fullName(front: String, name: String, back: String) -> String {
        var result = name
        if !front.isEmpty { result = front + " " + result }
        if !back.isEmpty { result += ", " + back }
        return result
    }
}
