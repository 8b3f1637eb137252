/* ds_build_files.c: which national files are in the builder's folder.
 *
 * The ODS files have no header and come by name (epraccur.csv,
 * ebranchs.csv), as do the registration totals and map; every other CSV
 * is told by its header (the SNPP, IMD, census population, cross-boundary
 * map, postcode files) and every GeoJSON by the GSS code of its first
 * feature (ICB, LAD, LSOA). Code-Point Open's own Data/CSV folder is read
 * too. A file of no known kind is a warning; two files of one kind are an
 * error. */
#include "ds_build_int.h"
#include "pc_file.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* --- the files in the folder ------------------------------------------ */

static int has(const ds_csv *c, const char *name)
{
    const char *names[] = {name, NULL};

    return bd_col(c, names) >= 0;
}

static int looks_postcode(const char *s)
{
    size_t n = strlen(s), digits = 0;

    if (n < 5 || n > 8 || !isalpha((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)s[i]))
            digits++;
        else if (!isalpha((unsigned char)s[i]) && s[i] != ' ')
            return 0;
    }
    return digits > 0;
}

/* The header of a CSV (its first line), or NULL when it has none. */
static pc_status sniff_header(const char *path, ds_csv **out, pc_error *err)
{
    char line[65536];
    FILE *f = fopen(path, "rb");
    size_t n;

    *out = NULL;
    if (!f)
        return PC_FAIL(err, PC_ERR_IO, "cannot open %s: %s", path,
                       strerror(errno));
    n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\n' || line[i] == '\r') {
            line[i] = '\0';
            n = i;
            break;
        }
    if (ds_csv_parse(line, n, out, err) != PC_OK) {
        *out = NULL; /* not a CSV with a header: classified by content */
        return PC_OK;
    }
    return PC_OK;
}

const char *const bd_lsoa_cols[] = {"lsoa21_code", "lsoa21cd",
                                    "LSOA code (2021)", "lsoa_code", NULL};
const char *const bd_imd_cols[] = {"IMD_score",
                                   "Index of Multiple Deprivation (IMD) Score",
                                   "imd_score", NULL};

/* Which national file a CSV is, from its header; -1 when none. */
static int csv_kind(bd_ctx *b, const char *path, int *pc_layout, pc_error *err)
{
    ds_csv *h = NULL;
    int kind = -1;

    *pc_layout = -1;
    if (sniff_header(path, &h, err) != PC_OK)
        return -2;
    if (!h) {
        /* a header that is not one: Code-Point rows have a quoted postcode
         * and repeat no field, so they parse; the ODS files come by name */
        return -1;
    }
    if (has(h, "Practice") && has(h, "LAD21"))
        kind = BD_XB;
    else if ((has(h, "AREA_CODE") && has(h, "AGE_GROUP")) ||
             (has(h, "lad_code") && has(h, "age")))
        kind = BD_SNPP;
    else if (bd_col(h, bd_lsoa_cols) >= 0 && bd_col(h, bd_imd_cols) >= 0)
        kind = BD_IMD;
    else if (bd_col(h, bd_lsoa_cols) >= 0 &&
             (has(h, "usual_residents_2021") || has(h, "population")))
        kind = BD_CENSUS;
    else if (has(h, "pcds") && has(h, "oseast1m") && has(h, "osnrth1m"))
        *pc_layout = BD_PC_ONSPD;
    else if (has(h, "postcode") && has(h, "easting") && has(h, "northing"))
        *pc_layout = BD_PC_CODEPOINT_HDR;
    else if (h->ncols >= 4 && looks_postcode(h->header[0]))
        *pc_layout = BD_PC_CODEPOINT;
    (void)b;
    ds_csv_free(h);
    return kind;
}

/* The code and name properties of a boundary feature: `code`/`name`, or
 * the ONS pair ending CD/NM (ICB23CD, LAD24NM ...). */
