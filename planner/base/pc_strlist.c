/* pc_strlist.c: a list of strings in an arena (see pc_strlist.h). The
 * arena cannot give memory back, so the array doubles (pc_arena_grow):
 * the old arrays stay in the arena until it is freed, at most as much
 * again. */
#include "pc_strlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

pc_status pc_strlist_add(pc_strlist *l, pc_arena *a, const char *s,
                         pc_error *err)
{
    const char *copy;
    const char **v = pc_arena_grow(a, l->items, l->count, &l->cap, sizeof *v);

    if (!v)
        return PC_NOMEM(err);
    l->items = v;
    if (!(copy = pc_arena_strdup(a, s)))
        return PC_NOMEM(err);
    l->items[l->count++] = copy;
    return PC_OK;
}

pc_status pc_strlist_addf(pc_strlist *l, pc_arena *a, pc_error *err,
                          const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return pc_strlist_add(l, a, buf, err);
}
