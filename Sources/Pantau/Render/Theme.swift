import Crypto
import Foundation

/// A theme: Mustache templates, translations and static assets, with the site's own theme
/// layered over `Themes/default/` file by file.
struct Theme: Sendable {
    /// Compiled templates by name (file name without `.mustache`).
    let library: TemplateLibrary
    /// Where each template came from (`Themes/default/templates/page.mustache`), for messages.
    let templateFiles: [String: String]
    /// Names of all templates, for checking that a page's `layout` exists.
    let templateNames: Set<String>
    /// Interface strings of the site's language.
    let strings: [String: String]
    /// Static files to publish: output path → bytes. CSS and JS carry a content hash in their names.
    let assets: [(path: String, bytes: Data)]
    /// Asset paths by their source path (`css/style.css` → `css/style.1a2b3c4d5e.css`).
    let assetPaths: [String: String]

    /// Loads the default theme from `themesDirectory/default` and overrides from `themesDirectory/name`.
    /// Every template and asset must really lie inside `containment`'s site (default: the Themes folder's parent).
    init(themesDirectory: URL, name: String, language: String) throws {
        try self.init(
            themesDirectory: themesDirectory, name: name, language: language,
            containment: SiteContainment(siteDirectory: themesDirectory.deletingLastPathComponent()))
    }

