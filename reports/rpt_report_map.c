/* rpt_report_map.c: the map of a place page: the place's outline, its
 * housing sites and premises drawn with rpt_svg.h, sized by dwellings and
 * rooms, with a legend, scale bar and north arrow. */
#include "rpt_report_int.h"

#include "pc_json.h"
#include "rpt_svg.h"
#include "rpt_text.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- geometry helpers
 * --------------------------------------------------------- */

static void bbox_walk(const cJSON *c, double b[4])
{
    if (cJSON_IsArray(c) && cJSON_GetArraySize(c) >= 2 &&
        cJSON_IsNumber(cJSON_GetArrayItem(c, 0))) {
        double x = cJSON_GetArrayItem(c, 0)->valuedouble;
        double y = cJSON_GetArrayItem(c, 1)->valuedouble;

        b[0] = fmin(b[0], x);
        b[1] = fmin(b[1], y);
        b[2] = fmax(b[2], x);
        b[3] = fmax(b[3], y);
        return;
    }
    for (const cJSON *e = c ? c->child : NULL; e; e = e->next)
        bbox_walk(e, b);
}

/* The box of a GeoJSON geometry; 0 when it has no coordinates. */
static int geom_bbox(const cJSON *g, double b[4])
{
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    bbox_walk(cJSON_GetObjectItemCaseSensitive(g, "coordinates"), b);
    return b[0] <= b[2];
}

int rpt_pg_same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* --- the map ----------------------------------------------------------------
 */

static const char *const positions[] = {"secured",   "approved", "requested",
                                        "land_only", "limited",  "none",
                                        "unknown"};
static const char *const position_words[] = {
    "S106 secured", "S106 approved", "S106 requested", "land only",
    "limited",      "none sought",   "not known"};

static double site_r(double dwellings, double max)
{
    return 3 + 9 * sqrt(dwellings / (max > 0 ? max : 1));
}

static double prem_r(double rooms, double max)
{
    return 2.5 + 5 * sqrt(rooms / (max > 0 ? max : 1));
}

/* A map being drawn: the place, the document's arrays and what has been
 * drawn so far (for the legend and the caption). */
typedef struct mapctx {
    rpt_map m;
    const char *place;
    const cJSON *lads, *sites, *prem;
    double max_dw, max_rooms; /* sizes scale to the largest in the system */
    int used[7];              /* sites drawn per S106 position */
    int caps[3];              /* premises drawn: spare, near, short */
    int loc_i;                /* of them at illustrative locations */
    int shown, tried;         /* labels */
} mapctx;

/* The place's LADs, its outline and its sites' areas. */
static void draw_areas(pg *p, mapctx *c, const cJSON *pl_geom)
{
    rpt_map *m = &c->m;
    const cJSON *e, *lads = c->lads, *sites = c->sites;
    int i;
    pc_jr r;

    i = 0;
    cJSON_ArrayForEach(e, lads)
    {
        if (rpt_pg_gitem_in(p, &r, &p->root, "lads", e, i++, c->place,
                            PC_JR_REQ))
            rpt_pg_live(p, rpt_map_geometry(
                               m, rpt_pg_gobj(p, &r, "geometry", PC_JR_REQ),
                               "lad", rpt_pg_gstr(p, &r, "name", PC_JR_REQ)));
    }
    if (pl_geom)
        rpt_pg_live(p, rpt_map_geometry(m, pl_geom, "place", c->place));
    if (!c->place) { /* the system: each place's outline */
        i = 0;
        cJSON_ArrayForEach(e, rpt_pg_garr(p, &p->root, "places", PC_JR_REQ))
        {
            if (rpt_pg_gitem(p, &r, &p->root, "places", e, i++))
                rpt_pg_live(p, rpt_map_geometry(
                                   m, rpt_pg_gobj(p, &r, "geometry", PC_JR_REQ),
                                   "place",
                                   rpt_pg_gstr(p, &r, "name", PC_JR_REQ)));
        }
    }
    i = 0;
    cJSON_ArrayForEach(e, sites)
    {
        const cJSON *g;

        if (rpt_pg_gitem_in(p, &r, &p->root, "sites", e, i++, c->place,
                            PC_JR_OPT) &&
            (g = rpt_pg_gobj(p, &r, "geometry", PC_JR_REQ)))
            rpt_pg_live(p, rpt_map_geometry(m, g, "site-area", NULL));
    }
}

