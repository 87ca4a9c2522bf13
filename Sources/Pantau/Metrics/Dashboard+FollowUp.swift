import Foundation

/// Who to call: the orderings and selections that single units out (movers, stalled, latest first, most left).
extension Dashboard {
    /// The unit's risk state at the latest data against the campaign deadline; nothing to judge for a small unit.
    func risk(of unit: UnitProgress) -> Risk {
        unit.suppressed ? Risk(state: .unknown, peopleLeft: 0) : Risk.assess(unit, asOf: asOf, deadline: deadline)
    }

    /// Top-level units with employees that are not finished; small units left out (their place in a list would tell
    /// their figures).
    var unfinishedTopLevel: [UnitProgress] {
        topLevel.filter { $0.progress.employees > 0 && !$0.suppressed && !$0.isFinished }
    }

    /// Unfinished top-level units, latest projected finish first: past the deadline or never finishing at the
    /// recent pace first (most people left first among them), then by projected days late.
    var lateFirst: [UnitProgress] {
        let risks = Dictionary(unfinishedTopLevel.map { ($0.unit.code, risk(of: $0)) }, uniquingKeysWith: { a, _ in a })
        return unfinishedTopLevel.sorted { a, b in
            if let answer = Risk.later(
                risks[a.unit.code] ?? Risk(state: .unknown, peopleLeft: 0),
                risks[b.unit.code] ?? Risk(state: .unknown, peopleLeft: 0))
            {
                return answer
            }
            return (a.unit.name, a.unit.code) < (b.unit.name, b.unit.code)
        }
    }

    /// Units off track or overdue, latest first.
    var offTrack: [UnitProgress] {
        lateFirst.filter { [.offTrack, .overdue].contains(risk(of: $0).state) }
    }

    /// Top-level units that gained since the previous snapshot, most first: percentage points of PDM complete,
    /// then of activation, then people (a small unit's 10 points weigh as much as a large one's).
    func movers(limit: Int = 5) -> [UnitProgress] {
        let moved = topLevel.filter { !$0.suppressed }.compactMap { u in u.change.map { (u, $0) } }
            .filter { $0.1.completionPoints > 0 || $0.1.activationPoints > 0 }
        return moved.sorted { a, b in
            if a.1.completionPoints != b.1.completionPoints { return a.1.completionPoints > b.1.completionPoints }
            if a.1.activationPoints != b.1.activationPoints { return a.1.activationPoints > b.1.activationPoints }
            let pa = a.1.complete + a.1.activated
            let pb = b.1.complete + b.1.activated
            if pa != pb { return pa > pb }
            return (a.0.unit.name, a.0.unit.code) < (b.0.unit.name, b.0.unit.code)
        }.prefix(limit).map(\.0)
    }

    /// Unfinished top-level units where no one activated or completed since the previous snapshot,
    /// most people left first. Empty with a single snapshot.
    var stalled: [UnitProgress] {
        unfinishedTopLevel.filter { $0.change?.isStill ?? false }.sorted(by: Self.moreLeft { $0.peopleLeft })
    }

    /// Top-level units with employees, most people not yet activated first (the `/aktivasi/` order); small units
    /// last, by name.
    var mostNotActivatedFirst: [UnitProgress] {
        topLevel.filter { $0.progress.employees > 0 }.sorted(by: Self.moreLeft { $0.progress.notActivated })
    }

    /// Top-level units with employees, most people with PDM not yet complete first (the `/progres/` order); small
    /// units last, by name.
    var mostIncompleteFirst: [UnitProgress] {
        topLevel.filter { $0.progress.employees > 0 }.sorted(by: Self.moreLeft { $0.progress.employees - $0.progress.complete })
    }

    /// Direct sub-units of `unit`, most people left first (the unit page's order); small units last, by name.
    func subUnits(of unit: UnitProgress) -> [UnitProgress] {
        unit.children.compactMap { self.unit(code: $0) }.sorted(by: Self.moreLeft { $0.peopleLeft })
    }

    /// "More of `key` first", ties by name then code, so the order never depends on input order. Small units
    /// come after every other, by name then code: ordering them by `key` would tell their figures.
    static func moreLeft(_ key: @escaping (UnitProgress) -> Int) -> (UnitProgress, UnitProgress) -> Bool {
        { a, b in
            if a.suppressed != b.suppressed { return b.suppressed }
            if a.suppressed { return (a.unit.name, a.unit.code) < (b.unit.name, b.unit.code) }
            let ka = key(a)
            let kb = key(b)
            if ka != kb { return ka > kb }
            return (a.unit.name, a.unit.code) < (b.unit.name, b.unit.code)
        }
    }
}
