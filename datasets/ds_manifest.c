/* ds_manifest.c: the dataset manifest (dataset.json): checks its keys,
 * format, name, base year and attribution, and records for the loader which
 * file holds each table and in which coordinate reference system
 * (ds_ld_manifest_read, see ds_dataset_int.h). ds_manifest_check() runs the
 * same checks on a manifest text alone (see ds_dataset.h), which the fuzz
 * target uses. */
#include "ds_dataset_int.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- manifest --------------------------------------------------------- */

const ds_ld_file_kind ds_ld_file_kinds[F_COUNT] = {
    [F_SYSTEM] = {"system", 0, 1},
    [F_LADS] = {"lads", 1, 1},
    [F_PCNS] = {"pcns", 1, 0},
    [F_PRACTICES] = {"practices", 1, 1},
    [F_LIST_SIZES] = {"list_sizes", 1, 0},
    [F_PREMISES] = {"premises", 0, 1},
    [F_SITES] = {"sites", 0, 1},
    [F_CATCHMENTS] = {"catchments", 0, 1},
    [F_SCHEMES] = {"schemes", 0, 0},
    [F_CONTRIBUTIONS] = {"contributions", 0, 0},
    [F_ASSUMPTIONS] = {"assumptions", 0, 0},
    [F_PRESETS] = {"presets", 0, 0},
    [F_PROJECTIONS] = {"projections", 0, 0},
    [F_LSOAS] = {"lsoas", 0, 0},
    [F_COST_INDEX] = {"cost_index", 0, 0},
    [F_FUNDS] = {"funds", 0, 0},
    [F_POSTCODES] = {"postcodes", 0, 0},
};

static const char *const manifest_keys[] = {
    "format",  "name",        "title", "base_year",
    "methods", "attribution", "files", NULL};
static const char *const file_keys[] = {"path", "crs", NULL};

/* One entry of "files" (reader f, kind k): its path inside the dataset
 * directory and its crs; recorded in L when L is not NULL. */
static pc_status manifest_file(loader *L, const pc_jr *f, int k,
                               const char *dir)
{
    const char *path, *crs;
    geo_crs c = GEO_CRS_WGS84;

    if (pc_jr_keys(f, file_keys) != PC_OK ||
        pc_jr_str(f, "path", PC_JR_REQ, &path) != PC_OK ||
        pc_jr_str(f, "crs", PC_JR_OPT, &crs) != PC_OK)
        return f->err->code;
    if (!path[0] || path[0] == '/' || strstr(path, ".."))
        return pc_jr_fail(f, "path",
                          "\"%s\" (expected a file name inside the dataset "
                          "directory, without \"..\")",
                          path);
    if (crs && !ds_ld_file_kinds[k].coords)
        return pc_jr_fail(f, "crs", "this file has no coordinates");
    if (crs && geo_crs_parse(crs, &c, f->err) != PC_OK)
        return pc_error_wrap(f->err, "key \"%scrs\"", f->pre);
    if (L) {
        size_t n = strlen(dir) + strlen(path) + 2;
        char *full = pc_arena_alloc(L->a, n);

        if (!full)
            return PC_NOMEM(f->err);
        snprintf(full, n, "%s/%s", dir, path);
        L->path[k] = full;
        L->crs[k] = c;
    }
    return PC_OK;
}

/* The manifest's "files": each one named, the required ones present. */
static pc_status manifest_files(loader *L, const pc_jr *r, const char *dir)
{
    const cJSON *files;
    const char *names[F_COUNT + 1];
    pc_jr fs, f;

    if (pc_jr_obj(r, "files", PC_JR_REQ, &files) != PC_OK)
        return r->err->code;
    pc_jr_sub(&fs, r, files, "files", -1);
    for (int k = 0; k < F_COUNT; k++)
        names[k] = ds_ld_file_kinds[k].key;
    names[F_COUNT] = NULL;
    if (pc_jr_keys(&fs, names) != PC_OK)
        return r->err->code;
    for (int k = 0; k < F_COUNT; k++) {
        const char *key = ds_ld_file_kinds[k].key;
        const cJSON *e = pc_jr_get(&fs, key, PC_JR_REQ);

        if (!e && ds_ld_file_kinds[k].required)
            return pc_jr_fail(&fs, key,
                              "missing (expected an entry "
                              "{\"path\": ...})");
        if (!e)
            continue;
        if (!cJSON_IsObject(e))
            return pc_jr_bad(&fs, key, "an object {\"path\": ...}", e);
        pc_jr_sub(&f, &fs, e, key, -1);
        if (manifest_file(L, &f, k, dir) != PC_OK)
            return r->err->code;
    }
    return PC_OK;
}

