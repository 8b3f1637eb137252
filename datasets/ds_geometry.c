/* ds_geometry.c: the dataset's GeoJSON layers: the system boundary, LADs
 * and the places built from them, development sites and catchments. The
 * typed property readers here check each feature's properties; geometries
 * are converted to British National Grid WKB through geo/ and owned by the
 * dataset (ds_dataset_free releases them). */
#include "ds_dataset_int.h"
#include "ds_util.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_index.h"
#include "pc_json.h"
#include "pc_strlist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- GeoJSON features -------------------------------------------------- */

/* Returns the features array of a FeatureCollection. */
static pc_status features_of(const cJSON *doc, const cJSON **out, pc_error *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "type");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(doc, "features");

    if (!cJSON_IsObject(doc) || !cJSON_IsString(t) ||
        strcmp(t->valuestring, "FeatureCollection"))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a GeoJSON FeatureCollection at the top "
                       "level");
    if (!cJSON_IsArray(f))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"features\": expected an array, got %s",
                       pc_json_type(f));
    *out = f;
    return PC_OK;
}

/* Ends the reading of file `kind`: frees doc and names the file in err. */
static pc_status file_fail(loader *L, int kind, cJSON *doc, pc_error *err)
{
    cJSON_Delete(doc);
    if (err->code != PC_ERR_NOMEM)
        pc_error_wrap(err, "%s", L->path[kind]);
    return err->code;
}

/* Reads file `kind` as a FeatureCollection: *doc (the caller's, to
 * cJSON_Delete) and its features array. */
static pc_status read_features(loader *L, int kind, cJSON **doc,
                               const cJSON **feats, pc_error *err)
{
    pc_status rc = ds_ld_read_json_file(L->path[kind], doc, err);

    if (rc != PC_OK)
        return rc;
    if (features_of(*doc, feats, err) != PC_OK) {
        rc = file_fail(L, kind, *doc, err);
        *doc = NULL;
    }
    return rc;
}

/* A feature's properties are read through a pc_jr (pc_jr_get: null reads
 * as absent), but its messages say `property "key"`, as GeoJSON has it,
 * and name the range or list expected: prop_bad() is pc_jr_bad() in those
 * words. got is what was there instead (NULL: nothing). */
static pc_status prop_bad(const pc_jr *p, const char *key, const char *want,
                          const char *got)
{
    if (!got)
        return PC_FAIL(p->err, PC_ERR_INPUT,
                       "property \"%s\": missing (expected %s)", key, want);
    return PC_FAIL(p->err, PC_ERR_INPUT, "property \"%s\": expected %s, got %s",
                   key, want, got);
}

/* The properties of a GeoJSON Feature, as a reader failing into err. */
static pc_status feature_props(const cJSON *feat, pc_jr *props, pc_error *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(feat, "type");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(feat, "properties");
    const char *dup;
    char d[PC_JSON_DISP_SZ];

    if (!cJSON_IsObject(feat) || !cJSON_IsString(t) ||
        strcmp(t->valuestring, "Feature"))
        return PC_FAIL(err, PC_ERR_INPUT, "expected a GeoJSON Feature");
    if (!cJSON_IsObject(p))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "\"properties\": expected an object, got %s",
                       pc_json_type(p));
    /* cJSON keeps both copies of a key and finds the first: refused, as
     * in scenario files, rather than silently choosing one */
    if ((dup = pc_json_dup_key(feat)))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "key \"%s\": given twice (expected each key once)",
                       pc_json_disp(d, sizeof d, dup));
    if ((dup = pc_json_dup_key(p)))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"%s\": given twice (expected each "
                       "property once)",
                       pc_json_disp(d, sizeof d, dup));
    *props = pc_jr_root(p, NULL, err);
    return PC_OK;
}

/* String property; NULL in *out when absent or null and not required. */
static pc_status jstr(const pc_jr *p, const char *key, int required,
                      const char **out)
{
    const cJSON *v = pc_jr_get(p, key, PC_JR_OPT);

    if (!v) {
        if (required)
            return prop_bad(p, key, "a string", NULL);
        *out = NULL;
        return PC_OK;
    }
    if (!cJSON_IsString(v))
        return prop_bad(p, key, "a string", pc_json_type(v));
    if (required && !v->valuestring[0])
        return PC_FAIL(p->err, PC_ERR_INPUT,
                       "property \"%s\": empty (expected a value)", key);
    *out = v->valuestring;
    return PC_OK;
}

