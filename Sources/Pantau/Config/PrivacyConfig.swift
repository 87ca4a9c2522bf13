/// `privacy:` in site.yml: values published on purpose, exempt from the privacy guard, and the smallest
/// group whose figures are published.
struct PrivacyConfig: Sendable, Equatable {
    /// Values that look like personal data but are on purpose, such as the example NIP the
    /// `/cek/` page shows. Written as people write them (`19860926 201505 1 001`); spacing is ignored.
    var allow: [String] = []
    /// A unit with at least one and fewer than this many employees shows its count as "< min_group" and no other
    /// figure (no percentages, history, projection, risk or change). 1 turns the rule off.
    var minGroup: Int = PrivacyConfig.defaultMinGroup

    /// `privacy.min_group` when site.yml does not set it.
    static let defaultMinGroup = 5
    /// The largest `min_group` accepted: beyond it most units of a city would show nothing.
    static let maximumMinGroup = 100

    /// Whether a group of `employees` people is shown only as "< min_group".
    func isSmall(_ employees: Int) -> Bool { employees > 0 && employees < minGroup }

    static func parse(_ map: inout YAMLMap) throws -> PrivacyConfig {
        var config = PrivacyConfig()
        config.allow = try map.strings("allow") ?? []
        if let node = map.node("min_group"), !YAMLMap.isNull(node) {
            let text = node.scalar?.string
            guard let text, let value = Int(text), (1...maximumMinGroup).contains(value) else {
                throw map.error(
                    at: node,
                    "`min_group` should be a whole number from 1 to \(maximumMinGroup) (default \(defaultMinGroup); 1 shows every "
                        + "unit's figures), found \(text.map { "\"\($0)\"" } ?? "a list or a map")")
            }
            config.minGroup = value
        }
        try map.finish(known: "`allow`, `min_group`")
        return config
    }
}
