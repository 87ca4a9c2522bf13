import ArgumentParser
import Foundation
import Pantau

/// `pantau import units|employees FILE`: fills the site's datastore from CSV exports.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import units or an employee export into the site's datastore.",
        subcommands: [ImportUnits.self, ImportEmployees.self]
    )
}

struct ImportUnits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Import units.csv (kode,nama,induk,jenis): all rows or none; units not in the file are kept."
    )

    @Argument(help: "units.csv (kode,nama,induk,jenis[,alias][,unor_id]) or SIASN's UNOR reference (Id,DiatasanId,NamaUnor), CSV or XLSX.")
    var file: String

    @OptionGroup var reading: ReadingOptions

    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let (config, datastore) = try openDatastore(siteOptions)
        var importer = UnitImporter(datastore: datastore, columnMapping: config.data.columns)
        importer.options = try reading.options()
        let report = try importer.importFile(URL(fileURLWithPath: file), displayPath: file)
        siteOptions.console.info("\(file): \(report.summary)")
    }
}

struct ImportEmployees: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "employees",
        abstract: "Import an employee export as a snapshot; rejected rows go to <name>.ditolak.csv beside it."
    )

    @Argument(help: "The employee export (CSV, `,` or `;`).")
    var file: String

    @Option(name: .customLong("as-of"), help: "The date the export describes, YYYY-MM-DD (default: the date in the file name, else today).")
    var asOf: String?

    @Option(name: .long, help: "Where to write rejected rows (default: <name>.ditolak.csv beside the file).")
    var rejects: String?

    @Flag(
        name: .customLong("accept-drop"),
        help: """
            Import even when the valid rows fall more than data.max_drop below the previous snapshot, \
            or more than data.max_rejects are rejected.
            """)
    var acceptDrop = false

    @OptionGroup var reading: ReadingOptions

    @Flag(name: .customLong("allow-future"), help: "Accept an as-of date after today (site time zone).")
    var allowFuture = false

    @Option(name: .long, help: "A status list joined on NIP (nip plus status_aktivasi, tanggal_aktivasi or category columns); repeatable.")
    var status: [String] = []

    @OptionGroup var siteOptions: SiteOptions

    /// `--as-of` read as a date, nil when not given; only a full `YYYY-MM-DD` counts.
    private var givenDate: CalendarDate? {
        get throws {
            guard let asOf else { return nil }
            guard asOf.count == 10, let date = CalendarDate(iso: asOf) else {
                throw ValidationError("--as-of should be a date like 2021-06-14, found \"\(asOf)\"")
            }
            return date
        }
    }

    /// Rejects a malformed `--as-of` before anything is opened.
    func validate() throws {
        _ = try givenDate
    }

    func run() throws {
        let (config, datastore) = try openDatastore(siteOptions)
        let url = URL(fileURLWithPath: file)
        let (date, note) = try SnapshotDate.resolve(
            asOf: try givenDate, file: file, today: CalendarDate.today(in: config.timeZone),
            timeZone: config.timeZone.identifier, allowFuture: allowFuture)
        if let note { print(note) }
        var importer = EmployeeImporter(datastore: datastore, columnMapping: config.data.columns)
        importer.safety = ImportSafetyPolicy(rails: config.data.rails, acceptDrop: acceptDrop)
        importer.valueMapping = config.data.values
        importer.options = try reading.options()
        importer.asOfGiven = asOf != nil
        let bar = ProgressBar()
        importer.onProgress = { bar.update(rows: $0, done: $1, total: $2) }
        importer.statusFiles = status.map { (URL(fileURLWithPath: $0), $0) }
        let report: ImportReport
        do {
            report = try importer.importFile(url, displayPath: file, asOf: date, rejectFile: rejects.map { URL(fileURLWithPath: $0) })
            bar.finish()
        } catch {
            bar.finish()
            throw error
        }
        let console = siteOptions.console
        console.info(report.summary)
        if console.quiet, report.rejected > 0 {
            console.warning("\(file): \(report.rejected) of \(report.read) rows rejected; see \(report.rejectFile ?? "the reject file")")
        }
    }
}

/// How to read an export file: `--header-row`, `--encoding`, `--sheet`.
struct ReadingOptions: ParsableArguments {
    @Option(name: .customLong("header-row"), help: "The line of the header row (default: the first row naming a NIP column).")
    var headerRow: Int?

    @Option(name: .long, help: "Text encoding of a CSV without byte-order mark: utf-8 (default) or windows-1252.")
    var encoding: String?

    @Option(name: .long, help: "The sheet of an XLSX workbook (default: the first).")
    var sheet: String?

    func options() throws -> ImportOptions {
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row should be a line number, 1 or more") }
        var options = ImportOptions(headerRow: headerRow, sheet: sheet)
        if let encoding {
            guard let found = TextEncoding(name: encoding) else {
                throw ValidationError("--encoding \"\(encoding)\" is not one Pantau reads; use utf-8, utf-16le, utf-16be or windows-1252")
            }
            options.encoding = found
        }
        return options
    }
}

/// Loads site.yml and opens (creating if needed) the datastore it names.
func openDatastore(_ options: SiteOptions) throws -> (SiteConfig, Datastore) {
    let site = options.siteURL
    let config = try SiteConfig.load(siteDirectory: site)
    let datastore = try Datastore(
        path: config.data.datastoreURL(siteDirectory: site), categories: config.data.categories, displayPath: config.data.datastore)
    return (config, datastore)
}
