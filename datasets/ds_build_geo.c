/* ds_build_geo.c: where the ICB, its LADs and its practices are.
 *
 * The ICB's boundary is its feature in the ICB file. Its LADs are those
 * with at least half their area inside it (LAD_SHARE_MIN), and those with
 * a twentieth inside that hold one of its practices: the generalised ICB
 * and LAD boundaries do not line up exactly, and their slivers are not
 * the ICB's. Practices and branch surgeries are placed at their postcode's
 * centroid, and each practice goes to the LAD that holds that point, or
 * the nearest of the ICB's LADs (a warning names it). */
#include "ds_build_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LAD_SHARE_MIN      0.5  /* of a LAD's area inside the ICB */
#define LAD_SHARE_PRACTICE 0.05 /* ... when a practice of the ICB is in it */

/* --- boundaries --------------------------------------------------------- */

/* Drops the rings of fewer than 4 positions from a polygon's rings (a
 * polygon whose exterior goes loses all): they enclose no area, and
 * boundaries converted from TopoJSON carry them where quantisation
 * collapsed a sliver. Returns the number of rings dropped. */
static int drop_short_rings(cJSON *rings)
{
    cJSON *r = rings ? rings->child : NULL;
    int n = 0, first = 1;

    while (r) {
        cJSON *next = r->next;

        if (cJSON_IsArray(r) && cJSON_GetArraySize(r) < 4) {
            if (first) { /* the exterior: the polygon is gone */
                n += cJSON_GetArraySize(rings);
                while (rings->child)
                    cJSON_Delete(
                        cJSON_DetachItemViaPointer(rings, rings->child));
                return n;
            }
            cJSON_Delete(cJSON_DetachItemViaPointer(rings, r));
            n++;
        }
        first = 0;
        r = next;
    }
    return n;
}

static int clean_geometry(cJSON *geom)
{
    cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type");
    cJSON *coords = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    cJSON *p, *next;
    int n = 0;

    if (!cJSON_IsString(type) || !cJSON_IsArray(coords))
        return 0;
    if (!strcmp(type->valuestring, "Polygon"))
        return drop_short_rings(coords);
    if (strcmp(type->valuestring, "MultiPolygon"))
        return 0;
    for (p = coords->child; p; p = next) {
        next = p->next;
        n += drop_short_rings(p);
        if (cJSON_IsArray(p) && !p->child && coords->child->next)
            cJSON_Delete(cJSON_DetachItemViaPointer(coords, p));
    }
    return n;
}

static pc_status feat_wkb(bd_ctx *b, int kind, const cJSON *feat, int i,
                          geo_wkb *out, pc_error *err)
{
    int repaired = 0, dropped;
    char msg[256];
    const char *code, *name;
    cJSON *geom = cJSON_GetObjectItemCaseSensitive(feat, "geometry");

    bd_feat_code(feat, &code, &name);
    if ((dropped = clean_geometry(geom)) &&
        bd_warn(b, err,
                "%s: feature %d (%s): %d rings of fewer than 4 positions "
                "dropped (they enclose no area)",
                bd_base(b->path[kind]), i, code ? code : "?", dropped))
        return err->code;
    if (geo_polygon_from_geojson(b->g, geom, b->crs[kind], 0, out, &repaired,
                                 msg, sizeof msg, err))
        return pc_error_wrap(err, "%s: feature %d", bd_base(b->path[kind]), i);
    if (repaired)
        return bd_warn(b, err, "%s: feature %d (%s): %s",
                       bd_base(b->path[kind]), i, code ? code : "?", msg);
    return PC_OK;
}

/* The bounding box of a GeoJSON geometry's positions (x0, y0, x1, y1). */
static void json_bbox(const cJSON *c, double box[4])
{
    if (cJSON_IsArray(c) && cJSON_GetArraySize(c) >= 2 &&
        cJSON_IsNumber(c->child)) {
        double x = c->child->valuedouble, y = c->child->next->valuedouble;

        box[0] = x < box[0] ? x : box[0];
        box[1] = y < box[1] ? y : box[1];
        box[2] = x > box[2] ? x : box[2];
        box[3] = y > box[3] ? y : box[3];
        return;
    }
    for (const cJSON *k = c ? c->child : NULL; k; k = k->next)
        json_bbox(k, box);
}