/* Premises as squares, sized by rooms, coloured by capacity now. */
static void draw_premises(pg *p, mapctx *c)
{
    rpt_map *m = &c->m;
    const cJSON *e, *prem = c->prem;
    int i;
    pc_jr r;

    /* premises under sites: sites are fewer and larger */
    i = 0;
    cJSON_ArrayForEach(e, prem)
    {
        char cls[48], tip[512];
        const char *cap;
        double rooms;
        int loc_i;

        if (!rpt_pg_gitem_in(p, &r, &p->root, "premises", e, i++, c->place,
                             PC_JR_OPT))
            continue;
        cap = rpt_pg_gstr(p, &r, "capacity", PC_JR_REQ);
        rooms = rpt_pg_gnum(p, &r, "rooms", PC_JR_REQ);
        if (p->rc)
            break;
        c->caps[rpt_pg_same(cap, "spare")  ? 0
                : rpt_pg_same(cap, "near") ? 1
                                           : 2]++;
        loc_i = rpt_pg_gbool(p, &r, "location_illustrative", PC_JR_OPT);
        c->loc_i += loc_i;
        snprintf(cls, sizeof cls, "cap cap-%s%s", cap, loc_i ? " loc-i" : "");
        snprintf(
            tip, sizeof tip, "%s: %s rooms, %s needed now (%s)%s",
            rpt_pg_gstr(p, &r, "name", PC_JR_REQ), rpt_pg_fnum(p, rooms, 0),
            rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "required_rooms", PC_JR_REQ), 1),
            cap, loc_i ? "; location illustrative" : "");
        rpt_pg_live(p, rpt_map_square(m, rpt_pg_gnum(p, &r, "e", PC_JR_REQ),
                                      rpt_pg_gnum(p, &r, "n", PC_JR_REQ),
                                      prem_r(rooms, c->max_rooms), cls, tip));
    }
}

/* Sites as circles, sized by homes, coloured by S106 position. */
static void draw_sites(pg *p, mapctx *c)
{
    rpt_map *m = &c->m;
    const cJSON *e, *sites = c->sites;
    int i;
    pc_jr r;

    i = 0;
    cJSON_ArrayForEach(e, sites)
    {
        char cls[48], tip[512];
        const char *pos;
        double dw;
        int k;

        if (!rpt_pg_gitem_in(p, &r, &p->root, "sites", e, i++, c->place,
                             PC_JR_OPT))
            continue;
        pos = rpt_pg_gstr(p, &r, "s106_position", PC_JR_OPT);
        pos = pos ? pos : "unknown";
        for (k = 0; k < 6 && strcmp(pos, positions[k]); k++)
            ;
        c->used[k]++;
        dw = rpt_pg_gnum(p, &r, "dwellings", PC_JR_REQ);
        snprintf(cls, sizeof cls, "s106 s106-%s", positions[k]);
        snprintf(tip, sizeof tip, "%s: %s homes, %s",
                 rpt_pg_gstr(p, &r, "name", PC_JR_REQ), rpt_pg_fnum(p, dw, 0),
                 position_words[k]);
        rpt_pg_live(p, rpt_map_circle(m, rpt_pg_gnum(p, &r, "e", PC_JR_REQ),
                                      rpt_pg_gnum(p, &r, "n", PC_JR_REQ),
                                      site_r(dw, c->max_dw), cls, tip));
    }
}

/* The legend (only what was drawn), scale bar, north arrow and
 * attribution. */
