// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ReportVault",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vault", targets: ["vault-cli"]),
        .library(name: "ReportVault", targets: ["ReportVault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        // Reading .docx files (a zip of XML) for `vault import`.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Debian's libgit2 (apt: libgit2-dev), seen through one header: Sources/CGit2/shim.h.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .target(
            name: "ReportVault",
            dependencies: [
                "CGit2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The report schema; schema/report.schema.json is a symbolic link to it (one copy).
            // The import vocabulary: the words reports of the family use for tables and columns.
            resources: [.copy("Resources/report.schema.json"), .copy("Resources/import-vocabulary.json"), .copy("Resources/messages.json")]
        ),
        .executableTarget(
            name: "vault-cli",
            dependencies: [
                "ReportVault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ReportVaultTests",
            dependencies: ["ReportVault", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
