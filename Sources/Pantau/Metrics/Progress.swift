import Foundation

/// Counts of one group of employees at one date: how many there are, activated, complete, and done per category.
public struct Progress: Sendable, Equatable {
    public var employees: Int
    public var activated: Int
    public var complete: Int
    /// Employees done with each category, in the config's category order.
    public var doneByCategory: [Int]

    public init(employees: Int = 0, activated: Int = 0, complete: Int = 0, doneByCategory: [Int]) {
        self.employees = employees
        self.activated = activated
        self.complete = complete
        self.doneByCategory = doneByCategory
    }

    /// No employees, `categories` zeros.
    public static func zero(categories: Int) -> Progress { Progress(doneByCategory: Array(repeating: 0, count: categories)) }

    public init(_ counts: UnitCounts) {
        self.init(
            employees: counts.employees, activated: counts.activated, complete: counts.complete, doneByCategory: counts.doneByCategory)
    }

    public var notActivated: Int { employees - activated }
    /// Activated share 0…1 (0 for a unit without employees).
    public var activationRate: Double { rate(activated) }
    /// PDM-complete share 0…1.
    public var completionRate: Double { rate(complete) }
    public func categoryRate(_ index: Int) -> Double { index < doneByCategory.count ? rate(doneByCategory[index]) : 0 }

    private func rate(_ part: Int) -> Double { employees == 0 ? 0 : Double(part) / Double(employees) }

    public static func + (a: Progress, b: Progress) -> Progress {
        let n = max(a.doneByCategory.count, b.doneByCategory.count)
        let done = (0..<n).map {
            (a.doneByCategory.indices.contains($0) ? a.doneByCategory[$0] : 0)
                + (b.doneByCategory.indices.contains($0) ? b.doneByCategory[$0] : 0)
        }
        return Progress(
            employees: a.employees + b.employees, activated: a.activated + b.activated, complete: a.complete + b.complete,
            doneByCategory: done)
    }
}

/// One point of a history: the date of a snapshot and the counts then.
public struct TrendPoint: Sendable, Equatable {
    public var date: CalendarDate
    public var progress: Progress
    /// A small group at that date (fewer than `privacy.min_group` employees): its figures are not shown.
    public var suppressed = false
}
