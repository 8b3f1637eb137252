/* pc_arena.h: memory freed in one go.
 *
 * A dataset, a run, an assessment and a request each own an arena that
 * holds their strings and arrays; freeing the owner frees the arena, so
 * nothing inside needs its own free. Allocations are zeroed and aligned
 * for any type. Every allocator returns NULL when out of memory (or on
 * size overflow) and leaves the arena usable. */
#ifndef PC_ARENA_H
#define PC_ARENA_H

#include "pc_error.h"

#include <stddef.h>

typedef struct pc_arena pc_arena;

/* A new empty arena, or NULL when out of memory. */
pc_arena *pc_arena_new(void);
/* Frees a and everything allocated from it; a may be NULL. */
void pc_arena_free(pc_arena *a);
/* size zeroed bytes owned by the arena. */
void *pc_arena_alloc(pc_arena *a, size_t size);
/* n zeroed elements of sz bytes (at least one). */
void *pc_arena_calloc(pc_arena *a, size_t n, size_t sz);
char *pc_arena_strdup(pc_arena *a, const char *s);
/* An array of n elements of sz bytes in v (NULL when n is 0) with room
 * for one more: v itself while n < *alloc, else a copy in a new array of
 * twice the slots (16 at first), *alloc updated. NULL when out of memory,
 * *alloc then unchanged. The old array stays in the arena. */
void *pc_arena_grow(pc_arena *a, void *v, size_t n, size_t *alloc, size_t sz);
/* A formatted string (cut at 1 KB) owned by the arena. */
char *pc_arena_printf(pc_arena *a, const char *fmt, ...) PC_PRINTF(2, 3);

#endif
