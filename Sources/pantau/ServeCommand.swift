import ArgumentParser
import Foundation
import PantauServe

/// `pantau serve`: preview the site while editing it, reloaded on every save.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site: build into a private folder (never Output/), serve it, rebuild and reload on every change."
    )

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The port to listen on.")
    var port: UInt16 = 8080

    @Option(name: .long, help: "The address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (also phones on the same network).")
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Print how long each step of every build took.")
    var timings = false

    func run() async throws {
        let server = try DevServer(siteDirectory: siteOptions.siteURL, host: host, port: port, timings: timings)
        try await server.run { url in
            FileHandle.standardOutput.write(Data("Serving at \(url) (drafts included); press Ctrl-C to stop.\n".utf8))
        }
    }
}
