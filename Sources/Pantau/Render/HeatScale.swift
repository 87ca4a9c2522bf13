import Foundation

/// The `/progres/` heat map's colour scale, anchored on a target share instead of on 0–100%: a cell shows how far
/// its done-share is above or below where it should be by now.
///
/// Seven classes of ColorBrewer's **PuOr** diverging scheme (orange below the target, purple above, near-white
/// within 5 points of it). PuOr is one of ColorBrewer's schemes marked safe for the common colour-vision
/// deficiencies: orange and purple differ in lightness and in the blue–yellow axis that deuteranopes and
/// protanopes still see, so the two sides never merge into one hue. Dark classes carry white text and light ones
/// black, each at a contrast ratio of at least 4.5:1, and the percentage is always printed in the cell.
struct HeatScale: Sendable, Equatable {
    /// The share (0…1) a category should have reached by the data's date.
    var target: Double

    init(target: Double) { self.target = min(max(target, 0), 1) }

    /// −3 (over 30 points below the target), −2 (15–30 below), −1 (5–15 below), 0 (within 5 points), +1, +2, +3 likewise above.
    func level(_ rate: Double) -> Int {
        let d = (rate - target) * 100
        if d < -30 { return -3 }
        if d < -15 { return -2 }
        if d < -5 { return -1 }
        if d <= 5 { return 0 }
        if d <= 15 { return 1 }
        return d <= 30 ? 2 : 3
    }

    /// The CSS class word of a level: `hm3` … `h0` … `hp3`.
    static func cssClass(_ level: Int) -> String { level < 0 ? "hm\(-level)" : (level == 0 ? "h0" : "hp\(level)") }

    /// The default target: the share a steady pace from the first snapshot would have reached by the latest one
    /// if it were to finish exactly on the deadline, `(as-of − first) / (deadline − first)`; 100% after the
    /// deadline or without one. A configured target (`campaign.heat_target`, percent) wins.
    static func target(for dashboard: Dashboard, configured: Double?) -> Double {
        if let configured { return configured / 100 }
        guard let deadline = dashboard.deadline, let first = dashboard.dates.first else { return 1 }
        let span = deadline.dayNumber - first.dayNumber
        guard span > 0 else { return 1 }
        return min(1, max(0, Double(dashboard.asOf.dayNumber - first.dayNumber) / Double(span)))
    }
}
