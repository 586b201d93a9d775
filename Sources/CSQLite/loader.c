// The SQLite functions VaultSQL calls, each resolved in the system's libsqlite3 on its first
// call (dlopen, dlsym) and then called through: see include/CSQLite.h.
#include "CSQLite.h"

#include <dlfcn.h>
#include <stddef.h>

#ifdef __APPLE__
#define VAULT_SQLITE_LIBRARY "libsqlite3.dylib"
#else
#define VAULT_SQLITE_LIBRARY "libsqlite3.so.0"
#endif

static void *library(void) {
    static void *handle;
    void *h = __atomic_load_n(&handle, __ATOMIC_ACQUIRE);
    if (h == NULL) {
        // dlopen of a loaded library returns the same handle: a race only loads it once.
        h = dlopen(VAULT_SQLITE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
        if (h != NULL) __atomic_store_n(&handle, h, __ATOMIC_RELEASE);
    }
    return h;
}

int vault_sqlite_available(void) { return library() != NULL; }

// The real function `name` into `f`, looked up once; `fail` is returned when SQLite is missing.
#define RESOLVE(name, fail)                                                      \
    static __typeof__(&name) real;                                               \
    __typeof__(&name) f = __atomic_load_n(&real, __ATOMIC_ACQUIRE);              \
    if (f == NULL) {                                                             \
        void *h = library();                                                     \
        f = h == NULL ? NULL : (__typeof__(&name))dlsym(h, #name);               \
        if (f == NULL) return fail;                                              \
        __atomic_store_n(&real, f, __ATOMIC_RELEASE);                            \
    }

int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs) {
    RESOLVE(sqlite3_open_v2, (*db = NULL, SQLITE_CANTOPEN))
    return f(filename, db, flags, vfs);
}
int sqlite3_close_v2(sqlite3 *db) {
    RESOLVE(sqlite3_close_v2, SQLITE_MISUSE)
    return f(db);
}
int sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *context,
                 char **error) {
    RESOLVE(sqlite3_exec, SQLITE_MISUSE)
    return f(db, sql, callback, context, error);
}
int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **statement, const char **tail) {
    RESOLVE(sqlite3_prepare_v2, (*statement = NULL, SQLITE_MISUSE))
    return f(db, sql, bytes, statement, tail);
}
int sqlite3_step(sqlite3_stmt *statement) {
    RESOLVE(sqlite3_step, SQLITE_MISUSE)
    return f(statement);
}
int sqlite3_reset(sqlite3_stmt *statement) {
    RESOLVE(sqlite3_reset, SQLITE_MISUSE)
    return f(statement);
}
int sqlite3_finalize(sqlite3_stmt *statement) {
    RESOLVE(sqlite3_finalize, SQLITE_MISUSE)
    return f(statement);
}
int sqlite3_clear_bindings(sqlite3_stmt *statement) {
    RESOLVE(sqlite3_clear_bindings, SQLITE_MISUSE)
    return f(statement);
}
int sqlite3_stmt_readonly(sqlite3_stmt *statement) {
    RESOLVE(sqlite3_stmt_readonly, 0)
    return f(statement);
}
int sqlite3_limit(sqlite3 *db, int id, int value) {
    RESOLVE(sqlite3_limit, -1)
    return f(db, id, value);
}
int sqlite3_busy_timeout(sqlite3 *db, int milliseconds) {
    RESOLVE(sqlite3_busy_timeout, SQLITE_MISUSE)
    return f(db, milliseconds);
}
const char *sqlite3_errmsg(sqlite3 *db) {
    RESOLVE(sqlite3_errmsg, "the system's SQLite library (libsqlite3) could not be loaded")
    return f(db);
}
const char *sqlite3_errstr(int code) {
    RESOLVE(sqlite3_errstr, "the system's SQLite library (libsqlite3) could not be loaded")
    return f(code);
}
void sqlite3_free(void *memory) {
    RESOLVE(sqlite3_free, )
    f(memory);
}
int sqlite3_column_count(sqlite3_stmt *statement) {
    RESOLVE(sqlite3_column_count, 0)
    return f(statement);
}
int sqlite3_column_type(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_type, SQLITE_NULL)
    return f(statement, column);
}
const char *sqlite3_column_name(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_name, NULL)
    return f(statement, column);
}
const unsigned char *sqlite3_column_text(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_text, NULL)
    return f(statement, column);
}
const void *sqlite3_column_blob(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_blob, NULL)
    return f(statement, column);
}
int sqlite3_column_bytes(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_bytes, 0)
    return f(statement, column);
}
sqlite3_int64 sqlite3_column_int64(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_int64, 0)
    return f(statement, column);
}
double sqlite3_column_double(sqlite3_stmt *statement, int column) {
    RESOLVE(sqlite3_column_double, 0)
    return f(statement, column);
}
int sqlite3_bind_text(sqlite3_stmt *statement, int index, const char *text, int bytes, void (*destructor)(void *)) {
    RESOLVE(sqlite3_bind_text, SQLITE_MISUSE)
    return f(statement, index, text, bytes, destructor);
}
int sqlite3_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int count, void (*destructor)(void *)) {
    RESOLVE(sqlite3_bind_blob, SQLITE_MISUSE)
    return f(statement, index, bytes, count, destructor);
}
int sqlite3_bind_null(sqlite3_stmt *statement, int index) {
    RESOLVE(sqlite3_bind_null, SQLITE_MISUSE)
    return f(statement, index);
}
int sqlite3_bind_int64(sqlite3_stmt *statement, int index, sqlite3_int64 value) {
    RESOLVE(sqlite3_bind_int64, SQLITE_MISUSE)
    return f(statement, index, value);
}
int sqlite3_bind_double(sqlite3_stmt *statement, int index, double value) {
    RESOLVE(sqlite3_bind_double, SQLITE_MISUSE)
    return f(statement, index, value);
}
