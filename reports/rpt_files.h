/* rpt_files.h: the paths a writer of files gives back. The report pages,
 * the letter and the exports each return the paths they wrote as one
 * allocation, a NULL-terminated array whose strings follow it, so the
 * caller frees it with one call. */
#ifndef RPT_FILES_H
#define RPT_FILES_H

#include "pc_error.h"

#include <stddef.h>

/* dir/name (one '/' between them), malloc'd; NULL when out of memory. */
char *rpt_path_join(const char *dir, const char *name);

/* *out = {dir/names[0], ..., dir/names[n-1], NULL}, or the names as they
 * are when dir is NULL; one allocation, freed by rpt_paths_free(). */
pc_status rpt_paths(const char *dir, const char *const *names, size_t n,
                    const char ***out, pc_error *err);

void rpt_paths_free(const char **paths); /* NULL-safe */

#endif
