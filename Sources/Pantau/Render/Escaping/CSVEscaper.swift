/// The one escaper of public CSV files (open data): quoting, and formula injection made inert.
enum CSVEscaper {
    /// A CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` made inert with `'`
    /// so that a unit name cannot become a formula when the file is opened in a spreadsheet.
    static func field(_ raw: String) -> String {
        let text = raw.first.map { "=+-@".contains($0) } == true ? "'" + raw : raw
        return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
