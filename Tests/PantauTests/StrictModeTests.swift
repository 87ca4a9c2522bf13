import Foundation
import Testing

@testable import Pantau

/// Strict mode: a template that asks for a name its page's model lacks fails, naming both, and the
/// default theme passes on every kind of page, with and without data.
@Suite struct StrictModeTests {
    static func library(_ templates: [String: String]) throws -> TemplateLibrary {
        TemplateLibrary(try templates.mapValues { try Template($0) })
    }

    @Test func aNameInNoObjectOnTheStackIsAnError() throws {
        let library = try Self.library(["main": "{{#items}}<li>{{nmae}}</li>{{/items}}"])
        let stack: [TemplateValue] = [.object(["items": .list([.object(["name": .text("a")])])])]
        #expect(try library.render("main", stack) == Array("<li></li>".utf8))
        do {
            _ = try library.render("main", stack, strict: true)
            Issue.record("a misspelt name rendered in strict mode")
        } catch let error as TemplateLibrary.MissingKeyError {
            #expect(error.template == "main")
            #expect(error.key == "nmae")
        }
    }

    /// Mustache looks a name up in outer objects: found in any of them is not an error.
    @Test func outerObjectsAndHiddenValuesCount() throws {
        let library = try Self.library([
            "main": "{{#items}}{{site}}:{{name}}{{#date}}{{date}}{{/date}},{{/items}}{{>row}}", "row": "{{u.rank}}",
        ])
        let stack: [TemplateValue] = [
            .object(["site": .text("S"), "u": .object(["rank": .hidden])]),
            .object([
                "items": .list([.object(["name": .text("a"), "date": .hidden]), .object(["name": .text("b"), "date": .text("1 Juni")])])
            ]),
        ]
        #expect(try library.render("main", stack, strict: true) == Array("S:a,S:b1 Juni,".utf8))
        // A dotted name whose last part is missing fails too, named as written and in the partial it is in.
        let broken = try Self.library(["main": "{{>row}}", "row": "{{u.rnak}}"])
        #expect { try broken.render("main", stack, strict: true) } throws: { error in
            (error as? TemplateLibrary.MissingKeyError).map { $0.template == "row" && $0.key == "u.rnak" } ?? false
        }
    }

    @Test func aBuildInStrictModeNamesTheTemplateFileAndTheKey() async throws {
        let site = try TestSupport.makeSite("basic")
        let templates = site.appendingPathComponent("Themes/default/templates")
        let page = try String(contentsOf: templates.appendingPathComponent("page.mustache"), encoding: .utf8)
        try page.replacingOccurrences(of: "{{title}}", with: "{{titel}}")
            .write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        try await TestSupport.build(site)
        do {
            try await TestSupport.build(site, strict: true)
            Issue.record("a misspelt key built in strict mode")
        } catch let error as PantauError {
            #expect(error.description.hasPrefix("Themes/default/templates/page.mustache"))
            #expect(error.description.contains("`titel`"))
        }
    }

    @Test func theDefaultThemePassesStrictModeWithoutData() async throws {
        let site = try TestSupport.makeSite("basic")
        let yml = site.appendingPathComponent("site.yml")
        try
            (TestSupport.read(yml)
            + "\ncontacts:\n  - name: Helpdesk\n    phone: \"08125368291\"\n    whatsapp: true\n  - name: Surel\n    email: a@b.go.id\n")
            .write(to: yml, atomically: true, encoding: .utf8)
        try await TestSupport.build(site, strict: true)
    }

    @Test(arguments: ["id", "en"])
    func theDefaultThemePassesStrictModeOnDashboards(language: String) throws {
        let plain = try DashboardPagesTests.renderer(language: language)
        let strict = DashboardRenderer(
            context: RenderContext(config: plain.context.config, theme: plain.context.theme, strict: true),
            dashboard: plain.dashboard, formatter: plain.formatter)
        let files = try strict.render()
        #expect(files.map(\.bytes) == (try plain.render()).map(\.bytes))
        let empty = DashboardRenderer(context: strict.context, dashboard: nil, formatter: plain.formatter)
        #expect(try empty.render().count == 2)
    }
}