static void geom_bbox(const cJSON *feat, double box[4])
{
    box[0] = box[1] = INFINITY;
    box[2] = box[3] = -INFINITY;
    json_bbox(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(feat, "geometry"), "coordinates"),
        box);
}

pc_status bd_geo_boundaries(bd_ctx *b, pc_error *err)
{
    const cJSON *f;
    const char *code, *name;
    int i = 0;
    size_t cap = 0;
    double ibox[4];

    cJSON_ArrayForEach(
        f, cJSON_GetObjectItemCaseSensitive(b->doc[BD_ICB_GEO], "features"))
    {
        if (bd_feat_code(f, &code, &name) && !strcmp(code, b->r->icb_gss)) {
            b->icb_feat = f;
            if (feat_wkb(b, BD_ICB_GEO, f, i, &b->icb_g, err))
                return err->code;
            break;
        }
        i++;
    }
    if (!b->icb_feat)
        return PC_FAIL(err, PC_ERR_NOTFOUND,
                       "%s: no feature with code %s (expected the boundary "
                       "of %s)",
                       bd_base(b->path[BD_ICB_GEO]), b->r->icb_gss,
                       b->r->icb_name);
    geom_bbox(b->icb_feat, ibox);
    i = 0;
    cJSON_ArrayForEach(
        f, cJSON_GetObjectItemCaseSensitive(b->doc[BD_LAD_GEO], "features"))
    {
        bd_lad l = {0};
        double box[4];

        /* a LAD whose box misses the ICB's is not converted (same CRS) */
        geom_bbox(f, box);
        if (b->crs[BD_LAD_GEO] == b->crs[BD_ICB_GEO] &&
            (box[0] > ibox[2] || box[2] < ibox[0] || box[1] > ibox[3] ||
             box[3] < ibox[1])) {
            i++;
            continue;
        }

        if (!bd_feat_code(f, &code, &name) || !name)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: feature %d: no code and name properties "
                           "(expected code/name or the ONS LADxxCD/LADxxNM)",
                           bd_base(b->path[BD_LAD_GEO]), i);
        l.code = code;
        l.name = name;
        l.feat = f;
        b->all = pc_arena_grow(b->a, b->all, b->nall + 1, &cap, sizeof *b->all);
        if (!b->all)
            return PC_NOMEM(err);
        b->all[b->nall] = l;
        if (feat_wkb(b, BD_LAD_GEO, f, i, &b->all[b->nall].g, err))
            return err->code;
        b->nall++;
        i++;
    }
    return PC_OK;
}

/* --- postcodes ---------------------------------------------------------- */

typedef struct pc_slot {
    double e, n;
    int found;
} pc_slot;

static pc_status need_postcode(bd_ctx *b, pc_index *ix, const char *pc,
                               size_t *n, pc_error *err)
{
    char key[16];
    char *k;

    bd_postcode_key(pc, key, sizeof key);
    if (!key[0] || pc_index_get(ix, key, NULL))
        return PC_OK;
    k = pc_arena_strdup(b->a, key);
    if (!k || pc_index_put(ix, k, (*n)++, NULL) < 0)
        return PC_NOMEM(err);
    return PC_OK;
}

/* The columns of a postcode file's layout: postcode, easting, northing. */
static pc_status pc_columns(const ds_csv *c, const char *path, int layout,
                            int col[3], pc_error *err)
{
    static const char *const raw[3][2] = {
        {"1", NULL}, {"3", NULL}, {"4", NULL}};
    static const char *const hdr[3][3] = {{"postcode", NULL},
                                          {"easting", "eastings", NULL},
                                          {"northing", "northings", NULL}};
    static const char *const onspd[3][2] = {
        {"pcds", NULL}, {"oseast1m", NULL}, {"osnrth1m", NULL}};

    for (int j = 0; j < 3; j++) {
        const char *const *names = layout == BD_PC_CODEPOINT ? raw[j]
                                   : layout == BD_PC_ONSPD   ? onspd[j]
                                                             : hdr[j];

        if (bd_need_col(c, path, names, &col[j], err))
            return err->code;
    }
    return PC_OK;
}

/* Keeps postcode pc at (e, n) for postcodes.csv when it lies inside the
 * ICB (box: the ICB's bounding box). */