int bd_feat_code(const cJSON *feat, const char **code, const char **name)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(feat, "properties");
    const cJSON *it;

    *code = *name = NULL;
    cJSON_ArrayForEach(it, p)
    {
        size_t n = it->string ? strlen(it->string) : 0;

        if (!cJSON_IsString(it))
            continue;
        if (!strcmp(it->string, "code") ||
            (n > 2 && !strcasecmp(it->string + n - 2, "CD") && !*code))
            *code = it->valuestring;
        else if (!strcmp(it->string, "name") ||
                 (n > 2 && !strcasecmp(it->string + n - 2, "NM") && !*name))
            *name = it->valuestring;
    }
    return *code != NULL;
}

/* Reads a GeoJSON file and tells ICB from LAD boundaries by the GSS code
 * of its first feature (E54: ICB; E06-E09, W06: LAD; E01: LSOA). */
static pc_status geojson_kind(bd_ctx *b, const char *path, pc_error *err)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *doc, *feats, *crs;
    const char *code = NULL, *name;
    int kind = -1;
    pc_status rc = pc_file_read(path, (size_t)512 << 20, &text, &len, err);

    if (rc != PC_OK)
        return rc;
    doc = cJSON_ParseWithLength(text, len);
    free(text);
    if (!doc)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: not valid JSON (expected a GeoJSON "
                       "FeatureCollection)",
                       bd_base(path));
    feats = cJSON_GetObjectItemCaseSensitive(doc, "features");
    if (cJSON_IsArray(feats) && feats->child &&
        bd_feat_code(feats->child, &code, &name)) {
        if (!strncmp(code, "E54", 3))
            kind = BD_ICB_GEO;
        else if (!strncmp(code, "E01", 3))
            kind = BD_LSOA_GEO;
        else if (!strncmp(code, "E06", 3) || !strncmp(code, "E07", 3) ||
                 !strncmp(code, "E08", 3) || !strncmp(code, "E09", 3) ||
                 !strncmp(code, "W06", 3))
            kind = BD_LAD_GEO;
    }
    if (kind < 0) {
        int subicb = code && !strncmp(code, "E38", 3);

        cJSON_Delete(doc);
        if (subicb)
            return PC_OK; /* sub-ICB locations: not needed */
        return bd_warn(b, err,
                       "%s: not a boundary file the builder reads (ignored)",
                       bd_base(path));
    }
    if (b->doc[kind]) {
        cJSON_Delete(doc);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "two %s boundary files: %s and %s (expected one)",
                       kind == BD_ICB_GEO   ? "ICB"
                       : kind == BD_LAD_GEO ? "LAD"
                                            : "LSOA",
                       bd_base(b->path[kind]), bd_base(path));
    }
    b->doc[kind] = doc;
    b->path[kind] = path;
    crs = cJSON_GetObjectItemCaseSensitive(doc, "crs");
    b->crs[kind] = GEO_CRS_WGS84; /* RFC 7946, unless it says otherwise */
    if (crs) {
        char *s = cJSON_PrintUnformatted(crs);

        b->crs[kind] = s && strstr(s, "27700") ? GEO_CRS_BNG : GEO_CRS_WGS84;
        cJSON_free(s);
    }
    return PC_OK;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The regular files of dir, sorted by name (arena strings). */
static pc_status list_dir(bd_ctx *b, const char *dir, const char ***names,
                          size_t *n, pc_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t cap = 0;

    *names = NULL;
    *n = 0;
    if (!d)
        return PC_OK;
    while ((e = readdir(d))) {
        struct stat st;
        char *p;

        if (e->d_name[0] == '.')
            continue;
        p = pc_arena_printf(b->a, "%s/%s", dir, e->d_name);
        if (!p)
            goto nomem;
        if (stat(p, &st) || !S_ISREG(st.st_mode))
            continue;
        *names =
            pc_arena_grow(b->a, (void *)*names, *n + 1, &cap, sizeof **names);
        if (!*names)
            goto nomem;
        (*names)[(*n)++] = p;
    }
    closedir(d);
    qsort((void *)*names, *n, sizeof **names, cmp_str);
    return PC_OK;
nomem:
    closedir(d);
    return PC_NOMEM(err);
}

