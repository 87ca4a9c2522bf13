import Foundation
import Testing

@testable import Pantau

/// The lookup at Bontang scale: 4,000 synthetic employees at the default cost, first build
/// (empty cache) and rebuild (warm cache). A benchmark, not a timed test: it runs only with
/// `PANTAU_BENCH=1` (otherwise it shows as skipped) and prints its figures (recorded in docs/cek-threat-model.md).
@Suite struct LookupBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["PANTAU_BENCH"].map { $0 != "0" } ?? false

    @Test(.enabled(if: enabled, "a benchmark: set PANTAU_BENCH=1 to run it"))
    func bontangScale() throws {
        let count = Int(ProcessInfo.processInfo.environment["PANTAU_BENCH_EMPLOYEES"] ?? "") ?? 4_000
        let iterations = Int(ProcessInfo.processInfo.environment["PANTAU_BENCH_ITERATIONS"] ?? "") ?? LookupConfig.defaultIterations
        let categories = DataConfig.campaignCategories
        let statuses: [CategoryStatus] = [.belum, .sesuai, .diusulkan, .disetujui, .ditolak]
        let entries = (0..<count).compactMap { i -> LookupEntry? in
            let employee = EmployeeRecord(
                nip: String(format: "19%02d%02d%02d20%02d%02d1%03d", 60 + i % 40, 1 + i % 12, 1 + i % 28, 5 + i % 16, 1 + i % 12, i % 1000),
                nik: String(format: "647401%02d%02d%02d%04d", 1 + i % 28, 1 + i % 12, 60 + i % 40, i),
                email: "pegawai.nomor\(i)@gmail.com", unitCode: "U\(i % 40)", activated: i % 4 != 0,
                activationDate: CalendarDate(year: 2021, month: 6, day: 1 + i % 28),
                statuses: categories.indices.map { statuses[(i + $0) % statuses.count] })
            return LookupRecords.entry(
                employee, unitNames: ["U\(i % 40)": "Dinas Kesehatan dan Keluarga Berencana"], categories: categories)
        }
        var config = SiteConfig(title: "Bench", baseURL: "https://pdm.bontangkota.go.id/")
        config.lookup.iterations = iterations
        let cacheURL = TestSupport.temporaryDirectory("cek-bench").appendingPathComponent("cek-cache.bin")
        let clock = ContinuousClock()
        var first: CekLookup?
        let cpuBefore = CPUTime.processSeconds()
        let cold = try clock.measure { first = try CekLookup.prepare(entries: entries, config: config, cacheURL: cacheURL) }
        let cpu = CPUTime.processSeconds() - cpuBefore
        let save = clock.measure { #expect(first?.saveCache() == nil) }
        var second: CekLookup?
        let warm = try clock.measure { second = try CekLookup.prepare(entries: entries, config: config, cacheURL: cacheURL) }
        #expect(second?.table?.derived == 0)
        #expect(second?.table?.buckets.map { $0.map(\.blob) } == first?.table?.buckets.map { $0.map(\.blob) })
        let bytes = first?.table?.buckets.reduce(0) { $0 + $1.reduce(0) { $0 + $1.id.count + $1.blob.count + 6 } } ?? 0
        print(
            "cek bench: \(entries.count) employees, \(iterations) iterations, \(ProcessInfo.processInfo.activeProcessorCount) cores: first "
                + "build \(cold) (\(String(format: "%.1f", cpu)) CPU s, "
                + "\(String(format: "%.1f", cpu * 1000 / Double(max(1, entries.count)))) ms per derivation), cache save \(save), "
                + "rebuild \(warm); \(first?.table?.buckets.count ?? 0) buckets, \(bytes / 1024) KB of bucket data"
        )
    }

}
