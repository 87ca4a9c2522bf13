import Foundation

/// Which date an import's snapshot gets, and why: `--as-of`, else a date in the file name, else today.
public enum SnapshotDate {
    /// The date and, when it was not given with `--as-of`, the sentence that says where it came from.
    /// A date after `today` is refused unless `allowFuture`.
    public static func resolve(
        asOf: CalendarDate?, file: String, today: CalendarDate, timeZone: String,
        allowFuture: Bool
    ) throws -> (date: CalendarDate, note: String?) {
        let date: CalendarDate
        var note: String?
        let name = (file as NSString).lastPathComponent
        if let asOf {
            date = asOf
        } else if let found = EmployeeImporter.dateAndFormInFileName(name) {
            date = found.date
            note =
                "\(file): snapshot date \(date) from the file name (\"\(found.text)\" read as \(found.form));"
                + " give --as-of to use another"
        } else {
            date = today
            note = "\(file): no date in the file name and no --as-of, so the snapshot is dated today, \(date) (\(timeZone))"
        }
        if today < date, !allowFuture {
            throw PantauError(
                file: file, step: .command,
                "the snapshot date \(date) is after today (\(today), \(timeZone)); every later real export would count as "
                    + "history only. Fix the date, or pass --allow-future")
        }
        return (date, note)
    }
}
