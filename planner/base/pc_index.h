/* pc_index.h: an open-addressing hash index from borrowed string keys to
 * size_t values (positions in an array, mostly), for cross-references
 * such as practice code -> practice. The keys are not copied: they must
 * outlive the index (arena strings do). Zero-initialise to start; free
 * with pc_index_free(). */
#ifndef PC_INDEX_H
#define PC_INDEX_H

#include <stddef.h>

typedef struct pc_index {
    const char **keys;
    size_t *vals;
    size_t cap, count;
} pc_index;

/* Returns 1 if inserted, 0 if the key was already present (its value in
 * *old when old is not NULL), -1 when out of memory. */
int pc_index_put(pc_index *ix, const char *key, size_t val, size_t *old);
/* Returns 1 and the value in *val when found, else 0. */
int pc_index_get(const pc_index *ix, const char *key, size_t *val);
void pc_index_free(pc_index *ix);

#endif
