import Testing
@testable import Pantau

@Suite struct MarkdownTests {
    @Test func headingsGetStableIDs() {
        let result = Markdown.render("## Lupa Password?\n\ntext\n\n## Lupa password\n")
        #expect(result.headings.map(\.id) == ["lupa-password", "lupa-password-1"])
        #expect(result.html.contains("<h2 id=\"lupa-password\">Lupa Password?</h2>"))
    }
}
