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

    @Argument(help: "The units CSV file.")
    var file: String

    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let (config, datastore) = try openDatastore(siteOptions)
        let report = try UnitImporter(datastore: datastore, columnMapping: config.data.columns)
            .importFile(URL(fileURLWithPath: file), displayPath: file)
        print("\(file): \(report.summary)")
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

    @OptionGroup var siteOptions: SiteOptions

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil || asOf.count != 10 {
            throw ValidationError("--as-of should be a date like 2021-06-14, found \"\(asOf)\"")
        }
    }

    func run() throws {
        let (config, datastore) = try openDatastore(siteOptions)
        let url = URL(fileURLWithPath: file)
        let date: CalendarDate
        if let asOf {
            guard let parsed = CalendarDate(iso: asOf), asOf.count == 10 else {
                throw ValidationError("--as-of should be a date like 2021-06-14, found \"\(asOf)\"")
            }
            date = parsed
        } else {
            date = EmployeeImporter.dateInFileName(url.lastPathComponent) ?? CalendarDate.today(in: config.timeZone)
        }
        let report = try EmployeeImporter(datastore: datastore, columnMapping: config.data.columns)
            .importFile(url, displayPath: file, asOf: date, rejectFile: rejects.map { URL(fileURLWithPath: $0) })
        print(report.summary)
    }
}

/// Loads site.yml and opens (creating if needed) the datastore it names.
func openDatastore(_ options: SiteOptions) throws -> (SiteConfig, Datastore) {
    let site = options.siteURL
    let config = try SiteConfig.load(siteDirectory: site)
    let datastore = try Datastore(path: config.data.datastoreURL(siteDirectory: site), categories: config.data.categories, displayPath: config.data.datastore)
    return (config, datastore)
}
