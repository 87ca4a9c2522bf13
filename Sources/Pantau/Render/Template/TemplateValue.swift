/// What a template renders from: text, a flag, a list or an object, built from a page's typed
/// model (``TemplateModel``) and walked by ``TemplateLibrary``.
///
/// Mustache's rules over these values: a section renders once for `true` or an object, once per
/// item for a list, and not at all for `false`, an empty list or ``hidden``; text (even "") counts
/// as present. ``hidden`` is an empty optional value: present (so the lookup stops there, not in an
/// outer object), false in sections, and rendered as nothing.
enum TemplateValue: Sendable, Equatable {
    case text(String)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])
    case hidden

    /// Text, or ``hidden`` when it is empty (a page without a date, a contact without a role).
    static func optional(_ text: String) -> TemplateValue {
        text.isEmpty ? .hidden : .text(text)
    }

    /// Text, or ``hidden`` when there is none.
    static func optional(_ text: String?) -> TemplateValue {
        text.map(TemplateValue.optional) ?? .hidden
    }

    /// A model, or ``hidden`` when there is none (a unit without a parent).
    static func optional<Model: TemplateModel>(_ model: Model?) -> TemplateValue {
        model?.templateValue ?? .hidden
    }

    /// A whole number as text.
    static func number(_ value: Int) -> TemplateValue { .text(String(value)) }

    /// A list of models.
    static func list<Model: TemplateModel>(_ models: [Model]) -> TemplateValue {
        .list(models.map(\.templateValue))
    }

    /// A list of texts (`{{#tags}}{{.}}{{/tags}}`).
    static func texts(_ texts: [String]) -> TemplateValue {
        .list(texts.map(TemplateValue.text))
    }

    /// The entry `name` of an object; nil for anything else or a name it lacks.
    func child(_ name: String) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[name]
    }
}

/// A typed page or row model that templates read: one `Sendable` struct per kind of page, turned
/// into a ``TemplateValue`` once, just before rendering.
protocol TemplateModel: Sendable {
    var templateValue: TemplateValue { get }
}