static void draw_furniture(pg *p, mapctx *c)
{
    rpt_map *m = &c->m;
    char pcls[7][32];
    rpt_legend_item items[16];
    size_t ni = 0;

    /* the legend, scale bar, north arrow and attribution take their room
     * before the labels, which then go where there is space */
    for (int k = 0; k < 7; k++)
        if (c->used[k]) {
            snprintf(pcls[k], sizeof pcls[k], "s106 s106-%s", positions[k]);
            items[ni++] = (rpt_legend_item){'c', pcls[k], 5, position_words[k]};
        }
    {
        static const char *const cw[] = {"spare rooms", "near capacity",
                                         "short of rooms"};
        static const char *const cc[] = {"cap cap-spare", "cap cap-near",
                                         "cap cap-short"};

        for (int k = 0; k < 3; k++)
            if (c->caps[k])
                items[ni++] = (rpt_legend_item){'s', cc[k], 4, cw[k]};
        if (c->loc_i)
            items[ni++] =
                (rpt_legend_item){'s', "cap loc-i", 4, "location illustrative"};
    }
    items[ni++] = (rpt_legend_item){'a', "lad", 5, "local authority"};
    rpt_pg_live(p, rpt_map_legend(m,
                                  "Sites (size: homes) and premises (size: "
                                  "rooms)",
                                  items, ni));
    rpt_pg_live(p, rpt_map_scalebar(m));
    rpt_pg_live(p, rpt_map_north(m));
    rpt_pg_live(p,
                rpt_map_attribution(m, "Boundaries: ONS; locations: OS "
                                       "Code-Point Open. Crown copyright, OGL "
                                       "v3.0; see Sources."));
}

typedef rpt_sized sized;

/* Larger first, then the earlier in arr. */
static int cmp_sized(const void *x, const void *y)
{
    const sized *a = x, *b = y;

    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The *n items of arr by the number at key, largest first; ties keep
 * data order. The array is walked once (cJSON's arrays are lists, and
 * England's 20,000 sites made an insertion sort through them cubic);
 * NULL when out of memory. */
static sized *sort_by_size(const cJSON *arr, const char *key, size_t *n)
{
    size_t cap = (size_t)cJSON_GetArraySize(arr);
    sized *v = malloc((cap + 1) * sizeof *v);
    const cJSON *it = arr ? arr->child : NULL;

    *n = 0;
    if (!v)
        return NULL;
    for (; it && *n < cap; it = it->next, ++*n) {
        double x = cJSON_GetNumberValue(cJSON_GetObjectItem(it, key));

        v[*n] = (sized){isnan(x) ? -HUGE_VAL : x, *n, it};
    }
    qsort(v, *n, sizeof *v, cmp_sized);
    return v;
}

/* The largest dwellings of sites and rooms of prem (arrays of objects),
 * into *max_dw and *max_rooms (unchanged when there are none). */
static void largest(const cJSON *sites, const cJSON *prem, double *max_dw,
                    double *max_rooms)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, sites) *max_dw = fmax(
        *max_dw, cJSON_GetNumberValue(cJSON_GetObjectItem(e, "dwellings")));
    cJSON_ArrayForEach(e, prem) *max_rooms =
        fmax(*max_rooms, cJSON_GetNumberValue(cJSON_GetObjectItem(e, "rooms")));
}

pc_status rpt_map_orders(const cJSON *doc, rpt_places_of *of, pc_error *err)
{
    const cJSON *sites = cJSON_GetObjectItemCaseSensitive(doc, "sites");
    const cJSON *prem = cJSON_GetObjectItemCaseSensitive(doc, "premises");

    of->max_dw = of->max_rooms = 0;
    largest(cJSON_IsArray(sites) ? sites : NULL,
            cJSON_IsArray(prem) ? prem : NULL, &of->max_dw, &of->max_rooms);
    of->site_order = sort_by_size(cJSON_IsArray(sites) ? sites : NULL,
                                  "dwellings", &of->nsite_order);
    of->prem_order = sort_by_size(cJSON_IsArray(prem) ? prem : NULL, "rooms",
                                  &of->nprem_order);
    return of->site_order && of->prem_order ? PC_OK : PC_NOMEM(err);
}

/* Labels: sites, largest first, then premises short of rooms, each where
 * it does not collide. */
