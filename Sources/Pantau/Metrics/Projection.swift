import Foundation

/// When a rate (activation or completion) reaches 100% if it keeps its recent pace.
struct Projection: Sendable, Equatable {
    enum Outcome: Sendable, Equatable {
        /// Already at 100%.
        case complete
        /// Reaches 100% on this date at the recent pace.
        case onPace(CalendarDate)
        /// No progress at the recent pace: never reaches 100%.
        case stalled
        /// One snapshot only (or none): no pace to project from.
        case unknown
    }

    var outcome: Outcome
    /// Percentage points per day at the recent pace (0…1 per day), when known.
    var pacePerDay: Double?
    /// The spread of the recent pace: the standard error of the least-squares slope (0…1 per day).
    /// Nil when the recent window holds only two snapshots, which cannot show how steady a pace is.
    var slopeError: Double?

    init(outcome: Outcome, pacePerDay: Double?, slopeError: Double? = nil) {
        self.outcome = outcome
        self.pacePerDay = pacePerDay
        self.slopeError = slopeError
    }

    /// How many days back the recent pace looks (at least the last three snapshots are used).
    static let window = 14
    /// Below this pace (0.01 percentage point a day, over 27 years to go) a rate counts as stalled.
    static let stalledPace = 0.0001

    /// Projects `rate` over `history` (sorted by date): least squares over the snapshots of the
    /// last ``window`` days before the newest one, or the last three snapshots (two when there are only two)
    /// if the window holds fewer. Three points are the fewest that say how steady the pace is (``slopeError``).
    static func project(_ history: [(date: CalendarDate, rate: Double)]) -> Projection {
        guard let last = history.last else { return Projection(outcome: .unknown, pacePerDay: nil) }
        if last.rate >= 1 { return Projection(outcome: .complete, pacePerDay: nil) }
        guard history.count >= 2 else { return Projection(outcome: .unknown, pacePerDay: nil) }
        var recent = history.filter { last.date.dayNumber - $0.date.dayNumber <= window }
        if recent.count < 3 { recent = Array(history.suffix(3)) }
        let xs = recent.map { Double($0.date.dayNumber - last.date.dayNumber) }
        let ys = recent.map(\.rate)
        let mx = xs.reduce(0, +) / Double(xs.count)
        let my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0
        var sxx = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
        }
        guard sxx > 0 else { return Projection(outcome: .unknown, pacePerDay: nil) }
        let slope = sxy / sxx
        var error: Double?
        if recent.count >= 3 {
            // Standard error of the slope: sqrt(residual variance / Sxx), residual variance over n − 2.
            var residuals = 0.0
            for (x, y) in zip(xs, ys) {
                let r = y - (my + slope * (x - mx))
                residuals += r * r
            }
            error = (residuals / Double(recent.count - 2) / sxx).squareRoot()
        }
        guard slope > stalledPace else { return Projection(outcome: .stalled, pacePerDay: max(slope, 0), slopeError: error) }
        let days = daysToFinish(from: last.rate, pace: slope)
        return Projection(outcome: .onPace(last.date.adding(days: days)), pacePerDay: slope, slopeError: error)
    }

    /// Whole days from `rate` to 100% at `pace` per day, rounded up; a hair of floating-point noise
    /// (0.86 / 0.004 = 215.00000000000003) does not add a day.
    static func daysToFinish(from rate: Double, pace: Double) -> Int {
        Int(((1 - rate) / pace - 1e-9).rounded(.up))
    }

    /// True when 100% will not be reached by `deadline` at this pace; false without a deadline or data.
    func atRisk(deadline: CalendarDate?) -> Bool {
        guard let deadline else { return false }
        switch outcome {
        case .complete, .unknown: return false
        case .stalled: return true
        case .onPace(let date): return date > deadline
        }
    }

    /// The projected date, when there is one.
    var date: CalendarDate? {
        if case .onPace(let date) = outcome { return date }
        return nil
    }
}
