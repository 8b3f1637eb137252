/* geo_index.c: distances, STR-tree indexes, overlay and Voronoi cells in
 * British National Grid (see geo.h).
 *
 * The spatial model asks three kinds of question many times over: which
 * points lie within r metres of a site polygon (premises within D_max),
 * which areas a site polygon overlaps and by how much (LADs, PCN areas,
 * catchments), and, once, which cell of a Voronoi diagram each premises
 * owns. The indexes are GEOS STR-trees; exact distances use a prepared
 * geometry of the query, so a polygon's distance to each candidate point is
 * measured edge by edge, never from its centroid. Results are ordered so
 * that the same inputs always give the same output. */
#include "geo_int.h"
#include "pc_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static pc_status geos_fail(geo_ctx *ctx, pc_error *err, const char *what)
{
    return PC_FAIL(err, PC_ERR_SPATIAL, "GEOS %s: %s", what,
                   ctx->geos_msg[0] ? ctx->geos_msg : "failed");
}

static GEOSGeometry *read_wkb(geo_ctx *ctx, const geo_wkb *w, pc_error *err)
{
    GEOSGeometry *g = w->data ? geo_from_wkb(ctx, w) : NULL;

    if (!g)
        PC_FAIL(err, PC_ERR_INPUT, "bad geometry (WKB): %s",
                w->data ? ctx->geos_msg : "empty");
    return g;
}

pc_status geo_distance_m(geo_ctx *ctx, const geo_wkb *a, const geo_wkb *b,
                         double *out_m, pc_error *err)
{
    GEOSGeometry *ga = read_wkb(ctx, a, err), *gb = NULL;
    double d = 0;
    pc_status rc = PC_OK;

    if (!ga)
        return err->code;
    gb = read_wkb(ctx, b, err);
    if (!gb)
        rc = err->code;
    else if (!GEOSDistance_r(ctx->geos, ga, gb, &d))
        rc = geos_fail(ctx, err, "distance");
    else
        *out_m = d;
    GEOSGeom_destroy_r(ctx->geos, ga);
    if (gb)
        GEOSGeom_destroy_r(ctx->geos, gb);
    return rc;
}

pc_status geo_point_wkb(geo_ctx *ctx, double e, double n, geo_wkb *out,
                        pc_error *err)
{
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(ctx->geos, e, n);
    pc_status rc;

    if (!p)
        return geos_fail(ctx, err, "point");
    rc = geo_to_wkb(ctx, p, out, err);
    GEOSGeom_destroy_r(ctx->geos, p);
    return rc;
}

pc_status geo_covers_point(geo_ctx *ctx, const geo_wkb *g, double e, double n,
                           int *inside, pc_error *err)
{
    GEOSGeometry *poly = read_wkb(ctx, g, err), *p = NULL;
    char r = 2;

    if (!poly)
        return err->code;
    p = GEOSGeom_createPointFromXY_r(ctx->geos, e, n);
    if (p)
        r = GEOSCovers_r(ctx->geos, poly, p);
    GEOSGeom_destroy_r(ctx->geos, poly);
    if (p)
        GEOSGeom_destroy_r(ctx->geos, p);
    if (r == 2)
        return geos_fail(ctx, err, "covers");
    *inside = r == 1;
    return PC_OK;
}

static int envelope(geo_ctx *ctx, const GEOSGeometry *g, double box[4])
{
    return !GEOSisEmpty_r(ctx->geos, g) &&
           GEOSGeom_getXMin_r(ctx->geos, g, &box[0]) &&
           GEOSGeom_getYMin_r(ctx->geos, g, &box[1]) &&
           GEOSGeom_getXMax_r(ctx->geos, g, &box[2]) &&
           GEOSGeom_getYMax_r(ctx->geos, g, &box[3]);
}

pc_status geo_bbox(geo_ctx *ctx, const geo_wkb *g, double box[4], pc_error *err)
{
    GEOSGeometry *gg = read_wkb(ctx, g, err);
    double b[4];
    int ok;

    if (!gg)
        return err->code;
    ok = envelope(ctx, gg, b);
    GEOSGeom_destroy_r(ctx->geos, gg);
    if (!ok)
        return PC_FAIL(err, PC_ERR_INPUT, "empty geometry has no extent");
    memcpy(box, b, sizeof b);
    return PC_OK;
}

