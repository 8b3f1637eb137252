/* plan_site.c: site and proximity views (see plan_site.h).
 *
 * Shares are printed in JSON at full precision, so that they sum to 1 as
 * stored; distances to 0.1 m and areas to 0.01 ha. Tables round for people
 * and say what the numbers are. */
#include "plan_site.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- one site ------------------------------------------------------------ */

/* The distinct places of the site's LADs with their summed shares, in
 * order of share. Returns the count; places/shares hold up to n. */
static size_t place_shares(const ds_site_view *v, const char **places,
                           double *shares)
{
    size_t np = 0;

    for (size_t i = 0; i < v->nlads; i++) {
        size_t k;

        for (k = 0; k < np && strcmp(places[k], v->lads[i].place); k++)
            ;
        if (k == np) {
            places[np] = v->lads[i].place;
            shares[np++] = 0;
        }
        shares[k] += v->lads[i].share;
    }
    for (size_t a = 1; a < np; a++)
        for (size_t b = a; b > 0 && shares[b - 1] < shares[b]; b--) {
            const char *tp = places[b];
            double ts = shares[b];

            places[b] = places[b - 1];
            shares[b] = shares[b - 1];
            places[b - 1] = tp;
            shares[b - 1] = ts;
        }
    return np;
}

pc_status plan_site_json(const ds_site_view *v, pc_buf *out, pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *a, *o;
    const char **places = calloc(v->nlads + 1, sizeof *places);
    double *pshares = calloc(v->nlads + 1, sizeof *pshares);
    size_t np;
    int ok = root && places && pshares;

    if (!ok) {
        free(places);
        free(pshares);
        cJSON_Delete(root);
        return PC_NOMEM(err);
    }
    plan_jstr(root, "site_id", v->site_id, &ok);
    plan_jstr(root, "name", v->name, &ok);
    plan_jstr(root, "lad_code", v->lad_code, &ok);
    plan_jnum(root, "dwellings", (double)v->dwellings, &ok);
    plan_jnum(root, "dwellings_10y", (double)v->dwellings_10y, &ok);
    plan_jnum(root, "horizon_10y_first", v->base_year, &ok);
    plan_jnum(root, "horizon_10y_last", v->base_year + 9, &ok);
    plan_jnum(root, "area_ha", plan_round(v->area_ha, 2), &ok);
    plan_jbool(root, "geometry_approximate", v->geom_approx, &ok);
    plan_jstr(root, "setting", v->setting, &ok);
    plan_jstr(root, "planning_status", v->planning_status, &ok);
    plan_jstr(root, "s106_position", v->s106_position, &ok);
    plan_jstr(root, "illustrative", v->illustrative, &ok);
    a = plan_jarr(root, "areas", &ok);
    for (size_t i = 0; ok && i < v->nlads; i++) {
        o = plan_jitem(a, &ok);
        plan_jstr(o, "lad_code", v->lads[i].lad_code, &ok);
        plan_jstr(o, "lad_name", v->lads[i].lad_name, &ok);
        plan_jstr(o, "place", v->lads[i].place, &ok);
        plan_jnum(o, "share", v->lads[i].share, &ok);
        plan_jnum(o, "dwellings", (double)v->dwellings * v->lads[i].share, &ok);
    }
    np = place_shares(v, places, pshares);
    a = plan_jarr(root, "places", &ok);
    for (size_t i = 0; ok && i < np; i++) {
        o = plan_jitem(a, &ok);
        plan_jstr(o, "place", places[i], &ok);
        plan_jnum(o, "share", pshares[i], &ok);
        plan_jnum(o, "dwellings", (double)v->dwellings * pshares[i], &ok);
    }
    a = plan_jarr(root, "pcns", &ok);
    for (size_t i = 0; ok && i < v->npcns; i++) {
        o = plan_jitem(a, &ok);
        plan_jstr(o, "pcn_code", v->pcns[i].pcn_code, &ok);
        plan_jstr(o, "name", v->pcns[i].pcn_name, &ok);
        plan_jstr(o, "place", v->pcns[i].place, &ok);
        plan_jnum(o, "share", v->pcns[i].share, &ok);
        plan_jbool(o, "approximate", 1, &ok);
    }
    plan_jstr(root, "method", v->method, &ok);
    plan_jbool(root, "fallback", v->fallback, &ok);
    plan_jstr(root, "note", v->note, &ok);
    a = plan_jarr(root, "practices", &ok);
    for (size_t i = 0; ok && i < v->npractices; i++) {
        const ds_site_practice *p = &v->practices[i];

        o = plan_jitem(a, &ok);
        plan_jstr(o, "code", p->code, &ok);
        plan_jstr(o, "name", p->name, &ok);
        plan_jstr(o, "premises_id", p->premises_id, &ok);
        plan_jstr(o, "premises_name", p->premises_name, &ok);
        plan_jnum(o, "distance_m", plan_round(p->distance_m, 1), &ok);
        plan_jnum(o, "share", p->share, &ok);
        plan_jnum(o, "patients", (double)p->patients, &ok);
    }
    o = cJSON_AddObjectToObject(root, "assumptions");
    if (!o)
        ok = 0;
    for (size_t i = 0; ok && i < v->nparams; i++)
        plan_jnum(o, v->param_ids[i], v->param_values[i], &ok);
    free(places);
    free(pshares);
    return plan_json_out(root, ok, out, err);
}

