import Foundation
import Testing

@testable import Pantau

/// Links written in Markdown, as an editor writes them, through a whole build: pages with accents or
/// spaces in their names, any URI scheme, and every broken link located in Content/ with line and column.
@Suite struct ContentLinkTests {
    static func site(page: String, basePath: String = "/") throws -> URL {
        let site = try TestSupport.makeSite("basic")
        if basePath != "/" {
            let yml = site.appendingPathComponent("site.yml")
            try TestSupport.read(yml).replacingOccurrences(of: "uji.example.go.id/", with: "uji.example.go.id\(basePath)")
                .write(to: yml, atomically: true, encoding: .utf8)
        }
        let content = site.appendingPathComponent("Content")
        try "---\ntitle: Lupa kata sandi\n---\n## Langkah satu\n".write(
            to: content.appendingPathComponent("bantuan/lupa password.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Jadwal\n---\n## Tahap satu\n".write(
            to: content.appendingPathComponent("jadwal-ü.md"), atomically: true, encoding: .utf8)
        try page.write(to: content.appendingPathComponent("bantuan/uji.md"), atomically: true, encoding: .utf8)
        return site
    }

    static func errors(_ site: URL) async -> [PantauError] {
        do {
            _ = try await TestSupport.build(site)
            return []
        } catch let error as PantauError {
            return [error]
        } catch let errors as PantauErrors {
            return errors.errors
        } catch {
            return [PantauError(file: "?", step: .checks, "\(error)")]
        }
    }

    @Test(arguments: ["/", "/pdm/"])
    func pagesWithAccentsOrSpacesCanBeLinked(basePath: String) async throws {
        let site = try Self.site(
            page: """
                ---
                title: Uji
                ---
                [a](lupa%20password.md) [b](<lupa password.md#langkah-satu>) [c](../jadwal-%C3%BC.md#tahap-satu)
                [d](../../jadwal-ü/) [e](/bantuan/lupa%20password/#langkah-satu) [f](/bantuan/lupa%20password/index.html)
                [g](/jadwal-%c3%bc/?v=1#tahap-%73atu) [h](./) [i](../) [j](/bantuan) [k](#) [l](?q=1)

                """, basePath: basePath)
        let errors = await Self.errors(site).map(\.description)
        #expect(errors == [])
        let html = TestSupport.read(site.appendingPathComponent("Output/bantuan/uji/index.html"))
        #expect(html.contains("href=\"\(basePath)bantuan/lupa%20password/\""))
        #expect(html.contains("href=\"\(basePath)jadwal-%C3%BC/#tahap-satu\""))
    }

    @Test func everyURISchemeIsAnotherSite() async throws {
        let site = try Self.site(
            page: """
                ---
                title: Uji
                ---
                [a](sms:+6281234567890) [b](whatsapp://send?text=Halo) [c](HTTPS://BKN.GO.ID/) [d](MAILTO:bkpsdm@contoh.go.id)
                [e](ftp://contoh.go.id/berkas) [f](tel:+62548123) [g](Tel:+62548123) [h](foo:bar) [i](web+pantau:x)
                ![j](data:image/gif;base64,R0lGODlhAQABAAAAACw=)

                """)
        #expect(await Self.errors(site) == [])
    }

    @Test func brokenLinksAreLocatedInContent() async throws {
        let site = try Self.site(
            page: """
                ---
                title: Uji
                ---
                Teks [hilang](/hilang/) dan [relatif](../tidak-ada/#x).

                - [anchor](/bantuan/lupa%20password/#tidak-ada)
                - ![gambar](HTTPS://cdn.example.org/x.png) [skema palsu](./foo:bar) [lama](lupa-password.md?x=1)

                | a | b |
                |---|---|
                | x | [sel](/sel/) |

                """)
        let errors = await Self.errors(site)
        let file = "Content/bantuan/uji.md"
        let hint = "but the build produced no such file; fix the link or add the page"
        #expect(
            errors.map(\.description) == [
                "\(file):4:6: links to /hilang/, \(hint)",
                "\(file):4:29: links to ../tidak-ada/#x, \(hint)",
                "\(file):6:3: links to /bantuan/lupa%20password/#tidak-ada, but bantuan/lupa password/index.html has no element with id \"tidak-ada\"",
                "\(file):7:3: loads HTTPS://cdn.example.org/x.png from another host; put the file beside the page in Content/ and link it from there instead",
                "\(file):7:44: links to ./foo:bar, \(hint)",
                "\(file):7:69: links to lupa-password.md?x=1, \(hint)",
                "\(file):11:7: links to /sel/, \(hint)",
            ])
    }

    @Test func aBrokenTemplateLinkNamesTheOutputFile() async throws {
        let site = try Self.site(page: "---\ntitle: Uji\n---\n[hilang](/hilang/)\n")
        let yml = site.appendingPathComponent("site.yml")
        try TestSupport.read(yml).replacingOccurrences(of: "      url: /bantuan/\n", with: "      url: /bantuan-lama/\n")
            .write(to: yml, atomically: true, encoding: .utf8)
        let errors = await Self.errors(site)
        #expect(errors.count == 2)
        #expect(
            errors.contains {
                $0.description
                    == "Content/bantuan/uji.md:4:1: links to /hilang/, but the build produced no such file; fix the link or add the page"
            })
        #expect(
            errors.contains {
                $0.step == .checks && $0.file.hasSuffix(".html")
                    && $0.message.hasPrefix("links to /bantuan-lama/, but the build produced no such file")
                    && $0.message.hasSuffix("more files: a menu or template link?)")
            })
    }
}
