/* plan_backtest.c: the backtest of plan_backtest.h: the dataset projected
 * from an earlier list date by plan_project itself (no second projection),
 * each practice's forecast read at the later date, practices set aside
 * with their reasons, sums per PCN, place and system, and the error
 * measures of the model, the trend alone and the naive forecast. The views
 * are in plan_backtest_out.c. */
#include "plan_backtest.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "pc_strlist.h"
#include "plan_index.h"
#include "plan_project.h"
#include "plan_scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *plan_bt_status_name(plan_bt_status s)
{
    switch (s) {
    case PLAN_BT_USED: return "used";
    case PLAN_BT_JOINED: return "joined";
    case PLAN_BT_SET_ASIDE: return "set_aside";
    }
    return "?";
}

void plan_backtest_free(plan_backtest *b)
{
    if (!b)
        return;
    pc_arena_free(b->arena);
    free(b);
}

/* --- the error measures ------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

pc_status plan_bt_measure(const double *f, const double *a, size_t n,
                          plan_bt_measures *out, pc_error *err)
{
    double *ape, sum = 0, signed_sum = 0;

    if (n == 0) {
        *out = (plan_bt_measures){0, NAN, NAN, NAN};
        return PC_OK;
    }
    if (!(ape = malloc(n * sizeof *ape)))
        return PC_NOMEM(err);
    for (size_t i = 0; i < n; i++) {
        double e = (f[i] - a[i]) / a[i] * 100.0;

        ape[i] = fabs(e);
        sum += ape[i];
        signed_sum += e;
    }
    qsort(ape, n, sizeof *ape, cmp_double);
    out->n = n;
    out->mape = sum / (double)n;
    out->median_ape = n % 2 ? ape[n / 2] : (ape[n / 2 - 1] + ape[n / 2]) / 2.0;
    out->bias = signed_sum / (double)n;
    free(ape);
    return PC_OK;
}

/* The three forecasts' measures over the rows used. */
static pc_status level_measure(const plan_bt_row *rows, size_t n,
                               plan_bt_level *out, pc_error *err)
{
    double *v = malloc((4 * n + 1) * sizeof *v);
    double *act = v, *mod = v + n, *tr = v + 2 * n, *nv = v + 3 * n;
    size_t k = 0;
    pc_status rc;

    if (!v)
        return PC_NOMEM(err);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].status != PLAN_BT_USED)
            continue;
        act[k] = rows[i].actual;
        mod[k] = rows[i].model;
        tr[k] = rows[i].trend;
        nv[k] = rows[i].naive;
        k++;
    }
    if (!(rc = plan_bt_measure(mod, act, k, &out->model, err)) &&
        !(rc = plan_bt_measure(tr, act, k, &out->trend, err)))
        rc = plan_bt_measure(nv, act, k, &out->naive, err);
    free(v);
    return rc;
}

/* --- dates --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The dataset's distinct list dates, ascending, into b->dates. */
static pc_status list_dates(const ds_dataset *ds, plan_backtest *b,
                            pc_error *err)
{
    const char **d = pc_arena_calloc(b->arena, ds->nlist_sizes + 1, sizeof *d);
    size_t n = 0;

    if (!d)
        return PC_NOMEM(err);
    for (size_t i = 0; i < ds->nlist_sizes; i++)
        d[n++] = ds->list_sizes[i].date;
    qsort(d, n, sizeof *d, cmp_str);
    b->ndates = 0;
    for (size_t i = 0; i < n; i++)
        if (b->ndates == 0 || strcmp(d[b->ndates - 1], d[i]))
            d[b->ndates++] = d[i];
    b->dates = d;
    return PC_OK;
}

/* date (given by `what`) is valid and one of the list dates: *out is the
 * dataset's own string. */
static pc_status pick_date(const plan_backtest *b, const char *what,
                           const char *date, const char **out, pc_error *err)
{
    char have[512] = "";
    size_t len = 0;
    long days;

    if (plan_date_days(date, &days, err))
        return pc_error_wrap(err, "%s date", what);
    for (size_t i = 0; i < b->ndates; i++)
        if (!strcmp(b->dates[i], date)) {
            *out = b->dates[i];
            return PC_OK;
        }
    for (size_t i = 0; i < b->ndates && len < sizeof have - 16; i++)
        len += (size_t)snprintf(have + len, sizeof have - len, "%s%s",
                                i ? ", " : "", b->dates[i]);
    return PC_FAIL(err, PC_ERR_INPUT,
                   "list_sizes: no lists at %s (the %s date); the dates "
                   "with lists are %s",
                   date, what, have);
}

