/// Carries a read-only template context (`[String: Any]`) into parallel work.
/// Safe because nobody mutates it after it is built; `Any` only hides that from the checker.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
}