/* --- candidate lists ---------------------------------------------------- */

typedef struct ids {
    size_t *v, n, alloc;
    int nomem;
} ids;

static void collect(void *item, void *userdata)
{
    ids *c = userdata;

    if (c->n == c->alloc) {
        size_t na = c->alloc ? 2 * c->alloc : 64;
        size_t *nv = realloc(c->v, na * sizeof *nv);

        if (!nv) {
            c->nomem = 1;
            return;
        }
        c->v = nv;
        c->alloc = na;
    }
    c->v[c->n++] = *(const size_t *)item;
}

static int cmp_hit_value(const void *a, const void *b)
{
    const geo_hit *x = a, *y = b;

    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_hit_id(const void *a, const void *b)
{
    const geo_hit *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

/* --- points ------------------------------------------------------------- */

struct geo_points {
    geo_ctx *ctx;
    size_t n;
    GEOSGeometry **pts;
    size_t *ids; /* items of the tree: ids[i] == i */
    GEOSSTRtree *tree;
};

geo_points *geo_points_new(geo_ctx *ctx, const double *xy, size_t n,
                           pc_error *err)
{
    geo_points *p = calloc(1, sizeof *p);

    if (!p || !(p->pts = calloc(n ? n : 1, sizeof *p->pts)) ||
        !(p->ids = calloc(n ? n : 1, sizeof *p->ids))) {
        PC_NOMEM(err);
        goto fail;
    }
    p->ctx = ctx;
    p->tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (!p->tree) {
        geos_fail(ctx, err, "STR-tree");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) {
            PC_FAIL(err, PC_ERR_INPUT, "point %zu is not finite", i);
            goto fail;
        }
        p->pts[i] =
            GEOSGeom_createPointFromXY_r(ctx->geos, xy[2 * i], xy[2 * i + 1]);
        if (!p->pts[i]) {
            geos_fail(ctx, err, "point");
            goto fail;
        }
        p->n = i + 1;
        p->ids[i] = i;
        GEOSSTRtree_insert_r(ctx->geos, p->tree, p->pts[i], &p->ids[i]);
    }
    return p;

fail:
    geo_points_free(p);
    return NULL;
}

void geo_points_free(geo_points *p)
{
    if (!p)
        return;
    if (p->tree)
        GEOSSTRtree_destroy_r(p->ctx->geos, p->tree);
    for (size_t i = 0; i < p->n; i++)
        GEOSGeom_destroy_r(p->ctx->geos, p->pts[i]);
    free(p->pts);
    free(p->ids);
    free(p);
}

/* Points within r of the GEOS geometry g, sorted; see geo_points_within. */
static pc_status points_within(geo_points *p, const GEOSGeometry *g,
                               const GEOSPreparedGeometry *prep, double r,
                               geo_hit **hits, size_t *nhits, pc_error *err)
{
    geo_ctx *ctx = p->ctx;
    GEOSGeometry *rect = NULL;
    ids c = {0};
    geo_hit *out = NULL;
    size_t k = 0;
    double b[4];
    pc_status rc = PC_OK;

    if (!envelope(ctx, g, b))
        return PC_FAIL(err, PC_ERR_INPUT, "empty geometry");
    rect = GEOSGeom_createRectangle_r(ctx->geos, b[0] - r, b[1] - r, b[2] + r,
                                      b[3] + r);
    if (!rect)
        return geos_fail(ctx, err, "rectangle");
    GEOSSTRtree_query_r(ctx->geos, p->tree, rect, collect, &c);
    GEOSGeom_destroy_r(ctx->geos, rect);
    if (c.nomem) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    if (c.n > 0 && !(out = malloc(c.n * sizeof *out))) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t i = 0; i < c.n; i++) {
        double d;

        if (!GEOSPreparedDistance_r(ctx->geos, prep, p->pts[c.v[i]], &d)) {
            rc = geos_fail(ctx, err, "distance");
            goto cleanup;
        }
        if (d <= r)
            out[k++] = (geo_hit){c.v[i], d};
    }
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_hit_value);
    if (k == 0) {
        free(out);
        out = NULL;
    }
    *hits = out;
    *nhits = k;
    out = NULL;

