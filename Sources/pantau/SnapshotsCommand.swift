import ArgumentParser
import Foundation
import Pantau

/// `pantau snapshots [remove DATE | redate DATE NEWDATE]`: see and manage the imported snapshots.
struct Snapshots: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the imported snapshots (date, file, rows imported and rejected, when imported), or remove or re-date one.",
        subcommands: [SnapshotsList.self, SnapshotsRemove.self, SnapshotsRedate.self],
        defaultSubcommand: SnapshotsList.self
    )
}

struct SnapshotsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the snapshots, oldest first.")
    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let (_, datastore) = try openDatastore(siteOptions)
        print(SnapshotManager.table(try SnapshotManager(datastore: datastore).list()))
    }
}

struct SnapshotsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove the snapshot of DATE (history and dashboards follow).")
    @Argument(help: "The snapshot's date, YYYY-MM-DD.") var date: String
    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let (_, datastore) = try openDatastore(siteOptions)
        print(try SnapshotManager(datastore: datastore).remove(try snapshotDate(date)))
    }
}

struct SnapshotsRedate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "redate", abstract: "Move the snapshot of DATE to NEWDATE.")
    @Argument(help: "The snapshot's date, YYYY-MM-DD.") var date: String
    @Argument(help: "Its new date, YYYY-MM-DD.") var newDate: String
    @OptionGroup var siteOptions: SiteOptions

    func run() throws {
        let (_, datastore) = try openDatastore(siteOptions)
        print(try SnapshotManager(datastore: datastore).redate(try snapshotDate(date), to: try snapshotDate(newDate)))
    }
}

func snapshotDate(_ text: String) throws -> CalendarDate {
    guard text.count == 10, let date = CalendarDate(iso: text) else {
        throw ValidationError("\"\(text)\" is not a date like 2021-06-14")
    }
    return date
}
