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
    size_t i;

    return pc_index_get(&t->ix, s, &i) ? t->v[i] : NULL;
}

/* The one copy of s in t, made on first sight; NULL (and *oom) on failure. */
const char *ds_strtab_intern(ds_strtab *t, const char *s, int *oom)
{
    const char *have = ds_strtab_find(t, s);
    char *c;

    if (have)
        return have;
    if (t->n == t->alloc) {
        size_t na = t->alloc ? 2 * t->alloc : 256;
        const char **nv = realloc(t->v, na * sizeof *nv);

        if (!nv) {
            *oom = 1;
            return NULL;
        }
        t->v = nv;
        t->alloc = na;
    }
    c = pc_arena_strdup(t->a, s);
    if (!c || pc_index_put(&t->ix, c, t->n, NULL) < 0) {
        *oom = 1;
        return NULL;
    }
    t->v[t->n++] = c;
    return c;
}

void ds_strtab_free(ds_strtab *t)
{
    pc_index_free(&t->ix);
    free(t->v);
}
