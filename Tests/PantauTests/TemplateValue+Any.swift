@testable import Pantau

/// Test-only bridges between ``TemplateValue`` and swift-mustache's `[String: Any]` contexts, so the
/// same context goes through both renderers.
extension TemplateValue {
    init(any value: Any) {
        switch value {
        case let v as TemplateValue: self = v
        case let s as String: self = .text(s)
        case let b as Bool: self = .bool(b)
        case let m as [String: String]: self = .object(m.mapValues(TemplateValue.text))
        case let m as [String: Any]: self = .object(m.mapValues { TemplateValue(any: $0) })
        case let l as [Any]: self = .list(l.map { TemplateValue(any: $0) })
        default: self = .text(String(describing: value))
        }
    }

    /// The value as swift-mustache reads it (``hidden`` has no equivalent and becomes nil).
    var anyValue: Any? {
        switch self {
        case .text(let s): return s
        case .bool(let b): return b
        case .list(let l): return l.compactMap(\.anyValue)
        case .object(let o): return o.compactMapValues(\.anyValue)
        case .hidden: return nil
        }
    }

    /// Objects merged, later keys winning (a page's keys over the site's).
    static func merged(_ values: [TemplateValue]) -> TemplateValue {
        var out: [String: TemplateValue] = [:]
        for case .object(let fields) in values { out.merge(fields) { _, new in new } }
        return .object(out)
    }
}