cleanup:
    free(out);
    free(c.v);
    return rc;
}

/* Reads and prepares a query geometry. */
static pc_status prepare(geo_ctx *ctx, const geo_wkb *w, GEOSGeometry **g,
                         const GEOSPreparedGeometry **prep, pc_error *err)
{
    *g = read_wkb(ctx, w, err);
    if (!*g)
        return err->code;
    *prep = GEOSPrepare_r(ctx->geos, *g);
    if (!*prep) {
        GEOSGeom_destroy_r(ctx->geos, *g);
        *g = NULL;
        return geos_fail(ctx, err, "prepare");
    }
    return PC_OK;
}

static void unprepare(geo_ctx *ctx, GEOSGeometry *g,
                      const GEOSPreparedGeometry *prep)
{
    if (prep)
        GEOSPreparedGeom_destroy_r(ctx->geos, prep);
    if (g)
        GEOSGeom_destroy_r(ctx->geos, g);
}

pc_status geo_points_within(geo_points *p, const geo_wkb *g, double r,
                            geo_hit **hits, size_t *nhits, pc_error *err)
{
    GEOSGeometry *gg = NULL;
    const GEOSPreparedGeometry *prep = NULL;
    pc_status rc;

    if (!(r >= 0) || !isfinite(r))
        return PC_FAIL(err, PC_ERR_INPUT, "radius must be a number >= 0");
    if (prepare(p->ctx, g, &gg, &prep, err) != PC_OK)
        return err->code;
    rc = points_within(p, gg, prep, r, hits, nhits, err);
    unprepare(p->ctx, gg, prep);
    return rc;
}

pc_status geo_points_nearest(geo_points *p, const geo_wkb *g, geo_hit *out,
                             pc_error *err)
{
    GEOSGeometry *gg = NULL;
    const GEOSPreparedGeometry *prep = NULL;
    pc_status rc = PC_OK;

    if (p->n == 0)
        return PC_FAIL(err, PC_ERR_NOTFOUND, "no points to search");
    if (prepare(p->ctx, g, &gg, &prep, err) != PC_OK)
        return err->code;
    /* widen the search until something is in range: the first hit inside
     * any radius is the nearest of all, and ties resolve by index */
    for (double r = 1000;; r *= 4) {
        geo_hit *hits = NULL;
        size_t n = 0;

        rc = points_within(p, gg, prep, r, &hits, &n, err);
        if (rc == PC_OK && n > 0)
            *out = hits[0];
        free(hits);
        if (rc != PC_OK || n > 0)
            break;
        if (r > 4e6) { /* all of Great Britain and more: cannot happen */
            rc = PC_FAIL(err, PC_ERR_INTERNAL, "no nearest point found");
            break;
        }
    }
    unprepare(p->ctx, gg, prep);
    return rc;
}

/* --- areas -------------------------------------------------------------- */

struct geo_areas {
    geo_ctx *ctx;
    size_t n;
    GEOSGeometry **g; /* NULL for empty entries */
    size_t *ids;
    GEOSSTRtree *tree;
};

geo_areas *geo_areas_new(geo_ctx *ctx, const geo_wkb *polys, size_t n,
                         pc_error *err)
{
    geo_areas *a = calloc(1, sizeof *a);

    if (!a || !(a->g = calloc(n ? n : 1, sizeof *a->g)) ||
        !(a->ids = calloc(n ? n : 1, sizeof *a->ids))) {
        PC_NOMEM(err);
        goto fail;
    }
    a->ctx = ctx;
    a->n = n;
    a->tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (!a->tree) {
        geos_fail(ctx, err, "STR-tree");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        a->ids[i] = i;
        if (!polys[i].data)
            continue;
        a->g[i] = read_wkb(ctx, &polys[i], err);
        if (!a->g[i]) {
            pc_error_wrap(err, "area %zu", i);
            goto fail;
        }
        GEOSSTRtree_insert_r(ctx->geos, a->tree, a->g[i], &a->ids[i]);
    }
    return a;

fail:
    geo_areas_free(a);
    return NULL;
}