/* The parameter value with this id, or NAN. */
static double param(const ds_site_view *v, const char *id)
{
    for (size_t i = 0; i < v->nparams; i++)
        if (!strcmp(v->param_ids[i], id))
            return v->param_values[i];
    return NAN;
}

static pc_status method_line(const ds_site_view *v, pc_buf *out)
{
    char d[32];
    int rural = v->setting && !strcmp(v->setting, "rural");

    if (!strcmp(v->method, "huff")) {
        pc_fmt_thousands(
            d, sizeof d,
            (long long)param(v, rural ? "dmax_rural_m" : "dmax_urban_m"));
        return pc_buf_printf(out,
                             "Practices (method huff: share ~ list size^%g x "
                             "distance^-%g, over practices within %s m of "
                             "this %s site; distances under %g m count as "
                             "%g m)\n",
                             param(v, "huff_alpha"), param(v, "huff_beta"), d,
                             rural ? "rural" : "urban",
                             param(v, "huff_min_distance_m"),
                             param(v, "huff_min_distance_m"));
    }
    if (!strcmp(v->method, "nearest"))
        return pc_buf_puts(out, "Practices (method nearest: all to the "
                                "practice of the nearest premises)\n");
    return pc_buf_puts(out, "Practices (method catchment: practices whose "
                            "catchment the site overlaps, by list size x "
                            "area inside)\n");
}

