/// One synthetic employee, derived from the seed and the employee's number alone, so any export can be
/// written without keeping the others in memory.
struct SamplePerson {
    var unit: Int
    var female: Bool
    var kind: String
    var birth: CalendarDate
    /// NIP digits 9–14: TMT year and month, or for PPPK the year and `21`.
    var tmt: String
    var sequence: Int
    var nip: UInt64
    var name = ""
    var nik = ""
    var email = ""
    var golongan = ""
    var position = ""
    /// Campaign day the account is activated (nil: never within the campaign).
    var activationDay: Double?
    /// Per category: day it becomes done or submitted, whether it goes through an *usulan*, and its verdict.
    var categoryDays: [Double] = []
    var viaProposal: [Bool] = []
    var verdictDelay: [Double] = []
    var approved: [Bool] = []

    /// The NIP-determining part: unit, gender, status, birth and appointment dates, sequence.
    static func identity(seed: UInt64, index: Int, units: [SampleUnit], cumulative: [Double]) -> (SamplePerson, SplitMix64) {
        var rng = SplitMix64(seed, 0xE3B0, UInt64(index))
        let target = rng.unit() * (cumulative.last ?? 1)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        let unit = units[low]
        let careSector = unit.sector == .education || unit.sector == .health
        let female = rng.chance(careSector ? 0.66 : 0.38)
        let roll = rng.unit()
        let kind =
            unit.sector == .education
            ? (roll < 0.12 ? "PPPK" : roll < 0.16 ? "CPNS" : "PNS")
            : (roll < 0.03 ? "PPPK" : roll < 0.08 ? "CPNS" : "PNS")
        let birthYear: Int =
            switch kind {
            case "CPNS": rng.int(in: 1990...1999)
            case "PPPK": rng.int(in: 1975...1996)
            default: rng.int(in: 1963...1995)
            }
        let month = rng.int(in: 1...12)
        let day = rng.int(in: 1...CalendarDate.daysIn(month: month, year: birthYear))
        let birth = CalendarDate(year: birthYear, month: month, day: day) ?? CalendarDate(dayNumber: 0)
        let tmt: String
        switch kind {
        case "PPPK": tmt = "\(rng.chance(0.7) ? 2021 : 2019)21"
        case "CPNS": tmt = "\(rng.chance(0.6) ? 2021 : 2020)" + SampleUnits.twoDigits(rng.int(in: 1...6))
        default: tmt = "\(min(2019, birthYear + rng.int(in: 22...34)))" + SampleUnits.twoDigits(rng.int(in: 1...12))
        }
        let sequence = rng.int(in: 1...(careSector ? 400 : 60))
        var person = SamplePerson(unit: low, female: female, kind: kind, birth: birth, tmt: tmt, sequence: sequence, nip: 0)
        person.nip = person.makeNIP()
        return (person, rng)
    }

    func makeNIP() -> UInt64 {
        let date = UInt64(birth.year * 10_000 + birth.month * 100 + birth.day)
        let appointment = UInt64(tmt) ?? 0
        return ((date * 1_000_000 + appointment) * 10 + (female ? 2 : 1)) * 1_000 + UInt64(sequence)
    }

    /// Everything else: name, NIK, email, golongan, position and the campaign's timeline for this person.
    mutating func complete(rng: inout SplitMix64, units: [SampleUnit], categories: Int) {
        let unit = units[self.unit]
        let given = rng.pick(female ? SampleNames.female : SampleNames.male)
        let middle = rng.chance(0.3) ? " " + rng.pick(female ? SampleNames.female : SampleNames.male) : ""
        let family = rng.pick(SampleNames.family)
        var title = ""
        var prefix = ""
        switch unit.sector {
        case .education:
            position = kind == "PPPK" ? "Guru Ahli Pertama" : rng.pick(SampleNames.teacherPositions)
            title = rng.chance(0.75) ? "S.Pd." : rng.pick(["M.Pd.", "S.Pd.I.", ""])
        case .health:
            position = rng.pick(SampleNames.healthPositions)
            if position.hasPrefix("Dokter") {
                prefix = "dr. "
            } else if position.hasPrefix("Perawat") {
                title = rng.pick(["S.Kep., Ns.", "A.Md.Kep."])
            } else if position.hasPrefix("Bidan") {
                title = "A.Md.Keb."
            } else if position.hasPrefix("Apoteker") {
                title = "S.Farm., Apt."
            }
        case .general:
            position = rng.pick(SampleNames.generalPositions)
            title = rng.pick(SampleNames.generalTitles)
        case .district:
            position = rng.pick(SampleNames.districtPositions)
            title = rng.pick(SampleNames.generalTitles)
        }
        name = prefix + given + middle + " " + family + (title.isEmpty ? "" : ", " + title)
        // NIK: region + district + DDMMYY (women: day + 40) + sequence.
        let nikDay = birth.day + (female ? 40 : 0)
        nik =
            rng.chance(0.97)
            ? unit.nikRegion + SampleUnits.twoDigits(rng.int(in: 1...3)) + SampleUnits.twoDigits(nikDay)
                + SampleUnits.twoDigits(birth.month)
                + SampleUnits.twoDigits(birth.year % 100) + String(String(10_000 + rng.int(in: 1...9999)).dropFirst())
            : ""
        email =
            rng.chance(0.96)
            ? "\(given.lowercased()).\(family.lowercased())\(rng.int(in: 1...99))@\(rng.pick(SampleNames.mailDomains))"
            : ""
        switch kind {
        case "PPPK": golongan = rng.chance(0.8) ? "IX" : "VII"
        case "CPNS": golongan = rng.chance(0.7) ? "III/a" : "II/a"
        default:
            let base = (unit.sector == .general && rng.chance(0.45)) || unit.sector == .district && rng.chance(0.5) ? 4 : 8
            let service = 2021 - (Int(tmt.prefix(4)) ?? 2021)
            golongan = SampleNames.golongan[min(base + service / (base == 8 ? 6 : 4) + rng.int(2), rng.chance(0.02) ? 15 : 13)]
        }
        // Timeline, in days since the campaign began (26 April 2021).
        let speed = unit.speed
        if rng.chance(unit.sector == .general ? 0.985 : 0.93) {
            var day = 2 + 85 * rng.unit() / speed
            if day > 65, rng.chance(0.35) { day = 50 + 15 * rng.unit() }  // the 30 June deadline pulls some forward
            activationDay = day
        } else {
            _ = rng.unit()
            _ = rng.unit()  // keep the draws aligned whatever the branch
            activationDay = nil
        }
        categoryDays = []
        viaProposal = []
        verdictDelay = []
        approved = []
        for category in 0..<categories {
            let difficulty = 0.6 + 0.09 * Double(category % 10)
            let u = rng.unit()
            categoryDays.append((activationDay ?? 1_000) + (2 + 28 * u * u) * difficulty / speed)
            viaProposal.append(rng.chance(0.15))
            verdictDelay.append(5 + 20 * rng.unit())
            approved.append(rng.chance(0.9))
        }
    }

    /// The category's status on campaign day `day`.
    func status(category: Int, day: Double) -> CategoryStatus {
        let done = categoryDays[category]
        guard day >= done else { return .belum }
        guard viaProposal[category] else { return .sesuai }
        guard day >= done + verdictDelay[category] else { return .diusulkan }
        return approved[category] ? .disetujui : .ditolak
    }
}
