/* ds_store_int.h: what the files of the store share (ds_store.c writes and
 * migrates, ds_query.c reads); nothing outside datasets/ sees it. */
#ifndef DS_STORE_INT_H
#define DS_STORE_INT_H

#include "ds_store.h"

#include <sqlite3.h>

struct ds_store {
    sqlite3 *db;
    void *splite; /* SpatiaLite connection cache */
    int version;
};

#define DB_FAIL(st, err, what) \
    PC_FAIL((err), PC_ERR_DB, "%s: %s", (what), sqlite3_errmsg((st)->db))

#endif