pc_status plan_site_table(const ds_site_view *v, pc_buf *out, pc_error *err)
{
    char cell[4 * 52 + 1]; /* a name cut to its column */
    const char **places = calloc(v->nlads + 1, sizeof *places);
    double *pshares = calloc(v->nlads + 1, sizeof *pshares);
    char dw[32], d10[32], num[32];
    size_t np;
    pc_status rc = PC_OK;

    if (!places || !pshares) {
        free(places);
        free(pshares);
        return PC_NOMEM(err);
    }
    pc_fmt_thousands(dw, sizeof dw, v->dwellings);
    pc_fmt_thousands(d10, sizeof d10, v->dwellings_10y);
    pc_fmt_num(num, sizeof num, v->area_ha, 1);
    rc = pc_buf_printf(out, "Site %s  %s\n", v->site_id, v->name);
    if (rc == PC_OK && v->illustrative)
        rc = pc_buf_printf(out, "  illustrative values: %s\n",
                           !strcmp(v->illustrative, "*") ? "all"
                                                         : v->illustrative);
    if (rc == PC_OK)
        rc = pc_buf_printf(out,
                           "  %s dwellings (%s in %d-%d); %s ha%s; %s; "
                           "declared LAD %s\n",
                           dw, d10, v->base_year, v->base_year + 9, num,
                           v->geom_approx ? " (a circle: point and area)" : "",
                           v->setting, v->lad_code);
    if (rc == PC_OK)
        rc = pc_buf_printf(out, "  planning status %s; S106 %s\n\n",
                           v->planning_status ? v->planning_status : "-",
                           v->s106_position);
    if (rc == PC_OK)
        rc = pc_buf_printf(out, "%-44s %7s %10s\n", "LAD (place)", "share",
                           "dwellings");
    for (size_t i = 0; rc == PC_OK && i < v->nlads; i++) {
        char label[128], sh[32];

        snprintf(label, sizeof label, "%s %s (%s)", v->lads[i].lad_code,
                 v->lads[i].lad_name, v->lads[i].place);
        pc_fmt_num(sh, sizeof sh, 100 * v->lads[i].share, 1);
        pc_fmt_thousands(dw, sizeof dw,
                         llround((double)v->dwellings * v->lads[i].share));
        pc_fmt_cell(cell, sizeof cell, label, 42);
        rc = pc_buf_printf(out, "  %s %6s%% %10s\n", cell, sh, dw);
    }
    np = place_shares(v, places, pshares);
    if (rc == PC_OK && np > 1) {
        rc = pc_buf_printf(out, "%-44s %7s %10s\n", "place", "share",
                           "dwellings");
        for (size_t i = 0; rc == PC_OK && i < np; i++) {
            char sh[32];

            pc_fmt_num(sh, sizeof sh, 100 * pshares[i], 1);
            pc_fmt_thousands(dw, sizeof dw,
                             llround((double)v->dwellings * pshares[i]));
            pc_fmt_cell(cell, sizeof cell, places[i], 42);
            rc = pc_buf_printf(out, "  %s %6s%% %10s\n", cell, sh, dw);
        }
    }
    if (rc == PC_OK && v->npcns > 0)
        rc = pc_buf_puts(out, "\nPCN (approximate areas: Voronoi cells of "
                              "premises)            share\n");
    for (size_t i = 0; rc == PC_OK && i < v->npcns; i++) {
        char label[160], sh[32];

        snprintf(label, sizeof label, "%s %s",
                 v->pcns[i].pcn_code ? v->pcns[i].pcn_code : "-",
                 v->pcns[i].pcn_name ? v->pcns[i].pcn_name
                                     : "(practices in no PCN)");
        pc_fmt_num(sh, sizeof sh, 100 * v->pcns[i].share, 1);
        pc_fmt_cell(cell, sizeof cell, label, 52);
        rc = pc_buf_printf(out, "  %s %6s%%\n", cell, sh);
    }
    if (rc == PC_OK)
        rc = pc_buf_puts(out, "\n");
    if (rc == PC_OK)
        rc = method_line(v, out);
    if (rc == PC_OK)
        rc = pc_buf_printf(out, "  %-7s %-32s %-12s %10s %9s %7s\n", "code",
                           "name", "premises", "distance m", "patients",
                           "share");
    for (size_t i = 0; rc == PC_OK && i < v->npractices; i++) {
        const ds_site_practice *p = &v->practices[i];
        char dist[32], pat[32], sh[32];

        pc_fmt_thousands(dist, sizeof dist, llround(p->distance_m));
        pc_fmt_thousands(pat, sizeof pat, p->patients);
        pc_fmt_num(sh, sizeof sh, 100 * p->share, 1);
        pc_fmt_cell(cell, sizeof cell, p->name, 32);
        rc = pc_buf_printf(out, "  %-7s %s %-12.12s %10s %9s %6s%%\n", p->code,
                           cell, p->premises_id ? p->premises_id : "-", dist,
                           pat, sh);
    }
    if (rc == PC_OK && v->note)
        rc = pc_buf_printf(out, "%s: %s\n", v->fallback ? "fallback" : "note",
                           v->note);
    free(places);
    free(pshares);
    return rc == PC_OK ? PC_OK : PC_FAIL(err, rc, "formatting the site");
}

/* --- the list of sites --------------------------------------------------- */

