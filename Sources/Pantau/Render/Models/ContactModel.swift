/// A helpdesk contact as templates show it: display number with `tel:`, `wa.me` and `mailto:` links.
struct ContactModel: TemplateModel {
    var name: String
    var role: String
    var hours: String
    var phone: String?
    var tel: String?
    var whatsapp: String?
    var email: String?

    /// One model per contact; `message` (a page's `whatsapp_message`) overrides each contact's own.
    static func models(_ contacts: [Contact], message: String?) -> [ContactModel] {
        contacts.map { c in
            let call = c.displayPhone.flatMap { phone in c.telURL.map { (phone, $0) } }
            return ContactModel(
                name: c.name, role: c.role, hours: c.hours ?? "", phone: call?.0, tel: call?.1,
                whatsapp: c.whatsappURL(message: message), email: c.email)
        }
    }

    var templateValue: TemplateValue {
        .object([
            "name": .text(name), "role": .optional(role), "hours": .optional(hours),
            "phone": .optional(phone), "tel": .optional(tel), "whatsapp": .optional(whatsapp),
            "email": .optional(email), "mailto": .optional(email.map { "mailto:\($0)" }),
        ])
    }
}
