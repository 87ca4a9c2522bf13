/// An alias page that sends the browser on to the page's URL.
struct RedirectModel: TemplateModel {
    /// The page's site URL (with the base path).
    var target: String
    var targetAbsolute: String

    var templateValue: TemplateValue {
        .object(["target": .optional(target), "target_absolute": .optional(targetAbsolute)])
    }
}
