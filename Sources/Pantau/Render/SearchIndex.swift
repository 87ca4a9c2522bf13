import Foundation

/// The guidance search index: every content page's title, headings and text, as compact JSON the
/// theme's script searches in the browser (offline once loaded, no server).
enum SearchIndex {
    /// Characters of body text kept per page: enough for matching and snippets on a guidance site.
    static let textLimit = 4000
    /// Where the index is published.
    static let path = "search/index.json"

    /// `search/index.json`: `[{"t": title, "u": url, "h": "heading | heading", "x": text}]`, sorted by URL.
    /// Live figures in headings and text hold their values, as on the page (`figures` nil: left as written).
    /// Entries are built as bytes on all cores and joined once (profiling a 10,000-page build showed
    /// a fifth of all samples here when it appended `String`s scalar by scalar).
    /// With serve's `memo`, a page equal to the one its entry was made from, at the same link, keeps the entry
    /// (live figures come from the dashboard, which the memo's fingerprint covers).
    static func file(content: SiteContent, context: RenderContext, figures: LiveFigures? = nil, memo: BuildMemo? = nil) throws
        -> OutputFile
    {
        // The memo's entries, taken out of it so that they are updated in place below (only what changed).
        var table = memo?.take(\.searchEntries) ?? [:]
        /// Each page's entry, and whether it was made again (not the memo's).
        func entriesOf(_ known: [String: (page: Page, link: String, entry: [UInt8])]) throws -> [([UInt8], new: Bool)] {
            try content.pages.parallelMap { page -> ([UInt8], new: Bool) in
                let link = context.link(page.url)
                if let old = known[page.source.relativePath], old.link == link, old.page == page { return (old.entry, false) }
                var text = page.plainText
                var headings = page.headings.map(\.text)
                if let figures, page.source.body.containsBytes("{{pantau") {
                    text = try figures.expand(text: text, code: page.plainTextCode, in: page)
                    headings = try page.headings.map { try figures.expand(text: $0.text, code: $0.code, in: page) }
                }
                var out: [UInt8] = []
                out.reserveCapacity(text.utf8.count + 256)
                out += Array("{\"t\":".utf8)
                JSONEscaper.append(page.title, to: &out)
                out += Array(",\"u\":".utf8)
                JSONEscaper.append(link, to: &out)
                out += Array(",\"h\":".utf8)
                JSONEscaper.append(headings.joined(separator: " | "), to: &out)
                out += Array(",\"x\":".utf8)
                JSONEscaper.append(text, to: &out, newlinesAsSpaces: true, limit: textLimit)
                out.append(UInt8(ascii: "}"))
                return (out, true)
            }
        }
        let made = try entriesOf(table)
        let entries = made.map(\.0)
        // Joined by copying each entry once into one buffer (appending 10,000 entries to a Data, 40 MB in the
        // 10,000-page benchmark, was a tenth of serve's rebuild).
        let buffer = allocate(byteCount: entries.reduce(5) { $0 + $1.count + 2 })
        var used = 0
        func put(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[used...]).copyMemory(from: $0) }
            used += bytes.count
        }
        put(Array("[\n".utf8))
        let separator = Array(",\n".utf8)
        for (i, entry) in entries.enumerated() {
            if i > 0 { put(separator) }
            put(entry)
        }
        put(Array("\n]\n".utf8))
        let data = buffer.baseAddress.map { Data(bytesNoCopy: $0, count: used, deallocator: .free) } ?? Data()
        if let memo {
            for (page, entry) in zip(content.pages, made) where entry.new {
                table[page.source.relativePath] = (page, context.link(page.url), entry.0)
            }
            BuildMemo.keep(content.pages.count, of: content.pages.map(\.source.relativePath), in: &table)
            memo.searchEntries = table
            memo.searchIndex = (bytes: data, entries: zip(content.pages, entries).map { ($0.source.relativePath, $1) })
        }
        return OutputFile(path: path, bytes: data)
    }

    /// Memory for the joined index (freed with `free`). Tens of megabytes on a large site, new every serve
    /// rebuild: in 2 MB pages where the kernel allows them, since faulting it in 4 KB pages took over half of
    /// the step.
    private static func allocate(byteCount: Int) -> UnsafeMutableRawBufferPointer {
        let huge = 2 << 20
        var pointer: UnsafeMutableRawPointer?
        guard byteCount >= 2 * huge, posix_memalign(&pointer, huge, byteCount) == 0, let pointer else {
            return UnsafeMutableRawBufferPointer(start: malloc(max(byteCount, 1)), count: byteCount)
        }
        #if os(Linux)
            _ = madvise(pointer, byteCount / huge * huge, MADV_HUGEPAGE)
        #endif
        return UnsafeMutableRawBufferPointer(start: pointer, count: byteCount)
    }
}
