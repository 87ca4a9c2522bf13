import Foundation

/// Whether a unit will finish by the deadline: one of three states from its projection and how far that
/// projection can be trusted, or, after the deadline, how late it is and how many people are left.
///
/// For each rate (activation and PDM completion) not yet at 100%:
/// - the **needed pace** is what is left divided by the days to the deadline;
/// - the **recent pace** is the least-squares slope of ``Projection`` and its **spread** the slope's standard
///   error (see `docs/risk.md`); with only two snapshots the spread is unknown and the pace is taken to lie
///   anywhere between nothing and twice the measured pace;
/// - **on track**: even the slow end of the pace (pace − spread) meets the needed pace;
///   **off track**: even the fast end (pace + spread) falls short; **at risk**: the deadline lies inside the band.
/// A unit's state is the worse of its two rates; its days late the larger.
struct Risk: Sendable, Equatable {
    /// The state a unit is in.
    enum State: Int, Sendable, Equatable, Comparable {
        /// Everyone activated and complete.
        case done
        /// Finishes by the deadline even at the slow end of its recent pace.
        case onTrack
        /// Finishes near the deadline: the recent pace is too uncertain to say.
        case atRisk
        /// Misses the deadline even at the fast end of its recent pace.
        case offTrack
        /// The deadline has passed with people left (``Risk/daysPastDeadline``, ``Risk/peopleLeft``).
        case overdue
        /// No deadline, no employees or a single snapshot: nothing to judge.
        case unknown

        static func < (a: State, b: State) -> Bool { a.rawValue < b.rawValue }
    }

    var state: State
    /// Days after the deadline the unit finishes at its recent pace (negative: that many days early);
    /// nil when it never finishes at that pace (stalled), when done, or when there is nothing to judge.
    var daysLate: Int?
    /// Days since the deadline at the data's date, for ``State/overdue``.
    var daysPastDeadline: Int?
    /// People not yet activated or not yet complete (the larger).
    var peopleLeft: Int

    init(state: State, daysLate: Int? = nil, daysPastDeadline: Int? = nil, peopleLeft: Int) {
        self.state = state
        self.daysLate = daysLate
        self.daysPastDeadline = daysPastDeadline
        self.peopleLeft = peopleLeft
    }

    /// Judges `unit` on the data of `asOf` against `deadline`.
    static func assess(_ unit: UnitProgress, asOf: CalendarDate, deadline: CalendarDate?) -> Risk {
        let left = unit.peopleLeft
        guard unit.progress.employees > 0 else { return Risk(state: .unknown, peopleLeft: 0) }
        if left == 0 { return Risk(state: .done, peopleLeft: 0) }
        guard let deadline else { return Risk(state: .unknown, peopleLeft: left) }
        let daysLeft = deadline.dayNumber - asOf.dayNumber
        if daysLeft < 0 { return Risk(state: .overdue, daysPastDeadline: -daysLeft, peopleLeft: left) }
        let measures = [
            judge(rate: unit.progress.activationRate, unit.activation, daysLeft: daysLeft),
            judge(rate: unit.progress.completionRate, unit.completion, daysLeft: daysLeft),
        ]
        let state = measures.map(\.state).max() ?? .unknown
        guard state != .unknown else { return Risk(state: .unknown, peopleLeft: left) }
        // Never finishing (nil) is later than any date.
        let pending = measures.filter { $0.state != .done }
        let late: Int? = pending.contains { $0.daysLate == nil } ? nil : pending.compactMap(\.daysLate).max()
        return Risk(state: state, daysLate: late, peopleLeft: left)
    }

    /// One rate's state and days late.
    static func judge(rate: Double, _ projection: Projection, daysLeft: Int) -> (state: State, daysLate: Int?) {
        if rate >= 1 { return (.done, nil) }
        guard let pace = projection.pacePerDay, projection.outcome != .unknown else { return (.unknown, nil) }
        let needed = daysLeft == 0 ? Double.infinity : (1 - rate) / Double(daysLeft)
        let slow = projection.slopeError.map { pace - $0 } ?? 0
        let fast = projection.slopeError.map { pace + $0 } ?? 2 * pace
        let tolerance = 1e-12  // a pace that exactly meets the need is on track despite rounding
        let state: State = slow > 0 && slow + tolerance >= needed ? .onTrack : (fast + tolerance < needed ? .offTrack : .atRisk)
        let late = pace > Projection.stalledPace ? Projection.daysToFinish(from: rate, pace: pace) - daysLeft : nil
        return (state, late)
    }

    /// Ordering for "latest first": overdue and never-finishing units before dated ones, later before earlier,
    /// then more people left first.
    static func later(_ a: Risk, _ b: Risk) -> Bool? {
        let ka = a.daysLate ?? Int.max
        let kb = b.daysLate ?? Int.max
        if ka != kb { return ka > kb }
        if a.peopleLeft != b.peopleLeft { return a.peopleLeft > b.peopleLeft }
        return nil
    }
}
