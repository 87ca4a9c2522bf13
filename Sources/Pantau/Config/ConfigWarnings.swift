/// Things in `site.yml` that build but are probably not what the editor meant, said in the build summary.
enum ConfigWarnings {
    /// The campaign deadline against the imported snapshots (oldest first): before the first one, or more
    /// than two years after the latest, is most likely a typo in the year.
    static func deadline(_ deadline: CalendarDate?, snapshots: [CalendarDate]) -> [String] {
        guard let deadline, let first = snapshots.first, let last = snapshots.last else { return [] }
        if deadline < first {
            return [
                "Warning: site.yml campaign.deadline \(deadline) is before the first snapshot (\(first)); "
                    + "days left and projections make no sense; check the year"
            ]
        }
        if deadline > last.adding(days: 2 * 365) {
            return [
                "Warning: site.yml campaign.deadline \(deadline) is more than two years after the latest snapshot (\(last)); "
                    + "check the year"
            ]
        }
        return []
    }

    /// A `base_url` with a path: crawlers only read `/robots.txt` at the host's root.
    static func robots(baseURL: String, basePath: String) -> [String] {
        guard basePath != "/" else { return [] }
        return [
            "Note: base_url \(baseURL) has a path (\(basePath)), so the robots.txt written at \(basePath)robots.txt is not read by "
                + "search engines (they only look at the host's root); put its lines into the root robots.txt of the host if they matter"
        ]
    }
}