static pc_status keep_pcode(bd_ctx *b, const char *pc, double e, double n,
                            const double box[4], pc_error *err)
{
    pc_error ignored = {0};
    bd_pcode p;
    int in = 0;

    if (e < box[0] || e > box[2] || n < box[1] || n > box[3] ||
        ds_postcode_norm(pc, p.pc, &ignored) != PC_OK)
        return PC_OK;
    if (geo_prepared_covers(b->icb_prep, e, n, &in, err))
        return err->code;
    if (!in)
        return PC_OK;
    if (b->npcodes == b->apcodes) {
        size_t na = b->apcodes ? 2 * b->apcodes : 4096;
        bd_pcode *v = realloc(b->pcodes, na * sizeof *v);

        if (!v)
            return PC_NOMEM(err);
        b->pcodes = v;
        b->apcodes = na;
    }
    p.e = e;
    p.n = n;
    b->pcodes[b->npcodes++] = p;
    return PC_OK;
}

/* Reads one postcode file, keeping the postcodes asked for, and every
 * live one inside the ICB for postcodes.csv (ONSPD: no date of
 * termination). */
static pc_status scan_postcodes(bd_ctx *b, size_t fi, const pc_index *ix,
                                pc_slot *slot, pc_error *err)
{
    static const char *const doterm[] = {"doterm", NULL};
    ds_csv *c = NULL;
    const char *path = b->pc_path[fi];
    int layout = b->pc_layout[fi], col[3], term;
    double box[4];
    pc_status rc;

    rc = bd_read_csv(path, layout == BD_PC_CODEPOINT, &c, err);
    if (rc || (rc = pc_columns(c, path, layout, col, err)) ||
        (rc = geo_bbox(b->g, &b->icb_g, box, err)) ||
        (!b->icb_prep &&
         !(b->icb_prep = geo_prepared_new(b->g, &b->icb_g, err)) &&
         (rc = err->code))) {
        ds_csv_free(c);
        return rc;
    }
    term = layout == BD_PC_ONSPD ? bd_col(c, doterm) : -1;
    for (size_t i = 0; i < c->nrows && !rc; i++) {
        char key[16], *end;
        size_t s;
        double e, n;

        bd_postcode_key(c->rows[i][col[0]], key, sizeof key);
        e = strtod(c->rows[i][col[1]], &end);
        if (*end || !c->rows[i][col[1]][0])
            e = NAN;
        n = strtod(c->rows[i][col[2]], &end);
        if (*end || !c->rows[i][col[2]][0])
            n = NAN;
        if (isnan(e) || isnan(n) || e <= 0 || n <= 0 || e > 700000 ||
            n > 1300000)
            continue; /* a postcode without a grid reference */
        if (term < 0 || !c->rows[i][term][0])
            rc = keep_pcode(b, c->rows[i][col[0]], e, n, box, err);
        if (!pc_index_get(ix, key, &s) || slot[s].found)
            continue;
        slot[s].e = e;
        slot[s].n = n;
        slot[s].found = 1;
    }
    ds_csv_free(c);
    return rc;
}

/* A point inside the ICB picked from the practice code alone: a stand-in
 * location for the benchmark, never a real one. */
