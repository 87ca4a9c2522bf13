import Foundation
import Testing

@testable import Pantau

/// What a scheduled job relies on: `--version`, exit statuses, `--quiet`, no colour in logs, the build report
/// and the import safety rails, through the built binary.
@Suite struct PublishingTests {
    /// A site with a small sample campaign: units and the first `snapshots` exports imported (fast cek settings).
    static func siteWithData(snapshots: Int = 3, imported: Int? = nil) throws -> (site: URL, exports: [URL]) {
        let site = try TestSupport.makeSite("basic")
        let sample = site.appendingPathComponent("sampel")
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml += "lookup:\n  iterations: 1000\n"
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        let made = try TestSupport.run(["sample", "--out", sample.path, "--employees", "300", "--seed", "5", "--snapshots", "\(snapshots)"])
        #expect(made.status == 0, "\(made.output)")
        let exports = try FileManager.default.contentsOfDirectory(atPath: sample.path)
            .filter { $0.hasPrefix("pegawai-") && $0.hasSuffix(".csv") && !$0.contains("ditolak") }.sorted()
            .map { sample.appendingPathComponent($0) }
        let units = try TestSupport.run(["import", "units", sample.appendingPathComponent("units.csv").path, "--site", site.path])
        #expect(units.status == 0, "\(units.output)")
        for export in exports.prefix(imported ?? exports.count) {
            let result = try TestSupport.run(["import", "employees", export.path, "--site", site.path])
            #expect(result.status == 0, "\(result.output)")
        }
        return (site, exports)
    }

