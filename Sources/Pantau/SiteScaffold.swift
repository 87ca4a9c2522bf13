import Foundation

/// `pantau init`: a new site folder (config, a copy of the default theme, starter pages) that builds at once.
public enum SiteScaffold {
    /// Creates the site at `directory`, which must not exist or be empty. The default theme is the one built into
    /// `pantau`, or a copy of `themeSource` (default: `PANTAU_THEME_DIR`) when given.
    public static func create(at directory: URL, agency: String, themeSource: URL? = nil) throws {
        let fm = FileManager.default
        if let existing = FolderEntries.list(directory.path), !existing.isEmpty {
            throw PantauError(file: directory.path, step: .command, "already exists and is not empty; choose a new folder name")
        }
        let override =
            themeSource
            ?? ProcessInfo.processInfo.environment["PANTAU_THEME_DIR"].flatMap {
                $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true)
            }
        if let override { try DefaultTheme.checkThemeFolder(override) }
        try fm.createDirectory(at: directory.appendingPathComponent("Content/panduan"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("Content/pengumuman"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("Themes"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("Output"), withIntermediateDirectories: true)
        try DefaultTheme.write(to: directory.appendingPathComponent("Themes/default"), from: override)
        let files: [String: String] = [
            // The datastore and reject lists hold NIKs and emails; the output is rebuilt: never commit either.
            ".gitignore": """
            # Personal data (datastore, cek key cache) and the generated site: never commit them.
            data/
            Output/
            .Output.*
            *.ditolak.csv

            """,
            "site.yml": """
            # Pantau site configuration. Reference: Pantau's README, section "site.yml".
            title: PDM ASN \(agency)
            description: Panduan aktivasi MySAPK dan Pemutakhiran Data Mandiri ASN dari \(agency).
            base_url: https://example.go.id/
            language: id
            time_zone: Asia/Makassar
            campaign:
              deadline: 2021-06-30
            menus:
              main:
                - name: Beranda
                  url: /
                  weight: 1
                - name: Panduan
                  url: /panduan/
                  weight: 2
                - name: Pengumuman
                  url: /pengumuman/
                  weight: 3
            data:
              datastore: data/pantau.sqlite
            privacy:
              # Values that look like personal data but are public on purpose; the build's privacy
              # check fails on any other NIP- or NIK-shaped number. This is the example on /cek/.
              allow: ["19860926 201505 1 001"]

            """,
            "Content/_index.md": """
            ---
            title: Beranda
            layout: home
            ---
            Selamat datang di situs Pemutakhiran Data Mandiri (PDM) ASN \(agency). Mulai dari [panduan aktivasi \
            MySAPK](panduan/aktivasi-mysapk.md).

            """,
            "Content/panduan/_index.md": """
            ---
            title: Panduan
            weight: 10
            ---
            Langkah demi langkah untuk aktivasi MySAPK dan pemutakhiran data.

            """,
            "Content/panduan/aktivasi-mysapk.md": """
            ---
            title: Aktivasi akun MySAPK
            description: Cara mengaktifkan akun MySAPK lewat portal atau aplikasi Android.
            weight: 10
            ---
            ## Langkah aktivasi

            1. Buka portal MySAPK atau aplikasi MySAPK di HP Android.
            2. Masukkan NIP dan ikuti petunjuk di layar.

            Lihat juga [pengumuman](../pengumuman/_index.md).

            """,
            "Content/pengumuman/_index.md": """
            ---
            title: Pengumuman
            weight: 30
            ---
            Pengumuman terbaru tentang PDM ASN.

            """,
            "Content/pengumuman/pdm-dimulai.md": """
            ---
            title: Pemutakhiran Data Mandiri dimulai
            date: 2021-05-03
            ---
            Seluruh ASN diminta segera mengaktifkan akun MySAPK.

            """,
            "Output/README.md": "# Output/\n\n`pantau build` writes the generated site here.\n",
        ]
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            try text.write(to: directory.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }
}
