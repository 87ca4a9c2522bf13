import Foundation

/// What changed between the previous snapshot and the latest one for a unit (with its sub-units) or the city.
struct ProgressChange: Sendable, Equatable {
    /// The previous snapshot's date.
    var since: CalendarDate
    /// Change in employees counted (people moving in or out of the unit).
    var employees: Int
    /// Change in people with an activated account.
    var activated: Int
    /// Change in people whose PDM is complete.
    var complete: Int
    /// Change in the activated share, in percentage points (42.0 − 40.0 = 2.0).
    var activationPoints: Double
    /// Change in the PDM-complete share, in percentage points.
    var completionPoints: Double

    init(since: CalendarDate, employees: Int, activated: Int, complete: Int, activationPoints: Double, completionPoints: Double) {
        self.since = since
        self.employees = employees
        self.activated = activated
        self.complete = complete
        self.activationPoints = activationPoints
        self.completionPoints = completionPoints
    }

    /// The change from the second-newest to the newest point of `history` (oldest first); nil with fewer than two.
    init?(history: [TrendPoint]) {
        guard history.count >= 2 else { return nil }
        let before = history[history.count - 2]
        let now = history[history.count - 1]
        self.init(
            since: before.date,
            employees: now.progress.employees - before.progress.employees,
            activated: now.progress.activated - before.progress.activated,
            complete: now.progress.complete - before.progress.complete,
            activationPoints: (now.progress.activationRate - before.progress.activationRate) * 100,
            completionPoints: (now.progress.completionRate - before.progress.completionRate) * 100)
    }

    /// No one activated or completed since the previous snapshot (nor dropped back).
    var isStill: Bool { activated == 0 && complete == 0 }
}

extension UnitProgress {
    /// Change since the previous snapshot; nil when only one snapshot exists, or when either snapshot is a
    /// small group (the change would tell its figures).
    var change: ProgressChange? {
        guard history.suffix(2).allSatisfy({ !$0.suppressed }) else { return nil }
        return ProgressChange(history: history)
    }

    /// People not yet done: not activated, or activated without every category done (whichever is more).
    var peopleLeft: Int { max(progress.employees - progress.activated, progress.employees - progress.complete) }

    /// Activated and every category done for everyone (false for a unit without employees).
    var isFinished: Bool { progress.employees > 0 && peopleLeft == 0 }
}
