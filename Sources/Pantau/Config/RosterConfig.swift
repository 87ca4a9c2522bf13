import Foundation

/// The `rosters:` section of `site.yml`: encrypted per-unit lists of who is behind at `/unit/<slug>/daftar/`,
/// opened in the browser with the unit's passphrase. Off by default. See `docs/roster-threat-model.md`.
struct RosterConfig: Sendable, Equatable {
    /// Whether the build publishes the encrypted roster pages.
    var enabled: Bool
    /// PBKDF2-SHA256 iterations per passphrase guess (at least 600,000).
    var iterations: Int
    /// The private passphrase file `pantau roster keys` writes (also caches each derived key).
    var keys: String
    /// The private folder for the printable hand-over letters.
    var letters: String

    init(
        enabled: Bool = false, iterations: Int = RosterSeal.minimumIterations,
        keys: String = "data/roster-keys.tsv", letters: String = "data/surat-kunci"
    ) {
        self.enabled = enabled
        self.iterations = iterations
        self.keys = keys
        self.letters = letters
    }

    static func parse(_ map: inout YAMLMap) throws -> RosterConfig {
        var config = RosterConfig()
        config.enabled = try map.bool("enabled") ?? false
        if let iterations = try map.int("iterations") {
            guard (RosterSeal.minimumIterations...LookupConfig.maximumIterations).contains(iterations) else {
                throw map.error(
                    at: map.node("iterations"),
                    "`iterations` should be between \(RosterSeal.minimumIterations) and "
                        + "\(LookupConfig.maximumIterations) (default \(RosterSeal.minimumIterations)), found \(iterations)")
            }
            config.iterations = iterations
        }
        for key in ["keys", "letters"] {
            guard let path = try map.string(key) else { continue }
            guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains(".."),
                !["Output", "Content", "Themes"].contains(where: { path == $0 || path.hasPrefix($0 + "/") })
            else {
                throw map.error(
                    at: map.node(key),
                    "`\(key)` must be a private path inside the site folder such as data/…, "
                        + "not under Output/, Content/ or Themes/; found \"\(path)\"")
            }
            if key == "keys" { config.keys = path } else { config.letters = path }
        }
        try map.finish(known: "`enabled`, `iterations`, `keys`, `letters`")
        return config
    }
}
