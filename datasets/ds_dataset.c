/* ds_dataset.c: loading and validating a dataset directory (see
 * ds_dataset.h and datasets/FORMAT.md): the entry points
 * ds_dataset_load() and ds_dataset_free(), and the small helpers every part
 * of the loader shares (arena arrays, JSON files, key checks).
 *
 * Files are read in dependency order (LADs before practices, practices
 * before premises, sites before contributions, ...), so each reference can
 * be checked against an index of what was already loaded. The manifest is
 * read in ds_manifest.c, the CSV tables in ds_tables.c, the GeoJSON layers
 * in ds_geometry.c and the money tables in ds_money.c; what they share is
 * in ds_dataset_int.h. Every message names the file as the user gave it
 * (DIR/name), then the row or feature, then the field, then what was
 * expected. */
#include "ds_dataset_int.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_file.h"
#include "pc_index.h"
#include "pc_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- small helpers ---------------------------------------------------- */

void *ds_ld_alloc_array(loader *L, size_t n, size_t size)
{
    return pc_arena_alloc(L->a, (n ? n : 1) * size);
}

const char *ds_ld_dup_or_null(loader *L, const char *s)
{
    return s && *s ? pc_arena_strdup(L->a, s) : NULL;
}

pc_status ds_ld_read_json_file(const char *path, cJSON **out, pc_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    pc_status rc = pc_file_read(path, JSON_MAX, &buf, &len, err);

    if (rc != PC_OK)
        return rc;
    rc = pc_json_parse(buf, len, out, err);
    free(buf);
    if (rc != PC_OK && rc != PC_ERR_NOMEM)
        pc_error_wrap(err, "%s", path);
    return rc;
}

/* PC_OK when path can be read as a dataset file: a regular file (a
 * symlink to one allowed) inside the folder dir. A FIFO would block the
 * import, a device such as /dev/zero feed it without end, and a link out
 * of the folder read what the dataset does not hold. */
static pc_status file_ok(const char *dir, const char *path, pc_error *err)
{
    char *rdir = realpath(dir, NULL), *rfile = NULL;
    struct stat sb;
    size_t n = rdir ? strlen(rdir) : 0;
    pc_status rc = PC_OK;

    if (stat(path, &sb) != 0)
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s cannot be read (expected the file to exist)", path);
    else if (!S_ISREG(sb.st_mode))
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s is not a regular file (expected a file, not a "
                     "folder, FIFO or device)",
                     path);
    else if (!rdir || !(rfile = realpath(path, NULL)))
        rc = PC_FAIL(err, PC_ERR_IO, "%s: %s", path, strerror(errno));
    else if (strncmp(rfile, rdir, n) != 0 || (rfile[n] != '/' && n > 1))
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s leads out of the dataset folder (to %s; expected a "
                     "file inside the folder)",
                     path, rfile);
    free(rfile);
    free(rdir);
    return rc;
}

/* --- entry points ----------------------------------------------------- */

void ds_dataset_free(ds_dataset *ds)
{
    if (!ds)
        return;
    geo_wkb_free(&ds->system_geom);
    for (size_t i = 0; i < ds->nplaces; i++)
        geo_wkb_free(&ds->places[i].geom);
    /* a LAD or site that failed part-way may hold geometry: free all */
    if (ds->lads)
        for (size_t i = 0; i <= ds->nlads; i++)
            geo_wkb_free(&ds->lads[i].geom);
    if (ds->sites)
        for (size_t i = 0; i <= ds->nsites; i++)
            geo_wkb_free(&ds->sites[i].geom);
    if (ds->catchments)
        for (size_t i = 0; i <= ds->ncatchments; i++)
            geo_wkb_free(&ds->catchments[i].geom);
    pc_arena_free(ds->arena);
    free(ds);
}

/* The files in load order: each needs what those before it read (LADs
 * before practices, practices before premises, sites before
 * contributions, ...). A CSV table's loader runs through ds_ld_load_csv(). */
