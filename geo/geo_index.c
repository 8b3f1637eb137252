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

/* A polygon prepared for many point tests (GEOS prepared geometry: an
 * indexed point locator instead of a relate graph per test). */
struct geo_prepared {
    geo_ctx *ctx;
    GEOSGeometry *g;
    const GEOSPreparedGeometry *p;
};

geo_prepared *geo_prepared_new(geo_ctx *ctx, const geo_wkb *g, pc_error *err)
{
    geo_prepared *pp = calloc(1, sizeof *pp);

    if (!pp) {
        PC_NOMEM(err);
        return NULL;
    }
    pp->ctx = ctx;
    if (!(pp->g = read_wkb(ctx, g, err))) {
        free(pp);
        return NULL;
    }
    if (!(pp->p = GEOSPrepare_r(ctx->geos, pp->g))) {
        geos_fail(ctx, err, "prepare");
        geo_prepared_free(pp);
        return NULL;
    }
    return pp;
}

void geo_prepared_free(geo_prepared *pp)
{
    if (!pp)
        return;
    if (pp->p)
        GEOSPreparedGeom_destroy_r(pp->ctx->geos, pp->p);
    if (pp->g)
        GEOSGeom_destroy_r(pp->ctx->geos, pp->g);
    free(pp);
}

pc_status geo_prepared_covers(geo_prepared *pp, double e, double n, int *inside,
                              pc_error *err)
{
    GEOSGeometry *p = GEOSGeom_createPointFromXY_r(pp->ctx->geos, e, n);
    char r = 2;

    if (p) {
        r = GEOSPreparedCovers_r(pp->ctx->geos, pp->p, p);
        GEOSGeom_destroy_r(pp->ctx->geos, p);
    }
    if (r == 2)
        return geos_fail(pp->ctx, err, "covers");
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

/* --- trees of geometries ---------------------------------------------- */

/* Geometries 0..n-1 in a GEOS STR-tree whose items are their indexes. */
typedef struct geo_tree {
    geo_ctx *ctx;
    size_t n;
    GEOSGeometry **g; /* owned; NULL for entries not taken */
    size_t *ids;      /* the tree's items: ids[i] == i */
    GEOSSTRtree *tree;
} geo_tree;

/* An empty tree for n geometries; on failure tree_free() still applies. */
static pc_status tree_init(geo_tree *t, geo_ctx *ctx, size_t n, pc_error *err)
{
    t->ctx = ctx;
    t->g = calloc(n ? n : 1, sizeof *t->g);
    t->ids = calloc(n ? n : 1, sizeof *t->ids);
    if (!t->g || !t->ids)
        return PC_NOMEM(err);
    t->n = n;
    for (size_t i = 0; i < n; i++)
        t->ids[i] = i;
    t->tree = GEOSSTRtree_create_r(ctx->geos, 10);
    if (!t->tree)
        return geos_fail(ctx, err, "STR-tree");
    return PC_OK;
}

/* Indexes g (borrowed: it must outlive the tree) as entry i. */
static void tree_insert(geo_tree *t, size_t i, const GEOSGeometry *g)
{
    GEOSSTRtree_insert_r(t->ctx->geos, t->tree, g, &t->ids[i]);
}

/* Indexes g as entry i, and takes it. */
static void tree_take(geo_tree *t, size_t i, GEOSGeometry *g)
{
    t->g[i] = g;
    tree_insert(t, i, g);
}

static void tree_free(geo_tree *t)
{
    if (t->tree)
        GEOSSTRtree_destroy_r(t->ctx->geos, t->tree);
    for (size_t i = 0; t->g && i < t->n; i++)
        if (t->g[i])
            GEOSGeom_destroy_r(t->ctx->geos, t->g[i]);
    free(t->g);
    free(t->ids);
}

/* The entries whose envelope meets g's, into *c (c->v owned by the
 * caller). */
static pc_status tree_query(const geo_tree *t, const GEOSGeometry *g, ids *c,
                            pc_error *err)
{
    GEOSSTRtree_query_r(t->ctx->geos, t->tree, g, collect, c);
    return c->nomem ? PC_NOMEM(err) : PC_OK;
}

/* Makes entry i of a tree from src into *g (NULL: an empty entry). */
typedef pc_status (*tree_make)(geo_ctx *ctx, const void *src, size_t i,
                               GEOSGeometry **g, pc_error *err);

/* A tree of the n geometries make() makes from src; on failure
 * tree_free() still applies. */
static pc_status tree_fill(geo_tree *t, geo_ctx *ctx, size_t n, tree_make make,
                           const void *src, pc_error *err)
{
    pc_status rc = tree_init(t, ctx, n, err);

    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        GEOSGeometry *g = NULL;

        rc = make(ctx, src, i, &g, err);
        if (rc == PC_OK && g)
            tree_take(t, i, g);
    }
    return rc;
}

