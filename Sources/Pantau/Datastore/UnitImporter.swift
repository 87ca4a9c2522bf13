import Foundation
import GRDB

/// Imports `units.csv` (`kode,nama,induk,jenis`, optionally the unit's contact: see ``UnitContactColumns``):
/// all or nothing, since employees depend on the units.
///
/// Units in the file are added or updated; units already in the datastore but absent from the file are kept
/// (history and current employees may still name them) and counted in the report. Codes are unique
/// case-insensitively; every `induk` must be a unit of the file or the datastore, and parents may not form a
/// cycle (the dashboards roll sub-units up into their parents).
public struct UnitImporter {
    public let datastore: Datastore
    /// `data.columns` from `site.yml` (applies to the units header too).
    public var columnMapping: [String: String]

    public init(datastore: Datastore, columnMapping: [String: String] = [:]) {
        self.datastore = datastore
        self.columnMapping = columnMapping
    }

    /// What a units import did.
    public struct Report: Sendable, Equatable {
        public var added = 0, updated = 0, unchanged = 0
        /// Units in the datastore that the file does not list (kept).
        public var kept = 0

        public var summary: String {
            "units: \(added) added, \(updated) updated, \(unchanged) unchanged" + (kept > 0 ? "; \(kept) unit\(kept == 1 ? "" : "s") not in the file kept" : "")
        }
    }

    public func importFile(_ url: URL, displayPath: String? = nil) throws -> Report {
        let shown = displayPath ?? url.path
        let reader = try CSVReader(url: url, displayPath: shown)
        guard try reader.next() else {
            throw PantauError(file: shown, line: 1, step: .datastore, "the file is empty; expected the header `kode,nama,induk,jenis`")
        }
        var index: [String: Int] = [:]
        for (position, raw) in reader.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            index[columnMapping[name] ?? name] = position
        }
        for required in ["kode", "nama", "induk", "jenis"] where index[required] == nil {
            throw PantauError(file: shown, line: reader.recordLine, step: .datastore,
                              "the header has no `\(required)` column; units.csv needs `kode,nama,induk,jenis` (induk may be empty)")
        }
        let width = reader.fieldCount
        var errors: [PantauError] = []
        var units: [Unit] = []
        var lineOfCode: [String: Int] = [:]
        func value(_ column: String) -> String {
            String(decoding: reader.field(index[column] ?? 0), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        while try reader.next() {
            let line = reader.recordLine
            if reader.fieldData.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            func fail(_ message: String) { errors.append(PantauError(file: shown, line: line, step: .datastore, message)) }
            guard reader.fieldCount == width else {
                fail("has \(reader.fieldCount) fields but the header has \(width); quote names that contain the separator")
                continue
            }
            let code = value("kode"), name = value("nama"), parent = value("induk"), kind = value("jenis").lowercased()
            guard !code.isEmpty, !code.contains(where: { $0 == "," || $0 == ";" || $0.isWhitespace }) else {
                fail("kode \"\(code)\" should be a code without spaces or separators, like `disdikbud`")
                continue
            }
            if let first = lineOfCode[code.lowercased()] {
                fail("kode \"\(code)\" already appeared on line \(first); each unit once")
                continue
            }
            lineOfCode[code.lowercased()] = line
            if name.isEmpty { fail("nama is empty for unit \(code); give the unit's full name") }
            if kind.isEmpty { fail("jenis is empty for unit \(code); use a kind like dinas, badan, kecamatan or kelurahan") }
            let contact: Contact?
            switch UnitContactColumns.contact(value: { index[$0] == nil ? nil : value($0) }) {
            case .success(let found): contact = found
            case .failure(let problem): fail("unit \(code): " + problem.message); continue
            }
            units.append(Unit(code: code, name: name, parentCode: parent.isEmpty ? nil : parent, kind: kind, contact: contact))
        }
        var report = Report()
        try datastore.wrapTransaction { db in
            let existing = try datastore.unitsInTransaction(db)
            var byCode: [String: Unit] = [:]  // lower-cased code → unit, after the import
            for unit in existing { byCode[unit.code.lowercased()] = unit }
            for unit in units {
                var unit = unit
                if let old = byCode[unit.code.lowercased()] { unit.code = old.code }  // keep the stored spelling
                byCode[unit.code.lowercased()] = unit
            }
            for (position, unit) in units.enumerated() {
                guard let parent = unit.parentCode else { continue }
                let line = lineOfCode[unit.code.lowercased()] ?? 0
                guard let parentUnit = byCode[parent.lowercased()] else {
                    errors.append(PantauError(file: shown, line: line, step: .datastore, "induk \"\(parent)\" of unit \(unit.code) is not a unit; list the parent unit too, or leave induk empty"))
                    continue
                }
                units[position].parentCode = parentUnit.code
                var seen: Set<String> = [unit.code.lowercased()]
                var next = parentUnit.parentCode?.lowercased()
                if parentUnit.code.lowercased() == unit.code.lowercased() { next = unit.code.lowercased() }
                while let current = next {
                    if seen.contains(current) {
                        errors.append(PantauError(file: shown, line: line, step: .datastore, "unit \(unit.code)'s induk chain comes back to itself; a unit cannot be inside its own sub-unit"))
                        break
                    }
                    seen.insert(current)
                    next = byCode[current]?.parentCode?.lowercased()
                }
            }
            guard errors.isEmpty else { return .rollback }
            let stored = Dictionary(existing.map { ($0.code.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            for var unit in units {
                if let old = stored[unit.code.lowercased()] {
                    unit.code = old.code
                    if old == unit { report.unchanged += 1; continue }
                    report.updated += 1
                } else {
                    report.added += 1
                }
                try db.execute(sql: """
                    INSERT OR REPLACE INTO unit (code, name, parent_code, kind, contact_role, contact_phone, contact_whatsapp, contact_email)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [unit.code, unit.name, unit.parentCode, unit.kind, unit.contact.map { $0.role.isEmpty ? nil : $0.role } ?? nil,
                                    unit.contact?.phone, unit.contact?.whatsapp ?? false, unit.contact?.email])
            }
            report.kept = existing.count - (report.updated + report.unchanged)
            return .commit
        }
        try PantauErrors.throwIfAny(errors.map { error in
            var error = error
            error.message += " (no unit was imported)"
            return error
        })
        return report
    }
}

extension Datastore {
    func unitsInTransaction(_ db: Database) throws -> [Unit] {
        try Row.fetchAll(db, sql: "SELECT \(Schema.unitColumns) FROM unit ORDER BY code").map {
            Unit(row: $0)
        }
    }
}
