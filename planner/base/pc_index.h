/* pc_index.h: an open-addressing hash index from borrowed string keys to
 * size_t values (positions in an array, mostly), for cross-references
 * such as practice code -> practice. The keys are not copied: they must
 * outlive the index (arena strings do). Zero-initialise to start; free
 * with pc_index_free(). */
#ifndef PC_INDEX_H
#define PC_INDEX_H

#include <stddef.h>

typedef struct pc_index_slot {
    unsigned long long hash; /* of key, compared before the key */
    const char *key;         /* NULL: an empty slot */
    size_t val;
} pc_index_slot;

typedef struct pc_index {
    pc_index_slot *slots;
    size_t cap, count;
} pc_index;

/* Returns 1 if inserted, 0 if the key was already present (its value in
 * *old when old is not NULL), -1 when out of memory. */
int pc_index_put(pc_index *ix, const char *key, size_t val, size_t *old);
/* Returns 1 and the value in *val when found, else 0. */
int pc_index_get(const pc_index *ix, const char *key, size_t *val);
/* The slot holding key (its key the one put), or NULL. */
const pc_index_slot *pc_index_find(const pc_index *ix, const char *key);
/* pc_index_put in one probe, for a key that is not kept as it is (a
 * string table's): the slot of key, *added 1 when key was put there with
 * val. A caller that put a key replaces slot->key with a lasting copy of
 * the same string before the index is used again. NULL when out of
 * memory. */
pc_index_slot *pc_index_upsert(pc_index *ix, const char *key, size_t val,
                               int *added);
/* Makes room for n keys in all, so that putting them does not grow the
 * table again; -1 when out of memory. */
int pc_index_reserve(pc_index *ix, size_t n);
void pc_index_free(pc_index *ix);

/* Rows grouped by a key, for one-to-many cross-references such as site ->
 * its allocation rows: the rows of group k are rows[start[k]] to
 * rows[start[k + 1] - 1], in the order they were given. Zero-initialise;
 * free with pc_groups_free(). */
typedef struct pc_groups {
    size_t *start; /* ngroups + 1 */
    size_t *rows;
    size_t ngroups;
} pc_groups;

/* Groups n rows: row i is in group g[i] (< ngroups; SIZE_MAX: in none)
 * and stands for val[i] (val NULL: for i). A counting sort, O(n +
 * ngroups). -1 when out of memory, else 0. */
int pc_groups_make(pc_groups *G, size_t ngroups, size_t n, const size_t *g,
                   const size_t *val);
/* The rows of group k and their count. */
const size_t *pc_groups_of(const pc_groups *G, size_t k, size_t *n);
void pc_groups_free(pc_groups *G);

#endif