static pc_status pick_dates(plan_backtest *b, const plan_backtest_opts *o,
                            pc_error *err)
{
    long d0, d1;
    pc_status rc;

    if (b->ndates < 2)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "list_sizes: a backtest needs lists at two dates or "
                       "more; the dataset has %s%s",
                       b->ndates ? "only " : "none",
                       b->ndates ? b->dates[0] : "");
    b->from = b->dates[0];
    b->to = b->dates[b->ndates - 1];
    if ((o->from && (rc = pick_date(b, "from", o->from, &b->from, err))) ||
        (o->to && (rc = pick_date(b, "to", o->to, &b->to, err))))
        return rc;
    if ((rc = plan_date_days(b->from, &d0, err)) ||
        (rc = plan_date_days(b->to, &d1, err)))
        return rc;
    if (d1 <= d0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "the from date %s must be before the to date %s",
                       b->from, b->to);
    b->years = (double)(d1 - d0) / 365.25;
    return PC_OK;
}

/* --- the projections from `from` ---------------------------------------- */

/* Projects ds rebased at b->from (base year its year, its lists the base
 * lists) under growth g, for whole years past b->years. */
static pc_status project_from(const ds_dataset *ds, const ds_spatial *sp,
                              const plan_backtest *b, plan_growth g,
                              plan_run **out, pc_error *err)
{
    ds_dataset rb = *ds;
    ds_list_size *lists = malloc((ds->nlist_sizes + 1) * sizeof *lists);
    plan_scenario *sc = plan_scenario_new();
    size_t n = 0;
    pc_status rc;

    if (!lists || !sc) {
        free(lists);
        plan_scenario_free(sc);
        return PC_NOMEM(err);
    }
    for (size_t i = 0; i < ds->nlist_sizes; i++)
        if (!strcmp(ds->list_sizes[i].date, b->from))
            lists[n++] = ds->list_sizes[i];
    rb.list_sizes = lists;
    rb.nlist_sizes = n;
    rb.base_year = atoi(b->from);
    sc->growth = g;
    sc->years = (int)ceil(b->years);
    if (sc->years < 1)
        sc->years = 1;
    rc = plan_project(&rb, sp, sc, out, err);
    if (rc)
        pc_error_wrap(err, "projecting the lists at %s to %s", b->from, b->to);
    free(lists);
    plan_scenario_free(sc);
    return rc;
}

/* Practice p's patients in run r at b->years after its base. */
static double at_to(const plan_run *r, size_t p, double years)
{
    const plan_year *y = r->practices[p].years;
    int k = (int)floor(years);
    double f = years - (double)k;

    if (k >= r->years)
        return y[r->years].patients;
    return y[k].patients + f * (y[k + 1].patients - y[k].patients);
}

/* Homes completed between the dates by site s's trajectory: the
 * projection's reading (year Y of a trajectory is row Y to row Y + 1,
 * linear within it), with the base at year(from). */
static double cum_homes(const ds_site *s, double x)
{
    double c = 0;

    for (size_t k = 0; k < s->ntraj && x > 0; k++, x -= 1)
        c += (double)s->traj[k] * (x < 1 ? x : 1);
    return c;
}

static void count_homes(const ds_dataset *ds, plan_backtest *b)
{
    int base = atoi(b->from);

    for (size_t i = 0; i < ds->nsites; i++) {
        const ds_site *s = &ds->sites[i];
        double x0, h;

        if (!s->traj_start || !s->ntraj)
            continue;
        x0 = (double)(base - s->traj_start);
        h = cum_homes(s, x0 + b->years) - cum_homes(s, x0);
        if (h > 0) {
            b->homes += h;
            b->sites_completing++;
        }
    }
}

/* --- practices and their status ------------------------------------------ */

/* Why a practice with these lists is set aside; NULL when it is used.
 * *nomem is set when the reason could not be made. */
static const char *set_aside_why(plan_backtest *b, double from, double to,
                                 int *nomem)
{
    const char *why = NULL;

    *nomem = 0;
    if (isnan(from) && isnan(to))
        why = pc_arena_printf(b->arena, "no list at %s or %s", b->from, b->to);
    else if (isnan(from))
        why = pc_arena_printf(b->arena,
                              "no list at %s (opened or taken over since; "
                              "no predecessor in the dataset)",
                              b->from);
    else if (isnan(to))
        why = pc_arena_printf(b->arena,
                              "no list at %s (closed or merged; no "
                              "successor in the dataset)",
                              b->to);
    else if (!(from > 0) || !(to > 0))
        why = pc_arena_printf(b->arena, "no patients at %s",
                              from > 0 ? b->to : b->from);
    else if (to / from > b->merge_ratio || from / to > b->merge_ratio)
        why = pc_arena_printf(
            b->arena,
            "list x%.2f between the dates, beyond the x%.2f (or /%.2f) "
            "taken as a merger or split; the dataset names no successor or "
            "predecessor",
            to / from, b->merge_ratio, b->merge_ratio);
    else
        return NULL;
    *nomem = !why;
    return why;
}