/* Integer property in [min, max]; *present 0 when absent or null. */
static pc_status jint(const pc_jr *p, const char *key, int required, long min,
                      long max, long *out, int *present)
{
    const cJSON *v = pc_jr_get(p, key, PC_JR_OPT);
    char want[96];

    *present = 0;
    snprintf(want, sizeof want, "an integer from %ld to %ld", min, max);
    if (!v)
        return required ? prop_bad(p, key, want, NULL) : PC_OK;
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
        return prop_bad(p, key, want,
                        cJSON_IsNumber(v) ? "a fraction" : pc_json_type(v));
    if (v->valuedouble < (double)min || v->valuedouble > (double)max)
        return PC_FAIL(p->err, PC_ERR_INPUT,
                       "property \"%s\": %.0f is out of range (expected %s)",
                       key, v->valuedouble, want);
    *out = (long)v->valuedouble;
    *present = 1;
    return PC_OK;
}

static pc_status jenum(const pc_jr *p, const char *key, const char *const *vals,
                       const char *dflt, const char **out)
{
    const char *s = NULL;
    pc_error *err = p->err;

    if (jstr(p, key, 0, &s) != PC_OK)
        return err->code;
    if (!s) {
        *out = dflt;
        return PC_OK;
    }
    if (ds_parse_enum(s, key, vals, err) != PC_OK) {
        /* ds_parse_enum says "field"; GeoJSON has properties */
        char msg[sizeof err->msg];

        snprintf(msg, sizeof msg, "property%s", err->msg + 5);
        snprintf(err->msg, sizeof err->msg, "%s", msg);
        return err->code;
    }
    *out = s;
    return PC_OK;
}

/* `illustrative` as a string (as in CSV), an array of names, or a bool. */
static pc_status jillustrative(loader *L, const pc_jr *p, const char **out)
{
    const cJSON *v = pc_jr_get(p, "illustrative", PC_JR_OPT);
    pc_buf b = PC_BUF_INIT(PC_CAP_LINE);
    const cJSON *s;

    *out = NULL;
    if (!v || cJSON_IsFalse(v))
        return PC_OK;
    if (cJSON_IsTrue(v)) {
        *out = "*";
        return PC_OK;
    }
    if (cJSON_IsString(v)) {
        *out = ds_ld_dup_or_null(L, v->valuestring);
        return PC_OK;
    }
    if (!cJSON_IsArray(v))
        return prop_bad(p, "illustrative",
                        "a string, an array of property names or a boolean",
                        pc_json_type(v));
    cJSON_ArrayForEach(s, v)
    {
        if (!cJSON_IsString(s) || strchr(s->valuestring, ';')) {
            pc_buf_free(&b);
            return PC_FAIL(p->err, PC_ERR_INPUT,
                           "property \"illustrative\": expected an array of "
                           "property names");
        }
        if ((b.len && pc_buf_puts(&b, ";") != PC_OK) ||
            pc_buf_puts(&b, s->valuestring) != PC_OK) {
            pc_buf_free(&b);
            return PC_NOMEM(p->err);
        }
    }
    *out = ds_ld_dup_or_null(L, pc_buf_str(&b));
    pc_buf_free(&b);
    return PC_OK;
}

/* Reads a polygonal feature geometry, recording a warning on repair. */
static pc_status feature_geom(loader *L, int kind, const cJSON *feat,
                              double point_area_m2, const char *label,
                              geo_wkb *out, pc_error *err)
{
    char why[512];
    int repaired = 0;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(feat, "geometry");

    if (!g || cJSON_IsNull(g))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "geometry: missing or null (expected a Polygon or "
                       "MultiPolygon)");
    if (geo_polygon_from_geojson(L->geo, g, L->crs[kind], point_area_m2, out,
                                 &repaired, why, sizeof why, err) != PC_OK)
        return err->code;
    if (repaired)
        return pc_strlist_addf(&L->ds->warnings, L->a, err,
                               "%s: %s: geometry: %s", L->path[kind], label,
                               why);
    return PC_OK;
}

/* --- features, one array element each ---------------------------------- */

