import Foundation

/// The printable hand-over letter of one unit's roster passphrase: where the list is, the passphrase in large
/// numbered words, how to keep it, and whom to call when it is lost. Private (0600), printed and handed over.
struct RosterLetter: Sendable {
    var agency: String
    var unit: OrgUnit
    /// Absolute URL of the unit's `/daftar/` page.
    var url: String
    var passphrase: String
    /// `YYYY-MM-DD` the passphrase was made.
    var created: String
    var formatter: DisplayFormatter
    /// The helpdesk, to report a lost or leaked passphrase.
    var contacts: [Contact]

    var html: String {
        let e: (String) -> String = HTMLEscaper.escape
        let en = formatter.language == "en"
        let date = CalendarDate(iso: created).map(formatter.date) ?? created
        let words = RosterPassphrase.normalise(passphrase).split(separator: " ")
        let list = words.enumerated().map { "<li><span>\($0.offset + 1).</span> \(e(String($0.element)))</li>" }.joined()
        let helpdesk = contacts.map { c in
            e([c.name, c.role, c.displayPhone, c.email].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))
        }.map { "<li>\($0)</li>" }.joined()
        let text = en ? Self.english(wordCount: words.count) : Self.indonesian(wordCount: words.count)
        return """
            <!doctype html>
            <html lang="\(en ? "en" : "id")">
            <head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><title>\(e(text.title)): \(e(unit.name))</title>
            <style>body{font:12pt/1.45 system-ui,sans-serif;max-width:42rem;margin:2rem auto;color:#111}h1{font-size:17pt}
            ol{list-style:none;padding:0;display:grid;grid-template-columns:repeat(2,1fr);gap:.4rem 2rem;
            font:16pt/1.4 ui-monospace,monospace}
            ol span{color:#555;font-size:11pt;display:inline-block;width:2rem}.url{font:12pt ui-monospace,monospace;word-break:break-all}
            .sign{margin-top:3rem;display:grid;grid-template-columns:1fr 1fr;gap:2rem}@page{size:A4;margin:20mm}</style></head>
            <body>
            <p><strong>\(e(agency))</strong> · \(e(text.made)) \(e(date)) · RAHASIA</p>
            <h1>\(e(text.title))</h1>
            <p>\(e(text.to)) <strong>\(e(unit.name))</strong></p>
            <p>\(e(text.body))</p>
            <p class="url">\(e(url))</p>
            <h2>\(e(text.words))</h2>
            <ol>\(list)</ol>
            <p>\(e(text.keep))</p>
            \(helpdesk.isEmpty ? "" : "<ul>\(helpdesk)</ul>")
            <div class="sign"><p>\(en ? "Handed over by" : "Yang menyerahkan")<br><br><br>____________________</p>
            <p>\(en ? "Received by" : "Yang menerima")<br><br><br>____________________</p></div>
            </body>
            </html>

            """
    }

    /// The letter's sentences in one language.
    struct Text {
        var title, to, body, keep, made, words: String
    }

    static func indonesian(wordCount: Int) -> Text {
        var t = Text(
            title: "Kata sandi daftar tindak lanjut", to: "Kepada: Pengelola Kepegawaian", body: "", keep: "",
            made: "Diterbitkan", words: "Kata sandi (\(wordCount) kata, berurutan, dipisah spasi)")
        t.body = "Daftar pegawai unit Anda yang belum aktivasi MySAPK atau belum menyelesaikan PDM diterbitkan dalam bentuk "
        t.body += "terenkripsi di alamat di bawah. Buka di peramban, lalu ketik kata sandi ini; kata sandi diperiksa di perangkat "
        t.body += "Anda dan tidak dikirim ke mana pun."
        t.keep = "Simpan surat ini di tempat terkunci. Jangan memotretnya dan jangan mengirim kata sandi lewat WhatsApp, surel, "
        t.keep += "atau grup. Siapa pun yang memegang kata sandi dapat membaca nama dan NIP dalam daftar unit Anda. Jika hilang "
        t.keep += "atau mungkin terlihat orang lain, hubungi helpdesk: kata sandi baru diterbitkan dan yang lama tidak berlaku "
        t.keep += "lagi sejak pembaruan berikutnya."
        return t
    }

    static func english(wordCount: Int) -> Text {
        var t = Text(
            title: "Passphrase for the follow-up list", to: "To: the personnel officer (pengelola kepegawaian) of",
            body: "", keep: "", made: "Issued", words: "Passphrase (\(wordCount) words, in this order, spaces between them)")
        t.body = "The list of your unit's employees who have not yet activated MySAPK or completed PDM is published encrypted at "
        t.body += "the address below. Open it in a browser and type this passphrase; it is checked on your device and never sent."
        t.keep = "Keep this letter locked away. Do not photograph it or send the passphrase by WhatsApp, e-mail or in a group. "
        t.keep += "Anyone with the passphrase can read the names and NIPs of your unit's list. If it is lost or may have been seen, "
        t.keep += "call the helpdesk: a new passphrase is issued and the old one stops working at the next update."
        return t
    }
}
