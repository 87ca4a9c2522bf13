import Foundation

extension Dashboard {
    /// Reads units and every snapshot's per-unit counts from the datastore (SQL did the counting);
    /// nil when nothing has been imported yet.
    static func load(from store: Datastore, config: SiteConfig) throws -> Dashboard? {
        let snapshots = try store.snapshots()
        guard !snapshots.isEmpty else { return nil }
        let counts = try snapshots.map { try store.unitCounts(snapshot: $0.id) }
        return Dashboard(
            units: try store.units(), snapshots: snapshots, counts: counts, categories: config.data.categories, deadline: config.deadline,
            minGroup: config.privacy.minGroup)
    }
}
