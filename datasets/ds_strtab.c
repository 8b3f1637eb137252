/* ds_strtab.c: a table of distinct strings, each copied once into an
 * arena (see ds_store_int.h). ds_store_load() interns every string it
 * reads through one, so that the many repeats in a dataset (practice codes
 * in list sizes and allocations, enum values, dates) share one copy. */
#include "ds_store_int.h"
#include "pc_arena.h"
#include "pc_index.h"

#include <stdlib.h>
#include <string.h>

const char *ds_strtab_find(const ds_strtab *t, const char *s)
{
    const pc_index_slot *at = pc_index_find(&t->ix, s);

    return at ? at->key : NULL;
}

/* The one copy of s in t, made on first sight; NULL (and *oom) on failure.
 * One probe: s is put as it is, and its slot then given the copy. */
const char *ds_strtab_intern(ds_strtab *t, const char *s, int *oom)
{
    int added;
    pc_index_slot *at = pc_index_upsert(&t->ix, s, 0, &added);
    char *c;

    if (!at) {
        *oom = 1;
        return NULL;
    }
    if (!added)
        return at->key;
    if (!(c = pc_arena_strdup(t->a, s))) {
        /* take s out again: the index must not keep a borrowed key */
        at->key = "";
        *oom = 1;
        return NULL;
    }
    return at->key = c;
}

void ds_strtab_free(ds_strtab *t)
{
    pc_index_free(&t->ix);
}
