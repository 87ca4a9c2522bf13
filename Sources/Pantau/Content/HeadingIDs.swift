/// The heading ids already given out on one page, so every id is unique: `Foo`, `Foo`, `Foo 1`
/// become `foo`, `foo-1`, `foo-1-1` (a suffix never collides with an id taken earlier or later).
struct HeadingIDs {
    private var taken: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    /// Returns `slug` (or `bagian` for a heading without letters or digits), suffixed until unused.
    mutating func claim(_ slug: String) -> String {
        let base = slug.isEmpty ? "bagian" : slug
        var id = base
        var suffix = nextSuffix[base, default: 1]
        while taken.contains(id) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        if id != base { nextSuffix[base] = suffix }
        taken.insert(id)
        return id
    }
}
