import Foundation

/// A unit's risk state in words, Indonesian or English: "Sesuai jalur", "Berisiko", "Tertinggal",
/// "Lewat 6 hari, 86 orang lagi".
enum RiskText {
    /// Short label of the state.
    static func label(_ risk: Risk, formatter: DisplayFormatter) -> String {
        let en = formatter.language == "en"
        switch risk.state {
        case .done: return en ? "Done" : "Selesai"
        case .onTrack: return en ? "On track" : "Sesuai jalur"
        case .atRisk: return en ? "At risk" : "Berisiko"
        case .offTrack: return en ? "Off track" : "Tertinggal"
        case .overdue:
            let days = formatter.number(risk.daysPastDeadline ?? 0)
            let people = formatter.number(risk.peopleLeft)
            return en ? "\(days) days past, \(people) people to go" : "Lewat \(days) hari, \(people) orang lagi"
        case .unknown: return en ? "Not enough data" : "Belum dapat dinilai"
        }
    }

    /// The projected finish relative to the deadline: "38 hari terlambat", "2 hari lebih awal",
    /// "tidak selesai pada laju sekarang"; nil when there is nothing to say.
    static func daysLate(_ risk: Risk, formatter: DisplayFormatter) -> String? {
        let en = formatter.language == "en"
        switch risk.state {
        case .onTrack, .atRisk, .offTrack:
            guard let late = risk.daysLate else { return en ? "does not finish at the recent pace" : "tidak selesai pada laju sekarang" }
            if late > 0 { return en ? "\(formatter.number(late)) days late" : "\(formatter.number(late)) hari terlambat" }
            if late == 0 { return en ? "on the deadline" : "tepat pada batas waktu" }
            return en ? "\(formatter.number(-late)) days early" : "\(formatter.number(-late)) hari lebih awal"
        default: return nil
        }
    }

    /// A CSS class word for the state: `done`, `on-track`, `at-risk`, `off-track`, `overdue`, `unknown`.
    static func cssClass(_ risk: Risk) -> String {
        switch risk.state {
        case .done: "done"
        case .onTrack: "on-track"
        case .atRisk: "at-risk"
        case .offTrack: "off-track"
        case .overdue: "overdue"
        case .unknown: "unknown"
        }
    }
}
