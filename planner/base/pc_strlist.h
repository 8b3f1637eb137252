/* pc_strlist.h: a list of strings that grows in an arena: the warnings and
 * notes a dataset, a spatial model, a run, a ledger or an assessment
 * carries to its views. The strings and the array both live in the arena
 * given to each add, so the owner frees them with its arena. Zero-
 * initialise to start (PC_STRLIST_INIT). */
#ifndef PC_STRLIST_H
#define PC_STRLIST_H

#include "pc_arena.h"
#include "pc_error.h"

#include <stddef.h>

typedef struct pc_strlist {
    const char **items; /* arena strings, in the order added */
    size_t count;
    size_t cap; /* slots in items */
} pc_strlist;

#define PC_STRLIST_INIT \
    {                   \
        NULL, 0, 0      \
    }

/* Appends a copy of s; PC_ERR_NOMEM (and the list unchanged) when out of
 * memory. */
pc_status pc_strlist_add(pc_strlist *l, pc_arena *a, const char *s,
                         pc_error *err);

/* Appends a formatted string, cut at 1 KB. */
pc_status pc_strlist_addf(pc_strlist *l, pc_arena *a, pc_error *err,
                          const char *fmt, ...) PC_PRINTF(4, 5);

#endif