static pc_status practice_rows(const ds_dataset *ds, plan_backtest *b,
                               const plan_run *rm, const plan_run *rt,
                               pc_error *err)
{
    pc_index ix = {0};
    pc_status rc = PC_OK;
    size_t p;
    int nomem;

    b->npractices = ds->npractices;
    b->practices =
        pc_arena_calloc(b->arena, ds->npractices + 1, sizeof *b->practices);
    if (!b->practices)
        return PC_NOMEM(err);
    for (p = 0; p < ds->npractices; p++) {
        b->practices[p].from_list = b->practices[p].actual = NAN;
        if (pc_index_put(&ix, ds->practices[p].code, p, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto done;
        }
    }
    for (size_t i = 0; i < ds->nlist_sizes; i++) {
        const ds_list_size *l = &ds->list_sizes[i];

        if (!pc_index_get(&ix, l->practice_code, &p))
            continue;
        if (!strcmp(l->date, b->from))
            b->practices[p].from_list = (double)l->patients;
        if (!strcmp(l->date, b->to))
            b->practices[p].actual = (double)l->patients;
    }
    for (p = 0; p < ds->npractices; p++) {
        plan_bt_row *w = &b->practices[p];

        w->code = ds->practices[p].code;
        w->name = ds->practices[p].name;
        w->pcn = ds->practices[p].pcn_code;
        w->place = rm->practices[p].place;
        w->naive = w->from_list;
        w->model = isnan(w->from_list) ? NAN : at_to(rm, p, b->years);
        w->trend = isnan(w->from_list) ? NAN : at_to(rt, p, b->years);
        w->reason = set_aside_why(b, w->from_list, w->actual, &nomem);
        w->status = w->reason ? PLAN_BT_SET_ASIDE : PLAN_BT_USED;
        if (nomem) {
            rc = PC_NOMEM(err);
            goto done;
        }
        if (w->status == PLAN_BT_USED)
            b->nused++;
        else
            b->nset_aside++;
    }
done:
    pc_index_free(&ix);
    return rc;
}

/* --- PCNs, places and the system: sums of the practices used ------------ */

static void row_add(plan_bt_row *a, const plan_bt_row *p)
{
    a->from_list += p->from_list;
    a->actual += p->actual;
    a->model += p->model;
    a->trend += p->trend;
    a->naive += p->naive;
    a->practices++;
}

/* Each area's measures over its practices used: grp as for group_rows,
 * before the rows are compacted (groups without practices get none). */
static pc_status within_measures(plan_backtest *b, plan_bt_row *rows,
                                 size_t ngroups, const size_t *grp,
                                 pc_error *err)
{
    plan_bt_row *sel = malloc((b->npractices + 1) * sizeof *sel);
    pc_status rc = PC_OK;

    if (!sel)
        return PC_NOMEM(err);
    for (size_t g = 0; g < ngroups && !rc; g++) {
        size_t n = 0;

        for (size_t p = 0; p < b->npractices; p++)
            if (grp[p] == g && b->practices[p].status == PLAN_BT_USED)
                sel[n++] = b->practices[p];
        if (!n)
            continue;
        if (!(rows[g].within =
                  pc_arena_calloc(b->arena, 1, sizeof *rows[g].within)))
            rc = PC_NOMEM(err);
        else
            rc = level_measure(sel, n, rows[g].within, err);
    }
    free(sel);
    return rc;
}

/* Sums the practices used into groups: grp(p) gives practice p's group
 * index (< ngroups) or SIZE_MAX; rows[] are named already. Keeps the
 * groups with a practice used, in order. */
static size_t group_rows(plan_backtest *b, plan_bt_row *rows, size_t ngroups,
                         const size_t *grp)
{
    size_t n = 0;

    for (size_t p = 0; p < b->npractices; p++)
        if (b->practices[p].status == PLAN_BT_USED && grp[p] < ngroups)
            row_add(&rows[grp[p]], &b->practices[p]);
    for (size_t g = 0; g < ngroups; g++)
        if (rows[g].practices > 0)
            rows[n++] = rows[g];
    return n;
}

static pc_status area_rows(const ds_dataset *ds, plan_backtest *b,
                           pc_error *err)
{
    size_t np = b->npractices, j;
    size_t *grp = calloc(np + 1, sizeof *grp);
    pc_index pcn_ix = {0}, place_ix = {0};
    pc_status rc = PC_OK;

    b->pcns = pc_arena_calloc(b->arena, ds->npcns + 1, sizeof *b->pcns);
    b->places = pc_arena_calloc(b->arena, ds->nplaces + 1, sizeof *b->places);
    if (!grp || !b->pcns || !b->places) {
        rc = PC_NOMEM(err);
        goto done;
    }
    for (size_t c = 0; c < ds->npcns; c++) {
        b->pcns[c].code = ds->pcns[c].code;
        b->pcns[c].name = ds->pcns[c].name;
        if (pc_index_put(&pcn_ix, ds->pcns[c].code, c, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto done;
        }
    }
    b->pcns[ds->npcns].name = "practices in no PCN";
    for (size_t q = 0; q < ds->nplaces; q++) {
        b->places[q].code = b->places[q].name = ds->places[q].name;
        if (pc_index_put(&place_ix, ds->places[q].name, q, NULL) < 0) {
            rc = PC_NOMEM(err);
            goto done;
        }
    }
    for (size_t p = 0; p < np; p++) {
        const plan_bt_row *w = &b->practices[p];

        grp[p] = ds->npcns;
        if (w->pcn && pc_index_get(&pcn_ix, w->pcn, &j))
            grp[p] = j;
        if (w->status == PLAN_BT_USED && !b->pcns[grp[p]].place)
            b->pcns[grp[p]].place = w->place;
    }
    if ((rc = within_measures(b, b->pcns, ds->npcns + 1, grp, err)))
        goto done;
    b->npcns = group_rows(b, b->pcns, ds->npcns + 1, grp);
    for (size_t p = 0; p < np; p++)
        grp[p] = b->practices[p].place &&
                         pc_index_get(&place_ix, b->practices[p].place, &j)
                     ? j
                     : SIZE_MAX;
    if ((rc = within_measures(b, b->places, ds->nplaces, grp, err)))
        goto done;
    b->nplaces = group_rows(b, b->places, ds->nplaces, grp);
    b->system.code = ds->system_code ? ds->system_code : ds->name;
    b->system.name = ds->system_name ? ds->system_name : ds->title;
    for (size_t p = 0; p < np; p++)
        if (b->practices[p].status == PLAN_BT_USED)
            row_add(&b->system, &b->practices[p]);
done:
    free(grp);
    pc_index_free(&pcn_ix);
    pc_index_free(&place_ix);
    return rc;
}

/* --- the backtest -------------------------------------------------------- */

static pc_status copy_warnings(plan_backtest *b, const plan_run *r,
                               pc_error *err)
{
    for (size_t i = 0; i < r->warnings.count; i++)
        if (pc_strlist_add(&b->warnings, b->arena, r->warnings.items[i], err))
            return PC_NOMEM(err);
    return PC_OK;
}

pc_status plan_backtest_run(const ds_dataset *ds, const ds_spatial *sp,
                            const plan_backtest_opts *opts, plan_backtest **out,
                            pc_error *err)
{
    plan_backtest_opts none = {NULL, NULL, 0};
    plan_backtest *b = calloc(1, sizeof *b);
    plan_run *rm = NULL, *rt = NULL;
    pc_status rc;

    if (!opts)
        opts = &none;
    if (!b || !(b->arena = pc_arena_new())) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    b->dataset = ds->name;
    b->merge_ratio =
        opts->merge_ratio == 0 ? PLAN_BACKTEST_MERGE_RATIO : opts->merge_ratio;
    if (!(b->merge_ratio > 1)) {
        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "merge ratio %g: expected a number above 1",
                     b->merge_ratio);
        goto fail;
    }
    if ((rc = list_dates(ds, b, err)) || (rc = pick_dates(b, opts, err)))
        goto fail;
    if ((rc = project_from(ds, sp, b, PLAN_GROWTH_MAX, &rm, err)) ||
        (rc = project_from(ds, sp, b, PLAN_GROWTH_TREND, &rt, err)))
        goto fail;
    count_homes(ds, b);
    if ((rc = practice_rows(ds, b, rm, rt, err)) ||
        (rc = area_rows(ds, b, err)) ||
        (rc = level_measure(b->practices, b->npractices, &b->practice_level,
                            err)) ||
        (rc = level_measure(b->pcns, b->npcns, &b->pcn_level, err)) ||
        (rc = level_measure(b->places, b->nplaces, &b->place_level, err)) ||
        (rc = copy_warnings(b, rm, err)))
        goto fail;
    b->system.within = &b->practice_level;
    plan_run_free(rm);
    plan_run_free(rt);
    *out = b;
    return PC_OK;

fail:
    plan_run_free(rm);
    plan_run_free(rt);
    plan_backtest_free(b);
    return rc;
}
