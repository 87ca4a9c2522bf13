/// `heat` on `/progres/`: the heat map's target and its legend, one entry per shade.
struct HeatLegendModel: TemplateModel {
    /// One shade of the legend.
    struct Entry: TemplateModel {
        var cssClass: String
        var label: String
        var templateValue: TemplateValue { .object(["class": .text(cssClass), "label": .text(label)]) }
    }

    var target: String
    var legend: [Entry]

    var templateValue: TemplateValue { .object(["target": .text(target), "legend": .list(legend)]) }
}