void geo_areas_free(geo_areas *a)
{
    if (!a)
        return;
    if (a->tree)
        GEOSSTRtree_destroy_r(a->ctx->geos, a->tree);
    for (size_t i = 0; a->g && i < a->n; i++)
        if (a->g[i])
            GEOSGeom_destroy_r(a->ctx->geos, a->g[i]);
    free(a->g);
    free(a->ids);
    free(a);
}

pc_status geo_areas_overlay(geo_areas *a, const geo_wkb *g, geo_hit **hits,
                            size_t *nhits, double *g_m2, pc_error *err)
{
    geo_ctx *ctx = a->ctx;
    GEOSGeometry *gg = NULL;
    const GEOSPreparedGeometry *prep = NULL;
    ids c = {0};
    geo_hit *out = NULL;
    size_t k = 0;
    double total = 0;
    pc_status rc = PC_OK;

    if (prepare(ctx, g, &gg, &prep, err) != PC_OK)
        return err->code;
    if (!GEOSArea_r(ctx->geos, gg, &total)) {
        rc = geos_fail(ctx, err, "area");
        goto cleanup;
    }
    GEOSSTRtree_query_r(ctx->geos, a->tree, gg, collect, &c);
    if (c.nomem || (c.n > 0 && !(out = malloc(c.n * sizeof *out)))) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    for (size_t i = 0; i < c.n; i++) {
        const GEOSGeometry *area = a->g[c.v[i]];
        GEOSGeometry *x;
        char hit = GEOSPreparedIntersects_r(ctx->geos, prep, area);
        double m2 = 0;

        if (hit == 2) {
            rc = geos_fail(ctx, err, "intersects");
            goto cleanup;
        }
        if (!hit)
            continue;
        x = GEOSIntersection_r(ctx->geos, gg, area);
        if (!x) {
            rc = geos_fail(ctx, err, "intersection");
            goto cleanup;
        }
        if (!GEOSArea_r(ctx->geos, x, &m2)) {
            GEOSGeom_destroy_r(ctx->geos, x);
            rc = geos_fail(ctx, err, "area");
            goto cleanup;
        }
        GEOSGeom_destroy_r(ctx->geos, x);
        if (m2 > 0) /* touching along an edge is not overlapping */
            out[k++] = (geo_hit){c.v[i], m2};
    }
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_hit_id);
    if (k == 0) {
        free(out);
        out = NULL;
    }
    *hits = out;
    *nhits = k;
    *g_m2 = total;
    out = NULL;

cleanup:
    free(out);
    free(c.v);
    unprepare(ctx, gg, prep);
    return rc;
}

/* --- Voronoi ------------------------------------------------------------ */

typedef struct xy_ref {
    double x, y;
    size_t i;
} xy_ref;

