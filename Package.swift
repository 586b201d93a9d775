// swift-tools-version:6.0
import PackageDescription

/// The symbols of Sources/CGit2Startup that libgit2 must resolve to (Linux's linker).
let exportsStartupSymbol: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file", "-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_path",
            "-Xlinker", "--export-dynamic-symbol=libssh2_init",
        ],
        .when(platforms: [.linux]))
]

let package = Package(
    name: "ReportVault",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vault", targets: ["vault-cli"]),
        // The web view `vault serve` runs: a separate executable, so that `vault` itself never
        // loads the server's libraries (NIO, Hummingbird) at start-up.
        .executable(name: "vault-serve", targets: ["vault-serve"]),
        .library(name: "ReportVault", targets: ["ReportVault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        // Reading .docx files (a zip of XML) for `vault import`.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The HTTP server of `vault serve` (only the vault-serve executable links it).
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Already under Hummingbird; named for the server's log level and its bound address,
        // the header fields of its answers.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // Debian's libgit2 (apt: libgit2-dev), seen through one header: Sources/CGit2/shim.h.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // The system's SQLite 3 (apt: libsqlite3-dev), for the tables `vault sql` queries: its
        // header, and the functions VaultSQL calls loaded with dlopen on first use (loader.c),
        // so that the library is not in every command's process from start-up.
        .target(
            name: "CSQLite",
            path: "Sources/CSQLite",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        // Defers the CA bundle libgit2 parses at start-up to the first network transfer (see
        // its header); the executables export its two symbols so that libgit2 finds them first.
        .target(name: "CGit2Startup"),
        // The lowest layer: JSON (parsing, RFC 8785 writing, pointers, numbers) and the message
        // catalogue its errors speak through. Imports nothing of ours: an upward import fails.
        .target(
            name: "VaultJSON",
            path: "Sources/ReportVault/JSON"
        ),
        // JSON Schema 2020-12 validation and navigation (titles, units, row keys along a
        // pointer); above VaultJSON, which it re-exports, and below the report model.
        .target(
            name: "VaultSchema",
            dependencies: ["VaultJSON"],
            path: "Sources/ReportVault/Schema"
        ),
        // SSH signing keys, SSHSIG signatures and allowed-signers files (swift-crypto): below
        // the vault, with errors of its own (SigningError); imports nothing of ours.
        .target(
            name: "VaultSigning",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/ReportVault/Signing"
        ),
        // The report model: what a report is (its schema versions, figures, exact numbers, the
        // check's rules, headline figures), report paths, file input, and the errors a user is
        // told of (VaultError, VaultFailure). Re-exports VaultJSON and VaultSchema.
        .target(
            name: "VaultModel",
            dependencies: [
                "VaultJSON",
                "VaultSchema",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/ReportVault/Model"
        ),
        // Figures compared: the keyed figure diff, the three-way figure merge, text diffs, the
        // terminal's diff lines. Above the model; knows nothing of git or of a vault.
        .target(
            name: "VaultDiff",
            dependencies: ["VaultModel"],
            path: "Sources/ReportVault/Diff"
        ),
        // Reading what clerks write — Word documents, text in any encoding, workbooks, web
        // pages — into a report with the provenance of each figure. Above the model only: a
        // document becomes a report without git or a vault. The import fuzzer links it alone.
        .target(
            name: "VaultImport",
            dependencies: ["VaultModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Sources/ReportVault/Import"
        ),
        // git through libgit2: typed owners of its handles, objects, revisions, commits, refs
        // and tags, ref transactions, trees, the work tree, remotes and transfers. The only
        // target that imports CGit2; knows nothing of reports.
        .target(
            name: "VaultGit",
            dependencies: [
                "VaultJSON",
                "CGit2",
                "CGit2Startup",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/ReportVault/Git"
        ),
        .target(
            name: "ReportVault",
            dependencies: [
                "VaultJSON",
                "VaultSchema",
                "VaultModel",
                "VaultDiff",
                "VaultImport",
                "VaultGit",
                "VaultSigning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // Every released version of the report schema and the steps between them;
            // schema/report.v<N>.schema.json are symbolic links to them (one copy).
            // The import vocabulary: the words reports of the family use for tables and columns.
            exclude: ["JSON", "Schema", "Model", "Diff", "Import", "Git", "Signing", "Remote", "Output", "SQL"],
            resources: [.copy("Resources/schemas"), .copy("Resources/import-vocabulary.json"), .copy("Resources/messages.json")]
        ),
        // The vault shared: clone, remotes, fetch, pull, push (never forced), the credentials
        // and transports, and the server side (the pre-receive hook and its installation).
        // Above the vault's store, beside its outputs.
        .target(
            name: "VaultSync",
            dependencies: ["ReportVault"],
            path: "Sources/ReportVault/Remote"
        ),
        // What the commands give the user: their --json outputs (typed, one schema each), CSV,
        // Excel workbooks, the submission archive. Above the vault, which never formats.
        .target(
            name: "VaultOutput",
            dependencies: [
                "ReportVault",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Sources/ReportVault/Output"
        ),
        // Figures and their history as SQL tables: a SQLite cache beside the vault (`vault sql`)
        // and the export of the same tables to a province's PostgreSQL. Above the vault; the only
        // target that imports CSQLite.
        .target(
            name: "VaultSQL",
            dependencies: ["ReportVault", "VaultOutput", "CSQLite"],
            path: "Sources/ReportVault/SQL"
        ),
        .executableTarget(
            name: "vault-cli",
            dependencies: [
                "ReportVault",
                "VaultOutput",
                "VaultSQL",
                "VaultSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: exportsStartupSymbol
        ),
        // The pages of the web view as typed HTML (escaped by construction), and their routes'
        // answers; no server library here, so tests render pages without a socket.
        .target(
            name: "VaultWeb",
            dependencies: ["ReportVault", "VaultOutput"]
        ),
        .executableTarget(
            name: "vault-serve",
            dependencies: [
                "VaultWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            linkerSettings: exportsStartupSymbol
        ),
        // The libFuzzer targets (Fuzz/, `make fuzz` builds them with -D FUZZING and
        // -sanitize=fuzzer, and their main runs libFuzzer's driver): each links the one layer
        // it exercises. Built plainly, as `swift build` does, each replays the files named on
        // its command line.
        .target(name: "FuzzDriver", path: "Fuzz/Driver"),
        .target(name: "FuzzReplay", dependencies: ["FuzzDriver"], path: "Fuzz/Replay"),
        .executableTarget(name: "fuzz-json", dependencies: ["VaultJSON", "FuzzReplay"], path: "Fuzz/JSONParser"),
        .executableTarget(name: "fuzz-canonical", dependencies: ["VaultJSON", "FuzzReplay"], path: "Fuzz/Canonical"),
        .executableTarget(name: "fuzz-import", dependencies: ["VaultImport", "FuzzReplay"], path: "Fuzz/Import"),
        .testTarget(
            name: "ReportVaultTests",
            dependencies: [
                "VaultJSON", "VaultSchema", "VaultModel", "VaultDiff", "VaultImport", "VaultGit", "VaultSigning", "ReportVault", "VaultOutput", "VaultSQL", "VaultSync", "VaultWeb",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"],
            linkerSettings: exportsStartupSymbol
        ),
    ],
    swiftLanguageModes: [.v6]
)
