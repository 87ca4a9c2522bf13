import Foundation

/// One person on a unit's private follow-up list: not yet activated, or with categories not done.
struct RosterEntry: Sendable, Equatable, Codable {
    /// Name of the employee's own unit (the unit itself or one of its sub-units).
    var subUnit: String
    var name: String
    /// 18 digits as stored.
    var nip: String
    /// Jabatan as exported ("" when the export had none).
    var position: String
    var activated: Bool
    var activationDate: CalendarDate?
    /// Labels of the categories not done, in config order, with "(diusulkan)" or "(ditolak)" where that is the state.
    var unfinished: [String]

    enum CodingKeys: String, CodingKey {
        case subUnit = "sub_unit"
        case name, nip
        case position = "jabatan"
        case activated
        case activationDate = "activated_on"
        case unfinished
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subUnit, forKey: .subUnit)
        try c.encode(name, forKey: .name)
        try c.encode(nip, forKey: .nip)
        try c.encode(position, forKey: .position)
        try c.encode(activated, forKey: .activated)
        try c.encode(activationDate?.description ?? "", forKey: .activationDate)
        try c.encode(unfinished, forKey: .unfinished)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subUnit = try c.decode(String.self, forKey: .subUnit)
        name = try c.decode(String.self, forKey: .name)
        nip = try c.decode(String.self, forKey: .nip)
        position = try c.decode(String.self, forKey: .position)
        activated = try c.decode(Bool.self, forKey: .activated)
        activationDate = CalendarDate(iso: try c.decode(String.self, forKey: .activationDate))
        unfinished = try c.decode([String].self, forKey: .unfinished)
    }

    init(
        subUnit: String, name: String, nip: String, position: String, activated: Bool, activationDate: CalendarDate?,
        unfinished: [String]
    ) {
        self.subUnit = subUnit
        self.name = name
        self.nip = nip
        self.position = position
        self.activated = activated
        self.activationDate = activationDate
        self.unfinished = unfinished
    }
}

/// A unit's private list of who is behind, headed by its figures: what `pantau roster` writes and the
/// encrypted `/unit/<slug>/daftar/` page opens. Personal data: never part of the public build's plaintext.
struct RosterList: Sendable {
    /// The unit with its sub-units' figures rolled up.
    var unit: UnitProgress
    var change: ProgressChange?
    var risk: Risk
    /// The data's date.
    var asOf: CalendarDate
    /// Sorted by sub-unit, then name, then NIP.
    var entries: [RosterEntry]

    /// The lists of the units `codes` (each with every sub-unit below it), streaming the datastore's current
    /// employees once. Throws when a code is not a unit.
    static func build(dashboard: Dashboard, store: Datastore, codes: [String]) throws -> [RosterList] {
        var chosen: [String: Int] = [:]
        for (i, code) in codes.enumerated() {
            guard dashboard.unit(code: code) != nil else {
                throw PantauError(
                    file: store.displayPath, step: .command, "unit \"\(code)\" is not in the unit list; use a kode " + "from units.csv")
            }
            chosen[code] = i
        }
        // For every unit: which chosen lists its employees go on (itself and its ancestors that were chosen).
        var listsOf: [String: [Int]] = [:]
        for u in dashboard.units {
            var lists: [Int] = []
            var seen: Set<String> = []
            var code: String? = u.unit.code
            while let current = code, !seen.contains(current) {
                seen.insert(current)
                if let i = chosen[current] { lists.append(i) }
                code = dashboard.unit(code: current)?.unit.parentCode
            }
            listsOf[u.unit.code] = lists
        }
        let names = Dictionary(dashboard.units.map { ($0.unit.code, $0.unit.name) }, uniquingKeysWith: { a, _ in a })
        let categories = dashboard.categories
        var entries = Array(repeating: [RosterEntry](), count: codes.count)
        try store.forEachEmployee { e in
            guard let lists = listsOf[e.unitCode], !lists.isEmpty else { return }
            let unfinished = zip(categories, e.statuses).compactMap { category, status -> String? in
                switch status {
                case .sesuai, .disetujui: return nil
                case .belum: return category.label
                case .diusulkan, .ditolak: return "\(category.label) (\(status.rawValue))"
                }
            }
            guard !e.activated || !unfinished.isEmpty else { return }
            let entry = RosterEntry(
                subUnit: names[e.unitCode] ?? e.unitCode, name: e.name, nip: e.nip, position: e.position ?? "",
                activated: e.activated, activationDate: e.activated ? e.activationDate : nil, unfinished: unfinished)
            for i in lists { entries[i].append(entry) }
        }
        return codes.indices.compactMap { i in
            guard let unit = dashboard.unit(code: codes[i]) else { return nil }
            let sorted = entries[i].sorted { ($0.subUnit, $0.name, $0.nip) < ($1.subUnit, $1.name, $1.nip) }
            return RosterList(unit: unit, change: unit.change, risk: dashboard.risk(of: unit), asOf: dashboard.asOf, entries: sorted)
        }
    }
}
