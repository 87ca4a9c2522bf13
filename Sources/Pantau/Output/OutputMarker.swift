import Foundation

/// The file every build writes at the top of its output folder, so a later build knows the folder is
/// Pantau's to replace (and refuses one that is not), and whether the site it holds was built from data.
struct OutputMarker: Equatable {
    static let fileName = ".pantau-output"

    /// Whether the build that wrote the folder had employee data (dashboards with figures).
    var builtFromData: Bool

    var file: OutputFile {
        OutputFile(
            path: Self.fileName,
            text: """
                This folder is written by `pantau build`; every build replaces all of it.
                data: \(builtFromData ? "yes" : "no")

                """)
    }

    /// The marker in `folder`, if there is one (a regular file, not a link).
    static func read(in folder: URL) -> OutputMarker? {
        let url = folder.appendingPathComponent(fileName)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let data = FileManager.default.contents(atPath: url.path)
        else { return nil }
        return OutputMarker(builtFromData: String(decoding: data, as: UTF8.self).contains("\ndata: yes"))
    }
}
