/* rpt_files.c: the paths a writer of files gives back (see rpt_files.h). */
#include "rpt_files.h"

#include <stdlib.h>
#include <string.h>

char *rpt_path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);

    if (p) {
        memcpy(p, dir, a);
        if (a == 0 || dir[a - 1] != '/')
            p[a++] = '/';
        memcpy(p + a, name, b + 1);
    }
    return p;
}

/* Writes the path of name into p (when not NULL); returns its size with
 * the NUL. */
static size_t path_put(char *p, const char *dir, const char *name)
{
    size_t a = dir ? strlen(dir) : 0, b = strlen(name), n = 0;

    if (dir) {
        if (p)
            memcpy(p, dir, a);
        n = a;
        if (a == 0 || dir[a - 1] != '/') {
            if (p)
                p[n] = '/';
            n++;
        }
    }
    if (p)
        memcpy(p + n, name, b + 1);
    return n + b + 1;
}

pc_status rpt_paths(const char *dir, const char *const *names, size_t n,
                    const char ***out, pc_error *err)
{
    size_t bytes = (n + 1) * sizeof(char *);
    const char **v;
    char *p;

    for (size_t i = 0; i < n; i++)
        bytes += path_put(NULL, dir, names[i]);
    if (!(v = malloc(bytes)))
        return PC_NOMEM(err);
    p = (char *)(v + n + 1);
    for (size_t i = 0; i < n; i++) {
        v[i] = p;
        p += path_put(p, dir, names[i]);
    }
    v[n] = NULL;
    *out = v;
    return PC_OK;
}

void rpt_paths_free(const char **paths)
{
    free(paths);
}
