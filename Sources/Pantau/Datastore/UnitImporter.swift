import Foundation
import GRDB

/// Imports `units.csv` (`kode,nama,induk,jenis`, optionally `alias`, `unor_id` and the unit's contact: see
/// ``UnitContactColumns``) or SIASN's UNOR reference (`Id,DiatasanId,NamaUnor`, each UNOR a unit of kind `unor`):
/// all or nothing, since employees depend on the units.
///
/// `alias` holds other names of the unit separated by `|` or `;` (`DISDIKBUD|Dinas Pendidikan`); `unor_id` the
/// SIASN UNOR id. Employee rows find their unit by code, alias, UNOR id or name. Text must be UTF-8 (or name its
/// encoding with `--encoding`): a byte that is not is an error for the whole file, naming line, field and byte.
///
/// Units in the file are added or updated; units already in the datastore but absent from the file are kept
/// (history and current employees may still name them) and counted in the report. Codes are unique
/// case-insensitively; every `induk` must be a unit of the file or the datastore, and parents may not form a
/// cycle (the dashboards roll sub-units up into their parents).
public struct UnitImporter {
    let datastore: Datastore
    /// `data.columns` from `site.yml` (applies to the units header too).
    var columnMapping: [String: String]

    /// How to read the file (`--encoding`, `--sheet`, `--header-row`).
    public var options = ImportOptions()

    public init(datastore: Datastore, columnMapping: [String: String] = [:]) {
        self.datastore = datastore
        self.columnMapping = columnMapping
    }

    /// What a units import did.
    public struct Report: Sendable, Equatable {
        var added = 0, updated = 0, unchanged = 0
        /// Units in the datastore that the file does not list (kept).
        var kept = 0

        public var summary: String {
            "units: \(added) added, \(updated) updated, \(unchanged) unchanged"
                + (kept > 0 ? "; \(kept) unit\(kept == 1 ? "" : "s") not in the file kept" : "")
        }
    }