static pc_status placed_point(bd_ctx *b, const char *code, double *e, double *n,
                              pc_error *err)
{
    double box[4];
    unsigned h = 2166136261u;

    if (geo_bbox(b->g, &b->icb_g, box, err))
        return err->code;
    if (!b->icb_prep && !(b->icb_prep = geo_prepared_new(b->g, &b->icb_g, err)))
        return err->code;
    for (const char *s = code; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    for (int t = 0; t < 64; t++) {
        int in = 0;
        double u = (double)(h % 10007) / 10007.0;
        double v = (double)((h / 10007) % 10009) / 10009.0;

        *e = box[0] + u * (box[2] - box[0]);
        *n = box[1] + v * (box[3] - box[1]);
        if (geo_prepared_covers(b->icb_prep, *e, *n, &in, err))
            return err->code;
        if (in)
            return PC_OK;
        h = h * 1103515245u + 12345u;
    }
    return geo_point_on_surface(b->g, &b->icb_g, e, n, err);
}

static pc_status unmatched(bd_ctx *b, pc_buf *list, pc_error *err)
{
    size_t keep = 0;

    for (size_t i = 0; i < b->nprac; i++) {
        bd_prac *p = &b->prac[i];

        if (p->located) {
            b->prac[keep++] = *p;
            continue;
        }
        b->r->unmatched++;
        if (pc_buf_printf(list, "%s%s (%s)", b->r->unmatched > 1 ? ", " : "",
                          p->code,
                          p->postcode[0] ? p->postcode : "no postcode"))
            return PC_NOMEM(err);
        if (b->o->place_unmatched) {
            if (placed_point(b, p->code, &p->e, &p->n, err))
                return err->code;
            p->located = 2;
            b->prac[keep++] = *p;
        } else if (!b->o->skip_unmatched)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "practice %s (%s): postcode %s is in no postcode "
                           "file of the folder (expected every practice's "
                           "postcode; a build may leave such practices out)",
                           p->code, p->name, p->postcode);
    }
    if (!b->r->unmatched)
        return PC_OK;
    b->nprac = keep;
    pc_index_free(&b->prac_ix);
    for (size_t i = 0; i < b->nprac; i++)
        if (pc_index_put(&b->prac_ix, b->prac[i].code, i, NULL) < 0)
            return PC_NOMEM(err);
    if (b->o->place_unmatched)
        return bd_warn(b, err,
                       "%zu practices whose postcode no file covers are "
                       "placed at a stand-in point inside the ICB "
                       "(illustrative, for the benchmark only): %s",
                       b->r->unmatched, pc_buf_str(list));
    return bd_warn(b, err,
                   "%zu practices left out: their postcode is in no postcode "
                   "file: %s",
                   b->r->unmatched, pc_buf_str(list));
}

pc_status bd_geo_locate(bd_ctx *b, pc_error *err)
{
    pc_index ix = {0};
    size_t n = 0, s, keep = 0, nlost = 0;
    pc_slot *slot = NULL;
    pc_buf list = PC_BUF_INIT(PC_CAP_TEXT);
    pc_status rc = PC_OK;
    char key[16];

    for (size_t i = 0; i < b->nprac && !rc; i++)
        rc = need_postcode(b, &ix, b->prac[i].postcode, &n, err);
    for (size_t i = 0; i < b->nbr && !rc; i++)
        rc = need_postcode(b, &ix, b->br[i].postcode, &n, err);
    if (!rc && !(slot = calloc(n + 1, sizeof *slot)))
        rc = PC_NOMEM(err);
    for (size_t f = 0; f < b->npc && !rc; f++)
        rc = scan_postcodes(b, f, &ix, slot, err);
    for (size_t i = 0; i < b->nprac && !rc; i++) {
        bd_postcode_key(b->prac[i].postcode, key, sizeof key);
        if (pc_index_get(&ix, key, &s) && slot[s].found) {
            b->prac[i].e = slot[s].e;
            b->prac[i].n = slot[s].n;
            b->prac[i].located = 1;
        }
    }
    if (!rc)
        rc = unmatched(b, &list, err);
    pc_buf_reset(&list);
    for (size_t i = 0; i < b->nbr && !rc; i++) {
        bd_branch *br = &b->br[i];

        bd_postcode_key(br->postcode, key, sizeof key);
        if (!pc_index_get(&b->prac_ix, br->parent, &br->prac))
            continue; /* its practice is left out */
        if (pc_index_get(&ix, key, &s) && slot[s].found) {
            br->e = slot[s].e;
            br->n = slot[s].n;
            br->located = 1;
            b->br[keep++] = *br;
        } else if (nlost++,
                   pc_buf_printf(&list, "%s%s (%s)", list.len ? ", " : "",
                                 br->code, br->postcode))
            rc = PC_NOMEM(err);
    }
    if (!rc && nlost)
        rc = bd_warn(b, err,
                     "%zu branch surgeries left out: their postcode is in no "
                     "postcode file: %s",
                     nlost, pc_buf_str(&list));
    b->nbr = keep; /* and those of practices left out go with them */
    pc_buf_free(&list);
    pc_index_free(&ix);
    free(slot);
    return rc;
}

/* --- the ICB's LADs ----------------------------------------------------- */

static int cmp_lad(const void *x, const void *y)
{
    return strcmp(((const bd_lad *)x)->code, ((const bd_lad *)y)->code);
}

/* The LAD of each practice: the chosen LAD holding its point, else the
 * nearest chosen LAD. */