/* Loads one feature into elem (the i-th of its array); *id names it in
 * messages once known. */
typedef pc_status (*feature_fn)(loader *L, const cJSON *feat, int i, void *elem,
                                const char **id, pc_error *err);

/* Reads the FeatureCollection of file `kind` into a new array of
 * elements of size elsize (*arr, with one spare slot: ds_dataset_free()
 * frees a half-built last entry), counting good ones in *count. Errors
 * name the feature by index and id, after the id field when there is one
 * ("feature 3 (site_id \"S1\")", else "feature 3 (S1)"). */
static pc_status load_features(loader *L, int kind, void **arr, size_t elsize,
                               size_t *count, feature_fn fn,
                               const char *id_field, pc_error *err)
{
    cJSON *doc = NULL;
    const cJSON *feats, *feat;
    int i = 0;
    pc_status rc;

    if (!L->path[kind])
        return PC_OK;
    rc = read_features(L, kind, &doc, &feats, err);
    if (rc != PC_OK)
        return rc;
    *arr = ds_ld_alloc_array(L, (size_t)cJSON_GetArraySize(feats) + 1, elsize);
    if (!*arr) {
        PC_NOMEM(err);
        return file_fail(L, kind, doc, err);
    }
    cJSON_ArrayForEach(feat, feats)
    {
        const char *id = NULL;

        rc = fn(L, feat, i, (char *)*arr + (size_t)i * elsize, &id, err);
        if (rc == PC_ERR_NOMEM)
            return file_fail(L, kind, doc, err);
        if (rc != PC_OK) {
            if (id && id_field)
                pc_error_wrap(err, "feature %d (%s \"%s\")", i, id_field, id);
            else if (id)
                pc_error_wrap(err, "feature %d (%s)", i, id);
            else
                pc_error_wrap(err, "feature %d", i);
            return file_fail(L, kind, doc, err);
        }
        (*count)++;
        i++;
    }
    cJSON_Delete(doc);
    return PC_OK;
}

/* --- system, LADs and places ----------------------------------------- */

pc_status ds_ld_load_system(loader *L, pc_error *err)
{
    cJSON *doc = NULL;
    const cJSON *feats = NULL;
    pc_jr props;
    const char *code, *name;
    pc_status rc;

    if (!L->path[F_SYSTEM])
        return PC_OK;
    rc = read_features(L, F_SYSTEM, &doc, &feats, err);
    if (rc != PC_OK)
        return rc;
    if (cJSON_GetArraySize(feats) != 1) {
        PC_FAIL(err, PC_ERR_INPUT,
                "%d features (expected exactly one, the system boundary)",
                cJSON_GetArraySize(feats));
        return file_fail(L, F_SYSTEM, doc, err);
    }
    if (feature_props(feats->child, &props, err) != PC_OK ||
        jstr(&props, "code", 1, &code) != PC_OK ||
        jstr(&props, "name", 1, &name) != PC_OK ||
        feature_geom(L, F_SYSTEM, feats->child, 0, "feature 0",
                     &L->ds->system_geom, err) != PC_OK) {
        pc_error_wrap(err, "feature 0");
        return file_fail(L, F_SYSTEM, doc, err);
    }
    L->ds->system_code = pc_arena_strdup(L->a, code);
    L->ds->system_name = pc_arena_strdup(L->a, name);
    cJSON_Delete(doc);
    if (!L->ds->system_code || !L->ds->system_name)
        return PC_NOMEM(err);
    return PC_OK;
}

static int cmp_place(const void *a, const void *b)
{
    return strcmp(((const ds_place *)a)->name, ((const ds_place *)b)->name);
}

