import Foundation

/// A Perangkat Daerah or one of its sub-units (a kecamatan holds its kelurahan).
struct OrgUnit: Sendable, Equatable {
    /// The unit's code as `units.csv` gives it (`disdikbud`, `kel-guntung`).
    var code: String
    /// Full name, "Dinas Pendidikan dan Kebudayaan".
    var name: String
    /// Code of the unit this one belongs to, nil for a top-level Perangkat Daerah.
    var parentCode: String?
    /// Lower-case kind: `dinas`, `badan`, `sekretariat`, `kecamatan`, `kelurahan`, `rsud`, ….
    var kind: String
    /// The unit's official personnel contact from `units.csv` (public by design, like the helpdesk's), if given.
    var contact: Contact?

    init(code: String, name: String, parentCode: String?, kind: String, contact: Contact? = nil) {
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.kind = kind
        self.contact = contact
    }
}

/// One employee import: the export's as-of date and what it counted.
struct Snapshot: Sendable, Equatable {
    /// Row id, stable for the life of the datastore.
    var id: Int64
    /// The date the export describes.
    var asOf: CalendarDate
    /// SHA-256 (hex) of the imported file's bytes; the same file is never imported twice.
    var sourceHash: String
    /// Employees counted in this snapshot (the rows imported).
    var employees: Int
    /// When the export was imported, UTC, `YYYY-MM-DD HH:MM:SS` (nil in hand-made values).
    var importedAt: String? = nil
    /// Rows of the export its import rejected (not counted in any figure).
    var rejected = 0
    /// Employees with no row in the import's status lists (counted as not activated, nothing done).
    var withoutStatus = 0

    init(id: Int64, asOf: CalendarDate, sourceHash: String, employees: Int) {
        self.id = id
        self.asOf = asOf
        self.sourceHash = sourceHash
        self.employees = employees
    }
}

/// One unit's own employees in one snapshot (sub-units are not rolled up).
struct UnitCounts: Sendable, Equatable {
    var unitCode: String
    /// Employees counted in the unit.
    var employees: Int
    /// Employees with an activated MySAPK account.
    var activated: Int
    /// Employees whose every category is done.
    var complete: Int
    /// Employees done with each category, in the datastore's (= site.yml's) category order.
    var doneByCategory: [Int]
}

/// Where an employee stands with one data category.
enum CategoryStatus: String, Sendable, CaseIterable {
    /// Not checked yet.
    case belum
    /// Confirmed correct (*sudah sesuai*).
    case sesuai
    /// A correction (*usulan*) is waiting for the verifier.
    case diusulkan
    /// The correction was approved.
    case disetujui
    /// The correction was rejected.
    case ditolak

    /// Done means confirmed or approved.
    var isDone: Bool { self == .sesuai || self == .disetujui }

    /// The one ASCII letter that stands for the status in the datastore's `statuses` column.
    var letter: UInt8 {
        switch self {
        case .belum: UInt8(ascii: "b")
        case .sesuai: UInt8(ascii: "s")
        case .diusulkan: UInt8(ascii: "u")
        case .disetujui: UInt8(ascii: "a")
        case .ditolak: UInt8(ascii: "t")
        }
    }

    /// The status a stored letter stands for.
    init?(letter: UInt8) {
        switch letter {
        case UInt8(ascii: "b"): self = .belum
        case UInt8(ascii: "s"): self = .sesuai
        case UInt8(ascii: "u"): self = .diusulkan
        case UInt8(ascii: "a"): self = .disetujui
        case UInt8(ascii: "t"): self = .ditolak
        default: return nil
        }
    }
}

/// One current employee, as the dashboards and the privacy guard read it.
struct EmployeeRecord: Sendable, Equatable {
    /// 18 digits, no spaces.
    var nip: String
    /// 16 digits, or nil when the export had none. Secret: never publish it.
    var nik: String?
    /// Registered email, or nil.
    var email: String?
    var unitCode: String
    /// Whether the MySAPK account is activated.
    var activated: Bool
    var activationDate: CalendarDate?
    /// One status per category, in the datastore's category order.
    var statuses: [CategoryStatus]
    /// Name as exported (personal data).
    var name: String
    /// `L` or `P`.
    var gender: String
    /// `PNS`, `CPNS` or `PPPK`.
    var employeeStatus: String
    /// Golongan ruang as exported (`III/a`), or nil.
    var golongan: String?
    /// Position (*jabatan*) as exported, or nil.
    var position: String?

    /// A record; the descriptive fields default to empty for callers that only need the status.
    init(
        nip: String, nik: String?, email: String?, unitCode: String, activated: Bool, activationDate: CalendarDate?,
        statuses: [CategoryStatus], name: String = "", gender: String = "", employeeStatus: String = "",
        golongan: String? = nil, position: String? = nil
    ) {
        self.nip = nip
        self.nik = nik
        self.email = email
        self.unitCode = unitCode
        self.activated = activated
        self.activationDate = activationDate
        self.statuses = statuses
        self.name = name
        self.gender = gender
        self.employeeStatus = employeeStatus
        self.golongan = golongan
        self.position = position
    }
}
