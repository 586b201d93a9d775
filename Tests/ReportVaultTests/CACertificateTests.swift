import Foundation
import Testing

@testable import ReportVault
@testable import VaultGit

// Debian's libgit2 (mbedTLS, a compiled-in bundle) and Linux's dynamic linker.
#if os(Linux)
    /// Debian's libgit2 parses the whole CA bundle in `git_libgit2_init` — a quarter of a
    /// `vault commit`'s instructions — though most commands never connect to anything. vault
    /// defers that parse (Sources/CGit2Startup) to the first transfer: these tests check that the
    /// deferral happens, that the certificates are really parsed before a transfer, and that the
    /// built binaries are the ones libgit2 binds the parse to.
    @Suite struct CACertificateTests {
        @Test func theBundleIsParsedOnlyBeforeATransfer() throws {
            Libgit2.ensureInitialized()
            let before = Libgit2.caCertificateParses
            // The test binary exports the symbol as the executables do: libgit2's init was deferred.
            #expect(before.deferred >= 1)
            let file = try #require(before.file)
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            #expect(Libgit2.loadCACertificates())
            let after = Libgit2.caCertificateParses
            // Parsed for real now (or already, by a transfer of another test in this process).
            #expect(after.done >= 1)
            #expect(after.lastResult >= 0, "mbedTLS parsed the bundle (a negative result is an error)")
            #expect(Libgit2.loadCACertificates(), "a second call changes nothing")
            #expect(Libgit2.caCertificateParses.done == after.done)
            // libssh2 (OpenSSL) initialised by then too, once, and nothing left waiting.
            #expect(!Libgit2.sshInitialisation.waiting && Libgit2.sshInitialisation.done == 1)
        }

        @Test func theCommandsBindLibgit2sParseToTheirOwn() throws {
            let vault = EndToEndTests.vaultBinary
            let serve = String(vault.dropLast("vault".count)) + "vault-serve"
            for binary in [vault, serve] {
                #expect(FileManager.default.isExecutableFile(atPath: binary), "build the binaries first: swift build")
                // Every symbol bound at start, each binding said (the dynamic linker's own report).
                let result = try run(binary, ["--version"], environment: ["LD_DEBUG": "bindings", "LD_BIND_NOW": "1"])
                for symbol in ["mbedtls_x509_crt_parse_file", "libssh2_init"] {
                    let bound = result.stderr.split(separator: "\n").filter {
                        $0.contains("libgit2.so") && $0.contains("`\(symbol)'")
                    }
                    #expect(!bound.isEmpty && bound.allSatisfy { $0.contains(" to \(binary) ") }, "\(binary): \(bound)")
                }
            }
        }
    }
#endif
