import Foundation

/// Counts of one group of employees at one date: how many there are, activated, complete, and done per category.
struct ProgressCounts: Sendable, Equatable {
    var employees: Int
    var activated: Int
    var complete: Int
    /// Employees done with each category, in the config's category order.
    var doneByCategory: [Int]

    init(employees: Int = 0, activated: Int = 0, complete: Int = 0, doneByCategory: [Int]) {
        self.employees = employees
        self.activated = activated
        self.complete = complete
        self.doneByCategory = doneByCategory
    }

    /// No employees, `categories` zeros.
    static func zero(categories: Int) -> ProgressCounts { ProgressCounts(doneByCategory: Array(repeating: 0, count: categories)) }

    init(_ counts: UnitCounts) {
        self.init(
            employees: counts.employees, activated: counts.activated, complete: counts.complete, doneByCategory: counts.doneByCategory)
    }

    var notActivated: Int { employees - activated }
    /// Activated share 0…1 (0 for a unit without employees).
    var activationRate: Double { rate(activated) }
    /// PDM-complete share 0…1.
    var completionRate: Double { rate(complete) }
    func categoryRate(_ index: Int) -> Double { index < doneByCategory.count ? rate(doneByCategory[index]) : 0 }

    private func rate(_ part: Int) -> Double { employees == 0 ? 0 : Double(part) / Double(employees) }

    static func + (a: ProgressCounts, b: ProgressCounts) -> ProgressCounts {
        let n = max(a.doneByCategory.count, b.doneByCategory.count)
        let done = (0..<n).map {
            (a.doneByCategory.indices.contains($0) ? a.doneByCategory[$0] : 0)
                + (b.doneByCategory.indices.contains($0) ? b.doneByCategory[$0] : 0)
        }
        return ProgressCounts(
            employees: a.employees + b.employees, activated: a.activated + b.activated, complete: a.complete + b.complete,
            doneByCategory: done)
    }
}

/// One point of a history: the date of a snapshot and the counts then.
struct TrendPoint: Sendable, Equatable {
    var date: CalendarDate
    var progress: ProgressCounts
    /// A small group at that date (fewer than `privacy.min_group` employees): its figures are not shown.
    var suppressed = false
}
