// Placeholder value types of the datastore API, replaced by the datastore branch on merge.
import Foundation

public struct Unit: Sendable, Equatable {
    public var code: String
    public var name: String
    public var parentCode: String?
    public var kind: String
    public init(code: String, name: String, parentCode: String?, kind: String) {
        self.code = code; self.name = name; self.parentCode = parentCode; self.kind = kind
    }
}

public struct Snapshot: Sendable, Equatable {
    public var id: Int64
    public var asOf: CalendarDate
    public var sourceHash: String
    public var employees: Int
    public init(id: Int64, asOf: CalendarDate, sourceHash: String, employees: Int) {
        self.id = id; self.asOf = asOf; self.sourceHash = sourceHash; self.employees = employees
    }
}

public struct UnitCounts: Sendable, Equatable {
    public var unitCode: String
    public var employees: Int
    public var activated: Int
    public var complete: Int
    public var doneByCategory: [Int]
    public init(unitCode: String, employees: Int, activated: Int, complete: Int, doneByCategory: [Int]) {
        self.unitCode = unitCode; self.employees = employees; self.activated = activated; self.complete = complete; self.doneByCategory = doneByCategory
    }
}

public enum CategoryStatus: String, Sendable {
    case belum, sesuai, diusulkan, disetujui, ditolak
    public var isDone: Bool { self == .sesuai || self == .disetujui }
}

public struct EmployeeRecord: Sendable {
    public var nip: String
    public var nik: String?
    public var email: String?
    public var unitCode: String
    public var activated: Bool
    public var activationDate: CalendarDate?
    public var statuses: [CategoryStatus]
}

public final class Datastore: @unchecked Sendable {
    public init(path: URL, categories: [DataConfig.DataCategory]) throws {}
    public static func openExisting(path: URL, categories: [DataConfig.DataCategory]) throws -> Datastore? { nil }
    public func units() throws -> [Unit] { [] }
    public func snapshots() throws -> [Snapshot] { [] }
    public func unitCounts(snapshot: Int64) throws -> [UnitCounts] { [] }
    public var hasNIK: Bool { get throws { false } }
    public func forEachEmployee(_ body: (EmployeeRecord) throws -> Void) throws {}
    public func forEachIdentifier(_ body: (_ nip: String, _ nik: String?, _ email: String?) throws -> Void) throws {}
}
