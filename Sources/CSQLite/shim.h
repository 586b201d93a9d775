// SQLite 3 from the system (Debian: libsqlite3-dev), for the tables of `vault sql`.
#include <sqlite3.h>