pc_status plan_site_list(ds_store *st, int json, pc_buf *out, pc_error *err)
{
    char cell[4 * 52 + 1]; /* a name cut to its column */
    static const double all[4] = {-1e300, -1e300, 1e300, 1e300};
    ds_features *f = NULL;
    pc_status rc;

    if (ds_store_features_in_box(st, DS_LAYER_SITES, all, &f, err) != PC_OK)
        return err->code;
    if (json) {
        cJSON *root = cJSON_CreateObject(), *a;
        int ok = root != NULL;

        a = plan_jarr(root, "sites", &ok);
        for (size_t i = 0; ok && i < f->n; i++) {
            cJSON *o = plan_jitem(a, &ok);

            plan_jstr(o, "site_id", f->v[i].id, &ok);
            plan_jstr(o, "name", f->v[i].name, &ok);
            plan_jnum(o, "dwellings", (double)f->v[i].size, &ok);
        }
        rc = plan_json_out(root, ok, out, err);
    } else {
        rc = pc_buf_printf(out, "%-16s %-44s %9s\n", "site", "name",
                           "dwellings");
        for (size_t i = 0; rc == PC_OK && i < f->n; i++) {
            char dw[32];

            pc_fmt_thousands(dw, sizeof dw, f->v[i].size);
            pc_fmt_cell(cell, sizeof cell, f->v[i].name, 44);
            rc = pc_buf_printf(out, "%-16s %s %9s\n", f->v[i].id, cell, dw);
        }
        if (rc != PC_OK)
            rc = PC_FAIL(err, rc, "formatting the site list");
    }
    ds_features_free(f);
    return rc;
}

/* --- near --------------------------------------------------------------- */

static int parse_number(const char *s, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

pc_status plan_parse_lonlat(geo_ctx *geo, const char *s, double *lon,
                            double *lat, double *e, double *n, pc_error *err)
{
    char buf[128];
    char *comma;
    double x, y;

    if (strlen(s) >= sizeof buf || !(comma = strchr(strcpy(buf, s), ',')))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected LON,LAT in degrees, e.g. -1.5106,52.4081; "
                       "got \"%.60s\"",
                       s);
    *comma = '\0';
    if (!parse_number(buf, &x) || !parse_number(comma + 1, &y))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected two numbers LON,LAT in degrees, e.g. "
                       "-1.5106,52.4081; got \"%.60s\"",
                       s);
    if (geo_point_to_bng(geo, GEO_CRS_WGS84, x, y, e, n, err) != PC_OK)
        return err->code;
    *lon = x;
    *lat = y;
    return PC_OK;
}

pc_status plan_parse_radius(const char *s, double *out, pc_error *err)
{
    double v = PLAN_NEAR_RADIUS_M;

    if (s && (!parse_number(s, &v) || !(v > 0) || v > 50000))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "expected a radius in metres, more than 0 and at most "
                       "50000; got \"%.60s\"",
                       s);
    *out = v;
    return PC_OK;
}

typedef struct near_hit {
    size_t i; /* into the feature list */
    double d;
} near_hit;

