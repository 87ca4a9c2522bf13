import CBuildInfo

/// Pantau's version: the one place it is written (`pantau --version`, build reports, scripts/package's file name).
public enum PantauVersion {
    /// The release number, `MAJOR.MINOR.PATCH`.
    static let current = "0.1.0"

    /// The git commit the binary was built from, `unknown` outside a git checkout.
    static var commit: String { String(cString: pantau_build_commit()) }

    /// `0.1.0 (commit 1a2b3c4d5e6f)`, what `pantau --version` prints.
    public static var description: String { "\(current) (commit \(commit))" }
}