static pc_status build_places(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;
    geo_wkb *parts = NULL;
    size_t n = 0;

    ds->places = ds_ld_alloc_array(L, ds->nlads, sizeof *ds->places);
    parts = calloc(ds->nlads ? ds->nlads : 1, sizeof *parts);
    if (!ds->places || !parts) {
        free(parts);
        return PC_NOMEM(err);
    }
    for (size_t i = 0; i < ds->nlads; i++) {
        size_t j;

        for (j = 0; j < ds->nplaces; j++)
            if (!strcmp(ds->places[j].name, ds->lads[i].place))
                break;
        if (j == ds->nplaces)
            ds->places[ds->nplaces++].name = ds->lads[i].place;
    }
    qsort(ds->places, ds->nplaces, sizeof *ds->places, cmp_place);
    for (size_t j = 0; j < ds->nplaces; j++) {
        n = 0;
        for (size_t i = 0; i < ds->nlads; i++)
            if (!strcmp(ds->places[j].name, ds->lads[i].place))
                parts[n++] = ds->lads[i].geom;
        if (geo_union(L->geo, parts, n, &ds->places[j].geom, err) != PC_OK) {
            free(parts);
            return pc_error_wrap(err, "building place \"%s\" from its LADs",
                                 ds->places[j].name);
        }
        if (pc_index_put(&L->places, ds->places[j].name, j, NULL) < 0) {
            free(parts);
            return PC_NOMEM(err);
        }
    }
    free(parts);
    return PC_OK;
}

static pc_status lad_feature(loader *L, const cJSON *feat, int i, void *elem,
                             const char **id, pc_error *err)
{
    ds_lad *lad = elem;
    pc_jr props;
    const char *code = NULL, *name, *place;
    char label[96];

    if (feature_props(feat, &props, err) != PC_OK ||
        jstr(&props, "code", 1, &code) != PC_OK)
        return err->code;
    *id = code;
    if (ds_parse_id(code, "code", err) != PC_OK ||
        jstr(&props, "name", 1, &name) != PC_OK ||
        jstr(&props, "place", 1, &place) != PC_OK)
        return err->code;
    snprintf(label, sizeof label, "feature %d (%s)", i, code);
    if (feature_geom(L, F_LADS, feat, 0, label, &lad->geom, err) != PC_OK)
        return err->code;
    lad->code = pc_arena_strdup(L->a, code);
    lad->name = pc_arena_strdup(L->a, name);
    lad->place = pc_arena_strdup(L->a, place);
    if (!lad->code || !lad->name || !lad->place)
        return PC_NOMEM(err);
    return ds_ld_unique_at(&L->lads, lad->code, (size_t)i, "feature", "code",
                           err);
}

pc_status ds_ld_load_lads(loader *L, pc_error *err)
{
    ds_dataset *ds = L->ds;

    if (load_features(L, F_LADS, (void **)&ds->lads, sizeof *ds->lads,
                      &ds->nlads, lad_feature, NULL, err) != PC_OK)
        return err->code;
    if (ds->nlads == 0) {
        PC_FAIL(err, PC_ERR_INPUT, "no features (expected at least one LAD)");
        return pc_error_wrap(err, "%s", L->path[F_LADS]);
    }
    return build_places(L, err);
}

/* --- sites ------------------------------------------------------------ */

static const char *const planning_statuses[] = {
    "proposed",           "allocated", "outline", "full",
    "under_construction", "complete",  NULL};
static const char *const s106_positions[] = {"none",    "requested", "approved",
                                             "secured", "land_only", "limited",
                                             "unknown", NULL};
static const char *const settings[] = {"urban", "rural", NULL};

static pc_status site_trajectory(loader *L, const pc_jr *p, ds_site *s)
{
    const cJSON *t = pc_jr_get(p, "trajectory", PC_JR_OPT);
    const cJSON *c;
    pc_error *err = p->err;
    long start = 0, sum = 0;
    int present = 0;
    size_t k = 0;

    if (jint(p, "trajectory_start", 0, YEAR_MIN, YEAR_MAX, &start, &present) !=
        PC_OK)
        return err->code;
    if (!t) {
        if (present)
            return prop_bad(p, "trajectory",
                            "completions per year from trajectory_start", NULL);
        return PC_OK;
    }
    if (!present)
        return prop_bad(p, "trajectory_start",
                        "the year of the first completions", NULL);
    if (!cJSON_IsArray(t) || cJSON_GetArraySize(t) < 1)
        return prop_bad(p, "trajectory", "a non-empty array of integers",
                        pc_json_type(t));
    s->ntraj = (size_t)cJSON_GetArraySize(t);
    if (start + (long)s->ntraj - 1 > YEAR_MAX)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"trajectory\": runs past %d", YEAR_MAX);
    s->traj = ds_ld_alloc_array(L, s->ntraj, sizeof *s->traj);
    if (!s->traj)
        return PC_NOMEM(err);
    cJSON_ArrayForEach(c, t)
    {
        if (!cJSON_IsNumber(c) || c->valuedouble != floor(c->valuedouble) ||
            c->valuedouble < 0 || c->valuedouble > 1e6)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "property \"trajectory\"[%zu]: expected an "
                           "integer 0 to 1000000, got %s",
                           k, pc_json_type(c));
        s->traj[k] = (long)c->valuedouble;
        sum += s->traj[k++];
    }
    if (sum != s->dwellings)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"trajectory\": completions sum to %ld but "
                       "\"dwellings\" is %ld (expected the trajectory to "
                       "add up to the dwellings)",
                       sum, s->dwellings);
    s->traj_start = (int)start;
    return PC_OK;
}

