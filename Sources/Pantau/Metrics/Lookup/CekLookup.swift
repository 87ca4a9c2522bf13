import Foundation

/// The "cek status" lookup of one build: either the encrypted table or why it is off, the notes
/// for the build summary, and the cache to save once the site is in place.
struct CekLookup: Sendable {
    /// Why the lookup publishes no records. The `/cek/` page explains it to employees.
    enum OffReason: String, Sendable {
        /// `lookup.enabled: false` in site.yml.
        case disabled
        /// Nothing imported yet.
        case noData = "no_data"
        /// The datastore has no NIK column, or no employee has a usable NIK.
        case noNIK = "no_nik"
    }

    /// The records to publish, or nil when the lookup is off.
    var table: LookupTable?
    /// Set when ``table`` is nil.
    var offReason: OffReason?
    /// Lines for the build summary.
    var notes: [String]
    /// Where ``saveCache()`` writes, and what was there before (to skip rewriting identical bytes).
    let cacheURL: URL?
    let previousCache: LookupCache

    /// Runs the lookup stage for a site: reads the cache, streams the datastore, derives and seals.
    static func prepare(config: SiteConfig, siteDirectory: URL, store: Datastore?, deriver: KeyDeriver = .pbkdf2) throws -> CekLookup {
        let settings = config.lookup
        guard settings.enabled else {
            return off(.disabled, note: "Cek status lookup is off (`lookup.enabled: false` in site.yml); /cek/ says so.")
        }
        guard let store else {
            return off(.noData, note: "Cek status lookup is off: no employee data imported yet; /cek/ says so.")
        }
        guard try store.hasNIK else {
            return off(
                .noNIK,
                note:
                    "Cek status lookup is off: the imported data has no NIK column, and a record can only be opened with NIP and NIK; "
                    + "import an export that has NIK to turn it on."
            )
        }
        let (entries, skipped) = try LookupRecords.entries(from: store, categories: config.data.categories)
        return try prepare(
            entries: entries, skipped: skipped, config: config, cacheURL: DataConfig.resolve(settings.cache, in: siteDirectory),
            deriver: deriver)
    }

    /// The same, from entries already in hand (tests build them from plain `EmployeeRecord`s).
    static func prepare(entries: [LookupEntry], skipped: Int = 0, config: SiteConfig, cacheURL: URL, deriver: KeyDeriver = .pbkdf2)
        throws -> CekLookup
    {
        let settings = config.lookup
        guard !entries.isEmpty else {
            return off(
                .noNIK,
                note: "Cek status lookup is off: no employee has an 18-digit NIP and a 16-digit NIK in the data (\(skipped) without).")
        }
        var notes: [String] = []
        let (cache, cacheNote) = LookupCache.load(from: cacheURL, displayPath: settings.cache)
        if let cacheNote { notes.append(cacheNote) }
        let start = Date()
        let table = try LookupRecords.build(
            entries: entries, salt: settings.resolvedSalt(baseURL: config.baseURL), iterations: settings.iterations, cache: cache,
            deriver: deriver)
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        var line =
            "Cek status: \(table.records) records in \(table.buckets.count) buckets; \(table.derived) keys derived, "
            + "\(entries.count - table.derived) from the cache (\(seconds) s)."
        if skipped > 0 { line += " \(skipped) employees without a usable NIP/NIK cannot use it." }
        notes.append(line)
        return CekLookup(table: table, offReason: nil, notes: notes, cacheURL: cacheURL, previousCache: cache)
    }

    static func off(_ reason: OffReason, note: String) -> CekLookup {
        CekLookup(table: nil, offReason: reason, notes: [note], cacheURL: nil, previousCache: LookupCache())
    }

    /// Saves the keys of this build's employees (and only theirs); a note when that failed.
    ///
    /// Called straight after derivation, not after the whole build: the keys depend only on
    /// their inputs, so they stay valid even if a later check fails, and fixing a typo in a page
    /// should not cost every derivation again. A failure to save does not fail the build.
    func saveCache() -> String? {
        guard let table, let cacheURL, table.cache != previousCache else { return nil }
        do {
            try table.cache.write(to: cacheURL)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
