import Foundation

/// Pantau's default theme for `pantau init`: built into the binary (``EmbeddedTheme``), or a theme folder named by
/// `PANTAU_THEME_DIR` (for trying a theme in development).
enum DefaultTheme {
    /// What a theme folder holds, for the message when a folder is not one.
    static let layout = "templates/*.mustache (with base.mustache), i18n/id.yml and en.yml, and static/ (css, js)"

    /// Refuses a folder that is not a theme (its parent `Themes/`, say), saying what a theme folder holds.
    static func checkThemeFolder(_ folder: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PantauError(
                file: folder.path, step: .command,
                """
                PANTAU_THEME_DIR names a folder that does not exist; point it at a theme folder, \
                or unset it to use the built-in theme
                """)
        }
        let needed = ["templates/base.mustache", "i18n/id.yml"]
        let missing = needed.filter { !fm.fileExists(atPath: folder.appendingPathComponent($0).path) }
        guard missing.isEmpty else {
            let hint =
                fm.fileExists(atPath: folder.appendingPathComponent("default/templates/base.mustache").path)
                ? " (it holds a theme folder `default`: use \(folder.appendingPathComponent("default").path))" : ""
            throw PantauError(
                file: folder.path, step: .command,
                """
                PANTAU_THEME_DIR is not a theme folder: it lacks \(missing.joined(separator: " and "))\(hint). \
                A theme folder holds \(layout); or unset PANTAU_THEME_DIR to use the built-in theme
                """)
        }
    }

    /// Writes the theme into `destination` (created): a copy of `folder`, or the built-in files.
    static func write(to destination: URL, from folder: URL?) throws {
        let fm = FileManager.default
        if let folder {
            try fm.copyItem(at: folder, to: destination)
            return
        }
        for (path, bytes) in try embeddedFiles() {
            let url = destination.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url)
        }
    }

    /// The built-in theme's files by path relative to the theme folder.
    static func embeddedFiles() throws -> [(path: String, bytes: Data)] {
        try EmbeddedTheme.files.map { file in
            guard let bytes = Data(base64Encoded: file.base64, options: .ignoreUnknownCharacters) else {
                throw PantauError(
                    file: "Themes/default/\(file.path)", step: .command,
                    "the built-in theme is damaged; rebuild pantau (scripts/embed-theme, then swift build)")
            }
            return (file.path, bytes)
        }
    }
}
