import Foundation
import Testing

@testable import PantauServe

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `pantau serve` over real HTTP: the base path, the injected reload script, a rebuild after an edit,
/// and a failed build that keeps the last good site served.
@Suite(.serialized) struct ServeTests {
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Polls until `condition` holds (a rebuild runs in the background); fails after `seconds`.
    static func eventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func servesRebuildsAndKeepsTheLastGoodSite() async throws {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        let config = try String(contentsOf: yml, encoding: .utf8)
        let port = UInt16.random(in: 20_000...40_000)
        try config.replacingOccurrences(of: "base_url:", with: "base_url: https://contoh.go.id/pdm/\n#base_url:")
            .write(to: yml, atomically: true, encoding: .utf8)
        let server = try DevServer(siteDirectory: site, port: port, log: { _ in })
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let base = "http://127.0.0.1:\(port)"
        // The first build runs while other tests load the machine: allow it time, and say why it failed if it did.
        let up = try await Self.eventually(180) { (try? await Self.get(base + "/pdm/"))?.status == 200 }
        guard up else {
            running.cancel()
            Issue.record("pantau serve did not answer: \(String(describing: await running.result))")
            return
        }

        let page = try await Self.get(base + "/pdm/bantuan/lupa-password/")
        #expect(page.status == 200)
        #expect(page.body.contains("<script src=\"/__pantau/reload.js\" data-version=\"1\"></script></body>"))
        #expect(try await Self.get(base + "/pdm/tidak-ada/").status == 404)
        #expect(try await Self.get(base + "/__pantau/reload.js").body.contains("new WebSocket"))
        // Nothing is written to the site's Output/.
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/index.html").path))

        let markdown = site.appendingPathComponent("Content/bantuan/lupa-password.md")
        let original = try String(contentsOf: markdown, encoding: .utf8)
        try (original + "\nKalimat baru dari editor.\n").write(to: markdown, atomically: true, encoding: .utf8)
        #expect(
            try await Self.eventually {
                try await Self.get(base + "/pdm/bantuan/lupa-password/").body.contains("Kalimat baru dari editor.")
            })
        #expect(await server.state.snapshot().error == nil)
        // Answered from memory at once; the private folder is written right after.
        #expect(try await Self.get(base + "/pdm/search/index.json").body.contains("Kalimat baru dari editor."))
        let written = server.buildDirectory.appendingPathComponent("site/bantuan/lupa-password/index.html")
        #expect(try await Self.eventually { TestSupport.read(written).contains("Kalimat baru dari editor.") })

        // A broken link fails the build: the error is there for the overlay, the last good page is still served.
        try (original + "\n[rusak](tidak-ada.md)\n").write(to: markdown, atomically: true, encoding: .utf8)
        #expect(try await Self.eventually { await server.state.snapshot().error != nil })
        let error = await server.state.snapshot().error ?? ""
        #expect(error.contains("Content/bantuan/lupa-password.md:"))
        #expect(error.contains("tidak-ada.md"))
        #expect(try await Self.get(base + "/pdm/bantuan/lupa-password/").body.contains("Kalimat baru dari editor."))

        try original.write(to: markdown, atomically: true, encoding: .utf8)
        #expect(try await Self.eventually { await server.state.snapshot().error == nil })
        #expect(try await !Self.get(base + "/pdm/bantuan/lupa-password/").body.contains("Kalimat baru dari editor."))
    }
}