/* A new object of size bytes that starts with a tree of the n geometries
 * make() makes from src (geo_points, geo_areas); NULL on failure. The
 * caller frees it with tree_delete(). */
static void *tree_new(size_t size, geo_ctx *ctx, size_t n, tree_make make,
                      const void *src, pc_error *err)
{
    geo_tree *t = calloc(1, size);

    if (!t) {
        PC_NOMEM(err);
        return NULL;
    }
    if (tree_fill(t, ctx, n, make, src, err) != PC_OK) {
        tree_free(t);
        free(t);
        return NULL;
    }
    return t;
}

static void tree_delete(geo_tree *t)
{
    if (!t)
        return;
    tree_free(t);
    free(t);
}

/* --- points ------------------------------------------------------------- */

struct geo_points {
    geo_tree t; /* first: made by tree_new() */
};

static pc_status make_point(geo_ctx *ctx, const void *src, size_t i,
                            GEOSGeometry **g, pc_error *err)
{
    const double *xy = (const double *)src + 2 * i;

    if (!isfinite(xy[0]) || !isfinite(xy[1]))
        return PC_FAIL(err, PC_ERR_INPUT, "point %zu is not finite", i);
    *g = GEOSGeom_createPointFromXY_r(ctx->geos, xy[0], xy[1]);
    return *g ? PC_OK : geos_fail(ctx, err, "point");
}

geo_points *geo_points_new(geo_ctx *ctx, const double *xy, size_t n,
                           pc_error *err)
{
    return tree_new(sizeof(geo_points), ctx, n, make_point, xy, err);
}

void geo_points_free(geo_points *p)
{
    tree_delete(p ? &p->t : NULL);
}

/* The value of a candidate entry of a tree in *value, and in *keep
 * whether it is a hit. */
typedef pc_status (*hit_measure)(geo_ctx *ctx, const void *arg,
                                 const GEOSGeometry *entry, double *value,
                                 int *keep, pc_error *err);

/* The entries of t whose envelope meets q's and that measure() keeps, with
 * their values, sorted by cmp: *hits (malloc'd, NULL when none) and
 * *nhits. */
static pc_status tree_hits(const geo_tree *t, const GEOSGeometry *q,
                           hit_measure measure, const void *arg,
                           int (*cmp)(const void *, const void *),
                           geo_hit **hits, size_t *nhits, pc_error *err)
{
    ids c = {0};
    geo_hit *out = NULL;
    size_t k = 0;
    pc_status rc = tree_query(t, q, &c, err);

    if (rc == PC_OK && c.n > 0 && !(out = malloc(c.n * sizeof *out)))
        rc = PC_NOMEM(err);
    for (size_t i = 0; i < c.n && rc == PC_OK; i++) {
        double v = 0;
        int keep = 0;

        rc = measure(t->ctx, arg, t->g[c.v[i]], &v, &keep, err);
        if (rc == PC_OK && keep)
            out[k++] = (geo_hit){c.v[i], v};
    }
    if (rc == PC_OK) {
        if (k > 1)
            qsort(out, k, sizeof *out, cmp);
        if (k == 0) {
            free(out);
            out = NULL;
        }
        *hits = out;
        *nhits = k;
        out = NULL;
    }
    free(out);
    free(c.v);
    return rc;
}

typedef struct within_arg {
    const GEOSPreparedGeometry *prep;
    double r;
} within_arg;

/* A point's distance from the query, a hit within r. */
static pc_status measure_distance(geo_ctx *ctx, const void *arg,
                                  const GEOSGeometry *pt, double *value,
                                  int *keep, pc_error *err)
{
    const within_arg *w = arg;

    if (!GEOSPreparedDistance_r(ctx->geos, w->prep, pt, value))
        return geos_fail(ctx, err, "distance");
    *keep = *value <= w->r;
    return PC_OK;
}

/* Points within r of the GEOS geometry g, sorted; see geo_points_within. */
static pc_status points_within(geo_points *p, const GEOSGeometry *g,
                               const GEOSPreparedGeometry *prep, double r,
                               geo_hit **hits, size_t *nhits, pc_error *err)
{
    geo_ctx *ctx = p->t.ctx;
    within_arg w = {prep, r};
    GEOSGeometry *rect;
    double b[4];
    pc_status rc;

    if (!envelope(ctx, g, b))
        return PC_FAIL(err, PC_ERR_INPUT, "empty geometry");
    rect = GEOSGeom_createRectangle_r(ctx->geos, b[0] - r, b[1] - r, b[2] + r,
                                      b[3] + r);
    if (!rect)
        return geos_fail(ctx, err, "rectangle");
    rc = tree_hits(&p->t, rect, measure_distance, &w, cmp_hit_value, hits,
                   nhits, err);
    GEOSGeom_destroy_r(ctx->geos, rect);
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
    if (prepare(p->t.ctx, g, &gg, &prep, err) != PC_OK)
        return err->code;
    rc = points_within(p, gg, prep, r, hits, nhits, err);
    unprepare(p->t.ctx, gg, prep);
    return rc;
}

