import Foundation
import Mustache
import Testing

@testable import Pantau

/// Pantau's own Mustache renderer (``TemplateLibrary``), checked three ways: against the Mustache
/// spec's examples, against swift-mustache (which the themes were written for) on the same
/// templates and contexts, and on its errors.
@Suite struct TemplateTests {
    /// Renders `template` (named "main") with `partials` through Pantau's renderer.
    static func pantau(_ template: String, _ context: [String: Any], partials: [String: String] = [:]) throws -> String {
        var templates = try partials.mapValues { try Template($0) }
        templates["main"] = try Template(template)
        return String(decoding: try TemplateLibrary(templates).render("main", [TemplateValue(any: context)]) ?? [], as: UTF8.self)
    }

    /// The same through swift-mustache.
    static func reference(_ template: String, _ context: [String: Any], partials: [String: String] = [:]) throws -> String {
        var library = MustacheLibrary()
        for (name, text) in partials { library.register(try MustacheTemplate(string: text), named: name) }
        library.register(try MustacheTemplate(string: template), named: "main")
        return library.render(context, withTemplate: "main") ?? "(no template)"
    }

    // MARK: - The Mustache spec's examples (expected output written from the spec, not from either renderer)

    nonisolated(unsafe) static let specCases: [(String, [String: Any], String)] = [
        // interpolation.yml
        ("Hello, {{subject}}!", ["subject": "world"], "Hello, world!"),
        (
            "These characters should be HTML escaped: {{forbidden}}", ["forbidden": "& \" < >"],
            "These characters should be HTML escaped: &amp; &quot; &lt; &gt;"
        ),
        (
            "These characters should not be HTML escaped: {{{forbidden}}}", ["forbidden": "& \" < >"],
            "These characters should not be HTML escaped: & \" < >"
        ),
        (
            "These characters should not be HTML escaped: {{&forbidden}}", ["forbidden": "& \" < >"],
            "These characters should not be HTML escaped: & \" < >"
        ),
        ("I ({{cannot}}) be seen!", [:], "I () be seen!"),
        ("\"{{a.b.c}}\" == \"Phil\"", ["a": ["b": ["c": "Phil"]]], "\"Phil\" == \"Phil\""),
        ("\"{{#a}}{{b.c}}{{/a}}\" == \"\"", ["a": ["b": [String: Any]()], "b": ["c": "ERROR"]], "\"\" == \"\""),
        ("| {{ string }} |", ["string": "---"], "| --- |"),
        // sections.yml
        ("\"{{#boolean}}This should be rendered.{{/boolean}}\"", ["boolean": true], "\"This should be rendered.\""),
        ("\"{{#boolean}}This should not be rendered.{{/boolean}}\"", ["boolean": false], "\"\""),
        ("\"{{#list}}{{item}}{{/list}}\"", ["list": [["item": 1], ["item": 2], ["item": 3]]], "\"123\""),
        ("\"{{#list}}Yay lists!{{/list}}\"", ["list": [[String: Any]]()], "\"\""),
        ("\"{{#list}}({{.}}){{/list}}\"", ["list": ["a", "b"]], "\"(a)(b)\""),
        ("\"{{#a}}{{one}}{{#b}}{{one}}{{two}}{{/b}}{{/a}}\"", ["a": ["one": 1], "b": ["two": 2]], "\"112\""),
        ("| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line", ["boolean": true], "| This Is\n|\n| A Line"),
        ("| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line", ["boolean": true], "| This Is\n|\n| A Line"),
        (" | {{#boolean}}\t|\t{{/boolean}} | \n", ["boolean": true], " | \t|\t | \n"),
        ("|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|", ["boolean": true], "|\r\n|"),
        // inverted.yml
        ("\"{{^boolean}}This should be rendered.{{/boolean}}\"", ["boolean": false], "\"This should be rendered.\""),
        ("\"{{^list}}Yay lists!{{/list}}\"", ["list": [[String: Any]]()], "\"Yay lists!\""),
        ("\"{{^missing}}Found key 'missing'!{{/missing}}\"", [:], "\"Found key 'missing'!\""),
        // comments.yml
        ("Begin.\n{{! Comment Block! }}\nEnd.\n", [:], "Begin.\nEnd.\n"),
        ("12345{{! Comment Block! }}67890", [:], "1234567890"),
        // delimiters.yml
        ("{{=<% %>=}}(<%text%>)", ["text": "Hey!"], "(Hey!)"),
    ]

    @Test func specExamples() throws {
        for (template, context, expected) in Self.specCases {
            #expect(try Self.pantau(template, context) == expected, "\(template.debugDescription)")
        }
    }

    @Test func partialsIndentEveryLineOfAStandalonePartial() throws {
        // partials.yml, "Standalone Indentation".
        let partial = "|\n{{{content}}}\n|\n"
        let template = "\\\n {{>partial}}\n/\n"
        let got = try Self.pantau(template, ["content": "<\n->"], partials: ["partial": partial])
        #expect(got == "\\\n |\n <\n->\n |\n/\n")
    }

