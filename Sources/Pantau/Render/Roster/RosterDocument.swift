import Foundation

/// A unit's private follow-up list as files: a CSV for spreadsheets and a printable, self-contained HTML page.
/// Both hold personal data; only `pantau roster` writes them, outside the published tree.
struct RosterDocument: Sendable {
    var list: RosterList
    var formatter: DisplayFormatter
    /// The agency (site title), printed at the top.
    var agency: String

    init(list: RosterList, formatter: DisplayFormatter, agency: String) {
        self.list = list
        self.formatter = formatter
        self.agency = agency
    }

    private var en: Bool { formatter.language == "en" }

    /// The CSV header; one row per person follows.
    static let csvHeader = ["sub_unit", "nama", "nip", "jabatan", "status_aktivasi", "tanggal_aktivasi", "kategori_belum_selesai"]

    /// UTF-8 with a BOM (so Excel reads the names right), CRLF, every field quoted. The NIP is written grouped
    /// (`19860926 201505 1 001`) so a spreadsheet keeps it as text instead of rounding it to 1,98609E+17.
    var csv: String {
        var out = "\u{FEFF}" + Self.csvHeader.map(Self.quote).joined(separator: ",") + "\r\n"
        for e in list.entries {
            let fields = [
                e.subUnit, e.name, DisplayFormatter.groupedNIP(e.nip), e.position, e.activated ? "sudah" : "belum",
                e.activationDate?.description ?? "", e.unfinished.joined(separator: "; "),
            ]
            out += fields.map(Self.quote).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// Quotes a field; a leading `=`, `+`, `-` or `@` gets an apostrophe so a spreadsheet never runs it as a formula.
    static func quote(_ field: String) -> String {
        var text = field
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The unit's figures with Δ, as label/value pairs (also the encrypted page's header).
    var figures: [(label: String, value: String)] {
        let p = list.unit.progress
        var out: [(String, String)] = [
            (en ? "Employees" : "Pegawai", formatter.number(p.employees)),
            (en ? "Activated" : "Sudah aktivasi", "\(formatter.number(p.activated)) (\(formatter.percent(p.activationRate)))"),
            (en ? "PDM complete" : "PDM lengkap", "\(formatter.number(p.complete)) (\(formatter.percent(p.completionRate)))"),
            (en ? "On this list" : "Dalam daftar ini", formatter.number(list.entries.count)),
            (en ? "Status" : "Status", RiskText.label(list.risk, formatter: formatter)),
        ]
        if let c = list.change {
            let people = en ? "people" : "orang"
            let points = en ? "points" : "poin"
            let since = en ? "since \(formatter.date(c.since))" : "sejak \(formatter.date(c.since))"
            let activated = formatter.change(people: c.activated, points: c.activationPoints, peopleWord: people, pointsWord: points)
            let complete = formatter.change(people: c.complete, points: c.completionPoints, peopleWord: people, pointsWord: points)
            out.insert((en ? "Δ activated" : "Δ aktivasi", activated + " " + since), at: 2)
            out.insert((en ? "Δ PDM complete" : "Δ PDM lengkap", complete + " " + since), at: 4)
        }
        return out
    }

    /// A complete HTML page, no outside resources, A4 print style; the table header repeats on every printed page.
    var html: String {
        let e: (String) -> String = HTMLEscaper.escape
        let title = (en ? "Follow-up list: " : "Daftar tindak lanjut: ") + list.unit.unit.name
        let confidential =
            en
            ? "Confidential: personal data, for the unit's personnel officer only."
            : "Rahasia: berisi data pribadi, hanya untuk pengelola kepegawaian unit ini."
        let everyone = en ? "Everyone is activated and complete." : "Semua pegawai sudah aktivasi dan PDM lengkap."
        var out = """
            <!doctype html>
            <html lang="\(en ? "en" : "id")">
            <head>
            <meta charset="utf-8">
            <meta name="robots" content="noindex, nofollow">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header><p class="agency">\(e(agency))</p><h1>\(e(title))</h1>
            <p>\(en ? "Data as of" : "Data per") \(e(formatter.date(list.asOf))). <strong>\(e(confidential))</strong></p></header>
            <dl>
            """
        for f in figures { out += "<div><dt>\(e(f.label))</dt><dd>\(e(f.value))</dd></div>" }
        out += "</dl>\n"
        guard !list.entries.isEmpty else {
            return out + "<p>\(everyone)</p>\n</body>\n</html>\n"
        }
        let headers =
            en
            ? ["No.", "Sub-unit", "Name", "NIP", "Position", "Activation", "Categories not done"]
            : ["No.", "Sub-unit", "Nama", "NIP", "Jabatan", "Aktivasi", "Kategori belum selesai"]
        out += "<table>\n<thead><tr>" + headers.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (i, r) in list.entries.enumerated() {
            let activation = r.activated ? (r.activationDate.map(formatter.date) ?? (en ? "yes" : "sudah")) : (en ? "not yet" : "belum")
            let cells = [
                formatter.number(i + 1), r.subUnit, r.name, DisplayFormatter.groupedNIP(r.nip), r.position, activation,
                r.unfinished.joined(separator: "; "),
            ]
            out += "<tr>" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</body>\n</html>\n"
    }

    static let style = """
        body{font:11pt/1.35 system-ui,sans-serif;margin:1.5rem;color:#111}h1{font-size:15pt;margin:.2rem 0}
        .agency{margin:0;font-weight:600}dl{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;margin:.8rem 0}dt{font-size:9pt;color:#444}
        dd{margin:0;font-weight:600}table{border-collapse:collapse;width:100%;font-size:9.5pt}
        th,td{border:1px solid #999;padding:.2rem .35rem;
        text-align:left;vertical-align:top}thead{display:table-header-group}tr{break-inside:avoid}
        @page{size:A4 landscape;margin:12mm}@media print{body{margin:0}}
        """
}