pc_status geo_points_nearest(geo_points *p, const geo_wkb *g, geo_hit *out,
                             pc_error *err)
{
    GEOSGeometry *gg = NULL;
    const GEOSPreparedGeometry *prep = NULL;
    pc_status rc = PC_OK;

    if (p->t.n == 0)
        return PC_FAIL(err, PC_ERR_NOTFOUND, "no points to search");
    if (prepare(p->t.ctx, g, &gg, &prep, err) != PC_OK)
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
    unprepare(p->t.ctx, gg, prep);
    return rc;
}

/* --- areas -------------------------------------------------------------- */

struct geo_areas {
    geo_tree t; /* first: made by tree_new(); empty entries not indexed */
};

static pc_status make_area(geo_ctx *ctx, const void *src, size_t i,
                           GEOSGeometry **g, pc_error *err)
{
    const geo_wkb *w = (const geo_wkb *)src + i;

    if (!w->data)
        return PC_OK;
    *g = read_wkb(ctx, w, err);
    return *g ? PC_OK : pc_error_wrap(err, "area %zu", i);
}

geo_areas *geo_areas_new(geo_ctx *ctx, const geo_wkb *polys, size_t n,
                         pc_error *err)
{
    return tree_new(sizeof(geo_areas), ctx, n, make_area, polys, err);
}

void geo_areas_free(geo_areas *a)
{
    tree_delete(a ? &a->t : NULL);
}

typedef struct overlay_arg {
    const GEOSGeometry *g;
    const GEOSPreparedGeometry *prep;
} overlay_arg;

/* An area's overlap with the query in m2, a hit when more than 0. */
static pc_status measure_overlap(geo_ctx *ctx, const void *arg,
                                 const GEOSGeometry *area, double *value,
                                 int *keep, pc_error *err)
{
    const overlay_arg *o = arg;
    char hit = GEOSPreparedIntersects_r(ctx->geos, o->prep, area);
    GEOSGeometry *x;
    int ok;

    if (hit == 2)
        return geos_fail(ctx, err, "intersects");
    if (!hit)
        return PC_OK;
    x = GEOSIntersection_r(ctx->geos, o->g, area);
    if (!x)
        return geos_fail(ctx, err, "intersection");
    ok = GEOSArea_r(ctx->geos, x, value);
    GEOSGeom_destroy_r(ctx->geos, x);
    if (!ok)
        return geos_fail(ctx, err, "area");
    *keep = *value > 0; /* touching along an edge is not overlapping */
    return PC_OK;
}

pc_status geo_areas_overlay(geo_areas *a, const geo_wkb *g, geo_hit **hits,
                            size_t *nhits, double *g_m2, pc_error *err)
{
    geo_ctx *ctx = a->t.ctx;
    overlay_arg o = {NULL, NULL};
    GEOSGeometry *gg = NULL;
    const GEOSPreparedGeometry *prep = NULL;
    double total = 0;
    pc_status rc;

    if (prepare(ctx, g, &gg, &prep, err) != PC_OK)
        return err->code;
    o.g = gg;
    o.prep = prep;
    if (!GEOSArea_r(ctx->geos, gg, &total))
        rc = geos_fail(ctx, err, "area");
    else
        rc = tree_hits(&a->t, gg, measure_overlap, &o, cmp_hit_id, hits, nhits,
                       err);
    if (rc == PC_OK)
        *g_m2 = total;
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

/* Sorts the generators into refs and keeps one per distinct location,
 * the first index keeping it; returns how many are left. */
static size_t unique_generators(const double *xy, size_t n, xy_ref *refs)
{
    size_t nuniq = 0;

    for (size_t i = 0; i < n; i++)
        refs[i] = (xy_ref){xy[2 * i], xy[2 * i + 1], i};
    qsort(refs, n, sizeof *refs, cmp_xy);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || refs[i].x != refs[nuniq - 1].x ||
            refs[i].y != refs[nuniq - 1].y)
            refs[nuniq++] = refs[i];
    return nuniq;
}

/* The generators as a multipoint (*mp) and their Voronoi diagram within
 * clip's envelope (*diagram), both owned by the caller. */
