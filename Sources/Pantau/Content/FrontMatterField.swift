/// One key of a page's front matter: its name, the kind of value it takes and the ``FrontMatter`` property it
/// sets. ``FrontMatter/fields`` lists them; each kind says once how the YAML reader reads it (with the error a
/// user sees) and how ``FrontMatterFastPath`` stores what it read.
enum FrontMatterField {
    /// Text; absent is "".
    case text(String, WritableKeyPath<FrontMatter, String>)
    /// Text, or nil when absent.
    case optionalText(String, WritableKeyPath<FrontMatter, String?>)
    /// One URL word (``FrontMatter/isURLWord(_:)``), or nil when absent.
    case urlWord(String, WritableKeyPath<FrontMatter, String?>)
    /// true/yes/ya or false/no/tidak; absent is false.
    case flag(String, WritableKeyPath<FrontMatter, Bool>)
    /// A whole number; absent is 0.
    case int(String, WritableKeyPath<FrontMatter, Int>)
    /// A date `YYYY-MM-DD`, or nil when absent.
    case date(String, WritableKeyPath<FrontMatter, CalendarDate?>)
    /// A list of texts (one text is a list of one); absent is [].
    case texts(String, WritableKeyPath<FrontMatter, [String]>)
    /// A list of site paths (``FrontMatter/isSitePath(_:)``); absent is [].
    case sitePaths(String, WritableKeyPath<FrontMatter, [String]>)

    var name: String {
        switch self {
        case .text(let name, _), .optionalText(let name, _), .urlWord(let name, _), .flag(let name, _), .int(let name, _),
            .date(let name, _), .texts(let name, _), .sitePaths(let name, _):
            name
        }
    }

    /// Reads the key from YAML into `frontMatter`, or throws the error at its line and column.
    func read(from map: inout YAMLMap, into frontMatter: inout FrontMatter) throws {
        switch self {
        case .text(let name, let property): frontMatter[keyPath: property] = try map.string(name) ?? ""
        case .optionalText(let name, let property): frontMatter[keyPath: property] = try map.string(name)
        case .urlWord(let name, let property):
            guard let word = try map.string(name) else { return }
            guard FrontMatter.isURLWord(word) else {
                throw map.error(
                    at: map.node(name),
                    "`\(name)` should be one URL word (no /, spaces, #, ?, % or ..), like lupa-password; found \"\(word)\"")
            }
            frontMatter[keyPath: property] = word
        case .flag(let name, let property): frontMatter[keyPath: property] = try map.bool(name) ?? false
        case .int(let name, let property): frontMatter[keyPath: property] = try map.int(name) ?? 0
        case .date(let name, let property): frontMatter[keyPath: property] = try map.date(name)
        case .texts(let name, let property): frontMatter[keyPath: property] = try map.strings(name) ?? []
        case .sitePaths(let name, let property):
            let paths = try map.strings(name) ?? []
            for path in paths where !FrontMatter.isSitePath(path) {
                throw map.error(
                    at: map.node(name), "each alias should be a site path starting with /, like /lama/lupa-password/; found \"\(path)\"")
            }
            frontMatter[keyPath: property] = paths
        }
    }

    /// What ``FrontMatterFastPath`` read for a key.
    enum FastValue {
        /// One text; `plain` is false when it was quoted (a quoted `"null"` is text, not an absent value).
        case scalar(String, plain: Bool)
        case list([String])
    }

    /// Stores `value` as ``read(from:into:)`` would read it through ``YAMLMap``; false where that is an error.
    func apply(_ value: FastValue, to frontMatter: inout FrontMatter) -> Bool {
        func text() -> String?? {
            guard case .scalar(let text, let plain) = value else { return .none }
            return .some(plain && ["", "~", "null", "Null", "NULL"].contains(text) ? nil : text)
        }
        func list() -> [String] {
            switch value {
            case .scalar(let text, _): text.isEmpty ? [] : [text]
            case .list(let items): items
            }
        }
        switch self {
        case .text(_, let property):
            guard case .some(let string) = text() else { return false }
            frontMatter[keyPath: property] = string ?? ""
        case .optionalText(_, let property):
            guard case .some(let string) = text() else { return false }
            frontMatter[keyPath: property] = string
        case .urlWord(_, let property):
            guard case .some(let string) = text() else { return false }
            if let string, !FrontMatter.isURLWord(string) { return false }
            frontMatter[keyPath: property] = string
        case .flag(_, let property):
            // The words YAMLMap.bool accepts.
            guard case .scalar(let text, _) = value else { return false }
            switch text.lowercased() {
            case "true", "yes", "ya": frontMatter[keyPath: property] = true
            case "false", "no", "tidak": frontMatter[keyPath: property] = false
            default: return false
            }
        case .int(_, let property):
            guard case .scalar(let text, _) = value, let number = Int(text) else { return false }
            frontMatter[keyPath: property] = number
        case .date(_, let property):
            guard case .scalar(let text, _) = value, let date = CalendarDate(iso: text) else { return false }
            frontMatter[keyPath: property] = date
        case .texts(_, let property):
            frontMatter[keyPath: property] = list()
        case .sitePaths(_, let property):
            let paths = list()
            guard paths.allSatisfy(FrontMatter.isSitePath) else { return false }
            frontMatter[keyPath: property] = paths
        }
        return true
    }
}
