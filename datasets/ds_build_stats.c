/* ds_build_stats.c: the builder's figures beyond the practices: rooms per
 * premises (the ICB's file, else estimated from list size), the LAD
 * population projections (ONS 2022-based SNPP) and deprivation by LSOA
 * (IMD, weighted by Census population). */
#include "ds_build_int.h"
#include "ds_util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- rooms -------------------------------------------------------------- */

/* Values of the builder's own assumption register (datasets/national/
 * assumptions.csv, compiled in): out[k] for ids[k], k < n. */
static pc_status register_values(const char *const *ids, double *out, size_t n,
                                 pc_error *err)
{
    ds_csv *c = NULL;
    size_t found = 0;
    pc_status rc = ds_csv_parse(ds_build_assumptions_csv,
                                strlen(ds_build_assumptions_csv), &c, err);

    if (rc)
        return pc_error_wrap(err, "the builder's assumption register");
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < c->nrows; i++)
            if (!strcmp(c->rows[i][0], ids[k])) {
                out[k] = atof(c->rows[i][1]);
                found++;
                break;
            }
    ds_csv_free(c);
    if (found < n)
        return PC_FAIL(err, PC_ERR_INTERNAL,
                       "the builder's assumption register lacks one of %s, "
                       "%s, ...",
                       ids[0], n > 1 ? ids[1] : "");
    return PC_OK;
}

/* Rooms the ICB keeps (premises_rooms.csv): by premises_id (MAIN-<code>,
 * BR-<code>) or by practice_code (its main premises). */
static pc_status rooms_file(bd_ctx *b, pc_index *ids, pc_error *err)
{
    const char *path = b->o->rooms;
    ds_csv *c = NULL;
    static const char *const idc[] = {"premises_id", NULL};
    static const char *const pcc[] = {"practice_code", NULL};
    static const char *const cc[] = {"rooms_consult", NULL};
    static const char *const tc[] = {"rooms_treatment", NULL};
    static const char *const oc[] = {"rooms_other", NULL};
    static const char *const gc[] = {"gia_m2", NULL};
    int ci, ti, oi, gi, ii, pi;
    size_t i = 0;

    if (bd_read_csv(path, 0, &c, err))
        return err->code;
    ii = bd_col(c, idc);
    pi = bd_col(c, pcc);
    ti = bd_col(c, tc);
    oi = bd_col(c, oc);
    gi = bd_col(c, gc);
    if (bd_need_col(c, path, cc, &ci, err))
        goto fail;
    if (ii < 0 && pi < 0) {
        PC_FAIL(err, PC_ERR_INPUT,
                "%s: no column \"premises_id\" or \"practice_code\" "
                "(expected one of them)",
                bd_base(path));
        goto fail;
    }
    for (i = 0; i < c->nrows; i++) {
        char **f = c->rows[i];
        char key[64];
        size_t k;
        bd_rooms *r;

        if (ii >= 0 && f[ii][0])
            snprintf(key, sizeof key, "%s", f[ii]);
        else
            snprintf(key, sizeof key, "MAIN-%s", pi >= 0 ? f[pi] : "");
        if (!pc_index_get(ids, key, &k)) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "premises %s is not one of the ICB's (expected MAIN-<a "
                    "practice code> or BR-<a branch code>)",
                    key);
            goto row;
        }
        r = &b->rooms[k];
        r->gia_m2 = NAN;
        if (ds_parse_long(f[ci], "rooms_consult", 0, 1000, &r->consult, err) ||
            (ti >= 0 && f[ti][0] &&
             ds_parse_long(f[ti], "rooms_treatment", 0, 1000, &r->treatment,
                           err)) ||
            (oi >= 0 && f[oi][0] &&
             ds_parse_long(f[oi], "rooms_other", 0, 1000, &r->other, err)) ||
            (gi >= 0 && f[gi][0] &&
             ds_parse_double(f[gi], "gia_m2", 0, 1e6, &r->gia_m2, err)))
            goto row;
        if (r->given) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "premises %s appears twice (expected one row each)", key);
            goto row;
        }
        r->given = 1;
    }
    ds_csv_free(c);
    return PC_OK;
row:
    bd_row_fail(path, c, i, err);
