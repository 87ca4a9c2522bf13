// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Pantau",
    // Linux only (Debian is what is tested): the code calls Glibc directly (renameat2, getrusage, readdir types)
    // and links Debian's libcmark, libsqlite3 and libxml2. No Apple platform is claimed.
    products: [
        .executable(name: "pantau", targets: ["pantau"]),
        .library(name: "Pantau", targets: ["Pantau"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The zip container of XLSX workbooks.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `pantau serve` only: a small async HTTP/WebSocket server (no SwiftNIO), in its own target.
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        // Debian's libcmark-dev (cmark 0.30), found through pkg-config.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libxml2's streaming reader (Debian libxml2-dev, found through pkg-config) for XLSX sheets.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // zlib (Debian zlib1g-dev, found through pkg-config; ZIPFoundation links it too): its crc32 for XLSX parts.
        .systemLibrary(
            name: "CZlibSystem",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // One syscall Swift's Glibc module does not expose: renameat2(RENAME_EXCHANGE) for the atomic swap.
        .target(name: "CSwap"),
        // A per-thread bump allocator handed to libcmark (one block per document instead of malloc/free per node).
        .target(name: "CArena"),
        // The git commit `pantau --version` names, from a header scripts/stamp-commit writes ("unknown" without it).
        .target(name: "CBuildInfo"),
        // HMAC-SHA256 with the key schedule done once, on the CPU's SHA instructions where it has them: the
        // identifier ledger's entries (one per NIP, NIK and email of an import; swift-crypto's HMAC is the oracle).
        .target(name: "CKeyedHash"),
        .target(
            name: "Pantau",
            dependencies: [
                "CCmark",
                "CArena",
                "CBuildInfo",
                "CKeyedHash",
                "CSwap",
                "CLibXML2",
                "CZlibSystem",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw SQLite C API, for the bulk insert loop of employee imports only.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // `pantau serve`: builds into a private folder, serves it under the base path, rebuilds on change
        // and reloads open pages over a WebSocket.
        .target(
            name: "PantauServe",
            dependencies: [
                "Pantau",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        .executableTarget(
            name: "pantau",
            dependencies: [
                "Pantau",
                "PantauServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PantauTests",
            dependencies: [
                "Pantau",
                "PantauServe",
                // To check the ledger's HMAC in plain C as well as with the CPU's SHA instructions.
                "CKeyedHash",
                // Only as the reference for Pantau's own Mustache renderer: the tests render the same
                // templates through both and require the same bytes.
                .product(name: "Mustache", package: "swift-mustache"),
                // To lint the CI recipes in docs/ci/.
                .product(name: "Yams", package: "Yams"),
                // Only to take test workbooks apart (the XLSX writer itself is in Pantau).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)

// Fuzzing (`scripts/fuzz TARGET SECONDS`): with PANTAU_FUZZ=1 the package gains `pantau-fuzz`, one libFuzzer binary
// for every parser of untrusted input (Fuzz/PantauFuzz). Pantau and the fuzz target get libFuzzer's coverage
// instrumentation; the dependencies stay as they are, so a fuzz build after `swift build` recompiles Pantau only.
// Without the variable none of this exists: `swift build` and `swift test` never see it.
if Context.environment["PANTAU_FUZZ"] == "1" {
    let fuzzer: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer"])]
    for target in package.targets where target.name == "Pantau" {
        target.swiftSettings = (target.swiftSettings ?? []) + fuzzer
    }
    package.targets.append(
        .executableTarget(
            name: "PantauFuzz", dependencies: ["Pantau"], path: "Fuzz/PantauFuzz",
            swiftSettings: fuzzer + [.unsafeFlags(["-parse-as-library"])],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]))
    package.products.append(.executable(name: "pantau-fuzz", targets: ["PantauFuzz"]))
}