static const char *const exact_names[] = {
    [BD_REG] = "gp-reg-pat-prac-all.csv",
    [BD_MAP] = "gp-reg-pat-prac-map.csv",
    [BD_EPRACCUR] = "epraccur.csv",
    [BD_EBRANCHS] = "ebranchs.csv",
    [BD_REG_LSOA] = "gp-reg-pat-prac-lsoa-all.csv",
};

static pc_status add_postcode_file(bd_ctx *b, const char *p, int layout,
                                   size_t *cap, size_t *lcap, pc_error *err)
{
    b->pc_path = pc_arena_grow(b->a, (void *)b->pc_path, b->npc + 1, cap,
                               sizeof *b->pc_path);
    b->pc_layout = pc_arena_grow(b->a, b->pc_layout, b->npc + 1, lcap,
                                 sizeof *b->pc_layout);
    if (!b->pc_path || !b->pc_layout)
        return PC_NOMEM(err);
    b->pc_path[b->npc] = p;
    b->pc_layout[b->npc++] = layout;
    return PC_OK;
}

static pc_status classify(bd_ctx *b, const char *p, size_t *cap, size_t *lcap,
                          pc_error *err)
{
    const char *base = bd_base(p);
    size_t bl = strlen(base);
    int kind = -1, layout;

    for (int k = 0; k < BD_NKINDS; k++)
        if (k < (int)(sizeof exact_names / sizeof *exact_names) &&
            exact_names[k] && !strcasecmp(base, exact_names[k]))
            kind = k;
    if (kind < 0 && bl > 8 && !strcasecmp(base + bl - 8, ".geojson"))
        return geojson_kind(b, p, err);
    if (kind < 0 && bl > 4 && !strcasecmp(base + bl - 4, ".csv")) {
        kind = csv_kind(b, p, &layout, err);
        if (kind == -2)
            return err->code;
        if (layout >= 0)
            return add_postcode_file(b, p, layout, cap, lcap, err);
    }
    if (kind < 0)
        return bd_warn(b, err,
                       "%s: not one of the national files the builder "
                       "reads (ignored)",
                       base);
    if (b->path[kind])
        return PC_FAIL(err, PC_ERR_INPUT,
                       "two files of one kind: %s and %s (expected one)",
                       bd_base(b->path[kind]), base);
    b->path[kind] = p;
    return PC_OK;
}

/* Finds the national files in the folder, and Code-Point's own
 * Data/CSV folder inside it. */
pc_status bd_find_files(bd_ctx *b, pc_error *err)
{
    const char **names;
    size_t n, cap = 0, lcap = 0;
    char *sub;
    static const struct {
        int kind;
        const char *what;
    } required[] = {
        {BD_REG, "gp-reg-pat-prac-all.csv (NHS England, Patients "
                 "Registered at a GP Practice, totals)"},
        {BD_MAP, "gp-reg-pat-prac-map.csv (NHS England, the practice to "
                 "PCN, sub-ICB and ICB map)"},
        {BD_ICB_GEO, "ICB boundaries (ONS, GeoJSON)"},
        {BD_LAD_GEO, "LAD boundaries (ONS, GeoJSON)"},
    };
    struct stat st;

    if (stat(b->o->from, &st) || !S_ISDIR(st.st_mode))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: not a folder (expected the folder of national "
                       "files)",
                       b->o->from);
    if (list_dir(b, b->o->from, &names, &n, err))
        return err->code;
    for (size_t i = 0; i < n; i++)
        if (classify(b, names[i], &cap, &lcap, err))
            return err->code;
    sub = pc_arena_printf(b->a, "%s/Data/CSV", b->o->from);
    if (!sub || list_dir(b, sub, &names, &n, err))
        return sub ? err->code : PC_NOMEM(err);
    for (size_t i = 0; i < n; i++)
        if (add_postcode_file(b, names[i], BD_PC_CODEPOINT, &cap, &lcap, err))
            return err->code;
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!b->path[required[i].kind])
            return PC_FAIL(err, PC_ERR_NOTFOUND, "%s: no %s in the folder",
                           b->o->from, required[i].what);
    if (!b->npc)
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "%s: no postcode file in the folder (expected OS "
                       "Code-Point Open CSVs, or ONSPD or NSPL)",
                       b->o->from);
    return PC_OK;
}
