import GRDB

/// The datastore's tables, created and changed only through GRDB migrations.
///
/// - `meta`: key/value facts about the datastore itself (`categories`: the category keys, comma-separated,
///   in the order the `statuses` letters and the `done` counts follow).
/// - `unit`: the Perangkat Daerah and their sub-units.
/// - `employee`: the CURRENT employees, i.e. those of the newest snapshot. Replaced as a whole by an import
///   whose as-of date is not older than the newest snapshot.
/// - `snapshot`: one row per imported export (as-of date, file hash).
/// - `snapshot_unit`: per snapshot and unit, the counts the dashboards draw; kept forever.
/// - `unit_key`: other names of a unit (`alias`, `unor_id`) that employee exports may use.
/// - `identifier_ledger`: every NIP, NIK and email ever imported, as keyed hashes (``IdentifierLedger``).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: units, employees, snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE unit (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        parent_code TEXT,
                        kind TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE snapshot (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        as_of TEXT NOT NULL UNIQUE,
                        source_hash TEXT NOT NULL UNIQUE,
                        source_file TEXT NOT NULL,
                        imported_at TEXT NOT NULL,
                        employees INTEGER NOT NULL,
                        rows_read INTEGER NOT NULL,
                        rows_rejected INTEGER NOT NULL
                    );
                    CREATE TABLE snapshot_unit (
                        snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                        unit_code TEXT NOT NULL,
                        employees INTEGER NOT NULL,
                        activated INTEGER NOT NULL,
                        complete INTEGER NOT NULL,
                        done TEXT NOT NULL,
                        PRIMARY KEY (snapshot_id, unit_code)
                    ) WITHOUT ROWID;
                    """)
            try db.execute(sql: createEmployeeTable(named: "employee"))
        }
        migrator.registerMigration("v2: unit aliases and UNOR ids") { db in
            // Other names an export may give a unit by: `alias` (several per unit) and `unor_id` (SIASN's UNOR).
            try db.execute(
                sql: """
                    CREATE TABLE unit_key (
                        key TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                        unit_code TEXT NOT NULL,
                        kind TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3: unit contacts") { db in
            try db.execute(
                sql: """
                    ALTER TABLE unit ADD COLUMN contact_role TEXT;
                    ALTER TABLE unit ADD COLUMN contact_phone TEXT;
                    ALTER TABLE unit ADD COLUMN contact_whatsapp INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE unit ADD COLUMN contact_email TEXT;
                    """)
        }
        migrator.registerMigration("v4: employees without a status row per snapshot") { db in
            // Shown on the site next to the rejected rows: both are people the figures leave out or count as not done.
            try db.execute(sql: "ALTER TABLE snapshot ADD COLUMN rows_without_status INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v5: identifier ledger") { db in
            // Every NIP, NIK and email ever imported, as keyed hashes (``IdentifierLedger``); starts with today's employees.
            try db.execute(sql: "CREATE TABLE identifier_ledger (id INTEGER PRIMARY KEY CHECK (id = 1), hashes BLOB NOT NULL)")
            var ledger = try IdentifierLedger.create(db)
            var entries: [UInt64] = []
            let matcher = ledger.matcher()
            let rows = try Row.fetchCursor(db, sql: "SELECT nip, nik, email FROM employee")
            while let row = try rows.next() {
                matcher.entries(of: RowIdentifiers(line: nil, nip: row[0], nik: row[1], email: row[2]), into: &entries)
            }
            try ledger.add(&entries, db: db)
        }
        return migrator
    }

    /// The unit columns every unit query reads, in the order ``OrgUnit/init(row:)`` expects.
    static let unitColumns = "code, name, parent_code, kind, contact_role, contact_phone, contact_whatsapp, contact_email"

    /// The employee table. A plain rowid table without a NIP index: imports append rows in file order (a
    /// NIP-keyed b-tree filled in random order is several times slower), the importer itself guarantees NIPs are
    /// unique, and every reader streams the whole table. Add an index by migration when a query needs one.
    ///
    /// `statuses` holds one ``CategoryStatus/letter`` per category, in `meta.categories` order.
    static func createEmployeeTable(named name: String) -> String {
        """
        CREATE TABLE \(name) (
            nip TEXT NOT NULL,
            nik TEXT,
            name TEXT NOT NULL,
            gender TEXT NOT NULL,
            status TEXT NOT NULL,
            golongan TEXT,
            position TEXT,
            unit_code TEXT NOT NULL,
            email TEXT,
            activated INTEGER NOT NULL,
            activation_date TEXT,
            statuses TEXT NOT NULL
        )
        """
    }

}
