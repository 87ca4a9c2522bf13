import Foundation

@testable import Pantau

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer entry points for every parser of untrusted input, in one binary (one link instead of six); the
/// environment variable `PANTAU_FUZZ_TARGET` picks the parser. Built only by `scripts/fuzz` (the package
/// declares this target when `PANTAU_FUZZ=1`), never by `swift build` or `swift test`.
///
/// A throw is a correct answer to bad input; a trap, a crash or a broken invariant (checked with `precondition`,
/// which libFuzzer reports as a crash) is a finding. Each finding becomes a test in `Tests/PantauTests/`.
enum FuzzTarget: String, CaseIterable {
    /// `CSVReader`: encodings, delimiters, quotes and line ends, with a chunk size the input picks.
    case csv
    /// `XLSXReader`: the zip container, the workbook, shared strings and the sheet XML.
    case xlsx
    /// A content page's front matter (YAML between `---` lines, fast path and Yams).
    case frontmatter
    /// The Mustache template parser.
    case template
    /// libcmark plus Pantau's post-processing: heading ids, link rewriting, image sizes, pipe tables.
    case markdown
    /// The privacy guard's normaliser (`PrivacyText`): entities, percent and JSON escapes, NFKC, line numbers.
    case normaliser
}

/// The parser this process fuzzes (set once in `LLVMFuzzerInitialize`, before any input).
nonisolated(unsafe) var selectedTarget = FuzzTarget.csv
/// A private folder for the readers, which take files.
nonisolated(unsafe) var scratchFolder = URL(fileURLWithPath: "/tmp")

/// libFuzzer's driver, which `main` hands over to (LLVM's `FuzzerInterface.h`).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's entry point. SwiftPM links an executable's `main` to `<Target>_main` (so tests can load
/// executables), which would hide libFuzzer's own `main`; this one starts libFuzzer's driver instead.
@_cdecl("PantauFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { fuzzerTestOneInput($0, $1) }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let name = ProcessInfo.processInfo.environment["PANTAU_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("pantau-fuzz: set PANTAU_FUZZ_TARGET to one of \(names) (found \"\(name)\")\n".utf8))
        exit(2)
    }
    selectedTarget = target
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pantau-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    scratchFolder = folder
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch selectedTarget {
    case .csv: FuzzBodies.csv(bytes)
    case .xlsx: FuzzBodies.xlsx(bytes)
    case .frontmatter: FuzzBodies.frontMatter(bytes)
    case .template: FuzzBodies.template(bytes)
    case .markdown: FuzzBodies.markdown(bytes)
    case .normaliser: FuzzBodies.normaliser(bytes)
    }
    return 0
}
