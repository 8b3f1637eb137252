/* pc_index.c: the string-keyed hash index (see pc_index.h): FNV-1a,
 * linear probing, a power-of-two table kept at most half full. */
#include "pc_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return h;
}

int pc_index_put(pc_index *ix, const char *key, size_t val, size_t *old)
{
    size_t i;

    if ((ix->count + 1) * 2 > ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 64;
        const char **nk = calloc(ncap, sizeof *nk);
        size_t *nv = calloc(ncap, sizeof *nv);

        if (!nk || !nv) {
            free(nk);
            free(nv);
            return -1;
        }
        for (i = 0; i < ix->cap; i++) {
            if (ix->keys[i]) {
                size_t j = hash_str(ix->keys[i]) & (ncap - 1);

                while (nk[j])
                    j = (j + 1) & (ncap - 1);
                nk[j] = ix->keys[i];
                nv[j] = ix->vals[i];
            }
        }
        free(ix->keys);
        free(ix->vals);
        ix->keys = nk;
        ix->vals = nv;
        ix->cap = ncap;
    }
    i = hash_str(key) & (ix->cap - 1);
    while (ix->keys[i]) {
        if (!strcmp(ix->keys[i], key)) {
            if (old)
                *old = ix->vals[i];
            return 0;
        }
        i = (i + 1) & (ix->cap - 1);
    }
    ix->keys[i] = key;
    ix->vals[i] = val;
    ix->count++;
    return 1;
}

int pc_index_get(const pc_index *ix, const char *key, size_t *val)
{
    size_t i;

    if (!ix->cap)
        return 0;
    i = hash_str(key) & (ix->cap - 1);
    while (ix->keys[i]) {
        if (!strcmp(ix->keys[i], key)) {
            if (val)
                *val = ix->vals[i];
            return 1;
        }
        i = (i + 1) & (ix->cap - 1);
    }
    return 0;
}

void pc_index_free(pc_index *ix)
{
    free(ix->keys);
    free(ix->vals);
    memset(ix, 0, sizeof *ix);
}

/* --- groups ------------------------------------------------------------- */

int pc_groups_make(pc_groups *G, size_t ngroups, size_t n, const size_t *g,
                   const size_t *val)
{
    size_t *at;

    pc_groups_free(G);
    G->start = calloc(ngroups + 2, sizeof *G->start);
    G->rows = malloc((n + 1) * sizeof *G->rows);
    if (!G->start || !G->rows) {
        pc_groups_free(G);
        return -1;
    }
    G->ngroups = ngroups;
    for (size_t i = 0; i < n; i++)
        if (g[i] < ngroups)
            G->start[g[i] + 2]++;
    for (size_t k = 2; k <= ngroups + 1; k++)
        G->start[k] += G->start[k - 1];
    /* start[k + 1] is where group k's rows go while they are placed; once
     * placed, it is where group k ends */
    at = G->start + 1;
    for (size_t i = 0; i < n; i++)
        if (g[i] < ngroups)
            G->rows[at[g[i]]++] = val ? val[i] : i;
    return 0;
}

const size_t *pc_groups_of(const pc_groups *G, size_t k, size_t *n)
{
    *n = G->start[k + 1] - G->start[k];
    return G->rows + G->start[k];
}

void pc_groups_free(pc_groups *G)
{
    free(G->start);
    free(G->rows);
    memset(G, 0, sizeof *G);
}
