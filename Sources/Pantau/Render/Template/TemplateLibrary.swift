import Foundation

/// A theme's compiled templates by name, and the renderer that runs them over a context.
///
/// Contexts are plain Swift values: `[String: Any]` (and `[String: String]`) for objects, arrays for
/// lists, `String`, `Bool`, numbers. Lookups follow Mustache: a name is searched from the innermost
/// context outwards; `a.b` finds `a` that way and `b` inside it. A section renders once for `true`
/// or an object, once per item for a list, and not at all for `false`, an empty list or a missing
/// name; everything else (including "") counts as present. ``RenderContext/NoText`` is the one
/// value that is present but false, and renders as nothing.
public struct TemplateLibrary: Sendable {
    private let templates: [String: Template]

    public init(_ templates: [String: Template]) {
        self.templates = templates
    }

    public var names: Set<String> { Set(templates.keys) }

    /// How deep partials and parents may nest before a template counts as including itself forever.
    static let maximumDepth = 64

    /// A template that includes itself (directly or through others) without end.
    public struct RecursionError: Error, Sendable {
        /// The templates entered, outermost first, up to the limit.
        public let chain: [String]
    }

    /// Renders template `name` with `context` into UTF-8 bytes; nil if there is no such template.
    /// Throws ``RecursionError`` for a partial that includes itself outside any section that ends.
    public func render(_ name: String, _ context: Any) throws -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        try render(template.nodes, Scope(stack: [context], chain: [name]), into: &out)
        return out
    }

    /// Where rendering is: the context stack, the indentation of the partial, the block overrides.
    private struct Scope {
        var stack: [Any]
        /// Templates entered through partials and parents, outermost first (for the recursion limit).
        var chain: [String]
        var indentation: [UInt8]? = nil
        var overrides: [String: [Template.Node]]? = nil

        func pushing(_ object: Any) -> Scope {
            var scope = self
            scope.stack.append(object)
            return scope
        }

        func indented(_ more: [UInt8]?) -> Scope {
            guard let more else { return self }
            var scope = self
            scope.indentation = (indentation ?? []) + more
            return scope
        }
    }

    private func render(_ nodes: [Template.Node], _ scope: Scope, into out: inout [UInt8]) throws {
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            for node in nodes { try render(node, scope, into: &out) }
            return
        }
        // In an indented partial, every piece that starts a new line gets the indentation.
        let start = out.count
        for node in nodes {
            let mark = out.count
            try render(node, scope, into: &out)
            if out.count > mark, mark > start, out[mark - 1] == 0x0A {
                out.insert(contentsOf: indentation, at: mark)
            }
        }
    }

    private func render(_ node: Template.Node, _ scope: Scope, into out: inout [UInt8]) throws {
        switch node {
        case .text(let bytes):
            out.append(contentsOf: bytes)

        case .variable(let path, let escaped):
            guard let value = Self.lookup(path, in: scope.stack) else { return }
            Self.append(value, escaped: escaped, to: &out)

        case .section(let path, let body, let inverted):
            let value = Self.lookup(path, in: scope.stack)
            if inverted {
                try renderInverted(value, body, scope, into: &out)
            } else {
                try renderSection(value, body, scope, into: &out)
            }

        case .partial(let name, let indentation, let overrides):
            guard let template = templates[name] else { return }
            var inner = scope.indented(indentation)
            inner.chain.append(name)
            guard inner.chain.count <= Self.maximumDepth else { throw RecursionError(chain: inner.chain) }
            if let overrides {
                // Outer overrides win: a page's block beats its parent's parent's default.
                inner.overrides = scope.overrides.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            try render(template.nodes, inner, into: &out)

        case .block(let name, let defaultNodes, let indentation):
            try render(scope.overrides?[name] ?? defaultNodes, scope.indented(indentation), into: &out)

        case .blockOverride:
            break
        }
    }

    private func renderSection(_ value: Any?, _ body: [Template.Node], _ scope: Scope, into out: inout [UInt8]) throws {
        guard let value else { return }
        if let list = value as? [[String: Any]] {
            for item in list { try render(body, scope.pushing(item), into: &out) }
        } else if let flag = value as? Bool {
            if flag { try render(body, scope, into: &out) }
        } else if value is RenderContext.NoText {
            return
        } else if let list = Self.list(value) {
            for item in list { try render(body, scope.pushing(item), into: &out) }
        } else {
            try render(body, scope.pushing(value), into: &out)
        }
    }

    private func renderInverted(_ value: Any?, _ body: [Template.Node], _ scope: Scope, into out: inout [UInt8]) throws {
        guard let value else { return try render(body, scope, into: &out) }
        if let flag = value as? Bool {
            if !flag { try render(body, scope, into: &out) }
        } else if value is RenderContext.NoText {
            try render(body, scope, into: &out)
        } else if let list = Self.list(value) {
            if list.isEmpty { try render(body, scope.pushing(value), into: &out) }
        }
    }

    /// The items of a list value, or nil for anything that is not a list.
    private static func list(_ value: Any) -> [Any]? {
        if let list = value as? [[String: Any]] { return list }
        if let list = value as? [String] { return list }
        if let list = value as? [Any] { return list }
        return nil
    }

    // MARK: - Lookup

    private static func lookup(_ path: TemplatePath, in stack: [Any]) -> Any? {
        guard let top = stack.last else { return nil }
        guard let first = path.names.first else { return top }
        if path.anchored { return resolve(path.names[...], in: top) }
        for object in stack.reversed() {
            if let child = child(first, of: object) {
                return resolve(path.names.dropFirst(), in: child)
            }
        }
        return nil
    }

    private static func resolve(_ names: ArraySlice<String>, in object: Any) -> Any? {
        var current = object
        for name in names {
            guard let child = child(name, of: current) else { return nil }
            current = child
        }
        return current
    }

    /// `name` in an object: a dictionary entry, or a stored property of another value.
    private static func child(_ name: String, of object: Any) -> Any? {
        // Compare the dynamic type first: `as? [String: Any]` would also convert a `[String: String]`
        // entry by entry (on every lookup of `t.…`), and `as? [String: String]` would scan a `[String: Any]`.
        let type = type(of: object)
        if type == [String: Any].self, let map = object as? [String: Any] { return map[name] }
        if type == [String: String].self, let map = object as? [String: String] { return map[name] }
        if let map = object as? [String: Any] { return map[name] }  // another value type: converted
        guard let match = Mirror(reflecting: object).children.first(where: { $0.label == name }) else { return nil }
        return unwrap(match.value)
    }

    /// An `Optional` stored in `Any`: its value, or nil.
    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    // MARK: - Output

    private static func append(_ value: Any, escaped: Bool, to out: inout [UInt8]) {
        if let text = value as? String {
            appendText(text, escaped: escaped, to: &out)
        } else if value is RenderContext.NoText {
            return
        } else {
            appendText(String(describing: unwrap(value) ?? value), escaped: escaped, to: &out)
        }
    }

    private static func appendText(_ text: String, escaped: Bool, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard escaped else { return out.append(contentsOf: bytes) }
            var plain = 0
            for (i, c) in bytes.enumerated() {
                let entity: StaticString
                switch c {
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<i]))
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                plain = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
    }
}
