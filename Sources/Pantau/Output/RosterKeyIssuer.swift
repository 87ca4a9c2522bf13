import Foundation

/// `pantau roster keys [--unit KODE] [--rotate]`: gives every Perangkat Daerah with employees a random
/// passphrase for its encrypted `/unit/<slug>/daftar/` page, keeps those it already has, and writes the private
/// keyring (0600) and one printable hand-over letter per unit (0600, in a 0700 folder).
///
/// Rotating one unit changes only that unit's passphrase, so the next build re-encrypts only its page.
public struct RosterKeyIssuer: Sendable {
    var siteDirectory: URL
    /// Only this unit (code or slug); required with `rotate`.
    var unit: String?
    var rotate: Bool
    var deriver: KeyDeriver

    public init(siteDirectory: URL, unit: String? = nil, rotate: Bool = false) {
        self.init(siteDirectory: siteDirectory, unit: unit, rotate: rotate, deriver: .pbkdf2)
    }

    /// With another key derivation than PBKDF2.
    init(siteDirectory: URL, unit: String?, rotate: Bool, deriver: KeyDeriver) {
        self.siteDirectory = siteDirectory
        self.unit = unit
        self.rotate = rotate
        self.deriver = deriver
    }

    /// What the run did.
    public struct Report: Sendable {
        var created: [String] = []
        var rotated: [String] = []
        var kept: [String] = []
        /// Kept passphrases whose key was derived again (the salt or iteration count changed).
        var rederived: [String] = []
        public var summary = ""
    }

    public func run() throws -> Report {
        let config = try SiteConfig.load(siteDirectory: siteDirectory)
        let (dashboard, store) = try RosterExport.loadDashboard(site: siteDirectory, config: config)
        guard !rotate || unit != nil else {
            throw PantauError(
                file: "--rotate", step: .command,
                "rotating needs `--unit KODE`: one unit at a time, so the other " + "units' letters stay valid")
        }
        let all = try RosterExport.codes(nil, in: dashboard, store: store)
        let targets = try unit.map { try RosterExport.codes($0, in: dashboard, store: store) } ?? all
        if let code = targets.first, unit != nil, !all.contains(code) {
            throw PantauError(
                file: "--unit", step: .command,
                "\(code) is a sub-unit or has no employees; roster pages and " + "passphrases are per Perangkat Daerah")
        }
        let keysURL = siteDirectory.appendingPathComponent(config.rosters.keys)
        var ring = try RosterKeyring.load(from: keysURL, displayPath: config.rosters.keys)
        let salt = config.lookup.resolvedSalt(baseURL: config.baseURL)
        let iterations = config.rosters.iterations
        var report = Report()

        struct Job: Sendable {
            var code: String
            var passphrase: String
            var fresh: Bool
        }
        var jobs: [Job] = []
        for code in targets {
            if let entry = ring.entries[code], !rotate {
                if entry.salt == salt, entry.iterations == iterations {
                    report.kept.append(code)
                    continue
                }
                jobs.append(Job(code: code, passphrase: entry.passphrase, fresh: false))
                report.rederived.append(code)
            } else {
                if ring.entries[code] != nil { report.rotated.append(code) } else { report.created.append(code) }
                jobs.append(Job(code: code, passphrase: RosterPassphrase.generate(), fresh: true))
            }
        }
        let deriver = self.deriver
        let masters = try jobs.parallelMap { job in
            try RosterSeal.master(passphrase: job.passphrase, site: salt, unit: job.code, iterations: iterations, deriver: deriver)
        }
        for (job, master) in zip(jobs, masters) {
            let created = job.fresh ? dashboard.asOf.description : (ring.entries[job.code]?.created ?? dashboard.asOf.description)
            ring.entries[job.code] = RosterKeyring.Entry(
                passphrase: job.passphrase, salt: salt, iterations: iterations,
                master: master, created: created)
        }
        let keysFolderShown = (config.rosters.keys as NSString).deletingLastPathComponent
        let keysFolder = try PrivateFolder(
            keysURL.deletingLastPathComponent(), displayPath: keysFolderShown,
            site: siteDirectory)
        try keysFolder.write(keysURL.lastPathComponent, ring.encoded)

        let letters = try PrivateFolder(
            siteDirectory.appendingPathComponent(config.rosters.letters, isDirectory: true),
            displayPath: config.rosters.letters, site: siteDirectory)
        let formatter = DisplayFormatter(language: config.language, timeZone: config.timeZone)
        for code in targets {
            guard let u = dashboard.unit(code: code), let entry = ring.entries[code] else { continue }
            let base = config.baseURL.hasSuffix("/") ? String(config.baseURL.dropLast()) : config.baseURL
            let letter = RosterLetter(
                agency: config.title, unit: u.unit, url: base + "/unit/\(u.slug)/daftar/",
                passphrase: entry.passphrase, created: entry.created, formatter: formatter, contacts: config.contacts)
            try letters.write(u.slug + ".html", Array(letter.html.utf8))
        }
        var parts = ["\(report.created.count) new", "\(report.rotated.count) rotated", "\(report.kept.count) kept"]
        if !report.rederived.isEmpty { parts.append("\(report.rederived.count) re-derived for the new salt or iteration count") }
        report.summary =
            "Roster passphrases: " + parts.joined(separator: ", ") + " (\(RosterPassphrase.bits)-bit, PBKDF2 "
            + "\(iterations) iterations). "
            + "Keyring: \(config.rosters.keys) (0600); letters: \(config.rosters.letters)/<unit>.html. "
            + (config.rosters.enabled
                ? "Run `pantau build` to publish the pages." : "Set `rosters: {enabled: true}` in site.yml to " + "publish the pages.")
        return report
    }
}