    /// `sqlite3 FILE .dump`: the datastore's whole content as text.
    static func dump(_ site: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", site.appendingPathComponent("data/pantau.sqlite").path, ".dump"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func versionNamesTheReleaseAndTheCommit() throws {
        let result = try TestSupport.run(["--version"])
        #expect(result.status == 0)
        let line = result.output.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("pantau \(PantauVersion.current) (commit "))
        let commit = line.dropFirst("pantau \(PantauVersion.current) (commit ".count).dropLast()
        // Built from this checkout: 12 hex digits of HEAD, "-dirty" while there are uncommitted changes.
        let hex = commit.hasSuffix("-dirty") ? commit.dropLast(6) : commit
        #expect(commit == "unknown" || (hex.count == 12 && hex.allSatisfy(\.isHexDigit)), "\(line)")
        #expect(PantauVersion.current.split(separator: ".").count == 3)
    }

    @Test func usageErrorsExit64AndDataErrorsExit1() throws {
        let usage = try TestSupport.run(["build", "--no-such-option"])
        #expect(usage.status == 64, "\(usage.output)")
        let empty = TestSupport.temporaryDirectory("empty")
        let missing = try TestSupport.run(["build", "--site", empty.path])
        #expect(missing.status == 1, "\(missing.output)")
    }

    @Test func errorsCarryNoColourOutsideATerminal() throws {
        let empty = TestSupport.temporaryDirectory("empty")
        for environment in [[:], ["NO_COLOR": "1"]] {
            let result = try TestSupport.run(["build", "--site", empty.path], environment: environment)
            #expect(result.output.hasPrefix("Error: "), "\(result.output)")
            #expect(!result.output.contains("\u{1B}["))
        }
    }

    @Test func quietPrintsOnlyWarnings() throws {
        let plain = try TestSupport.makeSite("basic")
        let quiet = try TestSupport.run(["build", "--site", plain.path, "--quiet"])
        #expect(quiet.status == 0, "\(quiet.output)")
        #expect(quiet.output.isEmpty, "\(quiet.output)")
        // Data of 2021 is stale today: the warning still shows under --quiet, the summary does not.
        let (site, _) = try Self.siteWithData(snapshots: 2)
        let result = try TestSupport.run(["build", "--site", site.path, "--quiet"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("warning: the latest data is of 2021-07-26"), "\(result.output)")
        #expect(!result.output.contains("Built "))
    }

    @Test func theReportNamesEveryFigureAJobNeeds() throws {
        let (site, _) = try Self.siteWithData(snapshots: 3)
        let reportFile = site.appendingPathComponent("laporan.json")
        let result = try TestSupport.run(["build", "--site", site.path, "--report", reportFile.path])
        #expect(result.status == 0, "\(result.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: reportFile)) as? [String: Any])
        #expect(json["version"] as? String == PantauVersion.current)
        #expect(json["as_of"] as? String == "2021-07-26")
        #expect(json["snapshot_count"] as? Int == 3)
        #expect(json["stale"] as? Bool == true)
        #expect((json["data_age_days"] as? Int ?? 0) > 7)
        let built = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("Built ") })
        #expect(built.hasPrefix("Built \(json["pages"] as? Int ?? -1) pages (\(json["files"] as? Int ?? -1) files, "))
        let output = TestSupport.tree(site.appendingPathComponent("Output"))
        #expect(json["files"] as? Int == output.count)
        #expect(json["bytes"] as? Int == output.values.reduce(0) { $0 + $1.count })
        let stages = try #require(json["stages"] as? [[String: Any]])
        #expect(stages.contains { $0["name"] as? String == "privacy guard" && $0["seconds"] is Double && $0["cpu_seconds"] is Double })
        let warnings = try #require(json["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["kind"] as? String == "stale_data" })
        let privacy = try #require(json["privacy"] as? [String: Any])
        #expect(privacy["passed"] as? Bool == true)
        #expect(privacy["files_checked"] as? Int == output.count)
        let latest = try #require(json["latest_import"] as? [String: Any])
        #expect(latest["file"] as? String == "pegawai-2021-07-26.csv")
        #expect(latest["rows_read"] as? Int == 300)

        // Each unit's change: its own rows in the last two snapshots, read straight from the datastore.
        let units = try #require(json["units"] as? [[String: Any]])
        let storeURL = site.appendingPathComponent("data/pantau.sqlite")
        let store = try #require(try Datastore.openExisting(path: storeURL, categories: DataConfig.campaignCategories))
        let snapshots = try store.snapshots()
        let leaves = Set(try store.units().map(\.code)).subtracting(try store.units().compactMap(\.parentCode))
        var checked = 0
        for unit in units {
            guard let code = unit["code"] as? String, leaves.contains(code) else { continue }
            let now = try store.unitCounts(snapshot: snapshots[2].id).first { $0.unitCode == code }?.employees ?? 0
            let before = try store.unitCounts(snapshot: snapshots[1].id).first { $0.unitCode == code }?.employees ?? 0
            let figures = try #require(unit["figures"] as? [String: Any])
            let change = try #require(unit["change"] as? [String: Any])
            #expect(figures["employees"] as? Int == now, "\(code)")
            #expect(change["employees"] as? Int == now - before, "\(code)")
            #expect(unit["previous_as_of"] as? String == snapshots[1].asOf.description)
            checked += 1
        }
        #expect(checked > 5)
    }

    @Test func aCutOffExportIsRefusedAndChangesNothing() throws {
        let (site, exports) = try Self.siteWithData(snapshots: 3, imported: 2)
        let before = try Self.dump(site)
        #expect(before.contains("INSERT INTO snapshot "))
        // What `head -c` of an interrupted download leaves: the first 40% of the bytes, cut mid-row.
        let whole = try Data(contentsOf: exports[2])
        let cut = site.appendingPathComponent("pegawai-2021-07-26.csv")
        try whole.prefix(whole.count * 2 / 5).write(to: cut)
        let refused = try TestSupport.run(["import", "employees", cut.path, "--site", site.path])
        #expect(refused.status == 2, "\(refused.output)")
        #expect(refused.output.contains("data.max_drop (10%)"), "\(refused.output)")
        #expect(refused.output.contains("--accept-drop"))
        #expect(refused.output.contains("nothing changed"))
        #expect(try Self.dump(site) == before)
        // The flag for a real drop imports it.
        let accepted = try TestSupport.run(["import", "employees", cut.path, "--site", site.path, "--accept-drop"])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(try Self.dump(site) != before)
    }

    @Test func tooManyRejectsAreRefused() throws {
        let (site, exports) = try Self.siteWithData(snapshots: 3, imported: 2)
        let before = try Self.dump(site)
        // Every tenth row gets an email without @: 10% rejected, over the 5% default.
        var lines = TestSupport.read(exports[2]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in stride(from: 1, to: lines.count, by: 10) where !lines[index].isEmpty {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[8] = "rusak.example.com"
            lines[index] = fields.joined(separator: ",")
        }
        let broken = site.appendingPathComponent("pegawai-2021-07-26.csv")
        try lines.joined(separator: "\n").write(to: broken, atomically: true, encoding: .utf8)
        let refused = try TestSupport.run(["import", "employees", broken.path, "--site", site.path])
        #expect(refused.status == 2, "\(refused.output)")
        #expect(refused.output.contains("data.max_rejects (5%)"), "\(refused.output)")
        #expect(try Self.dump(site) == before)
        // A site that expects these rejects raises the limit.
        var yml = TestSupport.read(site.appendingPathComponent("site.yml"))
        yml += "data:\n  max_rejects: 20%\n"
        try yml.write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        let accepted = try TestSupport.run(["import", "employees", broken.path, "--site", site.path])
        #expect(accepted.status == 0, "\(accepted.output)")
    }

    @Test(arguments: [("10%", 0.10), ("2.5%", 0.025), ("15", 0.15), ("0.2", 0.2)])
    func railsAreReadAsPercentages(text: String, share: Double) throws {
        let config = try SiteConfig.parse("title: Tes\ndata:\n  max_drop: \(text)\n  max_rejects: \(text)\n  stale_after_days: 3\n")
        #expect(abs(config.data.rails.maxDrop - share) < 1e-9)
        #expect(abs(config.data.rails.maxRejects - share) < 1e-9)
        #expect(config.data.rails.staleAfterDays == 3)
    }

    @Test func aRailThatIsNotAPercentageSaysSo() {
        #expect(
            throws: PantauError(
                file: "site.yml", line: 3, column: 13, step: .config,
                "`max_drop` should be a percentage like 10%, found \"banyak\"")
        ) {
            try SiteConfig.parse("title: Tes\ndata:\n  max_drop: banyak\n")
        }
    }

    /// Runs the theme's real search.js in node on the stale-data element of a built page, with the reader's clock
    /// set to `today`; returns the element's text when shown, nil while it stays hidden.
    static func staleNotice(in html: String, today: (year: Int, month: Int, day: Int)) throws -> String? {
        func attribute(_ name: String) throws -> String {
            let match = try #require(html.firstMatch(of: try Regex("\(name)=\"([^\"]*)\"")), "no \(name) in the page")
            return String(match.output[1].substring ?? "").replacingOccurrences(of: "&quot;", with: "\"")
        }
        let attributes = try ["data-as-of", "data-stale-after", "data-text"].map { ($0, try attribute($0)) }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: attributes)), as: UTF8.self)
        let script = """
            const RealDate = Date;
            globalThis.Date = class extends RealDate {
              constructor(...a) { if (a.length) { super(...a); } else { super(\(today.year), \(today.month - 1), \(today.day), 10); } }
            };
            const attributes = \(json);
            const note = { hidden: true, textContent: '', getAttribute: (n) => attributes[n] };
            globalThis.document = { getElementById: (id) => id === 'data-stale' ? note : null };
            globalThis.window = {};
            require(process.argv[1]);
            console.log(note.hidden ? '<hidden>' : note.textContent);
            """
        let js = TestSupport.repoRoot.appendingPathComponent("Themes/default/static/js/search.js").path
        let node = try LookupTests.runNode(["-e", script, js])
        try #require(node.status == 0, "node failed: \(node.output)")
        let text = node.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return text == "<hidden>" ? nil : text
    }

    @Test func everyPageTellsItsReaderWhenTheDataIsStale() throws {
        let (site, _) = try Self.siteWithData(snapshots: 2)
        let result = try TestSupport.run(["build", "--site", site.path])
        #expect(result.status == 0, "\(result.output)")
        // A guidance page and a dashboard page both carry the notice, hidden until the browser decides.
        for page in ["Output/bantuan/lupa-password/index.html", "Output/aktivasi/index.html"] {
            let html = TestSupport.read(site.appendingPathComponent(page))
            #expect(html.contains("id=\"data-stale\" data-as-of=\"2021-07-26\" data-stale-after=\"7\""), "\(page)")
            #expect(html.contains("data-text=\"Data terakhir diperbarui 26 Juli 2021 ({days} hari lalu)\" hidden></p>"), "\(page)")
            #expect(try Self.staleNotice(in: html, today: (2021, 8, 4)) == "Data terakhir diperbarui 26 Juli 2021 (9 hari lalu)")
            #expect(try Self.staleNotice(in: html, today: (2021, 8, 2)) == nil)  // 7 days: not yet stale
        }
        // The bytes do not depend on the day of the build: a rebuild writes the same page.
        let before = TestSupport.tree(site.appendingPathComponent("Output"))
        #expect(try TestSupport.run(["build", "--site", site.path]).status == 0)
        #expect(TestSupport.tree(site.appendingPathComponent("Output")) == before)
    }

    @Test func aSiteWithoutDataHasNoStaleNotice() throws {
        let site = try TestSupport.makeSite("basic")
        #expect(try TestSupport.run(["build", "--site", site.path]).status == 0)
        #expect(!TestSupport.read(site.appendingPathComponent("Output/index.html")).contains("data-stale"))
    }
}
