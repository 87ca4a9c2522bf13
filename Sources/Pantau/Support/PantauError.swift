import Foundation

/// The one error a user sees: where the problem is, which step found it, and what to do.
///
/// Rendered as `file:line:col: message`, the form editors and terminals make clickable.
public struct PantauError: Error, LocalizedError, Equatable, Sendable, CustomStringConvertible {
    /// The build or import step that found the problem.
    public enum Step: String, Sendable {
        case config, content, datastore, metrics, render, output, checks, command
    }

    /// Path of the file at fault, as the user would type it (relative to the site where possible).
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// The step that found the problem.
    public var step: Step
    /// What was wrong and what to do, in one sentence or two.
    public var message: String
    /// A safety rail refused the step (the input looked valid but unsafe to publish): `pantau` exits with 2
    /// instead of 1, so a scheduled job can tell "stop and look" from "the input is broken".
    public var isRefusal = false

    /// Creates an error at a location.
    public init(file: String, line: Int? = nil, column: Int? = nil, step: Step, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.step = step
        self.message = message
    }

    /// A safety rail's refusal (exit status 2): nothing was changed.
    public static func refusal(file: String, step: Step, _ message: String) -> PantauError {
        var error = PantauError(file: file, step: step, message)
        error.isRefusal = true
        return error
    }

    /// `file:line:col: message`.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line, let column, line > 0 { location += ":\(column)" }
        return location.isEmpty ? message : "\(location): \(message)"
    }

    public var errorDescription: String? { description }
}

/// Several errors found in one pass (for example every broken link of a build), reported together.
public struct PantauErrors: Error, LocalizedError, Sendable {
    /// The errors, in a stable order.
    public var errors: [PantauError]

    public init(_ errors: [PantauError]) {
        self.errors = errors.sorted { ($0.file, $0.line ?? 0, $0.column ?? 0) < ($1.file, $1.line ?? 0, $1.column ?? 0) }
    }

    public var errorDescription: String? {
        let shown = errors.prefix(50).map(\.description)
        let more = errors.count > 50 ? ["… and \(errors.count - 50) more"] : []
        return (shown + more).joined(separator: "\n")
    }

    /// Throws the errors if there are any; one error is thrown as itself.
    static func throwIfAny(_ errors: [PantauError]) throws {
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw PantauErrors(errors) }
    }
}