static pc_status voronoi_diagram(geo_ctx *ctx, const xy_ref *refs, size_t n,
                                 const GEOSGeometry *clip, GEOSGeometry **mp,
                                 GEOSGeometry **diagram, pc_error *err)
{
    GEOSGeometry **pts = calloc(n, sizeof *pts);
    pc_status rc = PC_OK;
    size_t i;

    if (!pts)
        return PC_NOMEM(err);
    for (i = 0; i < n && rc == PC_OK; i++) {
        pts[i] = GEOSGeom_createPointFromXY_r(ctx->geos, refs[i].x, refs[i].y);
        if (!pts[i])
            rc = geos_fail(ctx, err, "point");
    }
    if (rc == PC_OK) {
        /* GEOS takes the points, and frees them when it fails */
        *mp = GEOSGeom_createCollection_r(ctx->geos, GEOS_MULTIPOINT, pts,
                                          (unsigned)n);
        geo_geoms_free(ctx, pts, 0);
        if (!*mp)
            return geos_fail(ctx, err, "multipoint");
    } else {
        geo_geoms_free(ctx, pts, n);
    }
    if (rc != PC_OK)
        return rc;
    *diagram = GEOSVoronoiDiagram_r(ctx->geos, *mp, clip, 0.0, 0);
    if (!*diagram)
        return geos_fail(ctx, err, "Voronoi diagram");
    return PC_OK;
}

/* Finds the cell of each generator of mp (refs in the same order) and
 * writes it, clipped to clip, to cells[] at the generator's index. */
static pc_status assign_cells(geo_ctx *ctx, const GEOSGeometry *mp,
                              const GEOSGeometry *diagram, const xy_ref *refs,
                              size_t n, const GEOSGeometry *clip,
                              geo_wkb *cells, pc_error *err)
{
    int ncells = GEOSGetNumGeometries_r(ctx->geos, diagram);
    geo_tree t = {0};
    pc_status rc;

    if (ncells < 0)
        return geos_fail(ctx, err, "Voronoi diagram");
    rc = tree_init(&t, ctx, (size_t)ncells, err);
    for (int c = 0; c < ncells && rc == PC_OK; c++)
        tree_insert(&t, (size_t)c, GEOSGetGeometryN_r(ctx->geos, diagram, c));
    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        const GEOSGeometry *pt = GEOSGetGeometryN_r(ctx->geos, mp, (int)i);
        ids cand = {0};

        rc = tree_query(&t, pt, &cand, err);
        /* a generator lies strictly inside its own cell */
        for (size_t k = 0; k < cand.n && rc == PC_OK; k++) {
            const GEOSGeometry *cell =
                GEOSGetGeometryN_r(ctx->geos, diagram, (int)cand.v[k]);
            char in = GEOSIntersects_r(ctx->geos, cell, pt);

            if (in == 2)
                rc = geos_fail(ctx, err, "intersects");
            else if (in) {
                rc = clip_cell(ctx, cell, clip, &cells[refs[i].i], err);
                break;
            }
        }
        free(cand.v);
    }
    tree_free(&t);
    return rc;
}

pc_status geo_voronoi_cells(geo_ctx *ctx, const double *xy, size_t n,
                            const geo_wkb *clip, geo_wkb *cells, pc_error *err)
{
    xy_ref *refs = NULL;
    GEOSGeometry *clip_g = NULL, *mp = NULL, *diagram = NULL;
    size_t nuniq;
    pc_status rc;

    for (size_t i = 0; i < n; i++)
        cells[i] = (geo_wkb){NULL, 0};
    if (n == 0)
        return PC_OK;
    clip_g = read_wkb(ctx, clip, err);
    if (!clip_g)
        return err->code;
    refs = calloc(n, sizeof *refs);
    if (!refs) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    nuniq = unique_generators(xy, n, refs);
    if (nuniq == 1) {
        rc = clip_cell(ctx, clip_g, clip_g, &cells[refs[0].i], err);
        goto cleanup;
    }
    rc = voronoi_diagram(ctx, refs, nuniq, clip_g, &mp, &diagram, err);
    if (rc == PC_OK)
        rc = assign_cells(ctx, mp, diagram, refs, nuniq, clip_g, cells, err);

cleanup:
    if (rc != PC_OK)
        for (size_t i = 0; i < n; i++)
            geo_wkb_free(&cells[i]);
    if (diagram)
        GEOSGeom_destroy_r(ctx->geos, diagram);
    if (mp)
        GEOSGeom_destroy_r(ctx->geos, mp);
    free(refs);
    GEOSGeom_destroy_r(ctx->geos, clip_g);
    return rc;
}
