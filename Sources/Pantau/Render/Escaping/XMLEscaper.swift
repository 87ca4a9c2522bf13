/// The one XML escaper (sitemap, Atom feeds): XML's five predefined entities, which are the ones
/// ``HTMLEscaper`` writes, so both give the same bytes.
enum XMLEscaper {
    /// `text` with `& < > " '` as entities, for element text and attribute values.
    static func escape(_ text: String) -> String {
        HTMLEscaper.escape(text)
    }
}
