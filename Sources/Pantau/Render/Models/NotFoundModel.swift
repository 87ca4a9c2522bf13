/// `404.html`: the top-level sections to go on from.
struct NotFoundModel: TemplateModel {
    var sections: [PageSummaryModel]

    var templateValue: TemplateValue { .object(["sections": .list(sections)]) }
}
