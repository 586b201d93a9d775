// SQLite 3 from the system (Debian: libsqlite3-dev for this header, libsqlite3-0 at run time),
// for the tables of `vault sql`. The library is not linked: loader.c loads it with dlopen on
// the first call, so that no other command pays for it at start-up (each library in the
// process makes every symbol lookup of the dynamic loader longer).
#include <sqlite3.h>

/// 1 when the system's SQLite could be loaded (it is, on the first call), else 0.
int vault_sqlite_available(void);
