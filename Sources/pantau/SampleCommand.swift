import ArgumentParser
import Foundation
import Pantau

/// `pantau sample`: writes a synthetic Kota Bontang campaign as CSV files.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic PDM campaign (units.csv and dated pegawai-*.csv exports), deterministic from --seed."
    )

    @Option(name: .long, help: "The folder to write into (created if missing).")
    var out: String

    @Option(name: .long, help: "Number of employees (beyond 20,000, synthetic regencies are added).")
    var employees: Int = 4_000

    @Option(name: .long, help: "Seed: the same seed writes byte-identical files.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of dated exports between 3 May and 26 July 2021.")
    var snapshots: Int = 10

    @Option(name: .long, help: "csv (canonical files), xlsx (the exports as workbooks) or siasn (raw SIASN exports plus status lists).")
    var format: String = "csv"

    func validate() throws {
        guard SampleFormat(rawValue: format) != nil else {
            throw ValidationError("--format should be csv, xlsx or siasn, found \"\(format)\"")
        }
        guard employees > 0 else { throw ValidationError("--employees should be at least 1") }
        guard (1...200).contains(snapshots) else { throw ValidationError("--snapshots should be between 1 and 200") }
    }

    func run() throws {
        let chosen = SampleFormat(rawValue: format) ?? .csv
        let files = try chosen.convert(
            try SampleCampaign(employees: employees, seed: seed, snapshots: snapshots)
                .write(to: URL(fileURLWithPath: out, isDirectory: true)))
        print("Wrote \(files.count) files to \(out): \(files.map(\.lastPathComponent).joined(separator: ", "))")
        switch chosen {
        case .csv, .xlsx:
            print(
                "Next: pantau import units \(out)/units.csv, then pantau import employees for each pegawai-*.\(chosen.rawValue), oldest "
                    + "first."
            )
        case .siasn:
            print(
                "Next: pantau import units \(out)/units.csv, then for each date, oldest first: "
                    + "pantau import employees \(out)/export-siasn-DDMMYYYY.csv --status \(out)/aktivasi-DDMMYYYY.csv --status "
                    + "\(out)/pdm-DDMMYYYY.csv"
            )
        }
    }
}
