/* ds_build_catch.c: practice catchments from where patients live.
 *
 * NHS England's gp-reg-pat-prac-lsoa-all.csv counts each practice's
 * patients by the LSOA they live in. A practice's catchment is the union
 * of the LSOAs that hold most of its patients: its LSOAs taken from the
 * most patients down until they hold CATCHMENT_SHARE of the patients the
 * file places (ties in the LSOA file's order). The LSOA boundaries are ONS's (a
 * GeoJSON of codes E01...). The `catchment` allocation method then sends
 * a site's new patients to the practices whose patients already live
 * where it is. */
#include "ds_build_int.h"
#include "ds_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CATCHMENT_SHARE 0.9

typedef struct bd_cell { /* patients of one practice in one LSOA */
    size_t prac;
    size_t lsoa; /* index into the LSOA features */
    long n;
} bd_cell;

static int cmp_cell(const void *x, const void *y)
{
    const bd_cell *a = x, *b = y;

    if (a->prac != b->prac)
        return a->prac < b->prac ? -1 : 1;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return (a->lsoa > b->lsoa) - (a->lsoa < b->lsoa);
}

/* The LSOA features, and an index from code to feature. */
static pc_status lsoa_index(bd_ctx *b, pc_index *ix, const cJSON ***feats,
                            size_t *n, pc_error *err)
{
    const cJSON *f;
    size_t cap = 0;

    *feats = NULL;
    *n = 0;
    cJSON_ArrayForEach(
        f, cJSON_GetObjectItemCaseSensitive(b->doc[BD_LSOA_GEO], "features"))
    {
        const char *code, *name;

        if (!bd_feat_code(f, &code, &name))
            continue;
        *feats =
            pc_arena_grow(b->a, (void *)*feats, *n + 1, &cap, sizeof **feats);
        if (!*feats || pc_index_put(ix, code, *n, NULL) < 0)
            return PC_NOMEM(err);
        (*feats)[(*n)++] = f;
    }
    return PC_OK;
}

/* The rows of the file for the ICB's practices, as cells. */
static pc_status read_cells(bd_ctx *b, const pc_index *lix, bd_cell **cells,
                            size_t *ncells, long *unplaced, pc_error *err)
{
    static const char *const pc[] = {"PRACTICE_CODE", NULL};
    static const char *const lc[] = {"LSOA_CODE", "LSOA_CODE_2021", "LSOA21CD",
                                     "LSOA11CD", NULL};
    static const char *const nc[] = {"NUMBER_OF_PATIENTS", "Number of Patients",
                                     NULL};
    static const char *const sc[] = {"SEX", NULL};
    const char *path = b->path[BD_REG_LSOA];
    ds_csv *c = NULL;
    int pi, li, ni, si;
    size_t cap = 0;
    pc_status rc;

    *cells = NULL;
    *ncells = 0;
    *unplaced = 0;
    if ((rc = bd_read_csv(path, 0, &c, err)) ||
        (rc = bd_need_col(c, path, pc, &pi, err)) ||
        (rc = bd_need_col(c, path, lc, &li, err)) ||
        (rc = bd_need_col(c, path, nc, &ni, err)))
        goto done;
    si = bd_col(c, sc);
    for (size_t i = 0; i < c->nrows && !rc; i++) {
        char **f = c->rows[i];
        bd_cell cell = {0};

        if ((si >= 0 && strcasecmp(f[si], "ALL")) ||
            !pc_index_get(&b->prac_ix, f[pi], &cell.prac))
            continue;
        if (ds_parse_long(f[ni], c->header[ni], 0, 100000000, &cell.n, err)) {
            rc = bd_row_fail(path, c, i, err);
            break;
        }
        if (!pc_index_get(lix, f[li], &cell.lsoa)) {
            *unplaced += cell.n;
            continue;
        }
        *cells = pc_arena_grow(b->a, *cells, *ncells + 1, &cap, sizeof **cells);
        if (!*cells)
            rc = PC_NOMEM(err);
        else
            (*cells)[(*ncells)++] = cell;
    }
done:
    ds_csv_free(c);
    return rc;
}

/* The catchment of the practice whose cells are c[0..n): its top LSOAs
 * merged. */
static pc_status one_catchment(bd_ctx *b, const bd_cell *c, size_t n,
                               const cJSON **feats, geo_wkb *out, pc_error *err)
{
    long total = 0, sum = 0;
    size_t k = 0;
    geo_wkb *parts;
    pc_status rc = PC_OK;

    for (size_t i = 0; i < n; i++)
        total += c[i].n;
    while (k < n && (double)sum < CATCHMENT_SHARE * (double)total)
        sum += c[k++].n;
    if (!(parts = calloc(k + 1, sizeof *parts)))
        return PC_NOMEM(err);
    for (size_t i = 0; i < k && !rc; i++) {
        int repaired = 0;
        char msg[256];

        rc = geo_polygon_from_geojson(
            b->g,
            cJSON_GetObjectItemCaseSensitive(feats[c[i].lsoa], "geometry"),
            b->crs[BD_LSOA_GEO], 0, &parts[i], &repaired, msg, sizeof msg, err);
        if (rc)
            pc_error_wrap(err, "%s: feature %zu", bd_base(b->path[BD_LSOA_GEO]),
                          c[i].lsoa);
    }
    if (!rc)
        rc = geo_union(b->g, parts, k, out, err);
    for (size_t i = 0; i < k; i++)
        geo_wkb_free(&parts[i]);
    free(parts);
    return rc;
}

pc_status bd_catchments(bd_ctx *b, pc_error *err)
{
    pc_index lix = {0};
    const cJSON **feats;
    size_t nfeats, ncells, i = 0;
    bd_cell *cells = NULL;
    long unplaced;
    pc_status rc;

    if (!b->path[BD_REG_LSOA] != !b->path[BD_LSOA_GEO])
        return bd_warn(b, err,
                       "no catchments: they need both %s and LSOA "
                       "boundaries, and the folder has only the %s",
                       "gp-reg-pat-prac-lsoa-all.csv",
                       b->path[BD_REG_LSOA] ? "first" : "second");
    if (!b->path[BD_REG_LSOA])
        return PC_OK;
    if ((rc = lsoa_index(b, &lix, &feats, &nfeats, err)) ||
        (rc = read_cells(b, &lix, &cells, &ncells, &unplaced, err)))
        goto done;
    qsort(cells, ncells, sizeof *cells, cmp_cell);
    while (i < ncells && !rc) {
        size_t j = i;

        while (j < ncells && cells[j].prac == cells[i].prac)
            j++;
        rc = one_catchment(b, cells + i, j - i, feats,
                           &b->prac[cells[i].prac].catch, err);
        b->r->catchments++;
        i = j;
    }
    if (!rc && unplaced)
        rc = bd_warn(b, err,
                     "%ld patients of %s live in LSOAs that %s lacks (another "
                     "LSOA vintage?): they shape no catchment",
                     unplaced, bd_base(b->path[BD_REG_LSOA]),
                     bd_base(b->path[BD_LSOA_GEO]));
    if (!rc && b->r->catchments < b->nprac)
        rc =
            bd_warn(b, err,
                    "%zu practices have no patients in %s's LSOAs: they "
                    "have no catchment",
                    b->nprac - b->r->catchments, bd_base(b->path[BD_LSOA_GEO]));
done:
    pc_index_free(&lix);
    return rc;
}