    public func importFile(_ url: URL, displayPath: String? = nil) throws -> Report {
        let shown = displayPath ?? url.path
        let options = self.options
        let locator = HeaderLocator(
            markers: Set(["kode", "id"]).union(columnMapping.filter { $0.value == "kode" }.map(\.key)), headerRow: options.headerRow)
        guard
            let (reader, found) = try locator.locate(
                in: try ExportReader.open(url, displayPath: shown, options: options),
                reopen: { try ExportReader.open(url, displayPath: shown, options: options) })
        else {
            throw PantauError(file: shown, line: 1, step: .datastore, "the file is empty; expected the header `kode,nama,induk,jenis`")
        }
        var index: [String: Int] = [:]
        for (position, raw) in found.fields.enumerated() {
            let name = HeaderLocator.normalise(raw)
            index[columnMapping[name] ?? name] = position
        }
        // SIASN's UNOR reference: Id, DiatasanId, NamaUnor.
        let unorReference = index["kode"] == nil && index["id"] != nil && index["namaunor"] != nil
        if unorReference {
            index["kode"] = index["id"]
            index["unor_id"] = index["id"]
            index["nama"] = index["namaunor"]
            index["induk"] = index["diatasanid"]
        }
        for required in ["kode", "nama", "induk", "jenis"]
        where index[required] == nil && !(unorReference && required != "kode" && required != "nama") {
            throw PantauError(
                file: shown, line: found.line, step: .datastore,
                "the header has no `\(required)` column; units.csv needs `kode,nama,induk,jenis` (induk may be empty)")
        }
        let width = found.fields.count
        var errors: [PantauError] = []
        var units: [OrgUnit] = []
        var keys: [(key: String, code: String, kind: String, line: Int)] = []
        var lineOfCode: [String: Int] = [:]
        var fields: [String] = []
        func value(_ column: String) -> String {
            guard let position = index[column], position < fields.count else { return "" }
            let text = fields[position].trimmingCharacters(in: .whitespaces)
            return unorReference && text.lowercased() == "null" ? "" : text
        }
        while try reader.next() {
            let line = reader.recordLine
            func fail(_ message: String) { errors.append(PantauError(file: shown, line: line, step: .datastore, message)) }
            let (blank, problem, count) = reader.withRecord { record in
                (
                    record.isBlank,
                    ByteCheck.firstProblem(in: record.bytes).map {
                        EmployeeImporter.byteRejection($0, record: record, header: found.fields, line: line)
                    },
                    record.count
                )
            }
            if blank { continue }
            if let problem {
                fail(problem.message.replacingOccurrences(of: "import again", with: "import units again"))
                continue
            }
            guard count == width else {
                fail("has \(count) fields but the header has \(width); quote names that contain the separator")
                continue
            }
            fields = reader.fields
            let code = value("kode")
            let name = value("nama")
            let parent = value("induk")
            let kind = unorReference && value("jenis").isEmpty ? "unor" : value("jenis").lowercased()
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
            case .failure(let problem):
                fail("unit \(code): " + problem.message)
                continue
            }
            units.append(OrgUnit(code: code, name: name, parentCode: parent.isEmpty ? nil : parent, kind: kind, contact: contact))
            for alias in value("alias").split(whereSeparator: { $0 == "|" || $0 == ";" }) {
                let alias = alias.trimmingCharacters(in: .whitespaces)
                if !alias.isEmpty { keys.append((alias, code, "alias", line)) }
            }
            let unorID = value("unor_id")
            if !unorID.isEmpty { keys.append((unorID, code, "unor_id", line)) }
        }
        // An alias or UNOR id naming two units would make employee rows ambiguous.
        var keyOwner: [String: (code: String, line: Int)] = [:]
        for key in keys {
            let normal = String(decoding: UnitCodeTable.normalise(Array(key.key.utf8)), as: UTF8.self)
            if let owner = keyOwner[normal], owner.code.lowercased() != key.code.lowercased() {
                errors.append(
                    PantauError(
                        file: shown, line: key.line, step: .datastore,
                        "\(key.kind) \"\(key.key)\" of unit \(key.code) already names unit \(owner.code) (line \(owner.line)); give each "
                            + "alias to one unit"
                    ))
            }
            keyOwner[normal] = keyOwner[normal] ?? (key.code, key.line)
        }
        var report = Report()
        try datastore.wrapTransaction { db in
            let existing = try datastore.unitsInTransaction(db)
            var byCode: [String: OrgUnit] = [:]  // lower-cased code → unit, after the import
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
                    errors.append(
                        PantauError(
                            file: shown, line: line, step: .datastore,
                            "induk \"\(parent)\" of unit \(unit.code) is not a unit; list the parent unit too, or leave induk empty"))
                    continue
                }
                units[position].parentCode = parentUnit.code
                var seen: Set<String> = [unit.code.lowercased()]
                var next = parentUnit.parentCode?.lowercased()
                if parentUnit.code.lowercased() == unit.code.lowercased() { next = unit.code.lowercased() }
                while let current = next {
                    if seen.contains(current) {
                        errors.append(
                            PantauError(
                                file: shown, line: line, step: .datastore,
                                "unit \(unit.code)'s induk chain comes back to itself; a unit cannot be inside its own sub-unit"))
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
                    if old == unit {
                        report.unchanged += 1
                        continue
                    }
                    report.updated += 1
                } else {
                    report.added += 1
                }
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO unit (code, name, parent_code, kind, contact_role, contact_phone, contact_whatsapp, \
                        contact_email)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        unit.code, unit.name, unit.parentCode, unit.kind, unit.contact.map { $0.role.isEmpty ? nil : $0.role } ?? nil,
                        unit.contact?.phone, unit.contact?.whatsapp ?? false, unit.contact?.email,
                    ])
            }
            report.kept = existing.count - (report.updated + report.unchanged)
            // The file's units carry their aliases and UNOR ids: those of its units are replaced.
            let codes = Set(units.map { $0.code.lowercased() })
            let stale = try Row.fetchAll(db, sql: "SELECT key, unit_code FROM unit_key").filter {
                codes.contains(($0[1] as String).lowercased())
            }
            for row in stale { try db.execute(sql: "DELETE FROM unit_key WHERE key = ?", arguments: [row[0] as String]) }
            for key in keys {
                let stored = byCode[key.code.lowercased()]?.code ?? key.code
                try db.execute(
                    sql: "INSERT OR REPLACE INTO unit_key (key, unit_code, kind) VALUES (?, ?, ?)", arguments: [key.key, stored, key.kind])
            }
            return .commit
        }
        try PantauErrors.throwIfAny(
            errors.map { error in
                var error = error
                error.message += " (no unit was imported)"
                return error
            })
        return report
    }
}

extension Datastore {
    /// Every alias and UNOR id: name → unit code.
    func unitKeys() throws -> [(key: String, code: String)] {
        try wrap { db in
            try Row.fetchAll(db, sql: "SELECT key, unit_code FROM unit_key ORDER BY kind, key").map { ($0[0], $0[1]) }
        }
    }

    func unitsInTransaction(_ db: Database) throws -> [OrgUnit] {
        try Row.fetchAll(db, sql: "SELECT \(Schema.unitColumns) FROM unit ORDER BY code").map {
            OrgUnit(row: $0)
        }
    }
}
