import ArgumentParser
import Foundation
import Pantau

/// `pantau roster`: private per-unit lists of who is behind (names and NIPs; never published).
struct Roster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write each unit's private list of people not yet activated or complete (CSV + printable HTML, mode 0600).",
        subcommands: [Lists.self, Keys.self],
        defaultSubcommand: Lists.self)

    struct Lists: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lists",
            abstract: "Write one CSV and one printable HTML per unit (with its sub-units) into a private folder outside Output/.")

        @OptionGroup var siteOptions: SiteOptions

        @Option(name: .long, help: "The private folder to write into (created with mode 0700; refused inside Output/).")
        var out: String

        @Option(name: .long, help: "Only this unit (its kode or slug), with its sub-units. Default: every Perangkat Daerah.")
        var unit: String?

        func run() throws {
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let url = URL(fileURLWithPath: out, isDirectory: true, relativeTo: here)
            let report = try RosterExport(
                siteDirectory: siteOptions.siteURL, outputDirectory: url.standardizedFileURL,
                outputDisplayPath: out, unit: unit
            ).run()
            print(report.summary)
        }
    }

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Give every Perangkat Daerah a random passphrase for its encrypted roster page; write the keyring and "
                + "hand-over letters to data/ (0600).")

        @OptionGroup var siteOptions: SiteOptions

        @Option(name: .long, help: "Only this unit (kode or slug).")
        var unit: String?

        @Flag(name: .long, help: "Replace the unit's passphrase (with --unit); its old passphrase stops working at the next build.")
        var rotate = false

        func run() throws {
            print(try RosterKeyIssuer(siteDirectory: siteOptions.siteURL, unit: unit, rotate: rotate).run().summary)
        }
    }
}
