import ArgumentParser
import Foundation
import Pantau

@main
struct PantauCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pantau",
        abstract: "Builds a PDM ASN campaign site: guidance pages, contacts, status lookup and progress dashboards.",
        subcommands: [Build.self, Init.self, Import.self, Sample.self]
    )
}

/// Options every command that works on a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder (holds site.yml).")
    var site: String = "."

    var siteURL: URL { URL(fileURLWithPath: site, isDirectory: true).standardizedFileURL }
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render the site into Output/ (swapped in only when everything succeeded).")

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "Where to write the site (default: the site's Output/).")
    var output: String?

    @Flag(name: .long, help: "Include pages marked `draft: true`.")
    var drafts = false

    @Flag(name: .long, help: "Fail when a template asks for a name its page does not have (checks a theme).")
    var strict = false

    @Flag(name: .long, help: "Print how long each step took.")
    var timings = false

    func run() async throws {
        let site = siteOptions.siteURL
        let outputURL = output.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
            ?? site.appendingPathComponent("Output", isDirectory: true)
        let report = try await SiteBuilder(siteDirectory: site, outputDirectory: outputURL, includeDrafts: drafts, strict: strict).build()
        print(report.summary)
        if timings { print(report.timingTable) }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a new site folder that builds at once.")

    @Argument(help: "The folder to create.")
    var directory: String

    @Option(name: .long, help: "The agency's name, used in the title.")
    var agency: String = "BKPSDM"

    func run() throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        try SiteScaffold.create(at: url, agency: agency)
        print("Created a new Pantau site in \(directory). Next: pantau build --site \(directory)")
    }
}
