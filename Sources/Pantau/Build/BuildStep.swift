/// One named step of a build: it reads the ``BuildContext`` and adds or checks output files.
///
/// A build is an ordered list of these (``SiteBuilder/steps``), in the spirit of Publish's
/// `PublishingStep`: a value with a name and a body, not a type per step. `pantau build --timings`
/// prints one row per step, named by ``name``.
struct BuildStep: Sendable {
    /// What the step does, as `--timings` shows it.
    let name: String
    let body: @Sendable (inout BuildContext) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (inout BuildContext) async throws -> Void) {
        self.name = name
        self.body = body
    }
}
