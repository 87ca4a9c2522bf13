/// Formats numbers for SVG coordinates, CSS widths and open data without `String(format:)`,
/// which is slow on Linux and shows up when thousands of unit pages each draw a chart.
enum Decimal1 {
    /// `v` rounded to one decimal with `.`: `12.345` → `12.3`, `-0.04` → `0.0`.
    static func format(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        if tenths < 0 { return "-" + format(Double(-tenths) / 10) }
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Two-digit zero padding for dates.
    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