/* The attribution lines, copied into the dataset when L is not NULL. */
static pc_status manifest_attribution(loader *L, const pc_jr *r)
{
    const cJSON *v, *s;
    size_t n;

    if (pc_jr_arr(r, "attribution", PC_JR_OPT, 1, &v) != PC_OK)
        return r->err->code;
    if (!v || !L)
        return PC_OK;
    n = (size_t)cJSON_GetArraySize(v);
    if (!(L->ds->attribution = ds_ld_alloc_array(L, n, sizeof(char *))))
        return PC_NOMEM(r->err);
    n = 0;
    cJSON_ArrayForEach(s, v)
    {
        if (!(L->ds->attribution[n++] = pc_arena_strdup(L->a, s->valuestring)))
            return PC_NOMEM(r->err);
    }
    L->ds->nattribution = n;
    return PC_OK;
}

/* "methods": {"growth": M, "capacity": M}, each optional, M a room-demand
 * method's name. */
static pc_status manifest_methods(loader *L, const pc_jr *r)
{
    static const char *const keys[] = {"growth", "capacity", NULL};
    static const char *const names[] = {"gp_fte", "activity", "ratio", "space",
                                        NULL};
    const cJSON *o;
    const char *v[2] = {NULL, NULL};
    pc_jr m;

    if (pc_jr_obj(r, "methods", PC_JR_OPT, &o) != PC_OK)
        return r->err->code;
    if (!o)
        return PC_OK;
    pc_jr_sub(&m, r, o, "methods", -1);
    if (pc_jr_keys(&m, keys) != PC_OK)
        return r->err->code;
    for (int i = 0; i < 2; i++) {
        size_t k = 0;

        if (pc_jr_str(&m, keys[i], PC_JR_OPT, &v[i]) != PC_OK)
            return r->err->code;
        while (v[i] && names[k] && strcmp(names[k], v[i]))
            k++;
        if (v[i] && !names[k])
            return pc_jr_fail(&m, keys[i],
                              "unknown method \"%.40s\" (expected gp_fte, "
                              "activity, ratio or space)",
                              v[i]);
    }
    if (L) {
        L->ds->growth_method = v[0] ? pc_arena_strdup(L->a, v[0]) : NULL;
        L->ds->capacity_method = v[1] ? pc_arena_strdup(L->a, v[1]) : NULL;
        if ((v[0] && !L->ds->growth_method) ||
            (v[1] && !L->ds->capacity_method))
            return PC_NOMEM(r->err);
    }
    return PC_OK;
}

/* Checks the manifest; when L is not NULL also records what it says. */
pc_status ds_ld_manifest_read(loader *L, const cJSON *m, const char *dir,
                              pc_error *err)
{
    static const pc_jr_bounds years = {2000, 2100, 0, 0, 1};
    pc_jr r = pc_jr_root(m, NULL, err);
    const char *format, *name, *title;
    double year;

    if (!cJSON_IsObject(m))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a JSON object at the top level, got %s",
                       pc_json_type(m));
    if (pc_jr_keys(&r, manifest_keys) != PC_OK ||
        pc_jr_str(&r, "format", PC_JR_REQ, &format) != PC_OK)
        return err->code;
    if (strcmp(format, DS_FORMAT))
        return pc_jr_fail(&r, "format",
                          "\"%s\" is not supported (expected \"%s\")", format,
                          DS_FORMAT);
    if (pc_jr_str(&r, "name", PC_JR_REQ, &name) != PC_OK)
        return err->code;
    if (!name[0])
        return pc_jr_fail(&r, "name", "expected a non-empty string");
    if (pc_jr_str(&r, "title", PC_JR_OPT, &title) != PC_OK ||
        pc_jr_within(&r, "base_year", &years, &year) != PC_OK)
        return err->code;
    if (L) {
        L->ds->name = pc_arena_strdup(L->a, name);
        L->ds->title = title ? pc_arena_strdup(L->a, title) : NULL;
        L->ds->base_year = (int)year;
        if (!L->ds->name || (title && !L->ds->title))
            return PC_NOMEM(err);
    }
    if (manifest_methods(L, &r) != PC_OK ||
        manifest_attribution(L, &r) != PC_OK)
        return err->code;
    return manifest_files(L, &r, dir);
}

pc_status ds_manifest_check(const char *json, size_t len, pc_error *err)
{
    cJSON *m = NULL;
    pc_status rc = pc_json_parse(json, len, &m, err);

    if (rc != PC_OK)
        return rc;
    rc = ds_ld_manifest_read(NULL, m, ".", err);
    cJSON_Delete(m);
    return rc;
}
