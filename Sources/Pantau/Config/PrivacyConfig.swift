/// `privacy:` in site.yml: values published on purpose, exempt from the privacy guard.
struct PrivacyConfig: Sendable, Equatable {
    /// Values that look like personal data but are public on purpose, such as the example NIP the
    /// `/cek/` page shows. Written as people write them (`19860926 201505 1 001`); spacing is ignored.
    var allow: [String] = []

    static func parse(_ map: inout YAMLMap) throws -> PrivacyConfig {
        var config = PrivacyConfig()
        config.allow = try map.strings("allow") ?? []
        try map.finish(known: "`allow`")
        return config
    }
}
