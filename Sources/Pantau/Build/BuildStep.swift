/// One named step of a build: it reads the ``BuildContext`` and adds or checks output files.
///
/// A build is an ordered list of these (``SiteBuilder/steps``), in the spirit of Publish's
/// `PublishingStep`: a value with a name and a body, not a type per step. `pantau build --timings`
/// prints one row per step, named by ``name``.
struct BuildStep: Sendable {
    /// What the step does, as `--timings` shows it.
    let name: String
    /// Whether the step has anything to do for this site (an opt-in feature turned off has not): a step
    /// that does not run gets no `--timings` row.
    let runs: @Sendable (BuildContext) -> Bool
    let body: @Sendable (inout BuildContext) async throws -> Void

    init(
        _ name: String, when runs: @escaping @Sendable (BuildContext) -> Bool = { _ in true },
        _ body: @escaping @Sendable (inout BuildContext) async throws -> Void
    ) {
        self.name = name
        self.runs = runs
        self.body = body
    }
}