static int cmp_near(const void *a, const void *b)
{
    const near_hit *x = a, *y = b;

    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Features of layer within r of geometry g (whose bbox is box), sorted. */
static pc_status features_near(ds_store *st, geo_ctx *geo, ds_layer layer,
                               const geo_wkb *g, const double box[4], double r,
                               ds_features **f, near_hit **hits, size_t *nhits,
                               pc_error *err)
{
    double q[4] = {box[0] - r, box[1] - r, box[2] + r, box[3] + r};
    size_t k = 0;

    *hits = NULL;
    *nhits = 0;
    if (ds_store_features_in_box(st, layer, q, f, err) != PC_OK)
        return err->code;
    *hits = calloc((*f)->n + 1, sizeof **hits);
    if (!*hits)
        return PC_NOMEM(err);
    for (size_t i = 0; i < (*f)->n; i++) {
        double d;

        if (geo_distance_m(geo, g, &(*f)->v[i].geom, &d, err) != PC_OK)
            return pc_error_wrap(err, "%s %s", ds_layer_name(layer),
                                 (*f)->v[i].id);
        if (d <= r)
            (*hits)[k++] = (near_hit){i, d};
    }
    qsort(*hits, k, sizeof **hits, cmp_near);
    *nhits = k;
    return PC_OK;
}

/* Checks that (e, n) lies in one of the dataset's places. */
static pc_status check_in_area(ds_store *st, geo_ctx *geo, double e, double n,
                               pc_error *err)
{
    double box[4] = {e, n, e, n};
    ds_features *f = NULL;
    int inside = 0;

    if (ds_store_features_in_box(st, DS_LAYER_PLACES, box, &f, err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < f->n && !inside; i++)
        if (geo_covers_point(geo, &f->v[i].geom, e, n, &inside, err) != PC_OK) {
            ds_features_free(f);
            return err->code;
        }
    ds_features_free(f);
    if (!inside)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "the point (E %.0f, N %.0f) lies outside every place "
                       "of the dataset (expected a point inside its area)",
                       e, n);
    return PC_OK;
}

pc_status plan_postcode_point(ds_store *st, geo_ctx *geo, const char *text,
                              char norm[DS_POSTCODE_MAX], double *lon,
                              double *lat, double *e, double *n, pc_error *err)
{
    char pc[DS_POSTCODE_MAX];
    double pe, pn, x, y;

    if (ds_store_postcode(st, text, pc, &pe, &pn, err) != PC_OK ||
        geo_point_to_wgs84(geo, pe, pn, &x, &y, err) != PC_OK)
        return err->code;
    memcpy(norm, pc, sizeof pc);
    *lon = x;
    *lat = y;
    *e = pe;
    *n = pn;
    return PC_OK;
}

pc_status plan_near_point(ds_store *st, geo_ctx *geo, double lon, double lat,
                          double e, double n, const char *postcode,
                          double radius_m, int json, pc_buf *out, pc_error *err)
{
    char cell[4 * 52 + 1]; /* a name cut to its column */
    geo_wkb pt = {0};
    ds_features *f = NULL;
    near_hit *hits = NULL;
    size_t nh = 0;
    double box[4] = {e, n, e, n};
    pc_status rc;

    if ((rc = check_in_area(st, geo, e, n, err)) != PC_OK ||
        (rc = geo_point_wkb(geo, e, n, &pt, err)) != PC_OK ||
        (rc = features_near(st, geo, DS_LAYER_PREMISES, &pt, box, radius_m, &f,
                            &hits, &nh, err)) != PC_OK)
        goto cleanup;
    if (json) {
        cJSON *root = cJSON_CreateObject(), *at, *a;
        int ok = root != NULL;

        at = cJSON_AddObjectToObject(root, "at");
        if (!at)
            ok = 0;
        plan_jnum(at, "lon", lon, &ok);
        plan_jnum(at, "lat", lat, &ok);
        plan_jnum(at, "easting", plan_round(e, 1), &ok);
        plan_jnum(at, "northing", plan_round(n, 1), &ok);
        plan_jstr(at, "postcode", postcode, &ok);
        plan_jnum(root, "radius_m", radius_m, &ok);
        a = plan_jarr(root, "premises", &ok);
        for (size_t i = 0; ok && i < nh; i++) {
            const ds_feature *x = &f->v[hits[i].i];
            cJSON *o = plan_jitem(a, &ok), *pa;

            plan_jstr(o, "premises_id", x->id, &ok);
            plan_jstr(o, "name", x->name, &ok);
            plan_jnum(o, "distance_m", plan_round(hits[i].d, 1), &ok);
            plan_jnum(o, "rooms", (double)x->size, &ok);
            pa = plan_jarr(o, "practices", &ok);
            for (size_t k = 0; ok && k < x->npractices; k++) {
                cJSON *p = plan_jitem(pa, &ok);

                plan_jstr(p, "code", x->practice_codes[k], &ok);
                plan_jstr(p, "name", x->practice_names[k], &ok);
            }
        }
        rc = plan_json_out(root, ok, out, err);
        goto cleanup;
    }
    {
        char r[32], sl[32], sn[32];

        pc_fmt_thousands(r, sizeof r, llround(radius_m));
        pc_fmt_num(sl, sizeof sl, lon, 5);
        pc_fmt_num(sn, sizeof sn, lat, 5);
        rc = pc_buf_printf(out,
                           "Premises within %s m of %s,%s (E %.0f, N %.0f), "
                           "nearest first: %zu\n",
                           r, sl, sn, e, n, nh);
        if (rc == PC_OK && postcode)
            rc = pc_buf_printf(out, "  (the centroid of postcode %s)\n",
                               postcode);
    }
    if (rc == PC_OK && nh > 0)
        rc = pc_buf_printf(out, "%10s  %-12s %-34s %5s  %s\n", "distance m",
                           "premises", "name", "rooms", "practices");
    for (size_t i = 0; rc == PC_OK && i < nh; i++) {
        const ds_feature *x = &f->v[hits[i].i];
        char d[32];

        pc_fmt_thousands(d, sizeof d, llround(hits[i].d));
        pc_fmt_cell(cell, sizeof cell, x->name, 34);
        rc = pc_buf_printf(out, "%10s  %-12.12s %s %5ld  ", d, x->id, cell,
                           x->size);
        for (size_t k = 0; rc == PC_OK && k < x->npractices; k++)
            rc = pc_buf_printf(out, "%s%s %s", k ? "; " : "",
                               x->practice_codes[k], x->practice_names[k]);
        if (rc == PC_OK)
            rc = pc_buf_puts(out, "\n");
    }
    if (rc != PC_OK)
        rc = PC_FAIL(err, rc, "formatting premises");

cleanup:
    free(hits);
    ds_features_free(f);
    geo_wkb_free(&pt);
    return rc;
}

pc_status plan_near_premises(ds_store *st, geo_ctx *geo, const char *id,
                             double radius_m, int json, pc_buf *out,
                             pc_error *err)
{
    char cell[4 * 52 + 1]; /* a name cut to its column */
    ds_features *pm = NULL, *f = NULL;
    near_hit *hits = NULL;
    size_t nh = 0;
    double box[4];
    pc_status rc;

    if ((rc = ds_store_feature(st, DS_LAYER_PREMISES, id, &pm, err)) != PC_OK ||
        (rc = geo_bbox(geo, &pm->v[0].geom, box, err)) != PC_OK ||
        (rc = features_near(st, geo, DS_LAYER_SITES, &pm->v[0].geom, box,
                            radius_m, &f, &hits, &nh, err)) != PC_OK)
        goto cleanup;
    if (json) {
        cJSON *root = cJSON_CreateObject(), *a;
        int ok = root != NULL;

        plan_jstr(root, "premises_id", pm->v[0].id, &ok);
        plan_jstr(root, "name", pm->v[0].name, &ok);
        plan_jnum(root, "radius_m", radius_m, &ok);
        a = plan_jarr(root, "sites", &ok);
        for (size_t i = 0; ok && i < nh; i++) {
            const ds_feature *x = &f->v[hits[i].i];
            cJSON *o = plan_jitem(a, &ok);

            plan_jstr(o, "site_id", x->id, &ok);
            plan_jstr(o, "name", x->name, &ok);
            plan_jnum(o, "distance_m", plan_round(hits[i].d, 1), &ok);
            plan_jnum(o, "dwellings", (double)x->size, &ok);
        }
        rc = plan_json_out(root, ok, out, err);
        goto cleanup;
    }
    {
        char r[32];

        pc_fmt_thousands(r, sizeof r, llround(radius_m));
        rc = pc_buf_printf(out,
                           "Housing sites within %s m of %s (%s), nearest "
                           "first: %zu\n",
                           r, pm->v[0].id, pm->v[0].name, nh);
    }
    if (rc == PC_OK && nh > 0)
        rc = pc_buf_printf(out, "%10s  %-12s %-40s %9s\n", "distance m", "site",
                           "name", "dwellings");
    for (size_t i = 0; rc == PC_OK && i < nh; i++) {
        const ds_feature *x = &f->v[hits[i].i];
        char d[32], dw[32];

        pc_fmt_thousands(d, sizeof d, llround(hits[i].d));
        pc_fmt_thousands(dw, sizeof dw, x->size);
        pc_fmt_cell(cell, sizeof cell, x->name, 40);
        rc = pc_buf_printf(out, "%10s  %-12.12s %s %9s\n", d, x->id, cell, dw);
    }
    if (rc != PC_OK)
        rc = PC_FAIL(err, rc, "formatting sites");

cleanup:
    free(hits);
    ds_features_free(f);
    ds_features_free(pm);
    return rc;
}
