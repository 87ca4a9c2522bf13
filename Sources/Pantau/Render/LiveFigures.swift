import Foundation

/// Live figures in Markdown: `{{pantau persen_aktivasi}}` or `{{pantau persen_aktivasi unit=1.02}}`,
/// replaced at build time by the latest snapshot's value (of the whole organisation or of one unit).
struct LiveFigures: Sendable {
    let dashboard: Dashboard?
    let formatter: DisplayFormatter
    /// Shown in place of a figure before the first import.
    let noData: String

    /// The figure names a page may use.
    static let names = [
        "pegawai", "sudah_aktivasi", "belum_aktivasi", "persen_aktivasi", "pdm_lengkap", "persen_pdm_lengkap", "data_per", "batas_waktu",
        "sisa_hari",
    ]

    /// Replaces every placeholder in `html`; an unknown name or unit, or a placeholder without its
    /// closing `}}`, fails with the line in `page`. Inside `<code>` a placeholder is shown as written,
    /// so a help page can explain the syntax.
    func expand(_ html: String, in page: Page) throws -> String {
        guard html.containsBytes("{{pantau") else { return html }
        var out = ""
        var rest = Substring(html)
        var inCode = false
        while let open = rest.range(of: "{{pantau") {
            let before = rest[..<open.lowerBound]
            out += before
            inCode = Self.codeState(after: before, startingIn: inCode)
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw fail(
                    page, placeholder: String(rest[open.lowerBound...].prefix(30)),
                    "a live figure is not closed with }}; write it like {{pantau persen_aktivasi}}")
            }
            // As written in the page: libcmark escaped the quotes of `unit="setda"` in the HTML.
            let placeholder = Self.unescaped(rest[open.lowerBound..<close.upperBound])
            out +=
                inCode
                ? String(rest[open.lowerBound..<close.upperBound])
                : try value(Self.unescaped(rest[open.upperBound..<close.lowerBound]), placeholder: placeholder, page: page)
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Replaces every placeholder in plain `text` (a heading for the table of contents, a page's text for the
    /// search index) as ``expand(_:in:)`` does in its HTML; placeholders inside `code` (UTF-8 offsets of
    /// inline code and code blocks in `text`) are kept as written, as the page shows them. A placeholder cut
    /// off by the end of `text` is dropped.
    func expand(text: String, code: [Range<Int>] = [], in page: Page) throws -> String {
        guard text.containsBytes("{{pantau") else { return text }
        let bytes = Array(text.utf8)
        let opening = Array("{{pantau".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "{"), bytes[i...].starts(with: opening) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            if code.contains(where: { $0.contains(i) }) {
                out += opening
                i += opening.count
                continue
            }
            var close = i + opening.count
            while close + 1 < bytes.count, !(bytes[close] == UInt8(ascii: "}") && bytes[close + 1] == UInt8(ascii: "}")) { close += 1 }
            // Only where the search index cut the text short: the page's HTML, expanded first, fails on
            // a placeholder the page itself leaves open.
            guard close + 1 < bytes.count else { break }
            let placeholder = String(decoding: bytes[i..<close + 2], as: UTF8.self)
            let inner = String(decoding: bytes[(i + opening.count)..<close], as: UTF8.self)
            out += Array(try value(inner, placeholder: placeholder, page: page).utf8)
            i = close + 2
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A placeholder's text with the HTML escapes libcmark writes (`&quot;` `&amp;` `&lt;` `&gt;`) undone.
    static func unescaped(_ html: Substring) -> String {
        guard html.contains("&") else { return String(html) }
        return html.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Whether the text after `segment` is inside `<code>…</code>`.
    static func codeState(after segment: Substring, startingIn inCode: Bool) -> Bool {
        var state = inCode
        var rest = segment
        while let tag = rest.range(of: state ? "</code>" : "<code") {
            state.toggle()
            rest = rest[tag.upperBound...]
        }
        return state
    }

    private func fail(_ page: Page, placeholder: String, _ message: String) -> PantauError {
        let line = page.source.body.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(placeholder) }
        return PantauError(file: page.source.file, line: line.map { $0 + page.source.bodyLine }, step: .render, message)
    }

    private func value(_ inner: String, placeholder: String, page: Page) throws -> String {
        let words = inner.split(separator: " ").map(String.init)
        func fail(_ message: String) -> PantauError { self.fail(page, placeholder: placeholder, message) }
        guard let name = words.first, Self.names.contains(name) else {
            throw fail(
                "unknown live figure \(placeholder); use one of \(Self.names.joined(separator: ", ")), e.g. {{pantau persen_aktivasi}}")
        }
        var unitCode: String?
        for word in words.dropFirst() {
            guard word.hasPrefix("unit=") else { throw fail("\(placeholder): only `unit=KODE` may follow the figure name") }
            var code = word.dropFirst(5)
            if code.count >= 2, let quote = code.first, quote == "\"" || quote == "'", code.last == quote {
                code = code.dropFirst().dropLast()
            }
            unitCode = String(code)
        }
        guard let d = dashboard else { return noData }
        let target: UnitProgress
        if let code = unitCode {
            guard let unit = d.unit(code: code) ?? d.units.first(where: { $0.slug == code }) else {
                throw fail("\(placeholder): there is no unit with code or slug \"\(code)\" in the datastore")
            }
            target = unit
        } else {
            target = d.total
        }
        let p = target.progress
        // A small group (`privacy.min_group`): its count as "< 5" (escaped: this is HTML), no other figure of it.
        if target.suppressed {
            switch name {
            case "pegawai": return "&lt; " + formatter.number(d.minGroup)
            case "sudah_aktivasi", "belum_aktivasi", "persen_aktivasi", "pdm_lengkap", "persen_pdm_lengkap":
                return DashboardRenderer.hiddenFigure
            default: break
            }
        }
        switch name {
        case "pegawai": return formatter.number(p.employees)
        case "sudah_aktivasi": return formatter.number(p.activated)
        case "belum_aktivasi": return formatter.number(p.notActivated)
        case "persen_aktivasi": return formatter.percent(p.activationRate)
        case "pdm_lengkap": return formatter.number(p.complete)
        case "persen_pdm_lengkap": return formatter.percent(p.completionRate)
        case "data_per": return formatter.date(d.asOf)
        case "batas_waktu": return d.deadline.map(formatter.date) ?? noData
        default: return d.deadline.map { formatter.number(max(0, $0.dayNumber - d.asOf.dayNumber)) } ?? noData
        }
    }
}
