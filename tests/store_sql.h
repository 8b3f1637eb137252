/* store_sql.h: one number from SQL on a store file, through SpatiaLite, for
 * tests that check the store with SpatiaLite's own functions. Returns -1
 * (and says why on stderr) when the query fails. */
#ifndef STORE_SQL_H
#define STORE_SQL_H

#include <sqlite3.h>

#include <spatialite.h>

#include <stdio.h>

static inline double store_sql(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    void *cache = spatialite_alloc_connection();
    double v = -1;

    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) ==
        SQLITE_OK) {
        spatialite_init_ex(db, cache, 0);
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_double(q, 0);
        else
            fprintf(stderr, "sql: %s: %s\n", sql, sqlite3_errmsg(db));
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    return v;
}

#endif
