import Foundation

/// `pantau sample --format`: the canonical CSV exports turned into what agencies bring.
///
/// - `xlsx`: each `pegawai-DATE.csv` as `pegawai-DATE.xlsx` (one sheet, text cells in shared strings).
/// - `siasn`: each as a raw SIASN "Export Data ASN" (`export-siasn-DDMMYYYY.csv`: title rows, `|`, SIASN headers,
///   `M`/`F`, `null`, apostrophes, status columns left out) plus its status lists joined on NIP
///   (`aktivasi-DDMMYYYY.csv`: nip, status_aktivasi, tanggal_aktivasi; `pdm-DDMMYYYY.csv`: nip and the categories).
public enum SampleFormat: String, Sendable, CaseIterable {
    case csv, xlsx, siasn

    /// Converts the `pegawai-*.csv` files among `files`; returns the files as they are now.
    public func convert(_ files: [URL]) throws -> [URL] {
        guard self != .csv else { return files }
        var result: [URL] = []
        for file in files {
            guard file.lastPathComponent.hasPrefix("pegawai-"), file.pathExtension == "csv" else {
                result.append(file)
                continue
            }
            let reader = try CSVReader(url: file, displayPath: file.lastPathComponent)
            guard try reader.next() else { continue }
            let header = reader.fields
            switch self {
            case .csv:
                break
            case .xlsx:
                let url = file.deletingPathExtension().appendingPathExtension("xlsx")
                let writer = try XLSXWriter(url: url, sheetName: "Pegawai")
                try writer.add(header.map { .text($0) })
                while try reader.next() { try writer.add(reader.fields.map { $0.isEmpty ? .empty : .text($0) }) }
                try writer.finish()
                result.append(url)
            case .siasn:
                result += try Self.siasn(reader: reader, header: header, from: file)
            }
            try FileManager.default.removeItem(at: file)
        }
        return result
    }

    private static func siasn(reader: CSVReader, header: [String], from file: URL) throws -> [URL] {
        let isoDate = String(file.deletingPathExtension().lastPathComponent.dropFirst("pegawai-".count))
        let parts = isoDate.split(separator: "-")
        let stamp = parts.count == 3 ? "\(parts[2])\(parts[1])\(parts[0])" : isoDate
        let folder = file.deletingLastPathComponent()
        let exportURL = folder.appendingPathComponent("export-siasn-\(stamp).csv")
        let activationURL = folder.appendingPathComponent("aktivasi-\(stamp).csv")
        let pdmURL = folder.appendingPathComponent("pdm-\(stamp).csv")
        let export = try CSVWriter(url: exportURL, displayPath: exportURL.lastPathComponent, delimiter: UInt8(ascii: "|"))
        let activation = try CSVWriter(url: activationURL, displayPath: activationURL.lastPathComponent, delimiter: UInt8(ascii: ","))
        let pdm = try CSVWriter(url: pdmURL, displayPath: pdmURL.lastPathComponent, delimiter: UInt8(ascii: ","))
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let categories = header.filter { !DataConfig.employeeColumns.contains($0) }
        try export.write(["DAFTAR PEGAWAI NEGERI SIPIL (CONTOH)"])
        try export.write(["Keadaan per \(isoDate)"])
        try export.write([
            "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "JENIS KELAMIN", "NIK", "EMAIL",
            "JENIS PEGAWAI", "STATUS CPNS PNS", "GOL AKHIR NAMA", "JABATAN NAMA", "UNOR ID", "UNOR NAMA", "LOKASI KERJA",
        ])
        try activation.write(["nip", "status_aktivasi", "tanggal_aktivasi"])
        try pdm.write(["nip"] + categories)
        var line = 0
        while try reader.next() {
            line += 1
            let fields = reader.fields
            func value(_ name: String) -> String { column[name].map { $0 < fields.count ? fields[$0] : "" } ?? "" }
            func orNull(_ text: String) -> String { text.isEmpty ? "null" : text }
            let status = value("status_pegawai").uppercased()
            try export.write([
                "A\(line)", "'" + value("nip"), "null", value("nama"), "null", "null", value("jenis_kelamin") == "P" ? "F" : "M",
                value("nik").isEmpty ? "null" : "'" + value("nik"), orNull(value("email")),
                status == "PPPK" ? "PPPK" : "PNS", status == "CPNS" ? "C" : status == "PPPK" ? "PPPK" : "P",
                orNull(value("golongan")), orNull(value("jabatan")), value("kode_unit"), "null", "null",
            ])
            try activation.write([value("nip"), value("status_aktivasi"), value("tanggal_aktivasi")])
            try pdm.write([value("nip")] + categories.map(value))
        }
        try export.finish()
        try activation.finish()
        try pdm.finish()
        return [exportURL, activationURL, pdmURL]
    }
}
