// The one C header ReportVault sees of libgit2 (Debian's libgit2-dev, 1.5.x).
// Only Sources/ReportVault/Git/ imports the CGit2 module built from it.
#ifndef REPORTVAULT_CGIT2_SHIM_H
#define REPORTVAULT_CGIT2_SHIM_H

// Hide the deprecated aliases (git_buf_free, giterr_last, ...) so that new code
// cannot call them by accident.
#define GIT_DEPRECATE_HARD 1
#include <git2.h>
// zlib (a dependency of libgit2-dev): `vault load` deflates the objects of the packs it
// writes itself (see PackFileWriter.swift).
#include <zlib.h>
// glibc's mallopt, which Swift's Glibc module does not show (see cgit2_limit_malloc_arenas).
#include <malloc.h>

// git_libgit2_opts is variadic, which Swift cannot call. Each wrapper below
// exposes one option with a fixed signature.

/// Turns fsync of object files, ref files and their folders on or off
/// (process-wide). Wraps GIT_OPT_ENABLE_FSYNC_GITDIR.
static inline int cgit2_enable_fsync(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on);
}

/// Turns verification of each object's hash on read on or off (process-wide).
/// Wraps GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION; `vault verify` relies on it.
static inline int cgit2_enable_strict_hash_verification(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, on);
}

/// Loads the CA certificates TLS connections are checked against from `file` and/or `folder`
/// (process-wide).
/// Wraps GIT_OPT_SET_SSL_CERT_LOCATIONS; see Sources/CGit2Startup for why it is called late.
static inline int cgit2_set_ssl_cert_locations(const char *file, const char *folder) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, folder);
}

/// Stops libgit2 from searching $HOME, XDG and /etc for git config on behalf
/// of a level; used by tests to isolate a vault from the machine's config.
static inline int cgit2_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/// Caps libgit2's cache of parsed objects (process-wide, in bytes). The default, 256 MB, lets
/// a walk over tens of thousands of commits grow the process far beyond what it needs.
static inline int cgit2_set_cache_max_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

/// Caps the memory libgit2 maps from pack files (process-wide, in bytes; default 8 GB on
/// 64-bit), which otherwise shows as resident memory when a command reads a large history.
static inline int cgit2_set_mwindow_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

/// Turns libgit2's cache of parsed objects on or off (process-wide).
static inline int cgit2_enable_caching(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, on);
}

/// Sets how much of a pack file libgit2 maps at a time (process-wide, in bytes; default 1 GB
/// on 64-bit). With the mapped limit above it bounds the pages of packs a command keeps.
static inline int cgit2_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}

/// Turns libgit2's check that a repository belongs to the current user on or off
/// (process-wide). Wraps GIT_OPT_SET_OWNER_VALIDATION; only a git hook turns it off, for the
/// repository git itself is serving (see GitRepository.openFromGitEnvironment).
static inline int cgit2_set_owner_validation(int on) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, on);
}

/// Limits glibc to `arenas` malloc arenas (process-wide). Each thread otherwise gets an arena
/// of its own, and what the arenas hold apart adds to a multi-threaded command's peak memory.
static inline int cgit2_limit_malloc_arenas(int arenas) {
    return mallopt(M_ARENA_MAX, arenas);
}

#endif
