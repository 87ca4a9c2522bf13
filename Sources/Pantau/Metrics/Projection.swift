import Foundation

/// When a rate (activation or completion) reaches 100% if it keeps its recent pace.
public struct Projection: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Already at 100%.
        case complete
        /// Reaches 100% on this date at the recent pace.
        case onPace(CalendarDate)
        /// No progress at the recent pace: never reaches 100%.
        case stalled
        /// One snapshot only (or none): no pace to project from.
        case unknown
    }

    public var outcome: Outcome
    /// Percentage points per day at the recent pace (0…1 per day), when known.
    public var pacePerDay: Double?

    /// How many days back the recent pace looks (at least the last two snapshots are used).
    public static let window = 14

    /// Projects `rate` over `history` (sorted by date): least squares over the snapshots of the
    /// last ``window`` days before the newest one, or the last two snapshots if the window holds fewer.
    public static func project(_ history: [(date: CalendarDate, rate: Double)]) -> Projection {
        guard let last = history.last else { return Projection(outcome: .unknown, pacePerDay: nil) }
        if last.rate >= 1 { return Projection(outcome: .complete, pacePerDay: nil) }
        guard history.count >= 2 else { return Projection(outcome: .unknown, pacePerDay: nil) }
        var recent = history.filter { last.date.dayNumber - $0.date.dayNumber <= window }
        if recent.count < 2 { recent = Array(history.suffix(2)) }
        let xs = recent.map { Double($0.date.dayNumber - last.date.dayNumber) }
        let ys = recent.map(\.rate)
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        guard sxx > 0 else { return Projection(outcome: .unknown, pacePerDay: nil) }
        let slope = sxy / sxx
        // Below 0.01 percentage point a day the end is over 27 years away: call it stalled.
        guard slope > 0.0001 else { return Projection(outcome: .stalled, pacePerDay: max(slope, 0)) }
        let days = Int(((1 - last.rate) / slope).rounded(.up))
        return Projection(outcome: .onPace(last.date.adding(days: days)), pacePerDay: slope)
    }

    /// True when 100% will not be reached by `deadline` at this pace; false without a deadline or data.
    public func atRisk(deadline: CalendarDate?) -> Bool {
        guard let deadline else { return false }
        switch outcome {
        case .complete, .unknown: return false
        case .stalled: return true
        case .onPace(let date): return date > deadline
        }
    }

    /// The projected date, when there is one.
    public var date: CalendarDate? {
        if case .onPace(let date) = outcome { return date }
        return nil
    }
}
