// See include/CGit2Startup.h.
#define _GNU_SOURCE
#include "CGit2Startup.h"

#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static atomic_int defer_parses;
static char deferred_file[4096], deferred_folder[4096];
static atomic_int deferred_count, done_count, last_result;

void vault_defer_ca_certificates(int on) { atomic_store(&defer_parses, on); }

const char *vault_deferred_ca_file(void) { return deferred_file[0] ? deferred_file : NULL; }
const char *vault_deferred_ca_folder(void) { return deferred_folder[0] ? deferred_folder : NULL; }

int vault_ca_parses_deferred(void) { return atomic_load(&deferred_count); }
int vault_ca_parses_done(void) { return atomic_load(&done_count); }
int vault_ca_last_parse_result(void) { return atomic_load(&last_result); }

typedef struct mbedtls_x509_crt mbedtls_x509_crt;

// mbedTLS's own declaration: int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain,
// const char *path); 0 or the number of certificates that failed to parse, < 0 on error.
int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
    if (atomic_load(&defer_parses) && path && strlen(path) < sizeof deferred_file) {
        strcpy(deferred_file, path);
        atomic_fetch_add(&deferred_count, 1);
        return 0;  // libgit2 keeps the (empty) chain it initialised
    }
    int (*parse)(mbedtls_x509_crt *, const char *) = (int (*)(mbedtls_x509_crt *, const char *))dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    int result = parse ? parse(chain, path) : -1;
    atomic_fetch_add(&done_count, 1);
    atomic_store(&last_result, result);
    return result;
}

// The same for a folder of certificates (a library built with a folder as its location):
// deferred whole, so that mbedTLS's own calls for each file in it are not noted one by one.
int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path) {
    if (atomic_load(&defer_parses) && path && strlen(path) < sizeof deferred_folder) {
        strcpy(deferred_folder, path);
        atomic_fetch_add(&deferred_count, 1);
        return 0;
    }
    int (*parse)(mbedtls_x509_crt *, const char *) = (int (*)(mbedtls_x509_crt *, const char *))dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_path");
    int result = parse ? parse(chain, path) : -1;
    atomic_fetch_add(&done_count, 1);
    atomic_store(&last_result, result);
    return result;
}

// libssh2's own declaration: int libssh2_init(int flags); 0 on success. Its work is OpenSSL's
// initialisation (about 1 M instructions, and a clean-up at exit), which only SSH transfers
// need: while deferred, the flags are noted and vault_start_ssh() passes them on later. A
// session libssh2 opens without it initialises the library itself.
static atomic_int defer_ssh, ssh_deferred, ssh_flags, ssh_started;

void vault_defer_ssh_init(int on) { atomic_store(&defer_ssh, on); }

int libssh2_init(int flags) {
    if (atomic_load(&defer_ssh)) {
        atomic_store(&ssh_flags, flags);
        atomic_store(&ssh_deferred, 1);
        return 0;
    }
    int (*init)(int) = (int (*)(int))dlsym(RTLD_NEXT, "libssh2_init");
    atomic_fetch_add(&ssh_started, 1);
    return init ? init(flags) : -1;
}

int vault_start_ssh(void) {
    if (!atomic_exchange(&ssh_deferred, 0)) return 0;
    int (*init)(int) = (int (*)(int))dlsym(RTLD_NEXT, "libssh2_init");
    atomic_fetch_add(&ssh_started, 1);
    return init ? init(atomic_load(&ssh_flags)) : -1;
}

int vault_ssh_init_deferred(void) { return atomic_load(&ssh_deferred); }
int vault_ssh_inits_done(void) { return atomic_load(&ssh_started); }

// MARK: signals held back while a lock is held

static atomic_int hold_depth;
static volatile sig_atomic_t held_signal;
static atomic_int handlers_installed;
static const int held_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void on_held_signal(int sig) {
    if (atomic_load(&hold_depth) > 0) {
        held_signal = sig;
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void vault_signals_hold(void) {
    if (atomic_exchange(&handlers_installed, 1) == 0) {
        for (unsigned i = 0; i < sizeof held_signals / sizeof held_signals[0]; i++) {
            struct sigaction current;
            if (sigaction(held_signals[i], NULL, &current) != 0 || current.sa_handler != SIG_DFL) continue;  // ignored or taken: left alone
            struct sigaction action = {0};
            action.sa_handler = on_held_signal;
            sigemptyset(&action.sa_mask);
            sigaction(held_signals[i], &action, NULL);
        }
    }
    atomic_fetch_add(&hold_depth, 1);
}

void vault_signals_release(void) {
    if (atomic_fetch_sub(&hold_depth, 1) == 1 && held_signal != 0) {
        int sig = held_signal;
        held_signal = 0;
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

int vault_signal_pending(void) { return held_signal; }