static const struct {
    int kind;                               /* F_* */
    csv_loader csv;                         /* or NULL: */
    pc_status (*own)(loader *, pc_error *); /* a GeoJSON layer's */
} steps[] = {
    {F_SYSTEM, NULL, ds_ld_load_system},
    {F_LADS, NULL, ds_ld_load_lads},
    {F_PCNS, ds_ld_load_pcns, NULL},
    {F_PRACTICES, ds_ld_load_practices, NULL},
    {F_LIST_SIZES, ds_ld_load_list_sizes, NULL},
    {F_PREMISES, ds_ld_load_premises, NULL},
    {F_SITES, NULL, ds_ld_load_sites},
    {F_CATCHMENTS, NULL, ds_ld_load_catchments},
    {F_SCHEMES, ds_ld_load_schemes, NULL},
    {F_CONTRIBUTIONS, ds_ld_load_contributions, NULL},
    {F_ASSUMPTIONS, ds_ld_load_assumptions, NULL},
    {F_PRESETS, ds_ld_load_presets, NULL},
    {F_PROJECTIONS, ds_ld_load_projections, NULL},
    {F_LSOAS, ds_ld_load_lsoas, NULL},
    {F_COST_INDEX, ds_ld_load_cost_index, NULL},
    {F_FUNDS, ds_ld_load_funds, NULL},
    {F_POSTCODES, ds_ld_load_postcodes, NULL},
};

pc_status ds_dataset_load(geo_ctx *geo, const char *dir, ds_dataset **out,
                          pc_error *err)
{
    loader L;
    cJSON *m = NULL;
    char *mpath = NULL;
    pc_status rc;

    memset(&L, 0, sizeof L);
    L.geo = geo;
    L.ds = calloc(1, sizeof *L.ds);
    if (!L.ds)
        return PC_NOMEM(err);
    L.a = L.ds->arena = pc_arena_new();
    if (!L.a) {
        free(L.ds);
        return PC_NOMEM(err);
    }
    L.ds->dir = pc_arena_strdup(L.a, dir);
    mpath = pc_arena_alloc(L.a, strlen(dir) + sizeof "/dataset.json");
    if (!L.ds->dir || !mpath) {
        rc = PC_NOMEM(err);
        goto done;
    }
    sprintf(mpath, "%s/dataset.json", dir);
    rc = ds_ld_read_json_file(mpath, &m, err);
    if (rc == PC_ERR_IO) {
        /* no manifest: the user named the wrong directory */
        rc = err->code = PC_ERR_INPUT;
        pc_error_wrap(err, "not a dataset directory (expected a dataset.json)");
    }
    if (rc != PC_OK)
        goto done;
    rc = ds_ld_manifest_read(&L, m, dir, err);
    cJSON_Delete(m);
    if (rc != PC_OK) {
        pc_error_wrap(err, "%s", mpath);
        goto done;
    }
    /* a named file that is missing, or is not a regular file inside the
     * folder, is reported before any is parsed */
    for (int k = 0; k < F_COUNT && rc == PC_OK; k++)
        if (L.path[k] && (rc = file_ok(dir, L.path[k], err)) != PC_OK)
            pc_error_wrap(err, "%s: key \"files.%s.path\"", mpath,
                          ds_ld_file_kinds[k].key);
    if (rc != PC_OK)
        goto done;
    for (size_t i = 0; rc == PC_OK && i < sizeof steps / sizeof *steps; i++)
        rc = steps[i].csv ? ds_ld_load_csv(&L, steps[i].kind, steps[i].csv, err)
                          : steps[i].own(&L, err);

done:
    pc_index_free(&L.lads);
    pc_index_free(&L.places);
    pc_index_free(&L.pcns);
    pc_index_free(&L.practices);
    pc_index_free(&L.premises);
    pc_index_free(&L.sites);
    pc_index_free(&L.schemes);
    pc_index_free(&L.assumptions);
    pc_index_free(&L.catchments);
    pc_index_free(&L.keys);
    if (rc != PC_OK) {
        ds_dataset_free(L.ds);
        return rc;
    }
    *out = L.ds;
    return PC_OK;
}
