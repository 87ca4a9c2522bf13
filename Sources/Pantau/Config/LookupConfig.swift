import Foundation

/// The `lookup:` section of `site.yml`: the private "cek status" lookup at `/cek/`.
///
/// Each employee's record is encrypted under a key derived from their NIP and NIK with
/// PBKDF2-SHA256; `iterations` is what every guess costs an attacker (and each employee once per
/// build, unless the cache already holds their key). See `docs/cek-threat-model.md`.
struct LookupConfig: Sendable, Equatable {
    /// Whether the build publishes lookup records (the `/cek/` page exists either way).
    var enabled: Bool
    /// PBKDF2-SHA256 iterations per derivation.
    var iterations: Int
    /// Site-wide salt; nil means the site's `base_url`, so two sites never share derivations.
    var salt: String?
    /// Path of the private per-employee key cache, relative to the site folder. Never published;
    /// as sensitive as the datastore, since it holds every employee's derived key.
    var cache: String

    /// The default cost: about 40 ms per derivation on one core of a 2021 server CPU, so the
    /// demo's 4,000 employees take well under two minutes on 2 cores, and about 0.1–0.5 s on a
    /// cheap phone's browser. Measured figures are in the threat-model document.
    static let defaultIterations = 600_000
    /// Below this a guess is nearly free; tests build `LookupConfig` values directly instead.
    static let minimumIterations = 1_000
    /// Above this a cheap phone would take minutes per lookup.
    static let maximumIterations = 10_000_000

    init(
        enabled: Bool = true, iterations: Int = LookupConfig.defaultIterations, salt: String? = nil, cache: String = "data/cek-cache.bin"
    ) {
        self.enabled = enabled
        self.iterations = iterations
        self.salt = salt
        self.cache = cache
    }

    /// The salt actually used: the configured one, or the site's base URL.
    func resolvedSalt(baseURL: String) -> String {
        salt ?? baseURL
    }

    static func parse(_ map: inout YAMLMap) throws -> LookupConfig {
        var config = LookupConfig()
        config.enabled = try map.bool("enabled") ?? true
        if let iterations = try map.int("iterations") {
            guard (minimumIterations...maximumIterations).contains(iterations) else {
                throw map.error(
                    at: map.node("iterations"),
                    "`iterations` should be between \(minimumIterations) and \(maximumIterations) (default \(defaultIterations)), found "
                        + "\(iterations)"
                )
            }
            config.iterations = iterations
        }
        if let salt = try map.string("salt") {
            guard !salt.isEmpty else {
                throw map.error(at: map.node("salt"), "`salt` is empty; remove it to use base_url, or set any fixed text")
            }
            config.salt = salt
        }
        if let cache = try map.string("cache") {
            guard !cache.isEmpty, !cache.hasPrefix("/"), !cache.split(separator: "/").contains("..") else {
                throw map.error(
                    at: map.node("cache"), "`cache` should be a path inside the site folder like data/cek-cache.bin, found \"\(cache)\"")
            }
            guard !(cache == "Output" || cache.hasPrefix("Output/") || cache.hasPrefix("Content/") || cache.hasPrefix("Themes/")) else {
                throw map.error(
                    at: map.node("cache"),
                    "`cache` must stay private: put it beside the datastore (data/cek-cache.bin), not under Output/, Content/ or Themes/")
            }
            config.cache = cache
        }
        try map.finish(known: "`enabled`, `iterations`, `salt`, `cache`")
        return config
    }
}