static pc_status site_mix(const pc_jr *p, ds_site *s)
{
    const cJSON *m = pc_jr_get(p, "mix", PC_JR_OPT);
    const cJSON *c;
    double sum = 0;

    for (int b = 0; b < 6; b++)
        s->mix[b] = NAN;
    if (!m)
        return PC_OK;
    if (!cJSON_IsObject(m))
        return prop_bad(p, "mix", "an object of percentages by bedrooms",
                        pc_json_type(m));
    for (int b = 1; b <= 5; b++)
        s->mix[b] = 0;
    cJSON_ArrayForEach(c, m)
    {
        int b = c->string[0] - '0';

        if (c->string[1] || b < 1 || b > 5)
            return PC_FAIL(p->err, PC_ERR_INPUT,
                           "property \"mix\": key \"%s\" (expected bedrooms "
                           "\"1\" to \"5\")",
                           c->string);
        if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble > 100)
            return PC_FAIL(p->err, PC_ERR_INPUT,
                           "property \"mix\".\"%s\": expected a percentage 0 "
                           "to 100, got %s",
                           c->string, pc_json_type(c));
        s->mix[b] += c->valuedouble;
        sum += c->valuedouble;
    }
    if (fabs(sum - 100) > 0.5)
        return PC_FAIL(p->err, PC_ERR_INPUT,
                       "property \"mix\": percentages sum to %.1f (expected "
                       "100)",
                       sum);
    return PC_OK;
}

/* cil_liable (-1 when not said) and area_ha (NAN when not given). */
static pc_status site_cil_area(const pc_jr *p, ds_site *s, double *area_ha)
{
    const cJSON *cil = pc_jr_get(p, "cil_liable", PC_JR_OPT);
    const cJSON *a = pc_jr_get(p, "area_ha", PC_JR_OPT);

    if (cil && !cJSON_IsBool(cil))
        return prop_bad(p, "cil_liable", "true or false", pc_json_type(cil));
    s->cil_liable = !cil ? -1 : cJSON_IsTrue(cil);
    *area_ha = NAN;
    if (a) {
        char got[PC_JSON_DISP_SZ + 32];

        /* below 0.01 ha (100 m2, a house plot) the circle drawn for a
         * Point is lost in the coordinates' rounding */
        if (!cJSON_IsNumber(a) || !(a->valuedouble >= 0.01) ||
            a->valuedouble > 100000)
            return prop_bad(p, "area_ha",
                            "a number of hectares from 0.01 to 100000",
                            pc_json_got(got, sizeof got, a));
        *area_ha = a->valuedouble;
    }
    return PC_OK;
}

