/// `/cek/`: whether the lookup is on, and either its configuration for `cek.js` or why it is off.
struct CekPageModel: TemplateModel {
    var enabled: Bool
    var contactURL: String? = nil
    var asOf: String? = nil
    /// The JSON block `cek.js` reads (with `<` escaped), when enabled.
    var configJSON: String? = nil
    /// Why the lookup is off, when it is.
    var offReason: String? = nil

    var templateValue: TemplateValue {
        .object([
            "cek": .object([
                "enabled": .bool(enabled), "contact_url": .optional(contactURL), "as_of": .optional(asOf),
                "config_json": .optional(configJSON), "off_reason": .optional(offReason),
            ])
        ])
    }
}
