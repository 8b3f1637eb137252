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

/* The slot of key (hash h) in ix, or the empty slot where it would go. */
static pc_index_slot *probe(const pc_index *ix, const char *key, uint64_t h)
{
    size_t mask = ix->cap - 1, i = (size_t)h & mask;
    pc_index_slot *s = &ix->slots[i];

    while (s->key && (s->hash != h || strcmp(s->key, key))) {
        i = (i + 1) & mask;
        s = &ix->slots[i];
    }
    return s;
}

/* Resizes the table to cap slots (a power of two, more than twice the
 * keys); -1 when out of memory. */
static int resize(pc_index *ix, size_t cap)
{
    pc_index bigger = {NULL, cap, ix->count};

    if (!(bigger.slots = calloc(bigger.cap, sizeof *bigger.slots)))
        return -1;
    for (size_t i = 0; i < ix->cap; i++)
        if (ix->slots[i].key)
            *probe(&bigger, ix->slots[i].key, ix->slots[i].hash) = ix->slots[i];
    free(ix->slots);
    *ix = bigger;
    return 0;
}

int pc_index_reserve(pc_index *ix, size_t n)
{
    size_t cap = ix->cap ? ix->cap : 64;

    while (cap < 2 * n + 2)
        cap *= 2;
    return cap == ix->cap ? 0 : resize(ix, cap);
}

pc_index_slot *pc_index_upsert(pc_index *ix, const char *key, size_t val,
                               int *added)
{
    uint64_t h = hash_str(key);
    pc_index_slot *s;

    *added = 0;
    /* doubled (64 slots at first) to stay at most half full */
    if ((ix->count + 1) * 2 > ix->cap &&
        resize(ix, ix->cap ? ix->cap * 2 : 64) < 0)
        return NULL;
    s = probe(ix, key, h);
    if (!s->key) {
        *s = (pc_index_slot){h, key, val};
        ix->count++;
        *added = 1;
    }
    return s;
}

int pc_index_put(pc_index *ix, const char *key, size_t val, size_t *old)
{
    int added;
    pc_index_slot *s = pc_index_upsert(ix, key, val, &added);

    if (!s)
        return -1;
    if (!added && old)
        *old = s->val;
    return added;
}

const pc_index_slot *pc_index_find(const pc_index *ix, const char *key)
{
    const pc_index_slot *s;

    if (!ix->cap)
        return NULL;
    s = probe(ix, key, hash_str(key));
    return s->key ? s : NULL;
}

int pc_index_get(const pc_index *ix, const char *key, size_t *val)
{
    const pc_index_slot *s = pc_index_find(ix, key);

    if (!s)
        return 0;
    if (val)
        *val = s->val;
    return 1;
}

void pc_index_free(pc_index *ix)
{
    free(ix->slots);
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