fail:
    ds_csv_free(c);
    return err->code;
}

pc_status bd_stats_rooms(bd_ctx *b, pc_error *err)
{
    size_t np = b->nprac, n = np + b->nbr;
    pc_index ids = {0};
    static const char *const est[] = {"est_patients_per_consult_room",
                                      "est_patients_per_treatment_room",
                                      "est_patients_per_other_room"};
    double per[3];
    size_t *nb;
    pc_status rc = PC_OK;

    b->rooms = pc_arena_calloc(b->a, n + 1, sizeof *b->rooms);
    nb = pc_arena_calloc(b->a, np + 1, sizeof *nb);
    if (!b->rooms || !nb)
        return PC_NOMEM(err);
    if (register_values(est, per, 3, err))
        return err->code;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *id =
            i < np ? pc_arena_printf(b->a, "MAIN-%s", b->prac[i].code)
                   : pc_arena_printf(b->a, "BR-%s", b->br[i - np].code);

        if (!id || pc_index_put(&ids, id, i, NULL) < 0)
            rc = PC_NOMEM(err);
        if (i >= np)
            nb[b->br[i - np].prac]++;
    }
    if (!rc && b->o->rooms)
        rc = rooms_file(b, &ids, err);
    pc_index_free(&ids);
    if (rc)
        return rc;
    /* estimated: the practice's rooms at the stated patients per room,
     * shared evenly between its buildings (the main one takes the rest) */
    for (size_t i = np; i < n; i++) {
        bd_rooms *r = &b->rooms[i];
        const bd_prac *p = &b->prac[b->br[i - np].prac];
        double k = (double)(nb[b->br[i - np].prac] + 1);

        if (r->given)
            continue;
        r->consult = lround(floor(p->patients / per[0] / k));
        if (r->consult < 1)
            r->consult = 1;
        r->treatment = lround(floor(p->patients / per[1] / k));
        r->other = lround(floor(p->patients / per[2] / k));
        r->gia_m2 = NAN;
        b->r->rooms_estimated++;
    }
    for (size_t i = 0; i < np; i++) {
        bd_rooms *r = &b->rooms[i];
        long c = lround(b->prac[i].patients / per[0]),
             t = lround(b->prac[i].patients / per[1]),
             o = lround(b->prac[i].patients / per[2]);

        if (r->given)
            continue;
        for (size_t j = np; j < n; j++)
            if (b->br[j - np].prac == i) {
                c -= b->rooms[j].consult;
                t -= b->rooms[j].treatment;
                o -= b->rooms[j].other;
            }
        r->consult = c < 1 ? 1 : c;
        r->treatment = t < 0 ? 0 : t;
        r->other = o < 0 ? 0 : o;
        r->gia_m2 = NAN;
        b->r->rooms_estimated++;
    }
    b->r->premises = n;
    return PC_OK;
}

/* --- population projections --------------------------------------------- */

static int is_year(const char *s)
{
    return strlen(s) == 4 && isdigit((unsigned char)s[0]) &&
           isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
           isdigit((unsigned char)s[3]);
}

static pc_status lad_index(bd_ctx *b, pc_index *ix, pc_error *err)
{
    for (size_t l = 0; l < b->nlads; l++)
        if (pc_index_put(ix, b->lads[l].code, l, NULL) < 0)
            return PC_NOMEM(err);
    return PC_OK;
}

/* Adds the population of one SNPP row to its LAD's years. */
static pc_status snpp_row(bd_ctx *b, const ds_csv *c, size_t i, size_t l,
                          double *pop, int y0, int ny, pc_error *err)
{
    for (size_t j = 0; j < c->ncols; j++) {
        double v;

        if (!is_year(c->header[j]))
            continue;
        if (ds_parse_double(c->rows[i][j], c->header[j], 0, 1e9, &v, err))
            return bd_row_fail(b->path[BD_SNPP], c, i, err);
        pop[l * (size_t)ny + (size_t)(atoi(c->header[j]) - y0)] += v;
    }
    return PC_OK;
}

