/* fixture_store.h: a test's store made from a dataset folder of the source
 * tree, the one way the tests that need a plain store make it (test_model
 * makes its store through plan_model_import, the library's init, and the
 * loader's tests make theirs field by field). */
#ifndef FIXTURE_STORE_H
#define FIXTURE_STORE_H

#include "check.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_spatial.h"

#include <stdio.h>
#include <unistd.h>

/* Makes a new store at db (any file there is replaced) from the dataset
 * folder rel of the source tree: with its spatial model when spatial is 1
 * (as init stores it), else the dataset alone. edit, when not NULL,
 * changes the loaded dataset before anything is made from it. Returns 1,
 * or 0 having printed why not. */
static inline int fixture_store(const char *db, const char *rel, int spatial,
                                void (*edit)(ds_dataset *ds))
{
    char dir[4096];
    pc_error err = {0};
    geo_ctx *geo = geo_ctx_new(&err);
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    int ok = 0;

    unlink(db);
    if (geo && ds_dataset_load(geo, check_src(rel, dir, sizeof dir), &ds,
                               &err) == PC_OK) {
        if (edit)
            edit(ds);
        ok = (!spatial || plan_spatial_build(geo, ds, &sp, &err) == PC_OK) &&
             ds_store_open(db, DS_OPEN_CREATE, &st, &err) == PC_OK &&
             ds_store_import(st, ds, sp, &err) == PC_OK;
    }
    if (!ok)
        fprintf(stderr, "store from %s: %s\n", rel, err.msg);
    ds_store_close(st);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    return ok;
}

#endif
