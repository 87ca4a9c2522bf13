/// `/unit/<slug>/daftar/`: the sealed roster's configuration for `daftar.js` and the unit it belongs to.
struct RosterPageModel: TemplateModel {
    /// JSON, with `<` escaped so it cannot end the script block.
    var configJSON: String
    var unitName: String
    var unitURL: String

    var templateValue: TemplateValue {
        .object([
            "daftar": .object([
                "config_json": .text(configJSON), "unit_name": .text(unitName), "unit_url": .text(unitURL),
            ])
        ])
    }
}
