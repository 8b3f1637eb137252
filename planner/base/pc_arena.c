/* pc_arena.c: memory freed in one go (see pc_arena.h). Blocks of 64 KB,
 * or one block for a larger allocation, chained and freed together. */
#include "pc_arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pc_arena {
    struct block *head;
};

struct block {
    struct block *next;
    size_t used, size;
    max_align_t data[];
};

#define ARENA_BLOCK (64u * 1024u)

pc_arena *pc_arena_new(void)
{
    return calloc(1, sizeof(pc_arena));
}

void pc_arena_free(pc_arena *a)
{
    struct block *b, *next;

    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *pc_arena_calloc(pc_arena *a, size_t n, size_t sz)
{
    if (n == 0)
        n = 1;
    if (sz && n > SIZE_MAX / sz)
        return NULL;
    return pc_arena_alloc(a, n * sz);
}

char *pc_arena_printf(pc_arena *a, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return pc_arena_strdup(a, buf);
}

void *pc_arena_alloc(pc_arena *a, size_t size)
{
    struct block *b = a->head;
    size_t align = sizeof(max_align_t);
    void *p;

    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;

        b = malloc(sizeof *b + bsize);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = bsize;
        b->next = a->head;
        a->head = b;
    }
    p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *pc_arena_strdup(pc_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = pc_arena_alloc(a, n);

    if (p)
        memcpy(p, s, n);
    return p;
}

void *pc_arena_grow(pc_arena *a, void *v, size_t n, size_t *alloc, size_t sz)
{
    size_t cap;
    void *nv;

    if (n < *alloc)
        return v;
    cap = *alloc ? 2 * *alloc : 16;
    nv = pc_arena_calloc(a, cap, sz);
    if (!nv)
        return NULL;
    if (v && n)
        memcpy(nv, v, n * sz);
    *alloc = cap;
    return nv;
}