static pc_status load_site(loader *L, const cJSON *feat, ds_site *s,
                           pc_error *err)
{
    const cJSON *g;
    pc_jr props;
    const char *id = NULL, *name = NULL, *lad = NULL, *note = NULL;
    long dw = 0;
    int present;
    double area_ha = NAN;
    char label[96];

    if (feature_props(feat, &props, err) != PC_OK ||
        jstr(&props, "site_id", 1, &id) != PC_OK ||
        ds_parse_id(id, "site_id", err) != PC_OK)
        return err->code;
    s->id = pc_arena_strdup(L->a, id);
    if (!s->id)
        return PC_NOMEM(err);
    if (jstr(&props, "name", 1, &name) != PC_OK ||
        jstr(&props, "lad_code", 1, &lad) != PC_OK ||
        ds_ld_known(&L->lads, lad, "lad_code", "LAD", err) != PC_OK ||
        jint(&props, "dwellings", 1, 0, 1000000, &dw, &present) != PC_OK)
        return err->code;
    s->dwellings = dw;
    if (site_trajectory(L, &props, s) != PC_OK ||
        site_mix(&props, s) != PC_OK ||
        jenum(&props, "planning_status", planning_statuses, NULL,
              &s->planning_status) != PC_OK ||
        jenum(&props, "s106_position", s106_positions, "unknown",
              &s->s106_position) != PC_OK ||
        jstr(&props, "s106_note", 0, &note) != PC_OK ||
        jenum(&props, "setting", settings, "urban", &s->setting) != PC_OK ||
        jillustrative(L, &props, &s->illustrative) != PC_OK ||
        site_cil_area(&props, s, &area_ha) != PC_OK)
        return err->code;
    g = cJSON_GetObjectItemCaseSensitive(feat, "geometry");
    s->geom_approx =
        cJSON_IsObject(g) &&
        cJSON_IsString(cJSON_GetObjectItemCaseSensitive(g, "type")) &&
        !strcmp(cJSON_GetObjectItemCaseSensitive(g, "type")->valuestring,
                "Point");
    if (s->geom_approx && isnan(area_ha))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "property \"area_ha\": missing (a Point site needs "
                       "its area in hectares)");
    snprintf(label, sizeof label, "site %s", s->id);
    if (feature_geom(L, F_SITES, feat, s->geom_approx ? area_ha * 10000.0 : 0,
                     label, &s->geom, err) != PC_OK)
        return err->code;
    {
        double m2 = 0;

        if (geo_area_m2(L->geo, &s->geom, &m2, err) != PC_OK)
            return err->code;
        s->area_ha = m2 / 10000.0;
    }
    s->name = pc_arena_strdup(L->a, name);
    s->lad_code = pc_arena_strdup(L->a, lad);
    s->s106_note = ds_ld_dup_or_null(L, note);
    if (s->planning_status)
        s->planning_status = pc_arena_strdup(L->a, s->planning_status);
    s->s106_position = pc_arena_strdup(L->a, s->s106_position);
    s->setting = pc_arena_strdup(L->a, s->setting);
    if (!s->name || !s->lad_code || !s->s106_position || !s->setting)
        return PC_NOMEM(err);
    return PC_OK;
}

static pc_status site_feature(loader *L, const cJSON *feat, int i, void *elem,
                              const char **id, pc_error *err)
{
    ds_site *s = elem;
    pc_status rc = load_site(L, feat, s, err);

    *id = s->id;
    if (rc != PC_OK)
        return rc;
    return ds_ld_unique_at(&L->sites, s->id, (size_t)i, "feature", "site_id",
                           err);
}

pc_status ds_ld_load_sites(loader *L, pc_error *err)
{
    return load_features(L, F_SITES, (void **)&L->ds->sites,
                         sizeof *L->ds->sites, &L->ds->nsites, site_feature,
                         "site_id", err);
}

/* --- catchments ------------------------------------------------------- */

/* A practice's registration catchment: one polygon per practice. */
static pc_status catchment_feature(loader *L, const cJSON *feat, int i,
                                   void *elem, const char **id, pc_error *err)
{
    ds_catchment *c = elem;
    pc_jr props;
    const char *code = NULL;
    char label[96];

    if (feature_props(feat, &props, err) != PC_OK ||
        jstr(&props, "practice_code", 1, &code) != PC_OK)
        return err->code;
    c->practice_code = pc_arena_strdup(L->a, code);
    if (!c->practice_code)
        return PC_NOMEM(err);
    *id = c->practice_code;
    snprintf(label, sizeof label, "feature %d (%s)", i, code);
    if (ds_ld_known(&L->practices, code, "practice_code", "practice", err) !=
            PC_OK ||
        jillustrative(L, &props, &c->illustrative) != PC_OK ||
        feature_geom(L, F_CATCHMENTS, feat, 0, label, &c->geom, err) != PC_OK)
        return err->code;
    return ds_ld_unique_at(&L->catchments, c->practice_code, (size_t)i,
                           "feature", "practice_code", err);
}

pc_status ds_ld_load_catchments(loader *L, pc_error *err)
{
    return load_features(L, F_CATCHMENTS, (void **)&L->ds->catchments,
                         sizeof *L->ds->catchments, &L->ds->ncatchments,
                         catchment_feature, "practice_code", err);
}
