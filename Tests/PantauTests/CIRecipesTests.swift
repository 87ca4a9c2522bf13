import Foundation
import Testing
import Yams

/// The CI recipes in docs/ci/ parse, run on schedule, call scripts/publish, and never ship data/.
@Suite struct CIRecipesTests {
    static let folder = TestSupport.repoRoot.appendingPathComponent("docs/ci")

    static func yaml(_ name: String) throws -> Node {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try #require(try Yams.compose(yaml: text), "\(name) is empty")
    }

    /// Every string anywhere in `node`.
    static func strings(_ node: Node) -> [String] {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let sequence): return sequence.flatMap(strings)
        case .mapping(let mapping): return mapping.flatMap { strings($0.key) + strings($0.value) }
        case .alias: return []
        }
    }

    @Test func githubActionsRunsOnScheduleAndByHandInIndonesia() throws {
        let workflow = try Self.yaml("github-actions.yml")
        let triggers = try #require(workflow["on"])
        let cron = try #require(triggers["schedule"]?.sequence?.first?["cron"]?.string)
        #expect(cron.split(separator: " ").count == 5)
        #expect(triggers["workflow_dispatch"] != nil)
        let job = try #require(workflow["jobs"]?["publish"])
        #expect(job["runs-on"]?.sequence?.compactMap(\.string) == ["self-hosted", "linux", "indonesia"])
        #expect(job["steps"]?.sequence?.contains { $0["run"]?.string == "scripts/publish" } == true)
        #expect(job["concurrency"] != nil || workflow["concurrency"] != nil)
        let all = Self.strings(workflow)
        #expect(!all.contains { $0.contains("actions/cache") })
        #expect(!all.contains { $0.hasPrefix("data") || $0.contains("/data/") || $0.contains(".sqlite") })
    }

    @Test func gitlabRunsOnScheduleAndKeepsOnlyTheReport() throws {
        let pipeline = try Self.yaml("gitlab-ci.yml")
        let job = try #require(pipeline["publish"])
        #expect(job["script"]?.sequence?.compactMap(\.string) == ["scripts/publish"])
        let rules = job["rules"]?.sequence?.compactMap { $0["if"]?.string } ?? []
        #expect(rules.contains { $0.contains("\"schedule\"") })
        #expect(job["tags"]?.sequence?.compactMap(\.string) == ["indonesia"])
        #expect(job["artifacts"]?["paths"]?.sequence?.compactMap(\.string) == ["reports/latest.json"])
        #expect(pipeline["cache"] == nil && job["cache"] == nil)
    }

    @Test func serverRecipesCallTheSameScript() throws {
        for name in ["pantau-publish.service", "crontab"] {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
            #expect(text.contains("scripts/publish"), "\(name)")
        }
        let timer = try String(contentsOf: Self.folder.appendingPathComponent("pantau-publish.timer"), encoding: .utf8)
        #expect(timer.contains("OnCalendar=") && timer.contains("Persistent=true"))
    }

    @Test func everySettingOfThePublishScriptIsDocumented() throws {
        let script = try String(contentsOf: TestSupport.repoRoot.appendingPathComponent("scripts/publish"), encoding: .utf8)
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines.prefix { $0.hasPrefix("#") }.joined(separator: "\n")
        let code = lines.drop { $0.hasPrefix("#") }.joined(separator: "\n")
        let used = Set(code.matches(of: /PANTAU_[A-Z_]+/).map { String($0.output) })
        #expect(used.count >= 8)
        for name in used.sorted() {
            #expect(header.contains("\(name) ") || header.contains("\(name)="), "\(name) is read but not documented at the top")
        }
        let guide = try String(contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(guide.contains("PP 71/2019"))
        #expect(guide.contains("Never commit `data/`"))
    }
}
