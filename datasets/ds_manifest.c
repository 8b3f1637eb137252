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

#include <math.h>
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
};

static const char *const manifest_keys[] = {
    "format", "name", "title", "base_year", "attribution", "files", NULL};
static const char *const file_keys[] = {"path", "crs", NULL};

/* The manifest's "files": each one named, its path inside the dataset
 * directory and its crs; recorded in L when L is not NULL. */
static pc_status manifest_files(loader *L, const cJSON *m, const char *dir,
                                pc_error *err)
{
    const cJSON *files, *f;
    const char *file_names[F_COUNT + 1];

    files = cJSON_GetObjectItemCaseSensitive(m, "files");
    if (!cJSON_IsObject(files))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"files\": expected an object, got %s",
                       pc_json_type(files));
    for (int k = 0; k < F_COUNT; k++)
        file_names[k] = ds_ld_file_kinds[k].key;
    file_names[F_COUNT] = NULL;
    if (ds_ld_check_keys(files, file_names, "\"files\"", err) != PC_OK)
        return err->code;

    for (int k = 0; k < F_COUNT; k++) {
        const cJSON *p, *crs;
        char what[64];

        f = cJSON_GetObjectItemCaseSensitive(files, ds_ld_file_kinds[k].key);
        if (!f) {
            if (ds_ld_file_kinds[k].required)
                return PC_FAIL(err, PC_ERR_INPUT,
                               "\"files\": \"%s\" is missing (expected an "
                               "entry {\"path\": ...})",
                               ds_ld_file_kinds[k].key);
            continue;
        }
        snprintf(what, sizeof what, "\"files\".\"%s\"",
                 ds_ld_file_kinds[k].key);
        if (!cJSON_IsObject(f))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: expected an object {\"path\": ...}, got %s",
                           what, pc_json_type(f));
        if (ds_ld_check_keys(f, file_keys, what, err) != PC_OK)
            return err->code;
        p = cJSON_GetObjectItemCaseSensitive(f, "path");
        if (!cJSON_IsString(p) || !p->valuestring[0])
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"path\": expected a file name, got %s", what,
                           pc_json_type(p));
        if (p->valuestring[0] == '/' || strstr(p->valuestring, ".."))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"path\": \"%s\" (expected a path inside the "
                           "dataset directory, without \"..\")",
                           what, p->valuestring);
        crs = cJSON_GetObjectItemCaseSensitive(f, "crs");
        if (crs && !ds_ld_file_kinds[k].coords)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"crs\": this file has no coordinates", what);
        if (crs && !cJSON_IsString(crs))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s.\"crs\": expected a string, got %s", what,
                           pc_json_type(crs));
        {
            geo_crs c = GEO_CRS_WGS84;

            if (crs && geo_crs_parse(crs->valuestring, &c, err) != PC_OK)
                return pc_error_wrap(err, "%s", what);
            if (L) {
                size_t n = strlen(dir) + strlen(p->valuestring) + 2;
                char *full = pc_arena_alloc(L->a, n);

                if (!full)
                    return PC_NOMEM(err);
                snprintf(full, n, "%s/%s", dir, p->valuestring);
                L->path[k] = full;
                L->crs[k] = c;
            }
        }
    }
    return PC_OK;
}

/* Checks the manifest; when L is not NULL also records what it says. */
pc_status ds_ld_manifest_read(loader *L, const cJSON *m, const char *dir,
                              pc_error *err)
{
    const cJSON *v;

    if (!cJSON_IsObject(m))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a JSON object at the top level, got %s",
                       pc_json_type(m));
    if (ds_ld_check_keys(m, manifest_keys, "top level", err) != PC_OK)
        return err->code;

    v = cJSON_GetObjectItemCaseSensitive(m, "format");
    if (!cJSON_IsString(v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"format\": expected the string \"%s\", got %s",
                       DS_FORMAT, pc_json_type(v));
    if (strcmp(v->valuestring, DS_FORMAT))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"format\": \"%s\" is not supported (expected \"%s\")",
                       v->valuestring, DS_FORMAT);

    v = cJSON_GetObjectItemCaseSensitive(m, "name");
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"name\": expected a non-empty string, got %s",
                       pc_json_type(v));
    if (L && !(L->ds->name = pc_arena_strdup(L->a, v->valuestring)))
        return PC_NOMEM(err);

    v = cJSON_GetObjectItemCaseSensitive(m, "title");
    if (v && !cJSON_IsString(v))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"title\": expected a string, got %s", pc_json_type(v));
    if (L && v && !(L->ds->title = pc_arena_strdup(L->a, v->valuestring)))
        return PC_NOMEM(err);

    v = cJSON_GetObjectItemCaseSensitive(m, "base_year");
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"base_year\": expected an integer year, got %s",
                       pc_json_type(v));
    if (v->valuedouble < 2000 || v->valuedouble > 2100)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"base_year\": %.0f is out of range (expected 2000 "
                       "to 2100)",
                       v->valuedouble);
    if (L)
        L->ds->base_year = (int)v->valuedouble;

    v = cJSON_GetObjectItemCaseSensitive(m, "attribution");
    if (v) {
        const cJSON *s;
        size_t n = 0;

        if (!cJSON_IsArray(v))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "\"attribution\": expected an array of strings, "
                           "got %s",
                           pc_json_type(v));
        cJSON_ArrayForEach(s, v)
        {
            if (!cJSON_IsString(s))
                return PC_FAIL(err, PC_ERR_INPUT,
                               "\"attribution\"[%zu]: expected a string, got "
                               "%s",
                               n, pc_json_type(s));
            n++;
        }
        if (L) {
            L->ds->attribution = ds_ld_alloc_array(L, n, sizeof(char *));
            if (!L->ds->attribution)
                return PC_NOMEM(err);
            n = 0;
            cJSON_ArrayForEach(s, v)
            {
                L->ds->attribution[n] = pc_arena_strdup(L->a, s->valuestring);
                if (!L->ds->attribution[n++])
                    return PC_NOMEM(err);
            }
            L->ds->nattribution = n;
        }
    }

    return manifest_files(L, m, dir, err);
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
