// Loading the CA certificates only for a command that opens a network connection.
//
// Debian's libgit2 is built with mbedTLS and a compiled-in certificate location, and its
// git_libgit2_init parses the whole CA bundle (/etc/ssl/certs/ca-certificates.crt, some
// 140 certificates) in every process: about 52 M instructions, a quarter of a `vault commit`.
// Most vault commands never open a connection. The executables export their own
// mbedtls_x509_crt_parse_file and _parse_path (Package.swift: --export-dynamic-symbol), which libgit2's call
// resolves to first: while vault_defer_ca_certificates(1) is in force it only notes the path;
// Libgit2.loadCACertificates() later hands that path to libgit2
// (GIT_OPT_SET_SSL_CERT_LOCATIONS), which parses it for real before the first transfer.
// Without the export (another build, another platform) libgit2 calls mbedTLS directly and
// nothing changes; the test binary exports them as the executables do. Until the certificates are loaded libgit2 holds an empty chain, so a TLS
// connection made too early fails certificate verification: it can't succeed unverified.
#ifndef REPORTVAULT_CGIT2_STARTUP_H
#define REPORTVAULT_CGIT2_STARTUP_H

/// While `on`, a parse of a certificate file is noted and not done.
void vault_defer_ca_certificates(int on);

/// The certificate file (or folder) a parse was deferred for, or NULL when none was.
const char *vault_deferred_ca_file(void);
const char *vault_deferred_ca_folder(void);

/// How many parses of certificate files were deferred, and how many passed on to mbedTLS
/// (and the result of the last of those), in this process.
int vault_ca_parses_deferred(void);
int vault_ca_parses_done(void);
int vault_ca_last_parse_result(void);

/// libssh2's initialisation (OpenSSL's, ~1 M instructions) likewise: while `on`, libgit2's
/// libssh2_init is noted and not done; vault_start_ssh() does it (once; 0 or libssh2's error).
void vault_defer_ssh_init(int on);
int vault_start_ssh(void);
/// Whether an initialisation is waiting, and how many were passed on to libssh2.
int vault_ssh_init_deferred(void);
int vault_ssh_inits_done(void);

/// Ctrl-C (SIGINT), SIGTERM, SIGHUP and SIGQUIT held back while a lock is held: between
/// vault_signals_hold() and the matching vault_signals_release() (nested, on any thread) such
/// a signal only notes itself; the last release delivers it (the default action: the process
/// ends as it would have), so no `.lock` file is left behind — as git removes its locks on a
/// signal. A signal this process ignores (nohup) stays ignored; SIGKILL cannot be held.
void vault_signals_hold(void);
void vault_signals_release(void);
/// The signal held back and not yet delivered (0: none), for tests.
int vault_signal_pending(void);

#endif
