import Foundation

/// A synthetic PDM campaign for Kota Bontang, written as the CSV files an operator would import.
///
/// Writes `units.csv` and `pegawai-YYYY-MM-DD.csv` exports spread evenly from 3 May to 26 July 2021 (one
/// export: 26 July only). Everything follows from the seed: the same seed gives byte-identical files.
/// Employees are regenerated from the seed for every export, so the files are streamed and memory stays
/// small even at national scale (only the NIPs are held, to keep them unique).
///
/// Realistic flaws: in every third export (the 2nd, 5th, 8th, …) about 0.5% of rows are broken on purpose —
/// an email without `@`, a duplicated row, a NIP cut to 17 digits, or a `jenis_kelamin` that contradicts the
/// NIP — so the importer's reject path shows up in the demo.
public struct SampleCampaign: Sendable {
    var employees: Int
    var seed: UInt64
    var snapshots: Int
    var categories: [DataConfig.DataCategory]

    public init(
        employees: Int = 4_000, seed: UInt64 = 1, snapshots: Int = 10, categories: [DataConfig.DataCategory] = DataConfig.campaignCategories
    ) {
        self.employees = employees
        self.seed = seed
        self.snapshots = snapshots
        self.categories = categories
    }

    /// The campaign's day 0 (days in the timeline count from here).
    static let start = CalendarDate(year: 2021, month: 4, day: 26) ?? CalendarDate(dayNumber: 0)

    /// The as-of dates of the exports.
    var exportDates: [CalendarDate] {
        let first = CalendarDate(year: 2021, month: 5, day: 3) ?? Self.start
        let span = 84  // through 26 July 2021
        guard snapshots > 1 else { return [first.adding(days: span)] }
        return (0..<snapshots).map { first.adding(days: ($0 * span + (snapshots - 1) / 2) / (snapshots - 1)) }
    }

    /// Writes the files into `directory` (created if needed) and returns their URLs, units first.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        guard employees > 0, snapshots > 0 else {
            throw PantauError(file: directory.path, step: .command, "the sample needs at least one employee and one snapshot")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let units = SampleUnits.make(employees: employees, seed: seed)
        var written: [URL] = []
        let unitsURL = directory.appendingPathComponent("units.csv")
        let unitsWriter = try CSVWriter(url: unitsURL)
        try unitsWriter.write(["kode", "nama", "induk", "jenis"])
        for unit in units { try unitsWriter.write([unit.code, unit.name, unit.parent ?? "", unit.kind]) }
        try unitsWriter.finish()
        written.append(unitsURL)

        var cumulative: [Double] = []
        var total = 0.0
        for unit in units {
            total += unit.weight
            cumulative.append(total)
        }
        let sequences = uniqueSequences(units: units, cumulative: cumulative)
        let header = EmployeeColumns.canonical + categories.map(\.key)
        for (number, date) in exportDates.enumerated() {
            let url = directory.appendingPathComponent("pegawai-\(date).csv")
            let writer = try CSVWriter(url: url)
            try writer.write(header)
            let day = Double(date.dayNumber - Self.start.dayNumber)
            let flawed = number % 3 == 1
            for index in 0..<employees {
                var (person, rng) = SamplePerson.identity(seed: seed, index: index, units: units, cumulative: cumulative)
                if let sequence = sequences[index] {
                    person.sequence = sequence
                    person.nip = person.makeNIP()
                }
                person.complete(rng: &rng, units: units, categories: categories.count)
                var flaw = -1
                if flawed {
                    var flawRNG = SplitMix64(seed, 0xF1A3, UInt64(index), UInt64(number))
                    if flawRNG.chance(0.005) { flaw = flawRNG.int(4) }
                }
                try writeRow(person, units: units, day: day, flaw: flaw, to: writer)
                if flaw == 1 { try writeRow(person, units: units, day: day, flaw: -1, to: writer) }
            }
            try writer.finish()
            written.append(url)
        }
        return written
    }

    /// Sequence numbers changed to keep every NIP unique (index → sequence), found in one pass over all NIPs.
    private func uniqueSequences(units: [SampleUnit], cumulative: [Double]) -> [Int: Int] {
        var seen = Set<UInt64>(minimumCapacity: employees)
        var changed: [Int: Int] = [:]
        for index in 0..<employees {
            var (person, _) = SamplePerson.identity(seed: seed, index: index, units: units, cumulative: cumulative)
            var bumped = false
            while seen.contains(person.nip) {
                person.sequence = person.sequence % 999 + 1
                person.nip = person.makeNIP()
                bumped = true
            }
            seen.insert(person.nip)
            if bumped { changed[index] = person.sequence }
        }
        return changed
    }

    private func writeRow(_ person: SamplePerson, units: [SampleUnit], day: Double, flaw: Int, to writer: CSVWriter) throws {
        var nip = String(person.nip)
        var gender = person.female ? "P" : "L"
        var email = person.email
        switch flaw {
        case 0: email = email.isEmpty ? "tanpa.at.example.com" : email.replacingOccurrences(of: "@", with: "")
        case 2: nip.removeLast()
        case 3: gender = person.female ? "L" : "P"
        default: break
        }
        let activated = person.activationDay.map { $0 <= day } ?? false
        let activationDate = activated ? Self.start.adding(days: Int(person.activationDay ?? 0)).description : ""
        writer.append(nip)
        writer.append(person.nik, separated: true)
        writer.append(person.name, separated: true)
        writer.append(gender, separated: true)
        writer.append(person.kind, separated: true)
        writer.append(person.golongan, separated: true)
        writer.append(person.position, separated: true)
        writer.append(units[person.unit].code, separated: true)
        writer.append(email, separated: true)
        writer.append(activated ? "sudah" : "belum", separated: true)
        writer.append(activationDate, separated: true)
        for category in 0..<person.categoryDays.count {
            writer.append(activated ? person.status(category: category, day: day).rawValue : "belum", separated: true)
        }
        try writer.endRecord()
    }
}