static pc_status practice_lads(bd_ctx *b, pc_error *err)
{
    geo_prepared **prep = calloc(b->nlads + 1, sizeof *prep);
    pc_status rc = prep ? PC_OK : PC_NOMEM(err);

    for (size_t l = 0; l < b->nlads && !rc; l++)
        if (!(prep[l] = geo_prepared_new(b->g, &b->lads[l].g, err)))
            rc = err->code;
    for (size_t i = 0; i < b->nprac && !rc; i++) {
        bd_prac *p = &b->prac[i];
        geo_wkb pt = {0};
        double best = INFINITY;
        int in = 0;

        for (size_t l = 0; l < b->nlads && !in && !rc; l++) {
            rc = geo_prepared_covers(prep[l], p->e, p->n, &in, err);
            if (in)
                p->lad = l;
        }
        if (in || rc)
            continue;
        if ((rc = geo_point_wkb(b->g, p->e, p->n, &pt, err)))
            break;
        for (size_t l = 0; l < b->nlads && !rc; l++) {
            double d;

            rc = geo_distance_m(b->g, &b->lads[l].g, &pt, &d, err);
            if (!rc && d < best) {
                best = d;
                p->lad = l;
            }
        }
        geo_wkb_free(&pt);
        p->lad_note = "outside the ICB's LADs: nearest LAD";
        if (!rc)
            rc = bd_warn(b, err,
                         "practice %s (%s, %s) lies outside the ICB's LADs: "
                         "it counts in the nearest, %s (%.0f m away)",
                         p->code, p->name, p->postcode, b->lads[p->lad].name,
                         best);
    }
    for (size_t l = 0; prep && l < b->nlads; l++)
        geo_prepared_free(prep[l]);
    free(prep);
    return rc;
}

/* 1 in *in when a practice of the ICB lies in LAD l. */
static pc_status holds_practice(bd_ctx *b, const bd_lad *l, int *in,
                                pc_error *err)
{
    geo_prepared *pp = geo_prepared_new(b->g, &l->g, err);
    pc_status rc = pp ? PC_OK : err->code;

    *in = 0;
    for (size_t i = 0; i < b->nprac && !rc && !*in; i++)
        rc = geo_prepared_covers(pp, b->prac[i].e, b->prac[i].n, in, err);
    geo_prepared_free(pp);
    return rc;
}

pc_status bd_geo_lads(bd_ctx *b, pc_error *err)
{
    geo_areas *ix = NULL;
    geo_hit *hits = NULL;
    size_t nh = 0, cap = 0;
    double icb_m2 = 0;
    pc_status rc = PC_OK;

    {
        geo_wkb *polys = malloc((b->nall + 1) * sizeof *polys);

        if (!polys)
            return PC_NOMEM(err);
        for (size_t i = 0; i < b->nall; i++)
            polys[i] = b->all[i].g;
        ix = geo_areas_new(b->g, polys, b->nall, err);
        free(polys);
    }
    if (!ix || geo_areas_overlay(ix, &b->icb_g, &hits, &nh, &icb_m2, err)) {
        geo_areas_free(ix);
        return err->code;
    }
    for (size_t h = 0; h < nh && !rc; h++) {
        bd_lad *l = &b->all[hits[h].id];
        double m2 = 0;
        int keep;

        if ((rc = geo_area_m2(b->g, &l->g, &m2, err)))
            break;
        l->share = m2 > 0 ? hits[h].value / m2 : 0;
        keep = l->share >= LAD_SHARE_MIN;
        if (!keep && l->share >= LAD_SHARE_PRACTICE)
            rc = holds_practice(b, l, &keep, err);
        if (!rc && keep) {
            b->lads = pc_arena_grow(b->a, b->lads, b->nlads + 1, &cap,
                                    sizeof *b->lads);
            if (!b->lads)
                rc = PC_NOMEM(err);
            else
                b->lads[b->nlads++] = *l;
        }
    }
    free(hits);
    geo_areas_free(ix);
    if (rc)
        return rc;
    if (!b->nlads)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: no LAD lies mostly inside ICB %s (expected the "
                       "LAD boundaries of the ICB's area)",
                       bd_base(b->path[BD_LAD_GEO]), b->r->icb_gss);
    qsort(b->lads, b->nlads, sizeof *b->lads, cmp_lad);
    b->r->lads = b->nlads;
    return practice_lads(b, err);
}