static void draw_labels(pg *p, mapctx *c)
{
    rpt_map *m = &c->m;
    const cJSON *sites = c->sites, *prem = c->prem;
    pc_jr r;

    /* labels: sites, largest first, then premises short of rooms */
    for (int pass = 0; pass < 2 && !p->rc; pass++) {
        const cJSON *arr = pass ? prem : sites;
        const char *key = pass ? "premises" : "sites";
        size_t n = 0;
        sized *ord = NULL;

        if (p->of) { /* sorted once for every page */
            ord = pass ? p->of->prem_order : p->of->site_order;
            n = pass ? p->of->nprem_order : p->of->nsite_order;
        } else
            ord = sort_by_size(arr, pass ? "rooms" : "dwellings", &n);
        if (!ord) {
            rpt_pg_live(p, PC_NOMEM(p->err));
            break;
        }
        for (size_t k = 0; k < n && !p->rc; k++) {
            const cJSON *it = ord[k].it;
            double size, rr;
            int placed = 0;

            if (!rpt_pg_gitem_in(p, &r, &p->root, key, it, (int)ord[k].i,
                                 c->place, PC_JR_OPT))
                continue;
            if (pass && !rpt_pg_same(rpt_pg_gstr(p, &r, "capacity", PC_JR_REQ),
                                     "short"))
                continue;
            size = rpt_pg_gnum(p, &r, pass ? "rooms" : "dwellings", PC_JR_REQ);
            rr = pass ? prem_r(size, c->max_rooms) : site_r(size, c->max_dw);
            c->tried++;
            rpt_pg_live(p, rpt_map_label(m, rpt_pg_gnum(p, &r, "e", PC_JR_REQ),
                                         rpt_pg_gnum(p, &r, "n", PC_JR_REQ), rr,
                                         rpt_pg_gstr(p, &r, "name", PC_JR_REQ),
                                         pass ? "lbl-prem" : "lbl", &placed));
            c->shown += placed;
        }
        if (!p->of)
            free(ord);
    }
}

void rpt_pg_write_map(pg *p, const char *place, const cJSON *pl_geom)
{
    mapctx c = {0};
    double b[4], pad;
    char title[256];

    c.place = place;
    c.lads = rpt_pg_garr(p, &p->root, "lads", PC_JR_REQ);
    c.sites = rpt_pg_garr(p, &p->root, "sites", PC_JR_REQ);
    c.prem = rpt_pg_garr(p, &p->root, "premises", PC_JR_REQ);
    if (!place && !pl_geom) { /* a system without its own outline */
        const cJSON *pe;

        b[0] = b[1] = INFINITY;
        b[2] = b[3] = -INFINITY;
        cJSON_ArrayForEach(pe, rpt_pg_garr(p, &p->root, "places", PC_JR_REQ))
            bbox_walk(cJSON_GetObjectItemCaseSensitive(
                          cJSON_GetObjectItemCaseSensitive(pe, "geometry"),
                          "coordinates"),
                      b);
        if (p->rc || !(b[0] <= b[2]))
            return;
    } else if (p->rc || !geom_bbox(pl_geom, b))
        return;
    pad = 0.03 * fmax(b[2] - b[0], b[3] - b[1]);
    b[0] -= pad;
    b[1] -= pad;
    b[2] += pad;
    b[3] += pad;
    /* sizes are scaled to the largest in the system, so places compare */
    if (p->of) {
        c.max_dw = p->of->max_dw;
        c.max_rooms = p->of->max_rooms;
    } else
        largest(c.sites, c.prem, &c.max_dw, &c.max_rooms);
    snprintf(title, sizeof title, "Map of %s", place ? place : "the system");
    rpt_pg_put(p, "<section class=\"map\" id=\"map\"><h2>Map</h2>\n<figure>");
    rpt_pg_live(p, rpt_map_begin(&c.m, p->d.out, b, 1000, 760, 8, title));
    draw_areas(p, &c, pl_geom);
    draw_premises(p, &c);
    draw_sites(p, &c);
    draw_furniture(p, &c);
    draw_labels(p, &c);
    rpt_pg_live(p, rpt_map_end(&c.m));
    rpt_map_free(&c.m);
    rpt_pg_putf(
        p,
        "<figcaption>Housing growth sites (circles, sized by homes, "
        "coloured by S106 position) and GP premises (squares, sized by the "
        "rooms the run counts, coloured by capacity now by the run's "
        "capacity method; dashed: a branch or shared building whose "
        "location is illustrative). %s of %s labels "
        "shown; labels that would overlap are left out, and every site "
        "and scheme is in the tables below.</figcaption></figure>"
        "</section>\n",
        rpt_pg_fnum(p, c.shown, 0), rpt_pg_fnum(p, c.tried, 0));
}
