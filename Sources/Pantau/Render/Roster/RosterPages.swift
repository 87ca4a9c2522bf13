import Foundation

/// One unit's sealed roster, ready for its `/unit/<slug>/daftar/` page.
struct SealedRoster: Sendable {
    var code: String
    var slug: String
    var name: String
    /// Hex id and base64 blob (nonce ‖ ciphertext ‖ tag) of ``RosterSeal``.
    var id: String
    var blob: String
}

/// Builds every Perangkat Daerah's sealed roster when `rosters.enabled`: lists from the datastore, keys from the
/// private keyring (derived by `pantau roster keys`, so the build runs no PBKDF2).
enum RosterPages {
    /// Nil when rosters are off or there is no data; an error naming the fix when a unit has no usable key.
    static func prepare(
        config: SiteConfig, siteDirectory: URL, dashboard: Dashboard?,
        store: Datastore?
    ) throws -> (salt: String, rosters: [SealedRoster])? {
        guard config.rosters.enabled, let dashboard, let store else { return nil }
        let ring = try RosterKeyring.load(from: siteDirectory.appendingPathComponent(config.rosters.keys), displayPath: config.rosters.keys)
        let salt = config.lookup.resolvedSalt(baseURL: config.baseURL)
        let codes = try RosterExport.codes(nil, in: dashboard, store: store)
        let missing = codes.filter { ring.entries[$0] == nil }
        guard missing.isEmpty else {
            throw PantauError(
                file: config.rosters.keys, step: .metrics,
                "no roster passphrase for \(missing.count) " + "unit\(missing.count == 1 ? "" : "s") "
                    + "(\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")); "
                    + "run `pantau roster keys` "
                    + "and hand the new letters over, or set `rosters.enabled: false`")
        }
        let stale = codes.filter { ring.entries[$0]?.salt != salt || ring.entries[$0]?.iterations != config.rosters.iterations }
        guard stale.isEmpty else {
            throw PantauError(
                file: config.rosters.keys, step: .metrics,
                "the keys of \(stale.count) " + "unit\(stale.count == 1 ? "" : "s") were derived for another "
                    + "salt or iteration count; run `pantau roster keys` (passphrases stay the same)")
        }
        let formatter = DisplayFormatter(language: config.language, timeZone: config.timeZone)
        let lists = try RosterList.build(dashboard: dashboard, store: store, codes: codes)
        let jobs = lists.compactMap { list in ring.entries[list.unit.unit.code].map { (list, $0.master) } }
        let sealed = try jobs.parallelMap { list, master -> SealedRoster in
            let text = try plaintext(RosterDocument(list: list, formatter: formatter, agency: config.title))
            let (id, blob) = try RosterSeal.seal(text, master: master)
            return SealedRoster(code: list.unit.unit.code, slug: list.unit.slug, name: list.unit.unit.name, id: id, blob: blob)
        }
        return (salt, sealed)
    }

    /// The JSON the browser decrypts: figures, column names and rows, already formatted for the site's language.
    static func plaintext(_ document: RosterDocument) throws -> [UInt8] {
        let en = document.formatter.language == "en"
        let rows = document.list.entries.map { r in
            [
                r.subUnit, r.name, DisplayFormatter.groupedNIP(r.nip), r.position,
                r.activated ? (r.activationDate?.description ?? (en ? "yes" : "sudah")) : (en ? "not yet" : "belum"),
                r.unfinished.joined(separator: "; "),
            ]
        }
        let columns =
            en
            ? ["Sub-unit", "Name", "NIP", "Position", "Activation", "Categories not done"]
            : ["Sub-unit", "Nama", "NIP", "Jabatan", "Aktivasi", "Kategori belum selesai"]
        let value: [String: Any] = [
            "v": RosterSeal.formatVersion,
            "unit": document.list.unit.unit.name,
            "as_of": document.formatter.date(document.list.asOf),
            "figures": document.figures.map { [$0.label, $0.value] },
            "columns": columns,
            "rows": rows,
        ]
        return Array(try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]))
    }
}