static pc_status snpp_flat(bd_ctx *b, const unsigned char *seen, pc_error *err)
{
    for (size_t l = 0; l < b->nlads; l++)
        if (!seen[l] &&
            bd_warn(b, err,
                    "LAD %s (%s) is not in %s: its trend is flat (no growth "
                    "from population change)",
                    b->lads[l].code, b->lads[l].name,
                    b->path[BD_SNPP] ? bd_base(b->path[BD_SNPP])
                                     : "any projection file of the folder"))
            return err->code;
    return PC_OK;
}

pc_status bd_stats_snpp(bd_ctx *b, pc_error *err)
{
    static const char *const lad[] = {"AREA_CODE", "lad_code", NULL};
    static const char *const age[] = {"AGE_GROUP", "age", NULL};
    static const char *const comp[] = {"COMPONENT", NULL};
    static const char *const sex[] = {"SEX", NULL};
    ds_csv *c = NULL;
    pc_index ix = {0};
    unsigned char *seen = pc_arena_calloc(b->a, b->nlads + 1, 1);
    int li, ai, ci, si, y0 = 9999, y1 = 0, ny;
    double *pop = NULL;
    pc_status rc;

    if (!seen)
        return PC_NOMEM(err);
    if (!b->path[BD_SNPP])
        return snpp_flat(b, seen, err);
    if ((rc = bd_csv(b, BD_SNPP, &c, err)) ||
        (rc = bd_need_col(c, b->path[BD_SNPP], lad, &li, err)) ||
        (rc = bd_need_col(c, b->path[BD_SNPP], age, &ai, err)) ||
        (rc = lad_index(b, &ix, err)))
        goto done;
    ci = bd_col(c, comp);
    si = bd_col(c, sex);
    for (size_t j = 0; j < c->ncols; j++)
        if (is_year(c->header[j])) {
            int y = atoi(c->header[j]);

            y0 = y < y0 ? y : y0;
            y1 = y > y1 ? y : y1;
        }
    if (y1 < y0) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s: no year columns (expected 2022, 2023, ...)",
                     bd_base(b->path[BD_SNPP]));
        goto done;
    }
    ny = y1 - y0 + 1;
    if (!(pop = calloc(b->nlads * (size_t)ny + 1, sizeof *pop))) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        char **f = c->rows[i];
        size_t l;

        if (!pc_index_get(&ix, f[li], &l) || !strcasecmp(f[ai], "All ages") ||
            (ci >= 0 && strcasecmp(f[ci], "Population")) ||
            (si >= 0 && strcasecmp(f[si], "persons")))
            continue;
        seen[l] = 1;
        if ((rc = snpp_row(b, c, i, l, pop, y0, ny, err)))
            goto done;
    }
    for (size_t l = 0; l < b->nlads && !rc; l++)
        for (int y = 0; seen[l] && y < ny && !rc; y++) {
            b->proj = pc_arena_grow(b->a, b->proj, b->nproj + 1, &b->aproj,
                                    sizeof *b->proj);
            if (!b->proj)
                rc = PC_NOMEM(err);
            else
                b->proj[b->nproj++] =
                    (bd_proj){l, y0 + y, pop[l * (size_t)ny + (size_t)y]};
        }
    for (size_t l = 0; l < b->nlads; l++)
        b->r->lads_projected += seen[l];
    if (!rc)
        rc = snpp_flat(b, seen, err);
done:
    free(pop);
    ds_csv_free(c);
    pc_index_free(&ix);
    return rc;
}

/* --- deprivation by LSOA ------------------------------------------------ */

/* The LAD code column of an IMD or census file. */
static int lad_col(const ds_csv *c)
{
    for (size_t j = 0; j < c->ncols; j++) {
        const char *h = c->header[j];
        size_t n = strlen(h);

        if ((!strncasecmp(h, "lad", 3) &&
             (n > 2 && !strcasecmp(h + n - 2, "cd"))) ||
            !strcasecmp(h, "lad_code") ||
            !strncasecmp(h, "Local Authority District code", 29))
            return (int)j;
    }
    return -1;
}

static int pop_col(const ds_csv *c)
{
    static const char *const names[] = {"usual_residents_2021", "population",
                                        NULL};
    int j = bd_col(c, names);

    for (size_t k = 0; j < 0 && k < c->ncols; k++)
        if (!strncasecmp(c->header[k], "Total population", 16))
            j = (int)k;
    return j;
}

