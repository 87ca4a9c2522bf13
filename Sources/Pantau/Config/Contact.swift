import Foundation

/// An official helpdesk contact from `site.yml`: public by design, unlike employees' own details.
struct Contact: Sendable, Equatable {
    var name: String
    var role: String
    /// As written in `site.yml`, e.g. `08125368291` or `+62 812-5368-291`.
    var phone: String?
    /// Whether the number takes WhatsApp.
    var whatsapp: Bool
    var email: String?
    var hours: String?
    /// Pre-filled WhatsApp message, unless a page sets its own.
    var whatsappMessage: String?

    init(
        name: String, role: String = "", phone: String? = nil, whatsapp: Bool = false, email: String? = nil, hours: String? = nil,
        whatsappMessage: String? = nil
    ) {
        self.name = name
        self.role = role
        self.phone = phone
        self.whatsapp = whatsapp
        self.email = email
        self.hours = hours
        self.whatsappMessage = whatsappMessage
    }

    /// Digits of the number in international form without `+`: `08125368291` → `628125368291`.
    /// Nil when there is no number or it is not valid (``parse(_:)`` refuses those).
    var internationalDigits: String? {
        guard let phone, case .success(let number) = PhoneNumber.parse(phone) else { return nil }
        return number.internationalDigits
    }

    /// `tel:+628125368291`.
    var telURL: String? { internationalDigits.map { "tel:+\($0)" } }

    /// `https://wa.me/628125368291`, with `?text=` when there is a message.
    func whatsappURL(message: String?) -> String? {
        guard whatsapp, let digits = internationalDigits else { return nil }
        let text = message ?? whatsappMessage
        guard let text, !text.isEmpty else { return "https://wa.me/\(digits)" }
        return "https://wa.me/\(digits)?text=\(RenderContext.percentEncoded(text))"
    }

    /// The number as people read it: local Indonesian numbers `0812-5368-291`, others as written.
    var displayPhone: String? {
        guard let phone else { return nil }
        let digits = phone.filter(\.isNumber)
        let local = digits.hasPrefix("62") ? "0" + digits.dropFirst(2) : digits
        guard local.hasPrefix("08"), (10...13).contains(local.count) else { return phone }
        let a = local.prefix(4)
        let b = local.dropFirst(4).prefix(4)
        let c = local.dropFirst(8)
        return c.isEmpty ? "\(a)-\(b)" : "\(a)-\(b)-\(c)"
    }

    static func parse(_ map: inout YAMLMap) throws -> Contact {
        var contact = Contact(name: try map.requiredString("name"))
        contact.role = try map.string("role") ?? ""
        contact.phone = try map.string("phone")
        contact.whatsapp = try map.bool("whatsapp") ?? false
        contact.email = try map.string("email")
        contact.hours = try map.string("hours")
        contact.whatsappMessage = try map.string("whatsapp_message")
        try map.finish(known: "`name`, `role`, `phone`, `whatsapp`, `email`, `hours`, `whatsapp_message`")
        if let phone = contact.phone, case .failure(let problem) = PhoneNumber.parse(phone) {
            throw map.error(at: map.node("phone"), "phone \"\(phone)\" \(problem.explanation)")
        }
        if contact.whatsapp, contact.phone == nil {
            throw map.error(at: map.node("whatsapp"), "`whatsapp: true` needs a `phone` number")
        }
        if let email = contact.email, !email.contains("@") || email.contains(" ") {
            throw map.error(at: map.node("email"), "email \"\(email)\" does not look like an address such as bkpsdm@bontangkota.go.id")
        }
        if contact.phone == nil, contact.email == nil {
            throw PantauError(
                file: map.file, line: map.line, column: map.column, step: .config,
                "contact \"\(contact.name)\" has neither `phone` nor `email`; add at least one")
        }
        return contact
    }
}
