import ArgumentParser
import Foundation
import Pantau

/// `pantau`. Exit status: 0 done; 1 an input or data error (the message names file and line); 2 a safety rail
/// refused (nothing changed; look before you force it); 64 the command line itself is wrong (usage).
@main
struct PantauCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pantau",
        abstract: "Builds a PDM ASN campaign site: guidance pages, contacts, status lookup and progress dashboards.",
        discussion: """
            Exit status: 0 done; 1 an input or data error (the message names the file and line); 2 a safety rail \
            refused (nothing changed); 64 the command line is wrong.
            """,
        version: "pantau \(PantauVersion.description)",
        subcommands: [Build.self, Serve.self, Init.self, Import.self, Snapshots.self, Sample.self, Roster.self]
    )

    /// Runs the command and maps its outcome to the documented exit status.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Foundation.exit(Self.report(error))
        }
    }

    /// Prints `error` (help and `--version` to standard output, everything else to standard error) and
    /// returns the exit status: 2 for a safety refusal, else ArgumentParser's (64 usage, 1 failure, 0 help).
    static func report(_ error: Error) -> Int32 {
        let refusal = (error as? PantauError)?.isRefusal == true
        let status = refusal ? 2 : exitCode(for: error).rawValue
        let text = fullMessage(for: error)
        if status == 0 {
            if !text.isEmpty { print(text) }
        } else if !text.isEmpty {
            let prefix = "Error:"
            Console.writeError(
                text.hasPrefix(prefix)
                    ? Console.paint(prefix, code: "31") + text.dropFirst(prefix.count) : text)
        }
        return status
    }
}

/// Options every command that works on a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder (holds site.yml).")
    var site: String = "."

    @Flag(name: .long, help: "Print only warnings and errors.")
    var quiet = false

    var siteURL: URL { URL(fileURLWithPath: site, isDirectory: true).standardizedFileURL }
    var console: Console { Console(quiet: quiet) }
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

    @Option(name: .long, help: "Write a JSON report of the build (figures, warnings, timings) to this file.")
    var report: String?

    @Flag(name: .long, help: "Replace an Output/ built from data even though there is no data to build from.")
    var allowEmpty = false

    func run() async throws {
        let site = siteOptions.siteURL
        let console = siteOptions.console
        let outputURL =
            output.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
            ?? site.appendingPathComponent("Output", isDirectory: true)
        let builder = SiteBuilder(
            siteDirectory: site, outputDirectory: outputURL, includeDrafts: drafts, allowEmpty: allowEmpty, strict: strict)
        let result = try await builder.build()
        for warning in result.warnings { console.warning(warning) }
        console.info(result.summary)
        if timings { console.info(result.timingTable) }
        if let report {
            try BuildReport(result).write(to: URL(fileURLWithPath: report), displayPath: report)
        }
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