static int cmp_xy(const void *a, const void *b)
{
    const xy_ref *p = a, *q = b;

    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

/* Clips cell to clip and writes the polygonal remainder (if any) to out. */
static pc_status clip_cell(geo_ctx *ctx, const GEOSGeometry *cell,
                           const GEOSGeometry *clip, geo_wkb *out,
                           pc_error *err)
{
    GEOSGeometry *x = GEOSIntersection_r(ctx->geos, cell, clip);
    pc_status rc = PC_OK;

    if (!x)
        return geos_fail(ctx, err, "intersection");
    x = geo_polygonal_part(ctx, x);
    if (x) {
        rc = geo_to_wkb(ctx, x, out, err);
        GEOSGeom_destroy_r(ctx->geos, x);
    }
    return rc;
}

pc_status geo_voronoi_cells(geo_ctx *ctx, const double *xy, size_t n,
                            const geo_wkb *clip, geo_wkb *cells, pc_error *err)
{
    xy_ref *refs = NULL;
    GEOSGeometry **pts = NULL, *mp = NULL, *clip_g = NULL, *diagram = NULL;
    GEOSSTRtree *tree = NULL;
    size_t *cell_ids = NULL, nuniq = 0, i;
    int ncells = 0;
    pc_status rc = PC_OK;

    for (i = 0; i < n; i++)
        cells[i] = (geo_wkb){NULL, 0};
    if (n == 0)
        return PC_OK;
    clip_g = read_wkb(ctx, clip, err);
    refs = calloc(n, sizeof *refs);
    pts = calloc(n, sizeof *pts);
    if (!clip_g || !refs || !pts) {
        rc = clip_g ? PC_NOMEM(err) : err->code;
        goto cleanup;
    }
    for (i = 0; i < n; i++)
        refs[i] = (xy_ref){xy[2 * i], xy[2 * i + 1], i};
    qsort(refs, n, sizeof *refs, cmp_xy);
    /* one generator per distinct location, the first index keeping it */
    for (i = 0; i < n; i++)
        if (i == 0 || refs[i].x != refs[nuniq - 1].x ||
            refs[i].y != refs[nuniq - 1].y)
            refs[nuniq++] = refs[i];
    if (nuniq == 1) {
        rc = clip_cell(ctx, clip_g, clip_g, &cells[refs[0].i], err);
        goto cleanup;
    }
    for (i = 0; i < nuniq; i++) {
        pts[i] = GEOSGeom_createPointFromXY_r(ctx->geos, refs[i].x, refs[i].y);
        if (!pts[i]) {
            rc = geos_fail(ctx, err, "point");
            goto cleanup;
        }
    }
    mp = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOINT, pts,
                                     (unsigned)nuniq);
    if (!mp) {
        rc = geos_fail(ctx, err, "multipoint");
        goto cleanup;
    }
    for (i = 0; i < nuniq; i++)
        pts[i] = NULL; /* the multipoint owns them */
    diagram = GEOSVoronoiDiagram_r(ctx->geos, mp, clip_g, 0.0, 0);
    if (!diagram) {
        rc = geos_fail(ctx, err, "Voronoi diagram");
        goto cleanup;
    }
    ncells = GEOSGetNumGeometries_r(ctx->geos, diagram);
    tree = GEOSSTRtree_create_r(ctx->geos, 10);
    cell_ids = calloc(ncells > 0 ? (size_t)ncells : 1, sizeof *cell_ids);
    if (!tree || !cell_ids || ncells < 0) {
        rc = tree ? PC_NOMEM(err) : geos_fail(ctx, err, "STR-tree");
        goto cleanup;
    }
    for (int c = 0; c < ncells; c++) {
        cell_ids[c] = (size_t)c;
        GEOSSTRtree_insert_r(ctx->geos, tree,
                             GEOSGetGeometryN_r(ctx->geos, diagram, c),
                             &cell_ids[c]);
    }
    for (i = 0; i < nuniq && rc == PC_OK; i++) {
        const GEOSGeometry *pt = GEOSGetGeometryN_r(ctx->geos, mp, (int)i);
        ids cand = {0};

        GEOSSTRtree_query_r(ctx->geos, tree, pt, collect, &cand);
        if (cand.nomem)
            rc = PC_NOMEM(err);
        /* a generator lies strictly inside its own cell */
        for (size_t k = 0; k < cand.n && rc == PC_OK; k++) {
            const GEOSGeometry *cell =
                GEOSGetGeometryN_r(ctx->geos, diagram, (int)cand.v[k]);
            char in = GEOSIntersects_r(ctx->geos, cell, pt);

            if (in == 2)
                rc = geos_fail(ctx, err, "intersects");
            else if (in) {
                rc = clip_cell(ctx, cell, clip_g, &cells[refs[i].i], err);
                break;
            }
        }
        free(cand.v);
    }

cleanup:
    if (rc != PC_OK)
        for (i = 0; i < n; i++)
            geo_wkb_free(&cells[i]);
    if (tree)
        GEOSSTRtree_destroy_r(ctx->geos, tree);
    free(cell_ids);
    if (diagram)
        GEOSGeom_destroy_r(ctx->geos, diagram);
    if (mp)
        GEOSGeom_destroy_r(ctx->geos, mp);
    for (i = 0; pts && i < n; i++)
        if (pts[i])
            GEOSGeom_destroy_r(ctx->geos, pts[i]);
    free(pts);
    free(refs);
    if (clip_g)
        GEOSGeom_destroy_r(ctx->geos, clip_g);
    return rc;
}
