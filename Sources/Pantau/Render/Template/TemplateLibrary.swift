/// A theme's compiled templates by name, and the renderer that runs them over ``TemplateValue``s.
///
/// Lookups follow Mustache: a name is searched from the innermost object on the stack outwards;
/// `a.b` finds `a` that way and `b` inside it. Sections and output follow ``TemplateValue``'s rules.
/// In strict mode (tests, `pantau build --strict`) a name found in no object on the stack is an
/// error naming the template and the name, instead of rendering as nothing.
struct TemplateLibrary: Sendable {
    private let templates: [String: Template]

    init(_ templates: [String: Template]) {
        self.templates = templates
    }

    /// How deep partials and parents may nest before a template counts as including itself forever.
    static let maximumDepth = 64

    /// A template that includes itself (directly or through others) without end.
    struct RecursionError: Error, Sendable {
        /// The templates entered, outermost first, up to the limit.
        let chain: [String]
    }

    /// In strict mode: a template asked for a name that no object on the stack has.
    struct MissingKeyError: Error, Sendable {
        /// The template the tag is in (a partial's own name when it is in a partial).
        let template: String
        /// The name as written in the tag (`u.rank`).
        let key: String
    }

    /// Renders template `name` with `stack` (outermost object first) into UTF-8 bytes; nil if there
    /// is no such template. Throws ``RecursionError`` for a partial that includes itself outside any
    /// section that ends, and in strict mode ``MissingKeyError``.
    func render(_ name: String, _ stack: [TemplateValue], strict: Bool = false) throws -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        try render(template.nodes, Scope(stack: stack, chain: [name], current: name, strict: strict), into: &out)
        return out
    }

    /// Where rendering is: the value stack, the indentation of the partial, the block overrides.
    private struct Scope {
        var stack: [TemplateValue]
        /// Templates entered through partials and parents, outermost first (for the recursion limit).
        var chain: [String]
        /// The template the nodes being rendered were written in (a block's overrider, for messages).
        var current: String
        let strict: Bool
        var indentation: [UInt8]? = nil
        /// Block overrides by name, with the template each was written in.
        var overrides: [String: (nodes: [Template.Node], template: String)]? = nil

        func pushing(_ value: TemplateValue) -> Scope {
            var scope = self
            scope.stack.append(value)
            return scope
        }

        func indented(_ more: [UInt8]?) -> Scope {
            guard let more else { return self }
            var scope = self
            scope.indentation = (indentation ?? []) + more
            return scope
        }

        /// `path` up the stack; in strict mode a name no object has throws.
        func lookup(_ path: TemplatePath) throws -> TemplateValue? {
            if let value = TemplateLibrary.lookup(path, in: stack) { return value }
            if strict { throw MissingKeyError(template: current, key: path.text) }
            return nil
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
            guard let value = try scope.lookup(path) else { return }
            Self.append(value, escaped: escaped, to: &out)

        case .section(let path, let body, let inverted):
            let value = try scope.lookup(path)
            if inverted {
                try renderInverted(value, body, scope, into: &out)
            } else {
                try renderSection(value, body, scope, into: &out)
            }

        case .partial(let name, let indentation, let overrides):
            guard let template = templates[name] else { return }
            var inner = scope.indented(indentation)
            inner.chain.append(name)
            inner.current = name
            guard inner.chain.count <= Self.maximumDepth else { throw RecursionError(chain: inner.chain) }
            if let overrides {
                // Outer overrides win: a page's block beats its parent's parent's default.
                let mine = overrides.mapValues { (nodes: $0, template: scope.current) }
                inner.overrides = scope.overrides.map { $0.merging(mine) { outer, _ in outer } } ?? mine
            }
            try render(template.nodes, inner, into: &out)

        case .block(let name, let defaultNodes, let indentation):
            var inner = scope.indented(indentation)
            if let override = scope.overrides?[name] {
                inner.current = override.template
                try render(override.nodes, inner, into: &out)
            } else {
                try render(defaultNodes, inner, into: &out)
            }

        case .blockOverride:
            break
        }
    }

    private func renderSection(_ value: TemplateValue?, _ body: [Template.Node], _ scope: Scope, into out: inout [UInt8]) throws {
        switch value {
        case nil, .hidden, .bool(false):
            return
        case .bool(true):
            try render(body, scope, into: &out)
        case .list(let items):
            for item in items { try render(body, scope.pushing(item), into: &out) }
        case .some(let value):
            try render(body, scope.pushing(value), into: &out)
        }
    }

    private func renderInverted(_ value: TemplateValue?, _ body: [Template.Node], _ scope: Scope, into out: inout [UInt8]) throws {
        switch value {
        case nil, .hidden, .bool(false):
            try render(body, scope, into: &out)
        case .list(let items) where items.isEmpty:
            try render(body, scope.pushing(.list(items)), into: &out)
        default:
            return
        }
    }

    // MARK: - Lookup

    private static func lookup(_ path: TemplatePath, in stack: [TemplateValue]) -> TemplateValue? {
        guard let top = stack.last else { return nil }
        guard let first = path.names.first else { return top }
        if path.anchored { return resolve(path.names[...], in: top) }
        for value in stack.reversed() {
            if let child = value.child(first) {
                return resolve(path.names.dropFirst(), in: child)
            }
        }
        return nil
    }

    private static func resolve(_ names: ArraySlice<String>, in value: TemplateValue) -> TemplateValue? {
        var current = value
        for name in names {
            guard let child = current.child(name) else { return nil }
            current = child
        }
        return current
    }

    // MARK: - Output

    private static func append(_ value: TemplateValue, escaped: Bool, to out: inout [UInt8]) {
        switch value {
        case .text(let text): HTMLEscaper.append(text, escaped: escaped, to: &out)
        case .bool(let flag): HTMLEscaper.append(flag ? "true" : "false", escaped: false, to: &out)
        case .list, .object, .hidden: return
        }
    }
}