    @Test func inheritanceOverridesBlocksAndKeepsDefaults() throws {
        // ~inheritance.yml: "Inherit", "Overridden content", "Two overridden parents"-like cases.
        let parent = "<title>{{$title}}Default title{{/title}}</title>\n<main>{{$main}}nothing{{/main}}</main>\n"
        #expect(
            try Self.pantau("{{<parent}}{{/parent}}", [:], partials: ["parent": parent])
                == "<title>Default title</title>\n<main>nothing</main>\n")
        let child = "{{<parent}}\n{{$main}}\n<p>{{text}}</p>\n{{/main}}\n{{/parent}}\n"
        #expect(
            try Self.pantau(child, ["text": "Isi"], partials: ["parent": parent])
                == "<title>Default title</title>\n<main><p>Isi</p>\n</main>\n")
    }

    // MARK: - The same bytes as swift-mustache

    /// Templates in the style of the theme's (standalone sections, partials, parents, lists of
    /// objects, dotted names, escaping) through both renderers.
    @Test(arguments: [
        "{{#menus.main}}<li><a href=\"{{url}}\"{{#active}} aria-current=\"page\"{{/active}}>{{name}}</a></li>\n{{/menus.main}}",
        "<ul>\n{{#pages}}\n  <li>{{title}}{{#date}} <time>{{date}}</time>{{/date}}</li>\n{{/pages}}\n{{^pages}}\n  "
            + "<li>{{t.empty}}</li>\n{{/pages}}\n</ul>\n",
        "{{#site}}{{title}} · {{t.menu}} · {{lang}}{{/site}}\n{{.missing}}|{{site.title}}|{{site.nothing.deeper}}|\n",
        "  {{>row}}\n{{#pages}}\n    {{>row}}\n{{/pages}}\n",
        "{{<layout}}\n{{$head}}<meta name=\"x\" content=\"{{title}}\">{{/head}}\n{{$main}}\n  "
            + "{{#pages}}{{>row}}{{/pages}}\n{{/main}}\n{{/layout}}\n",
        "{{! a comment }}\n{{#is_home}}home{{/is_home}}{{^is_home}}not home{{/is_home}}\n{{count}} {{ratio}} {{flag}}\n",
        "{{#tags}}<b>{{.}}</b>{{/tags}}\n{{{html}}} {{&html}} {{html}}\n",
        "a\r\n{{#pages}}\r\n{{title}}\r\n{{/pages}}\r\nb",
    ])
    func sameBytesAsSwiftMustache(template: String) throws {
        let context: [String: Any] = [
            "lang": "id",
            "site": ["title": "BKPSDM <Bontang>", "base": "/"] as [String: Any],
            "t": ["menu": "Menu", "empty": "Belum ada"],
            "menus": [
                "main": [
                    ["name": "Beranda", "url": "/", "active": true], ["name": "Kontak & \"Bantuan\"", "url": "/kontak/", "active": false],
                ]
            ],
            "pages": [["title": "Lupa 'sandi'", "date": "1 Juni 2021", "url": "/a/"], ["title": "Email", "url": "/b/"]],
            "is_home": false, "count": 4_000, "ratio": 0.5, "flag": true,
            "tags": ["aktivasi", "email"],
            "html": "<p>Isi & lain</p>",
            "title": "Judul",
        ]
        let partials = [
            "row": "<li>{{title}}</li>\n<li>{{url}}</li>\n",
            "layout": "<head>\n{{$head}}{{/head}}\n</head>\n<body>\n{{$main}}{{/main}}\n</body>\n",
        ]
        #expect(try Self.pantau(template, context, partials: partials) == Self.reference(template, context, partials: partials))
    }

    /// Every template of the default theme, rendered with a page-like context, gives the same bytes.
    @Test func defaultThemeRendersLikeSwiftMustache() throws {
        let site = try TestSupport.makeSite("basic")
        let theme = try Theme(themesDirectory: site.appendingPathComponent("Themes"), name: "default", language: "id")
        let config = try SiteConfig.load(siteDirectory: site)
        let extra: [String: Any] = [
            "content": "<p>Isi</p>", "date": "1 Juni 2021", "date_iso": "2021-06-01",
            "toc": [["id": "a", "text": "A", "sub": false], ["id": "b", "text": "B", "sub": true]], "has_toc": true,
            "breadcrumbs": [["title": "Beranda", "url": "/"]], "has_breadcrumbs": true,
            "pages": [["title": "Lupa password", "url": "/bantuan/lupa-password/", "description": "Cara", "date": "", "date_iso": ""]],
        ]
        // The same keys RenderContext gives a page, as one plain context both renderers read.
        let render = RenderContext(config: config, theme: theme)
        var plain =
            TemplateValue.merged([render.shared, render.page(url: "/bantuan/", title: "Bantuan")]).anyValue as? [String: Any] ?? [:]
        for (key, value) in extra { plain[key] = value }
        var library = MustacheLibrary()
        let folder = site.appendingPathComponent("Themes/default/templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in names {
            library.register(
                try MustacheTemplate(string: String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)),
                named: String(file.dropLast(9)))
        }
        #expect(names.count >= 5)
        for file in names {
            let name = String(file.dropLast(9))
            let ours = String(decoding: try theme.render(name, [TemplateValue(any: plain)]), as: UTF8.self)
            #expect(ours == library.render(plain, withTemplate: name), "\(name).mustache renders differently")
        }
    }

    // MARK: - Errors

    @Test(
        arguments: [
            ("<p>\n{{#pages}}\n<li>{{title}}</li>\n", "a section {{#…}} is never closed with {{/…}}", 4),
            ("{{#pages}}\n{{/page}}\n", "a section is closed with another name than it was opened with", 2),
            ("<p>{{title</p>\n", "a tag is not closed with }}", 1),
            ("{{uppercased(title)}}\n", "transforms like {{name(value)}} are not supported by Pantau's templates", 1),
            ("{{<base}}\n{{title}}\n{{/base}}\n", "only {{$block}} sections may appear inside {{<parent}}", 1),
            ("{{=<% %>}}\n", "a set-delimiter tag is malformed", 1),
        ] as [(String, String, Int)])
    func templateErrorsSayWhatAndWhere(text: String, message: String, line: Int) throws {
        do {
            _ = try Template(text)
            Issue.record("\(text.debugDescription) should not parse")
        } catch let error as TemplateSyntaxError {
            #expect(error.explanation == message)
            #expect(error.line == line)
        }
    }

    @Test func hiddenIsPresentButFalseAndEmpty() throws {
        let context: [String: Any] = ["date": TemplateValue.hidden, "outer": ["date": "outer date"] as [String: Any]]
        let got = try Self.pantau("{{#outer}}[{{date}}]{{/outer}}{{#date}}shown{{/date}}{{^date}}hidden{{/date}}", context)
        #expect(got == "[outer date]hidden")
        #expect(try Self.pantau("[{{#outer}}{{#date}}{{.}}{{/date}}{{/outer}}]", ["outer": ["date": TemplateValue.hidden]]) == "[]")
    }

    /// A partial that includes itself outside any section would recurse until the stack overflows:
    /// it must fail with the template's name instead, while a section that ends (a menu tree) is fine.
    @Test func aTemplateThatIncludesItselfFailsWithItsName() throws {
        let site = try TestSupport.makeSite("basic")
        let templates = site.appendingPathComponent("Themes/default/templates")
        try "<li>{{>row}}</li>\n".write(to: templates.appendingPathComponent("row.mustache"), atomically: true, encoding: .utf8)
        try "{{<base}}{{$main}}{{>row}}{{/main}}{{/base}}\n".write(
            to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        let theme = try Theme(themesDirectory: site.appendingPathComponent("Themes"), name: "default", language: "id")
        do {
            _ = try theme.render("page", [.object([:])])
            Issue.record("endless self-inclusion should fail")
        } catch let error as PantauError {
            #expect("\(error)".hasPrefix("Themes/default/templates/row.mustache"))
            #expect("\(error)".contains("template \"row\" includes itself without end (row → row"))
        }
        // A tree: the partial includes itself only for children, and the data ends (a leaf says it has
        // no children; without that, Mustache would find its parent's `children` and go round again,
        // which is the same error).
        let tree = "{{name}}{{#children}}({{>tree}}){{/children}}"
        let leaf: [String: Any] = ["name": "c", "children": [[String: Any]]()]
        let got = try Self.pantau("{{>tree}}", ["name": "a", "children": [["name": "b", "children": [leaf]]]], partials: ["tree": tree])
        #expect(got == "a(b(c))")
        #expect(throws: TemplateLibrary.RecursionError.self) {
            _ = try Self.pantau("{{>tree}}", ["name": "a", "children": [["name": "c"]]], partials: ["tree": tree])
        }
    }

    /// A standalone partial in a template saved with Windows line ends is indented on every line, as
    /// with \n line ends (the Mustache spec's rule; swift-mustache left such lines unindented).
    @Test func indentedPartialsWithWindowsLineEnds() throws {
        let got = try Self.pantau("<ul>\r\n  {{>items}}\r\n</ul>\r\n", [:], partials: ["items": "<li>a</li>\r\n<li>b</li>\r\n"])
        #expect(got == "<ul>\r\n  <li>a</li>\r\n  <li>b</li>\r\n</ul>\r\n")
        let unix = try Self.pantau("<ul>\n  {{>items}}\n</ul>\n", [:], partials: ["items": "<li>a</li>\n<li>b</li>\n"])
        #expect(got.replacingOccurrences(of: "\r\n", with: "\n") == unix)
    }
}
