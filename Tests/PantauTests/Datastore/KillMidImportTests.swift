import Foundation
import GRDB
import Testing

@testable import Pantau

/// Runs the built `pantau` on a large export, SIGKILLs it while it writes, and checks nothing changed.
@Suite struct KillMidImportTests {
    /// `.build/debug/pantau` (or whatever configuration the tests were built in), beside the test bundle.
    static func binary() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("pantau"),
            root.appendingPathComponent(".build/debug/pantau"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw PantauError(
                file: candidates[0].path, step: .command, "the pantau binary is missing; run `swift build` before `swift test`")
        }
        return found
    }

    @Test func killedImportLeavesTheDatastoreUnchanged() throws {
        let binary = try Self.binary()
        let store = try ScratchStore(categories: DataConfig.campaignCategories)
        try store.write("site.yml", "title: Tes\n")
        let categories = String(repeating: ",sesuai", count: 12)
        _ = try store.importEmployees(
            "\(DataConfig.employeeColumns.joined(separator: ",")),\(DataConfig.campaignCategories.map(\.key).joined(separator: ","))\n"
                + "198609262015051001,,Budi Contoh,L,PNS,III/a,Analis,setda,,sudah,2021-06-01\(categories)\n", asOf: "2021-06-01")
        // A big export with unique NIPs, written quickly.
        let big = store.directory.appendingPathComponent("pegawai-2021-06-14.csv")
        var text =
            DataConfig.employeeColumns.joined(separator: ",") + "," + DataConfig.campaignCategories.map(\.key).joined(separator: ",") + "\n"
        text.reserveCapacity(40_000_000)
        for index in 0..<250_000 {
            let sequence = String(1000 + index % 1000).dropFirst()
            let month = String(101 + (index / 1000) % 12).dropFirst()
            let year = 1960 + index / 12_000
            text +=
                "\(year)0101\(2000 + index / 12_000 % 20)\(month)1\(sequence),,Pegawai "
                + "Contoh,L,PNS,III/a,Analis,setda,a@example.com,sudah,2021-06-01\(categories)\n"
        }
        try Data(text.utf8).write(to: big)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["import", "employees", big.path, "--site", store.directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journal = store.path.path + "-journal"
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: journal), process.isRunning, Date() < deadline { usleep(1_000) }
        usleep(300_000)  // well into the insert loop
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(wasRunning, "the import finished before it could be killed; make the test file bigger")
        #expect(process.terminationReason == .uncaughtSignal)

        let check = try DatabaseQueue(path: store.path.path)
        #expect(try check.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        let reopened = try Datastore(path: store.path, categories: DataConfig.campaignCategories)
        #expect(try reopened.snapshots().map(\.asOf.description) == ["2021-06-01"])
        #expect(try reopened.employeeCount() == 1)
        #expect(try check.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'employee_next'") } == 0)
    }
}
