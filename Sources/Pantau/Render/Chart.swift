import Foundation

/// Inline SVG charts drawn at build time: no JavaScript, crisp at any width and in print.
/// Lines differ by dash pattern and carry direct labels, so colour is never the only cue.
enum Chart {
    /// One line of a history chart.
    struct Series {
        var label: String
        var points: [(date: CalendarDate, value: Double)]
        /// Where the recent pace leads, drawn dotted from the last point.
        var projection: CalendarDate?
        /// CSS class: `s1` (solid) or `s2` (dashed).
        var style: String
    }

    /// A history chart of rates (0…1) over time with the deadline marked.
    /// - Parameters:
    ///   - title: the accessible name (also the `<title>` of the SVG).
    static func history(
        series: [Series], deadline: CalendarDate?, deadlineLabel: String, title: String, formatter: DisplayFormatter
    ) -> String {
        let width = 400.0
        let height = 220.0
        let left = 42.0
        let right = 10.0
        let top = 14.0
        let bottom = 26.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let allDates = series.flatMap { $0.points.map(\.date) }
        guard let first = allDates.min(), let lastData = allDates.max() else { return "" }
        // The axis runs to the deadline (or a little past the data), never far beyond it.
        var end = max(lastData, deadline ?? lastData)
        for s in series { if let p = s.projection, p > end { end = min(p, end.adding(days: 30)) } }
        if end.dayNumber - first.dayNumber < 7 { end = first.adding(days: 7) }
        let span = Double(end.dayNumber - first.dayNumber)
        func x(_ d: CalendarDate) -> Double { left + plotW * Double(d.dayNumber - first.dayNumber) / span }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), 1)) }
        func f(_ v: Double) -> String { Decimal1.format(v) }

        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(idFor(title))\" "
            + "xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(idFor(title))\">\(HTMLEscaper.escape(title))</title>"
        // Grid and y axis labels every 25%.
        for step in stride(from: 0, through: 100, by: 25) {
            let yy = y(Double(step) / 100)
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yy))\"/>"
            svg += "<text class=\"axis\" x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">\(step)%</text>"
        }
        // X axis: first date, last data date.
        svg += "<text class=\"axis\" x=\"\(f(left))\" y=\"\(f(height - 8))\">\(HTMLEscaper.escape(formatter.shortDate(first)))</text>"
        if lastData != first {
            svg +=
                "<text class=\"axis\" x=\"\(f(x(lastData)))\" y=\"\(f(height - 8))\" "
                + "text-anchor=\"middle\">\(HTMLEscaper.escape(formatter.shortDate(lastData)))</text>"
        }
        if let deadline, deadline >= first, deadline <= end {
            let dx = x(deadline)
            svg += "<line class=\"deadline\" x1=\"\(f(dx))\" y1=\"\(f(top))\" x2=\"\(f(dx))\" y2=\"\(f(top + plotH))\"/>"
            // The label sits right of the line, or left of it when it would run off the chart.
            let leftOfLine = dx + 84 > width
            svg +=
                "<text class=\"axis deadline-label\" x=\"\(f(leftOfLine ? dx - 4 : dx + 4))\" "
                + "y=\"\(f(top + 10))\"\(leftOfLine ? " text-anchor=\"end\"" : "")>\(HTMLEscaper.escape(deadlineLabel)) "
                + "\(HTMLEscaper.escape(formatter.shortDate(deadline)))</text>"
        }
        for s in series {
            guard let last = s.points.last else { continue }
            let path = s.points.map { "\(f(x($0.date))),\(f(y($0.value)))" }.joined(separator: " ")
            if s.points.count > 1 {
                svg += "<polyline class=\"line \(s.style)\" points=\"\(path)\"/>"
            }
            for p in s.points { svg += "<circle class=\"dot \(s.style)\" cx=\"\(f(x(p.date)))\" cy=\"\(f(y(p.value)))\" r=\"3\"/>" }
            if let target = s.projection, target > last.date {
                let clipped = min(target, end)
                let value =
                    last.value + (1 - last.value) * Double(clipped.dayNumber - last.date.dayNumber)
                    / Double(max(1, target.dayNumber - last.date.dayNumber))
                svg +=
                    "<line class=\"projection \(s.style)\" x1=\"\(f(x(last.date)))\" y1=\"\(f(y(last.value)))\" x2=\"\(f(x(clipped)))\" "
                    + "y2=\"\(f(y(value)))\"/>"
            }
        }
        svg += "</svg>"
        // The legend is HTML under the chart: readable at phone size, with the line's dash pattern as its key.
        svg += "<ul class=\"legend\">"
        for s in series {
            let value = s.points.last.map { " " + formatter.percent($0.value) } ?? ""
            svg +=
                "<li><svg class=\"chart key\" viewBox=\"0 0 30 10\" aria-hidden=\"true\"><line class=\"line \(s.style)\" x1=\"0\" y1=\"5\" "
                + "x2=\"30\" y2=\"5\"/></svg>\(HTMLEscaper.escape(s.label))\(value)</li>"
        }
        svg += "</ul>"
        return svg
    }

    /// A stable id for an SVG title from its text.
    static func idFor(_ title: String) -> String {
        "chart-" + (Markdown.slugify(title).isEmpty ? "x" : Markdown.slugify(title))
    }
}
