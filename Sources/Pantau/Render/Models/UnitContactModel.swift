/// A unit's official contact from `units.csv` (`contact` in a row), with the same links as `/kontak/`.
struct UnitContactModel: TemplateModel {
    var role: String
    /// Shown number and its `tel:` link, together or not at all.
    var phone: (shown: String, tel: String)?
    var whatsapp: String?
    var email: String?

    var templateValue: TemplateValue {
        .object([
            "role": .text(role), "phone": .optional(phone?.shown), "tel": .optional(phone?.tel), "whatsapp": .optional(whatsapp),
            "email": .optional(email), "mailto": .optional(email.map { "mailto:" + $0 }),
        ])
    }
}
