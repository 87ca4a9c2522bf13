import Foundation

/// One build: the site's inputs are read into a ``BuildContext``, then ``steps`` run over it in order
/// (content → pages → cek → indexes → checks → write), as `pantau build --timings` lists them.
public struct SiteBuilder: Sendable {
    var siteDirectory: URL
    var outputDirectory: URL
    var includeDrafts: Bool
    /// Replace an output folder built from data even though this build has none (`--allow-empty`).
    var allowEmpty: Bool
    /// Fail when a template asks for a name its page's model lacks, instead of rendering nothing.
    var strict: Bool
    /// What `pantau serve` carries between builds to rebuild incrementally (nil: build everything).
    var memo: BuildMemo?

    public init(
        siteDirectory: URL, outputDirectory: URL, includeDrafts: Bool = false, allowEmpty: Bool = false, strict: Bool = false,
        memo: BuildMemo? = nil
    ) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory
        self.includeDrafts = includeDrafts
        self.allowEmpty = allowEmpty
        self.strict = strict
        self.memo = memo
    }

    /// What a build did, for the command's summary line.
    public struct Report: Sendable {
        public var pages: Int
        public var files: Int
        public var bytes: Int
        public var notes: [String]
        public var seconds: Double
        /// Wall and CPU seconds (user + system, all threads) of each step, in order (`pantau build --timings`).
        /// CPU close to twice the wall time on two cores means the step uses both.
        var stages: [(name: String, seconds: Double, cpu: Double)] = []
        /// The figures published (nil without data), for ``warnings`` and `pantau build --report`.
        var dashboard: Dashboard?
        /// The newest snapshot's import counters (nil without data).
        var latestImport: LatestImportFigures?
        /// `data.max_drop`, `data.max_rejects`, `data.stale_after_days` of the site.
        var rails = DataRails()
        /// The build's date in the site's time zone (how old the data is).
        var today = CalendarDate(dayNumber: 0)
        /// Files the privacy check read before the site was written (it passed, or there would be no report).
        var privacyFilesChecked = 0

        public var timingTable: String {
            let rows = stages.map { String(format: "%8.3f s %7.3f s  %@", $0.seconds, $0.cpu, $0.name) }
            return (["    wall       cpu  stage"] + rows).joined(separator: "\n")
        }

        public var summary: String {
            let kb = (bytes + 512) / 1024
            let built = "Built \(pages) pages (\(files) files, \(kb) KB) in \(String(format: "%.2f", seconds)) s."
            return (notes + [built]).joined(separator: "\n")
        }
    }

    /// The name of the first timing row: reading the inputs into the build context.
    static let loadStepName = "config, theme, datastore and metrics"

    /// The build after its inputs are read, in order.
    static let steps: [BuildStep] = [.content, .renderPages, .cekLookup, .rosterPages, .indexes, .checkLinks, .privacy, .write]

    public func build() async throws -> Report {
        let start = Date()
        var stages: [(name: String, seconds: Double, cpu: Double)] = []
        var lap = start
        var cpuLap = CPUTime.processSeconds()
        func mark(_ name: String) {
            let now = Date()
            let cpu = CPUTime.processSeconds()
            stages.append((name, now.timeIntervalSince(lap), cpu - cpuLap))
            lap = now
            cpuLap = cpu
        }
        memo?.validate(
            siteDirectory: siteDirectory, options: [outputDirectory.path, "\(includeDrafts)", "\(allowEmpty)", "\(strict)"])
        var context = try BuildContext.load(
            siteDirectory: siteDirectory, outputDirectory: outputDirectory, includeDrafts: includeDrafts, allowEmpty: allowEmpty,
            strict: strict, memo: memo)
        mark(Self.loadStepName)
        for step in Self.steps where step.runs(context) {
            try await step.body(&context)
            mark(step.name)
        }
        let files = context.files
        var report = Report(
            pages: context.content.pages.count + context.generated.pageCount, files: files.count,
            bytes: files.reduce(0) { $0 + $1.bytes.count }, notes: context.notes, seconds: Date().timeIntervalSince(start))
        report.stages = stages
        report.dashboard = context.dashboard
        report.latestImport = try context.store?.latestImportFigures()
        report.rails = context.config.data.rails
        report.today = CalendarDate.today(in: context.config.timeZone)
        report.privacyFilesChecked = files.count
        return report
    }
}