    init(themesDirectory: URL, name: String, language: String, containment: SiteContainment) throws {
        let layers = ([name == "default" ? nil : name, "default"] as [String?]).compactMap { $0 }
            .map { (name: $0, url: themesDirectory.appendingPathComponent($0)) }
        guard FileManager.default.fileExists(atPath: themesDirectory.appendingPathComponent("default").path) else {
            throw PantauError(
                file: "Themes/default", step: .render,
                "the default theme is missing; copy Themes/default from Pantau (or run `pantau init`)")
        }
        if name != "default", !FileManager.default.fileExists(atPath: layers[0].url.path) {
            throw PantauError(
                file: "site.yml", step: .config, "theme \"\(name)\" has no folder Themes/\(name); create it or set `theme: default`")
        }

        // Templates: the first layer that has a file wins.
        var sources: [String: (file: String, text: String)] = [:]
        for layer in layers.reversed() {
            for (relative, url) in Self.files(in: layer.url.appendingPathComponent("templates")) where relative.hasSuffix(".mustache") {
                try containment.check(url.path, shown: "Themes/\(layer.name)/templates/\(relative)")
                let name = String(relative.dropLast(".mustache".count))
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    throw PantauError(file: "Themes/\(layer.name)/templates/\(relative)", step: .render, "is not readable UTF-8 text")
                }
                sources[name] = ("Themes/\(layer.name)/templates/\(relative)", text)
            }
        }
        var templates: [String: Template] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                templates[name] = try Template(source.text)
            } catch let error as TemplateSyntaxError {
                throw PantauError(
                    file: source.file, line: error.line, column: error.column, step: .render,
                    "template does not parse: \(error.explanation) near `\(error.lineText.trimmingCharacters(in: .whitespaces))`")
            }
        }
        // A partial or parent that does not exist renders as nothing in Mustache; make it an error instead.
        for (_, source) in sources.sorted(by: { $0.key < $1.key }) {
            for reference in Self.references(in: source.text) where sources[reference.name] == nil {
                throw PantauError(
                    file: source.file, line: reference.line, column: reference.column, step: .render,
                    "uses template \"\(reference.name)\", which does not exist in Themes/*/templates/; create \(reference.name).mustache "
                        + "or fix the name"
                )
            }
        }
        self.library = TemplateLibrary(templates)
        self.templateFiles = sources.mapValues(\.file)
        self.templateNames = Set(sources.keys)

        // Translations: default theme's, overridden key by key.
        var strings: [String: String] = [:]
        for layer in layers.reversed() {
            let file = "Themes/\(layer.name)/i18n/\(language).yml"
            let url = themesDirectory.appendingPathComponent("\(layer.name)/i18n/\(language).yml")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            var map = try YAMLMap(parsing: text, file: file, step: .render)
            for (key, node) in map.entries() {
                guard let value = node.string else {
                    throw map.error(at: node, "translation `\(key)` should be text")
                }
                strings[key] = value
            }
        }
        if strings.isEmpty {
            throw PantauError(
                file: "Themes/default/i18n/\(language).yml", step: .render,
                "no translations for language `\(language)`; add this file or change `language` in site.yml")
        }
        self.strings = strings

        // Assets: the first layer that has a file wins; CSS and JS get content-hashed names.
        var assetFiles: [String: URL] = [:]
        for layer in layers.reversed() {
            for (relative, url) in Self.files(in: layer.url.appendingPathComponent("static")) {
                try containment.check(url.path, shown: "Themes/\(layer.name)/static/\(relative)")
                assetFiles[relative] = url
            }
        }
        var assets: [(String, Data)] = []
        var paths: [String: String] = [:]
        for (relative, url) in assetFiles.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw PantauError(file: url.path, step: .render, "asset is not readable")
            }
            var published = relative
            if relative.hasSuffix(".css") || relative.hasSuffix(".js") {
                let hash = SHA256.hash(data: data).prefix(5).map { String(format: "%02x", $0) }.joined()
                let dot = relative.lastIndex(of: ".") ?? relative.endIndex
                published = "\(relative[..<dot]).\(hash)\(relative[dot...])"
            }
            paths[relative] = published
            assets.append((published, data))
        }
        self.assets = assets
        self.assetPaths = paths
    }

    /// Renders `template` over `stack` (outermost value first) into UTF-8 bytes; the template must
    /// exist (checked by the caller). In strict mode a name that no value on the stack has fails.
    func render(_ template: String, _ stack: [TemplateValue], strict: Bool = false) throws -> [UInt8] {
        do {
            return try library.render(template, stack, strict: strict) ?? []
        } catch let error as TemplateLibrary.MissingKeyError {
            throw PantauError(
                file: templateFiles[error.template] ?? "Themes/\(error.template).mustache", step: .render,
                "template \"\(error.template)\" asks for `\(error.key)`, which the page's model does not have (strict mode); "
                    + "fix the name, or see docs/adding-a-page.md for the keys each page has")
        } catch let error as TemplateLibrary.RecursionError {
            // Name the first template that comes round again, and the way round.
            let chain = error.chain
            let repeated = chain.first { name in chain.filter { $0 == name }.count > 1 } ?? template
            let loop = chain.drop(while: { $0 != repeated })
            let shown = Array(loop.prefix(6)).joined(separator: " → ")
            throw PantauError(
                file: templateFiles[repeated] ?? "Themes/\(repeated).mustache", step: .render,
                "template \"\(repeated)\" includes itself without end (\(shown) …); a template may include itself only inside a section "
                    + "that ends, like {{#children}}{{>\(repeated)}}{{/children}}"
            )
        }
    }

    /// Files below `directory`, as (path relative to it, URL), sorted; hidden ones left out.
    static func files(in directory: URL) -> [(String, URL)] {
        FolderEntries.files(under: directory.path).map { ($0, directory.appendingPathComponent($0)) }
    }

    /// `{{> name}}` and `{{< name}}` tags with their positions.
    static func references(in text: String) -> [(name: String, line: Int, column: Int)] {
        var out: [(String, Int, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...].drop(while: { $0 == " " })
                guard let sigil = after.first, sigil == ">" || sigil == "<" else {
                    rest = rest[open.upperBound...]
                    continue
                }
                guard let close = after.range(of: "}}") else { break }
                let name = after.dropFirst()[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                out.append((name, index + 1, line.distance(from: line.startIndex, to: open.lowerBound) + 1))
                rest = after[close.upperBound...]
            }
        }
        return out
    }

    /// The published path and bytes of the asset at `relative` below `static/` (`img/bagikan.png`), if any layer has it.
    func asset(_ relative: String) -> (path: String, bytes: Data)? {
        guard let published = assetPaths[relative] else { return nil }
        return assets.first { $0.path == published }
    }

    /// The string for `key` in the site's language, or the key itself so a missing one shows up.
    func t(_ key: String) -> String { strings[key] ?? key }
}