/* Census population per LSOA code (into pop, indexed by ix). */
static pc_status census(bd_ctx *b, pc_index *ix, long **pop, pc_error *err)
{
    ds_csv *c = NULL;
    int lc, pc;
    pc_status rc;

    *pop = NULL;
    if (!b->path[BD_CENSUS])
        return PC_OK;
    if ((rc = bd_csv(b, BD_CENSUS, &c, err)) ||
        (rc = bd_need_col(c, b->path[BD_CENSUS], bd_lsoa_cols, &lc, err)))
        goto done;
    if ((pc = pop_col(c)) < 0 ||
        !(*pop = pc_arena_calloc(b->a, c->nrows + 1, sizeof **pop))) {
        rc = pc < 0 ? PC_FAIL(err, PC_ERR_INPUT,
                              "%s: no population column (expected "
                              "usual_residents_2021 or population)",
                              bd_base(b->path[BD_CENSUS]))
                    : PC_NOMEM(err);
        goto done;
    }
    for (size_t i = 0; i < c->nrows && !rc; i++) {
        char *k = pc_arena_strdup(b->a, c->rows[i][lc]);

        if (ds_parse_long(c->rows[i][pc], c->header[pc], 0, 100000000,
                          &(*pop)[i], err))
            rc = bd_row_fail(b->path[BD_CENSUS], c, i, err);
        else if (!k || pc_index_put(ix, k, i, NULL) < 0)
            rc = PC_NOMEM(err);
    }
done:
    ds_csv_free(c);
    return rc;
}

pc_status bd_stats_lsoas(bd_ctx *b, pc_error *err)
{
    ds_csv *c = NULL;
    pc_index lads = {0}, cix = {0};
    long *cpop = NULL;
    int lc, ic, ac, pc;
    size_t skipped = 0;
    const char *path = b->path[BD_IMD];
    pc_status rc;

    if (!path)
        return bd_warn(b, err,
                       "no IMD file in the folder: every place weighs 1 in "
                       "the prioritisation");
    if ((rc = bd_csv(b, BD_IMD, &c, err)) ||
        (rc = bd_need_col(c, path, bd_lsoa_cols, &lc, err)) ||
        (rc = bd_need_col(c, path, bd_imd_cols, &ic, err)) ||
        (rc = lad_index(b, &lads, err)) || (rc = census(b, &cix, &cpop, err)))
        goto done;
    if ((ac = lad_col(c)) < 0) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s: no LAD code column (expected lad22cd or \"Local "
                     "Authority District code\")",
                     bd_base(path));
        goto done;
    }
    pc = pop_col(c);
    for (size_t i = 0; i < c->nrows && !rc; i++) {
        char **f = c->rows[i];
        bd_lsoa s = {0};
        size_t k;

        if (!pc_index_get(&lads, f[ac], &s.lad))
            continue;
        if (ds_parse_double(f[ic], c->header[ic], 0, 1000, &s.imd, err) ||
            (pc >= 0 && ds_parse_long(f[pc], c->header[pc], 0, 100000000,
                                      &s.population, err))) {
            rc = bd_row_fail(path, c, i, err);
            break;
        }
        if (pc < 0) {
            if (!cpop || !pc_index_get(&cix, f[lc], &k)) {
                skipped++;
                continue;
            }
            s.population = cpop[k];
        }
        s.code = pc_arena_strdup(b->a, f[lc]);
        b->lsoa = pc_arena_grow(b->a, b->lsoa, b->nlsoa + 1, &b->alsoa,
                                sizeof *b->lsoa);
        if (!s.code || !b->lsoa)
            rc = PC_NOMEM(err);
        else
            b->lsoa[b->nlsoa++] = s;
    }
    b->r->lsoas = b->nlsoa;
    if (!rc && skipped)
        rc = bd_warn(b, err,
                     "%zu LSOAs of the ICB's LADs have an IMD score but no "
                     "population in the folder: they are left out, and a "
                     "place without LSOAs weighs 1",
                     skipped);
done:
    ds_csv_free(c);
    pc_index_free(&lads);
    pc_index_free(&cix);
    return rc;
}
