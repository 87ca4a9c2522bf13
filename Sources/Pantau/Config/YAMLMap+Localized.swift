import Foundation
import Yams

/// Text in `site.yml` that may be given per interface language.
extension YAMLMap {
    /// `key`'s text, written plainly (`name: Beranda`, shown whatever the language) or per language
    /// (`name: {id: Beranda, en: Home}`, the entry of the site's `language`, which must be there).
    mutating func localizedString(_ key: String, language: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard case .mapping = node else { return try string(key) }
        var texts = try YAMLMap(node: node, file: file, step: step, lineOffset: lineOffset, what: "`\(key)`")
        var chosen: String?
        for code in SiteConfig.languages {
            let text = try texts.string(code)
            if code == language { chosen = text }
        }
        try texts.finish(known: SiteConfig.languages.map { "`\($0)`" }.joined(separator: ", "))
        guard let chosen, !chosen.isEmpty else {
            throw error(
                at: node, "`\(key)` has no `\(language)` text, and the site's `language` is \(language); add `\(language): …` to it")
        }
        return chosen
    }

    /// ``localizedString(_:language:)`` that must be there and not be empty.
    mutating func requiredLocalizedString(_ key: String, language: String) throws -> String {
        guard let value = try localizedString(key, language: language), !value.isEmpty else {
            throw PantauError(file: file, line: line, column: column, step: step, "`\(key)` is required; add a line `\(key): …`")
        }
        return value
    }
}
