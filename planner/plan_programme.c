/* plan_programme.c: the prioritisation instance of a dataset and scenario,
 * the reported programme (optimum, greedy ranking, ±10% ICB budget) and
 * its JSON and table views. */
#include "plan_contrib.h"
#include "plan_index.h"
#include "plan_json.h"
#include "plan_params.h"
#include "plan_prio.h"
#include "plan_project.h"

#include "ds_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Money below this (gbp) is noise of the solver. */
#define PAY_EPS 0.005

static pc_status nomem(pc_error *err)
{
    return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
}

/* A growable list of strings in the arena. */
typedef struct strv {
    const char **v;
    size_t n, cap;
} strv;

static int strv_add(ds_arena *a, strv *s, const char *str)
{
    if (!str)
        return -1;
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        const char **nv = ds_arena_calloc(a, nc, sizeof *nv);

        if (!nv)
            return -1;
        if (s->n)
            memcpy(nv, s->v, s->n * sizeof *nv);
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n++] = str;
    return 0;
}

static unsigned routes(const char *list)
{
    unsigned m = 0;
    const char *p = list;

    if (!list || !*list)
        return PLAN_FUND_ALL;
    while (*p) {
        size_t n = strcspn(p, ";");

#define R(name, bit)                               \
    if (n == strlen(name) && !strncmp(p, name, n)) \
        m |= bit;
        R("icb", PLAN_FUND_ICB)
        R("grant", PLAN_FUND_GRANT)
        R("partner", PLAN_FUND_PARTNER)
        R("s106", PLAN_FUND_S106)
        R("cil", PLAN_FUND_CIL)
#undef R
        p += n;
        if (*p == ';')
            p++;
    }
    return m;
}

static unsigned kind_bit(const char *k)
{
    return !strcmp(k, "icb")       ? PLAN_FUND_ICB
           : !strcmp(k, "grant")   ? PLAN_FUND_GRANT
           : !strcmp(k, "partner") ? PLAN_FUND_PARTNER
           : !strcmp(k, "s106")    ? PLAN_FUND_S106
           : !strcmp(k, "cil")     ? PLAN_FUND_CIL
                                   : 0;
}

static int listed(const plan_ids *ids, const char *id)
{
    for (size_t i = 0; i < ids->n; i++)
        if (!strcmp(ids->v[i], id))
            return 1;
    return 0;
}

static int has_practice(const ds_dataset *ds, const char *premises_id,
                        const char *code)
{
    if (!premises_id)
        return 0;
    for (size_t i = 0; i < ds->npremises; i++)
        if (!strcmp(ds->premises[i].id, premises_id)) {
            for (size_t k = 0; k < ds->premises[i].npractices; k++)
                if (!strcmp(ds->premises[i].practices[k], code))
                    return 1;
            return 0;
        }
    return 0;
}

/* The schemes of the instance: not delivered, not excluded. */
static int in_programme(const ds_scheme *s, const plan_scenario *sc)
{
    return strcmp(s->status, "delivered") != 0 &&
           !(sc && listed(&sc->schemes_exclude, s->id));
}

/* The scenario of the gaps: the same choices with delivered schemes
 * only (the programme decides the rest), no draws, no start years. */
static pc_status gap_scenario(const ds_dataset *ds, const plan_scenario *sc,
                              plan_scenario **out, pc_error *err)
{
    plan_scenario *g = plan_scenario_new();
    pc_status rc = PC_OK;
    size_t n = 0;

    if (!g)
        return nomem(err);
    if (sc && (rc = plan_scenario_merge(g, sc, err))) {
        plan_scenario_free(g);
        return rc;
    }
    for (size_t i = 0; i < g->schemes_include.n; i++)
        free(g->schemes_include.v[i]);
    g->schemes_include.n = 0;
    for (size_t i = 0; i < g->nstarts; i++)
        free(g->start_ids[i]);
    g->nstarts = 0;
    g->draws = 0;
    for (size_t i = 0; i < ds->nschemes; i++)
        n += strcmp(ds->schemes[i].status, "delivered") != 0;
    {
        char **v = realloc(g->schemes_exclude.v,
                           (g->schemes_exclude.n + n + 1) * sizeof *v);

        if (!v) {
            plan_scenario_free(g);
            return nomem(err);
        }
        g->schemes_exclude.v = v;
    }
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];

        if (!strcmp(s->status, "delivered") ||
            listed(&g->schemes_exclude, s->id))
            continue;
        if (!(g->schemes_exclude.v[g->schemes_exclude.n] = strdup(s->id))) {
            plan_scenario_free(g);
            return nomem(err);
        }
        g->schemes_exclude.n++;
    }
    g->schemes_exclude.set = 1;
    *out = g;
    return PC_OK;
}

typedef struct bctx {
    const ds_dataset *ds;
    const plan_scenario *sc;
    const plan_run *run;
    plan_prio_instance *in;
    ds_arena *a;
    strv warnings, notes;
    size_t *scheme_of; /* ds scheme index -> instance index + 1 (0: none) */
} bctx;

static pc_status weights(bctx *B, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;
    double *num = calloc(in->nplaces + 1, sizeof(double)),
           *den = calloc(in->nplaces + 1, sizeof(double)), snum = 0, sden = 0;

    if (!num || !den) {
        free(num);
        free(den);
        return nomem(err);
    }
    for (size_t i = 0; i < ds->nlsoas; i++) {
        const ds_lsoa *l = &ds->lsoas[i];
        const char *place = NULL;

        for (size_t k = 0; k < ds->nlads && !place; k++)
            if (!strcmp(ds->lads[k].code, l->lad_code))
                place = ds->lads[k].place;
        snum += l->imd_score * (double)l->population;
        sden += (double)l->population;
        for (size_t p = 0; place && p < in->nplaces; p++)
            if (!strcmp(in->places[p].name, place)) {
                num[p] += l->imd_score * (double)l->population;
                den[p] += (double)l->population;
            }
    }
    for (size_t p = 0; p < in->nplaces; p++) {
        plan_prio_place *pl = &in->places[p];

        if (den[p] > 0 && sden > 0 && snum > 0) {
            pl->imd = num[p] / den[p];
            pl->weight = pow(pl->imd / (snum / sden), in->deprivation_power);
        } else {
            pl->imd = NAN;
            pl->weight = 1;
            if (strv_add(B->a, &B->warnings,
                         ds_arena_printf(B->a,
                                         "place %s has no LSOA with a "
                                         "population: its need weight is 1",
                                         pl->name)) < 0) {
                free(num);
                free(den);
                return nomem(err);
            }
        }
    }
    free(num);
    free(den);
    return PC_OK;
}

static size_t place_index(const plan_prio_instance *in, const char *name)
{
    for (size_t p = 0; p < in->nplaces; p++)
        if (!strcmp(in->places[p].name, name))
            return p;
    return (size_t)-1;
}

static pc_status schemes(bctx *B, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;
    unsigned types = B->run->room_types;
    strv groups = {0};
    size_t n = 0;

    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        plan_prio_scheme *S;
        int es;

        if (!in_programme(s, B->sc))
            continue;
        S = &in->schemes[n];
        B->scheme_of[i] = ++n;
        S->id = s->id;
        S->name = s->name;
        S->status = s->status;
        S->forced = !strcmp(s->status, "committed") ||
                    (B->sc && listed(&B->sc->schemes_include, s->id));
        if ((S->place = place_index(in, s->place)) == (size_t)-1)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "scheme %s: place \"%s\" is not a place of the "
                           "projection",
                           s->id, s->place);
        S->rooms = ((types & PLAN_ROOM_CONSULT) ? s->rooms_consult : 0) +
                   ((types & PLAN_ROOM_TREATMENT) ? s->rooms_treatment : 0) +
                   ((types & PLAN_ROOM_OTHER) ? s->rooms_other : 0);
        S->cost_gbp = s->cost_gbp;
        S->rent_gbp = isnan(s->rent_gbp) ? 0 : s->rent_gbp;
        S->duration = s->duration_years;
        S->profile = s->spend_profile;
        es = s->earliest_start ? s->earliest_start - in->base_year : 0;
        if (es < 0) {
            if (strv_add(B->a, &B->warnings,
                         ds_arena_printf(B->a,
                                         "scheme %s: earliest start %d is "
                                         "before the base year; it may "
                                         "start from %d",
                                         s->id, s->earliest_start,
                                         in->base_year)) < 0)
                return nomem(err);
            es = 0;
        }
        S->earliest = es;
        if (!strcmp(s->status, "committed") && s->earliest_start)
            S->latest = es; /* decided: it starts then */
        for (size_t k = 0; B->sc && k < B->sc->nstarts; k++)
            if (!strcmp(B->sc->start_ids[k], s->id)) {
                int st = B->sc->start_years[k] - in->base_year;

                S->earliest = S->latest = st < 0 ? 0 : st;
            }
        S->funding = routes(s->funding);
        S->group = -1;
        if (s->option_group) {
            size_t g = 0;

            while (g < groups.n && strcmp(groups.v[g], s->option_group))
                g++;
            if (g == groups.n && strv_add(B->a, &groups, s->option_group) < 0)
                return nomem(err);
            S->group = (int)g;
        }
        S->illustrative =
            plan_marked(s->illustrative, "rooms_consult;rooms_treatment;rooms_"
                                         "other;cost_gbp;spend_profile;"
                                         "earliest_start;duration_years");
        in->illustrative_schemes += S->illustrative != 0;
    }
    in->nschemes = n;
    in->groups = groups.v;
    in->ngroups = groups.n;
    /* prerequisites */
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        plan_prio_scheme *S;

        if (!B->scheme_of[i])
            continue;
        S = &in->schemes[B->scheme_of[i] - 1];
        S->deps = ds_arena_calloc(B->a, s->ndepends + 1, sizeof *S->deps);
        if (!S->deps)
            return nomem(err);
        for (size_t d = 0; d < s->ndepends; d++) {
            size_t k = 0;

            while (k < ds->nschemes &&
                   strcmp(ds->schemes[k].id, s->depends_on[d]))
                k++;
            if (k == ds->nschemes)
                S->blocked = ds_arena_printf(B->a,
                                             "its prerequisite %s is "
                                             "not a scheme",
                                             s->depends_on[d]);
            else if (B->scheme_of[k])
                S->deps[S->ndeps++] = B->scheme_of[k] - 1;
            else if (strcmp(ds->schemes[k].status, "delivered") != 0)
                S->blocked = ds_arena_printf(B->a,
                                             "its prerequisite %s is left "
                                             "out by the scenario",
                                             s->depends_on[d]);
        }
    }
    return PC_OK;
}

/* Funds of funds.csv, one per fund_id in order of first appearance. */
static pc_status table_funds(bctx *B, size_t *nf, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;
    int H = in->years;

    for (size_t r = 0; r < ds->nfunds; r++) {
        const ds_fund *d = &ds->funds[r];
        plan_prio_fund *f = NULL;
        int t = d->year - in->base_year;

        for (size_t k = 0; k < *nf && !f; k++)
            if (!in->funds[k].contribution_id &&
                !strcmp(in->funds[k].id, d->id))
                f = &in->funds[k];
        if (!f) {
            f = &in->funds[(*nf)++];
            f->id = d->id;
            f->source = d->source;
            f->kind = kind_bit(d->kind);
            f->carry = f->kind != PLAN_FUND_ICB || in->carry_forward;
            f->last = d->spend_by_year ? d->spend_by_year - in->base_year : H;
            if (f->last > H)
                f->last = H;
            f->eligible =
                ds_arena_calloc(B->a, in->nschemes + 1, sizeof *f->eligible);
            if (!f->eligible)
                return nomem(err);
            for (size_t j = 0; j < in->nschemes; j++) {
                const plan_prio_scheme *S = &in->schemes[j];

                if ((S->funding & f->kind) &&
                    (!d->scheme_id || !strcmp(d->scheme_id, S->id)) &&
                    (!d->place || !strcmp(d->place, in->places[S->place].name)))
                    f->eligible[f->neligible++] = j;
            }
        }
        f->illustrative |= plan_marked(d->illustrative, "amount_gbp");
        if (t < 0 && f->carry)
            t = 0; /* money from before the base year is still there */
        if (t >= 0 && t < H)
            f->amount[t] +=
                d->amount_gbp *
                (f->kind == PLAN_FUND_ICB ? in->icb_budget_factor : 1);
    }
    for (size_t k = 0; k < *nf; k++)
        in->illustrative_funds += in->funds[k].illustrative != 0;
    return PC_OK;
}

/* Which instance schemes contribution item it may pay for. */
static pc_status contribution_eligible(bctx *B, const plan_contrib_item *it,
                                       plan_prio_fund *f, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;
    const char *pur = it->purpose;

    f->eligible = ds_arena_calloc(B->a, in->nschemes + 1, sizeof *f->eligible);
    if (!f->eligible)
        return nomem(err);
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        size_t j;
        int ok;

        if (!B->scheme_of[i])
            continue;
        j = B->scheme_of[i] - 1;
        if (!(in->schemes[j].funding & f->kind))
            continue;
        if (pur && !strncmp(pur, "scheme:", 7))
            ok = !strcmp(pur + 7, s->id);
        else if (pur && !strncmp(pur, "practice:", 9))
            ok = has_practice(ds, s->premises_id, pur + 9);
        else if (pur && !strncmp(pur, "locality:", 9))
            ok = s->site_id && !strcmp(s->site_id, it->site_id);
        else
            ok = it->place && !strcmp(it->place, s->place);
        if (ok)
            f->eligible[f->neligible++] = j;
    }
    return PC_OK;
}

static pc_status add_tranche(bctx *B, const plan_contrib_item *it, size_t *nf,
                             const char *label, int year, int last, double gbp,
                             pc_error *err)
{
    plan_prio_instance *in = B->in;
    plan_prio_fund *f;
    int H = in->years, t = year - in->base_year;

    if (gbp <= 0)
        return PC_OK;
    f = &in->funds[(*nf)++];
    f->contribution_id = it->id;
    f->id = ds_arena_printf(B->a, "%s@%s", it->id, label);
    f->source = it->site_name;
    f->kind = !strcmp(it->kind, "cil") ? PLAN_FUND_CIL : PLAN_FUND_S106;
    f->carry = 1;
    f->repay = f->kind == PLAN_FUND_S106;
    f->last = last - in->base_year;
    if (f->last > H)
        f->last = H;
    f->illustrative = it->illustrative;
    in->illustrative_funds += it->illustrative != 0;
    if (!f->id)
        return nomem(err);
    if (t < 0)
        t = 0;
    if (t < H)
        f->amount[t] = gbp;
    return contribution_eligible(B, it, f, err);
}

static pc_status contribution_funds(bctx *B, const plan_contrib_ledger *L,
                                    size_t *nf, pc_error *err)
{
    plan_prio_instance *in = B->in;
    int H = in->years, none = in->base_year + H + 100;
    pc_status rc;

    for (size_t i = 0; i < L->nitems; i++) {
        const plan_contrib_item *it = &L->items[i];
        const ds_contribution *c = NULL;
        int requested = !strcmp(it->status, "requested");

        for (size_t k = 0; k < B->ds->ncontributions && !c; k++)
            if (!strcmp(B->ds->contributions[k].id, it->id))
                c = &B->ds->contributions[k];
        if (!c || (!it->secured && !(requested && in->s106_requested)))
            continue;
        if (it->unspent_gbp > 0) {
            int last = it->spend_by ? plan_date_year(it->spend_by) - 1 : none;

            if (last < in->base_year) {
                char amt[32];

                pc_fmt_thousands(amt, sizeof amt, llround(it->unspent_gbp));
                if (strv_add(B->a, &B->warnings,
                             ds_arena_printf(B->a,
                                             "%s: £%s unspent is past its "
                                             "spend-by date %s: not "
                                             "counted",
                                             it->id, amt, it->spend_by)) < 0)
                    return nomem(err);
            } else if ((rc = add_tranche(B, it, nf, "received", in->base_year,
                                         last, it->unspent_gbp, err)))
                return rc;
        }
        for (size_t r = 0; r < it->nreceipts; r++) {
            int y = it->receipts[r].year < in->base_year ? in->base_year
                                                         : it->receipts[r].year;
            int last =
                c->spend_by_years >= 0 ? y + c->spend_by_years - 1 : none;
            char label[16];

            snprintf(label, sizeof label, "%d", it->receipts[r].year);
            if ((rc = add_tranche(B, it, nf, label, y, last,
                                  it->receipts[r].gbp, err)))
                return rc;
        }
        if (it->unscheduled_gbp > 0) {
            if (!strcmp(it->kind, "cil")) {
                int last = c->spend_by_years >= 0
                               ? in->base_year + c->spend_by_years - 1
                               : none;

                if ((rc = add_tranche(B, it, nf, "award", in->base_year, last,
                                      it->unscheduled_gbp, err)))
                    return rc;
            } else {
                char amt[32];

                pc_fmt_thousands(amt, sizeof amt, llround(it->unscheduled_gbp));
                if (strv_add(B->a, &B->warnings,
                             ds_arena_printf(B->a,
                                             "%s: £%s has no year of "
                                             "receipt (unscheduled): not "
                                             "counted",
                                             it->id, amt)) < 0)
                    return nomem(err);
            }
        }
    }
    return PC_OK;
}

static size_t count_tranches(const plan_contrib_ledger *L)
{
    size_t n = 0;

    for (size_t i = 0; i < L->nitems; i++)
        n += L->items[i].nreceipts + 2;
    return n;
}

static const char *note_text[] = {
    "years are April-March; a scheme starting in year s spends its cost by "
    "its spend profile in years s, s+1, ... and adds its rooms from the "
    "start of year s + duration",
    "gap: the projection's rooms needed minus rooms in use per place, with "
    "delivered schemes only; the programme's schemes reduce it when they "
    "finish",
    "objective = sum over places and years of weight x unmet rooms + "
    "s106_repaid_penalty_per_gbp x S106 repaid + tie_break_cost_per_gbp x "
    "cost of the schemes chosen",
    "weight of a place = (population-weighted IMD score of its LSOAs / that "
    "of the system) ^ deprivation_weight_power",
    "S106 and CIL money comes from the contributions ledger: each expected "
    "receipt, at its indexed amount, from its year until the year before "
    "its spend-by date; S106 money left at a deadline inside the horizon "
    "is repaid",
    "greedy ranking: committed schemes, then candidates by weight x "
    "min(rooms, largest gap of the place) per £, each at the earliest "
    "start the money left allows"};

pc_status plan_prio_build(const ds_dataset *ds, const ds_spatial *sp,
                          const plan_scenario *sc, plan_prio_instance **out,
                          pc_error *err)
{
    plan_scenario *g = NULL;
    plan_run *run = NULL;
    plan_params *P = NULL;
    plan_contrib_ledger *L = NULL;
    plan_prio_instance *in = NULL;
    bctx B = {0};
    size_t nf = 0, nfunds;
    double v;
    pc_status rc;

    *out = NULL;
    if ((rc = gap_scenario(ds, sc, &g, err)) ||
        (rc = plan_project(ds, sp, g, &run, err)) ||
        (rc = plan_params_new(ds, sc, &P, err)) ||
        (rc = plan_contrib_build(ds, sc, NULL, &L, err)))
        goto out;
    nfunds = ds->nfunds + count_tranches(L);
    if ((rc = plan_prio_instance_new(run->base_year, run->years, run->nplaces,
                                     ds->nschemes, nfunds, &in, err)))
        goto out;
    B.ds = ds;
    B.sc = sc;
    B.run = run;
    B.in = in;
    B.a = in->arena;
    if (!(B.scheme_of = calloc(ds->nschemes + 1, sizeof *B.scheme_of))) {
        rc = nomem(err);
        goto out;
    }
    in->dataset = ds->name;
    in->scenario = sc && sc->name ? ds_arena_strdup(B.a, sc->name) : NULL;
    in->preset = sc && sc->preset ? ds_arena_strdup(B.a, sc->preset) : NULL;
    in->method = plan_demand_name(run->demand);
    if (sc) {
        if (sc->carry_forward >= 0)
            in->carry_forward = sc->carry_forward;
        if (sc->s106_requested >= 0)
            in->s106_requested = sc->s106_requested;
        if (!isnan(sc->icb_budget_factor))
            in->icb_budget_factor = sc->icb_budget_factor;
        if (!isnan(sc->rent_limit_gbp))
            in->rent_limit_gbp = sc->rent_limit_gbp;
        if (!isnan(sc->time_limit_s))
            in->time_limit_s = sc->time_limit_s;
        if (!isnan(sc->mip_gap))
            in->mip_gap = sc->mip_gap;
    }
    if ((rc = plan_params_need(P, "deprivation_weight_power", 0, 0, 10,
                               "the need weights of the prioritisation", &v,
                               err)))
        goto out;
    in->deprivation_power = v;
    if ((rc = plan_params_need(P, "s106_repaid_penalty_per_gbp", 0, 0, 1,
                               "the prioritisation's objective", &v, err)))
        goto out;
    in->repaid_penalty = v;
    if ((rc = plan_params_need(P, "tie_break_cost_per_gbp", 0, 0, 1e-3,
                               "the prioritisation's objective", &v, err)))
        goto out;
    in->tie_break = v;
    {
        size_t np = 0;

        in->params =
            ds_arena_calloc(B.a, plan_params_count(P) + 1, sizeof *in->params);
        if (!in->params) {
            rc = nomem(err);
            goto out;
        }
        for (size_t i = 0; i < plan_params_count(P); i++) {
            plan_param q = plan_params_at(P, i);

            if (q.used)
                in->params[np++] = (plan_prio_param){q.id, q.value, q.origin};
        }
        in->nparams = np;
    }
    for (size_t p = 0; p < run->nplaces; p++) {
        plan_prio_place *pl = &in->places[p];

        pl->name = run->places[p].code;
        for (size_t t = 0; t <= (size_t)in->years; t++)
            pl->gap[t] = run->places[p].years[t].gap;
    }
    if ((rc = weights(&B, err)) || (rc = schemes(&B, err)) ||
        (rc = table_funds(&B, &nf, err)) ||
        (rc = contribution_funds(&B, L, &nf, err)))
        goto out;
    in->nfunds = nf;
    for (size_t i = 0; i < sizeof note_text / sizeof *note_text; i++)
        if (strv_add(B.a, &B.notes, note_text[i]) < 0) {
            rc = nomem(err);
            goto out;
        }
    if (!ds->nfunds &&
        strv_add(B.a, &B.warnings,
                 "the dataset has no funds.csv: only S106 and CIL money "
                 "can pay for schemes") < 0) {
        rc = nomem(err);
        goto out;
    }
    for (size_t i = 0; i < run->nwarnings; i++)
        if (strv_add(B.a, &B.warnings,
                     ds_arena_printf(B.a, "projection: %s", run->warnings[i])) <
            0) {
            rc = nomem(err);
            goto out;
        }
    /* strings borrowed from the run are copied: the run goes */
    for (size_t p = 0; p < in->nplaces; p++)
        if (!(in->places[p].name = ds_arena_strdup(B.a, in->places[p].name))) {
            rc = nomem(err);
            goto out;
        }
    for (size_t i = 0; i < in->nparams; i++)
        if (!(in->params[i].id = ds_arena_strdup(B.a, in->params[i].id)) ||
            !(in->params[i].origin =
                  ds_arena_strdup(B.a, in->params[i].origin))) {
            rc = nomem(err);
            goto out;
        }
    for (size_t k = 0; k < in->nfunds; k++) {
        plan_prio_fund *f = &in->funds[k];

        if (f->contribution_id &&
            (!(f->contribution_id = ds_arena_strdup(B.a, f->contribution_id)) ||
             (f->source && !(f->source = ds_arena_strdup(B.a, f->source))))) {
            rc = nomem(err);
            goto out;
        }
    }
    in->warnings = B.warnings.v;
    in->nwarnings = B.warnings.n;
    in->notes = B.notes.v;
    in->nnotes = B.notes.n;
    *out = in;
    in = NULL;
out:
    free(B.scheme_of);
    plan_prio_instance_free(in);
    plan_contrib_free(L);
    plan_params_free(P);
    plan_run_free(run);
    plan_scenario_free(g);
    return rc;
}

/* --- the programme ------------------------------------------------------ */

void plan_programme_free(plan_programme *p)
{
    if (!p)
        return;
    plan_prio_solution_free(p->optimal);
    plan_prio_solution_free(p->greedy);
    plan_prio_solution_free(p->lower);
    plan_prio_solution_free(p->higher);
    free(p);
}

pc_status plan_programme_new(const plan_prio_instance *in, plan_programme **out,
                             pc_error *err)
{
    plan_programme *p = calloc(1, sizeof *p);
    pc_status rc;
    pc_error e2;

    *out = NULL;
    if (!p)
        return nomem(err);
    p->in = in;
    if ((rc = plan_prio_solve(in, 1.0, NULL, &p->optimal, err)) ||
        (rc = plan_prio_greedy(in, &p->greedy, err)))
        goto fail;
    memset(&e2, 0, sizeof e2);
    if ((rc = plan_prio_solve(in, 0.9, p->optimal, &p->lower, &e2))) {
        if (rc != PC_ERR_INPUT) {
            *err = e2;
            goto fail;
        }
        snprintf(p->lower_why, sizeof p->lower_why, "%s", e2.msg);
    }
    memset(&e2, 0, sizeof e2);
    if ((rc = plan_prio_solve(in, 1.1, p->optimal, &p->higher, &e2))) {
        if (rc != PC_ERR_INPUT) {
            *err = e2;
            goto fail;
        }
        snprintf(p->higher_why, sizeof p->higher_why, "%s", e2.msg);
    }
    *out = p;
    return PC_OK;
fail:
    plan_programme_free(p);
    return rc;
}

/* --- views ---------------------------------------------------------------- */

static double money(double v)
{
    return plan_round(v, 2);
}

static cJSON *year_map(const double *v, size_t n, int first, int decimals,
                       int *ok)
{
    cJSON *o = cJSON_CreateObject();
    char key[16];

    if (!o) {
        *ok = 0;
        return NULL;
    }
    for (size_t t = 0; t < n; t++) {
        snprintf(key, sizeof key, "%d", first + (int)t);
        plan_jnum(o, key, plan_round(v[t], decimals), ok);
    }
    return o;
}

static void add(cJSON *o, const char *k, cJSON *v, int *ok)
{
    if (!v || !cJSON_AddItemToObject(o, k, v)) {
        cJSON_Delete(v);
        *ok = 0;
    }
}

/* Why scheme j is not in solution s. */
static const char *not_chosen_why(const plan_prio_instance *in,
                                  const plan_prio_solution *s, size_t j,
                                  char *buf, size_t n)
{
    const plan_prio_scheme *S = &in->schemes[j];

    if (S->blocked)
        return S->blocked;
    if (S->earliest + S->duration > in->years) {
        snprintf(buf, n, "cannot finish inside the horizon");
        return buf;
    }
    if (S->group >= 0)
        for (size_t i = 0; i < in->nschemes; i++)
            if (i != j && in->schemes[i].group == S->group &&
                s->start[i] >= 0) {
                snprintf(buf, n, "option group %s: %s chosen instead",
                         in->groups[S->group], in->schemes[i].id);
                return buf;
            }
    for (size_t d = 0; d < S->ndeps; d++)
        if (s->start[S->deps[d]] < 0) {
            snprintf(buf, n, "its prerequisite %s is not in the programme",
                     in->schemes[S->deps[d]].id);
            return buf;
        }
    if (S->rooms <= 0 || in->places[S->place].gap[in->years] <= 0) {
        double mx = 0;

        for (int t = 0; t <= in->years; t++)
            if (in->places[S->place].gap[t] > mx)
                mx = in->places[S->place].gap[t];
        if (mx <= 0 || S->rooms <= 0) {
            snprintf(buf, n, "%s has no room gap it would close",
                     S->rooms <= 0 ? "it adds no counted rooms, so it"
                                   : in->places[S->place].name);
            return buf;
        }
    }
    snprintf(buf, n,
             "the money does not stretch to it, or it closes less "
             "need than what was chosen");
    return buf;
}

static int solution_json(const plan_prio_instance *in,
                         const plan_prio_solution *s, cJSON *o, int full)
{
    int ok = 1, H = in->years;
    size_t R = (size_t)H + 1;
    cJSON *parts, *arr, *it, *fa;
    char why[256];

    plan_jnum(o, "objective", plan_round(s->objective, 6), &ok);
    plan_jstr(o, "status", s->status, &ok);
    if (full)
        plan_jnum(o, "mip_gap", plan_round(s->mip_gap, 6), &ok);
    parts = cJSON_AddObjectToObject(o, "parts");
    plan_jnum(parts, "weighted_gap_room_years", plan_round(s->weighted_gap, 6),
              &ok);
    plan_jnum(parts, "s106_repaid_gbp", money(s->repaid_gbp), &ok);
    plan_jnum(parts, "cost_gbp", money(s->cost_gbp), &ok);
    if (!parts)
        ok = 0;
    arr = plan_jarr(o, "schemes", &ok);
    for (size_t j = 0; j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (s->start[j] < 0)
            continue;
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "scheme_id", S->id, &ok);
        plan_jstr(it, "name", S->name, &ok);
        plan_jstr(it, "place", in->places[S->place].name, &ok);
        plan_jstr(it, "status", S->status, &ok);
        plan_jnum(it, "start_year", in->base_year + s->start[j], &ok);
        plan_jnum(it, "rooms_from_year",
                  in->base_year + s->start[j] + S->duration, &ok);
        plan_jnum(it, "rooms", S->rooms, &ok);
        plan_jnum(it, "cost_gbp", money(S->cost_gbp), &ok);
        plan_jnum(it, "rent_gbp", money(S->rent_gbp), &ok);
        plan_jbool(it, "illustrative", S->illustrative, &ok);
        fa = plan_jarr(it, "funding", &ok);
        for (size_t i = 0; i < s->npays; i++) {
            const plan_prio_pay *p = &s->pays[i];
            cJSON *x;

            if (p->scheme != j)
                continue;
            x = plan_jitem(fa, &ok);
            plan_jstr(x, "fund_id", in->funds[p->fund].id, &ok);
            plan_jstr(x, "kind", plan_fund_kind_name(in->funds[p->fund].kind),
                      &ok);
            plan_jnum(x, "year", in->base_year + p->year, &ok);
            plan_jnum(x, "gbp", money(p->gbp), &ok);
        }
    }
    arr = plan_jarr(o, "not_chosen", &ok);
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] < 0) {
            it = plan_jitem(arr, &ok);
            plan_jstr(it, "scheme_id", in->schemes[j].id, &ok);
            plan_jstr(it, "status", in->schemes[j].status, &ok);
            plan_jstr(it, "why", not_chosen_why(in, s, j, why, sizeof why),
                      &ok);
        }
    /* spend by kind of fund and year, then per fund */
    arr = plan_jarr(o, "spend_by_kind", &ok);
    for (unsigned kb = 1; kb <= PLAN_FUND_CIL; kb <<= 1) {
        double *v = calloc((size_t)H, sizeof *v), tot = 0;

        if (!v)
            return 0;
        for (size_t i = 0; i < s->npays; i++)
            if (in->funds[s->pays[i].fund].kind == kb) {
                v[s->pays[i].year] += s->pays[i].gbp;
                tot += s->pays[i].gbp;
            }
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "kind", plan_fund_kind_name(kb), &ok);
        add(it, "by_year", year_map(v, (size_t)H, in->base_year, 2, &ok), &ok);
        plan_jnum(it, "total_gbp", money(tot), &ok);
        free(v);
    }
    if (full) {
        arr = plan_jarr(o, "funds", &ok);
        for (size_t k = 0; k < in->nfunds; k++) {
            const plan_prio_fund *f = &in->funds[k];
            double *v = calloc((size_t)H, sizeof *v), spent = 0, avail = 0;

            if (!v)
                return 0;
            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].fund == k) {
                    v[s->pays[i].year] += s->pays[i].gbp;
                    spent += s->pays[i].gbp;
                }
            for (int t = 0; t < H; t++)
                avail += f->amount[t];
            it = plan_jitem(arr, &ok);
            plan_jstr(it, "fund_id", f->id, &ok);
            plan_jstr(it, "kind", plan_fund_kind_name(f->kind), &ok);
            plan_jstr(it, "contribution_id", f->contribution_id, &ok);
            plan_jnum(it, "available_gbp", money(avail), &ok);
            add(it, "spent_by_year",
                year_map(v, (size_t)H, in->base_year, 2, &ok), &ok);
            plan_jnum(it, "spent_gbp", money(spent), &ok);
            plan_jnum(it, "repaid_gbp", money(s->repaid[k]), &ok);
            plan_jnum(it, "unspent_at_horizon_gbp",
                      money(f->last > H - 1 && avail - spent > PAY_EPS
                                ? avail - spent
                                : 0),
                      &ok);
            free(v);
        }
    }
    arr = plan_jarr(o, "remaining_gap", &ok);
    for (size_t p = 0; p < in->nplaces; p++) {
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "place", in->places[p].name, &ok);
        add(it, "by_year", year_map(&s->unmet[p * R], R, in->base_year, 3, &ok),
            &ok);
    }
    return ok;
}

/* What scaling the ICB budget changes against the optimum. */
static int sensitivity_json(const plan_programme *pg, cJSON *arr,
                            const plan_prio_solution *s, double factor,
                            const char *why)
{
    const plan_prio_instance *in = pg->in;
    int ok = 1;
    cJSON *it = plan_jitem(arr, &ok), *a;

    plan_jnum(it, "icb_budget_factor", factor, &ok);
    if (!s) {
        plan_jstr(it, "status", "infeasible", &ok);
        plan_jstr(it, "why", why, &ok);
        return ok;
    }
    plan_jstr(it, "status", s->status, &ok);
    plan_jnum(it, "objective", plan_round(s->objective, 6), &ok);
    plan_jnum(it, "mip_gap", plan_round(s->mip_gap, 6), &ok);
    plan_jnum(it, "weighted_gap_room_years", plan_round(s->weighted_gap, 6),
              &ok);
    plan_jnum(it, "s106_repaid_gbp", money(s->repaid_gbp), &ok);
    plan_jnum(it, "cost_gbp", money(s->cost_gbp), &ok);
    a = cJSON_AddArrayToObject(it, "added");
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0 && pg->optimal->start[j] < 0 &&
            !cJSON_AddItemToArray(a, cJSON_CreateString(in->schemes[j].id)))
            ok = 0;
    a = cJSON_AddArrayToObject(it, "dropped");
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] < 0 && pg->optimal->start[j] >= 0 &&
            !cJSON_AddItemToArray(a, cJSON_CreateString(in->schemes[j].id)))
            ok = 0;
    a = plan_jarr(it, "moved", &ok);
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] >= 0 && pg->optimal->start[j] >= 0 &&
            s->start[j] != pg->optimal->start[j]) {
            cJSON *m = plan_jitem(a, &ok);

            plan_jstr(m, "scheme_id", in->schemes[j].id, &ok);
            plan_jnum(m, "from", in->base_year + pg->optimal->start[j], &ok);
            plan_jnum(m, "to", in->base_year + s->start[j], &ok);
        }
    return ok;
}

static cJSON *strings(const char **v, size_t n, int *ok)
{
    cJSON *a = cJSON_CreateArray();

    if (!a)
        *ok = 0;
    for (size_t i = 0; a && i < n; i++)
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(v[i])))
            *ok = 0;
    return a;
}

pc_status plan_programme_json(const plan_programme *pg, pc_buf *out,
                              pc_error *err)
{
    const plan_prio_instance *in = pg->in;
    cJSON *root = cJSON_CreateObject(), *o, *arr, *it;
    int ok = root != NULL;

    plan_jstr(root, "format", "pcplan-programme/1", &ok);
    plan_jstr(root, "dataset", in->dataset, &ok);
    plan_jstr(root, "scenario", in->scenario, &ok);
    plan_jstr(root, "preset", in->preset, &ok);
    plan_jstr(root, "method", in->method, &ok);
    plan_jnum(root, "base_year", in->base_year, &ok);
    plan_jnum(root, "years", in->years, &ok);
    o = cJSON_AddObjectToObject(root, "settings");
    plan_jbool(o, "carry_forward", in->carry_forward, &ok);
    plan_jnum(o, "icb_budget_factor", in->icb_budget_factor, &ok);
    if (isnan(in->rent_limit_gbp))
        plan_jstr(o, "rent_limit_gbp", NULL, &ok);
    else
        plan_jnum(o, "rent_limit_gbp", money(in->rent_limit_gbp), &ok);
    plan_jbool(o, "s106_requested", in->s106_requested, &ok);
    plan_jnum(o, "time_limit_s", in->time_limit_s, &ok);
    plan_jnum(o, "mip_gap_tolerance", in->mip_gap, &ok);
    arr = plan_jarr(root, "places", &ok);
    for (size_t p = 0; p < in->nplaces; p++) {
        const plan_prio_place *pl = &in->places[p];

        it = plan_jitem(arr, &ok);
        plan_jstr(it, "place", pl->name, &ok);
        if (isnan(pl->imd))
            plan_jstr(it, "imd", NULL, &ok);
        else
            plan_jnum(it, "imd", plan_round(pl->imd, 3), &ok);
        plan_jnum(it, "weight", plan_round(pl->weight, 6), &ok);
        add(it, "gap_by_year",
            year_map(pl->gap, (size_t)in->years + 1, in->base_year, 3, &ok),
            &ok);
    }
    o = cJSON_AddObjectToObject(root, "optimal");
    if (!o || !solution_json(in, pg->optimal, o, 1))
        ok = 0;
    o = cJSON_AddObjectToObject(root, "greedy");
    if (!o || !solution_json(in, pg->greedy, o, 0))
        ok = 0;
    plan_jnum(root, "optimal_better_by",
              plan_round(pg->greedy->objective - pg->optimal->objective, 6),
              &ok);
    arr = plan_jarr(root, "budget_sensitivity", &ok);
    if (!sensitivity_json(pg, arr, pg->lower, 0.9, pg->lower_why) ||
        !sensitivity_json(pg, arr, pg->higher, 1.1, pg->higher_why))
        ok = 0;
    arr = plan_jarr(root, "assumptions", &ok);
    for (size_t i = 0; i < in->nparams; i++) {
        it = plan_jitem(arr, &ok);
        plan_jstr(it, "id", in->params[i].id, &ok);
        plan_jnum(it, "value", in->params[i].value, &ok);
        plan_jstr(it, "origin", in->params[i].origin, &ok);
    }
    o = cJSON_AddObjectToObject(root, "illustrative");
    plan_jnum(o, "schemes", (double)in->illustrative_schemes, &ok);
    plan_jnum(o, "funds", (double)in->illustrative_funds, &ok);
    plan_jnum(o, "of_schemes", (double)in->nschemes, &ok);
    plan_jnum(o, "of_funds", (double)in->nfunds, &ok);
    add(root, "warnings", strings(in->warnings, in->nwarnings, &ok), &ok);
    add(root, "notes", strings(in->notes, in->nnotes, &ok), &ok);
    return plan_json_out(root, ok, out, err);
}

static void gbp(char *b, size_t n, double v)
{
    pc_fmt_thousands(b, n, llround(v));
}

pc_status plan_programme_table(const plan_programme *pg, pc_buf *out,
                               pc_error *err)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal, *g = pg->greedy;
    int H = in->years, rc = 0;
    size_t R = (size_t)H + 1;
    char a[32], b[32], why[256];

#define P(...) rc |= pc_buf_printf(out, __VA_ARGS__)
    P("Capital programme: %s, %d-%d%s%s (rooms: %s method)\n",
      in->dataset ? in->dataset : "instance", in->base_year,
      in->base_year + H - 1, in->scenario ? ", scenario " : "",
      in->scenario ? in->scenario : "", in->method ? in->method : "-");
    P("Optimum: objective %.4f (%s, gap %.4f%%); greedy ranking: %.4f; "
      "better by %.4f need-weighted room-years\n",
      s->objective, s->status, 100 * s->mip_gap, g->objective,
      plan_round(g->objective - s->objective, 4));
    gbp(a, sizeof a, s->cost_gbp);
    gbp(b, sizeof b, s->repaid_gbp);
    P("  unmet need %.2f weighted room-years, S106 repaid £%s, schemes "
      "£%s\n\n",
      s->weighted_gap, b, a);
    P("%-6s %-20s %-5s %-10s %5s %12s  %s\n", "Scheme", "Place", "Start",
      "Rooms from", "Rooms", "Cost £", "Funding");
    for (size_t j = 0; j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];
        int first = 1;

        if (s->start[j] < 0)
            continue;
        gbp(a, sizeof a, S->cost_gbp);
        P("%-6s %-20.20s %-5d %-10d %5.0f %12s  ", S->id,
          in->places[S->place].name, in->base_year + s->start[j],
          in->base_year + s->start[j] + S->duration, S->rooms, a);
        for (unsigned kb = 1; kb <= PLAN_FUND_CIL; kb <<= 1) {
            double v = 0;

            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].scheme == j &&
                    in->funds[s->pays[i].fund].kind == kb)
                    v += s->pays[i].gbp;
            if (v > PAY_EPS) {
                gbp(a, sizeof a, v);
                P("%s%s £%s", first ? "" : ", ", plan_fund_kind_name(kb), a);
                first = 0;
            }
        }
        P("%s%s\n", S->illustrative ? " *" : "",
          S->forced ? " (committed)" : "");
    }
    P("\nNot chosen:\n");
    for (size_t j = 0; j < in->nschemes; j++)
        if (s->start[j] < 0)
            P("  %-6s %s\n", in->schemes[j].id,
              not_chosen_why(in, s, j, why, sizeof why));
    P("\nSpend by fund and year (£k):\n%-8s", "Fund");
    for (int t = 0; t < H; t++)
        P(" %7d", in->base_year + t);
    P("\n");
    for (unsigned kb = 1; kb <= PLAN_FUND_CIL; kb <<= 1) {
        P("%-8s", plan_fund_kind_name(kb));
        for (int t = 0; t < H; t++) {
            double v = 0;

            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].year == t &&
                    in->funds[s->pays[i].fund].kind == kb)
                    v += s->pays[i].gbp;
            P(" %7.0f", v / 1000);
        }
        P("\n");
    }
    P("\nRemaining gap (rooms short) by place, start of year:\n%-20s", "Place");
    for (size_t t = 0; t < R; t++)
        P(" %6d", in->base_year + (int)t);
    P("  weight\n");
    for (size_t p = 0; p < in->nplaces; p++) {
        P("%-20.20s", in->places[p].name);
        for (size_t t = 0; t < R; t++)
            P(" %6.1f", s->unmet[p * R + t]);
        P("  %.3f\n", in->places[p].weight);
    }
    {
        double rep = 0, left = 0;

        for (size_t k = 0; k < in->nfunds; k++) {
            const plan_prio_fund *f = &in->funds[k];
            double avail = 0, spent = 0;

            if (f->kind != PLAN_FUND_S106)
                continue;
            for (int t = 0; t < H; t++)
                avail += f->amount[t];
            for (size_t i = 0; i < s->npays; i++)
                if (s->pays[i].fund == k)
                    spent += s->pays[i].gbp;
            if (f->last <= H - 1)
                rep += avail - spent > PAY_EPS ? avail - spent : 0;
            else
                left += avail - spent > PAY_EPS ? avail - spent : 0;
        }
        gbp(a, sizeof a, rep);
        gbp(b, sizeof b, left);
        P("\nS106: £%s repaid at deadlines inside the horizon; £%s unspent at "
          "the horizon with later deadlines\n",
          a, b);
    }
    P("\nICB budget -10%% / +10%%:\n");
    for (int side = 0; side < 2; side++) {
        const plan_prio_solution *x = side ? pg->higher : pg->lower;
        int first = 1;

        P("  x%.1f: ", side ? 1.1 : 0.9);
        if (!x) {
            P("infeasible: %s\n", side ? pg->higher_why : pg->lower_why);
            continue;
        }
        P("objective %.4f (%+.4f)", x->objective,
          plan_round(x->objective - s->objective, 4));
        for (size_t j = 0; j < in->nschemes; j++)
            if ((x->start[j] >= 0) != (s->start[j] >= 0) ||
                (x->start[j] >= 0 && x->start[j] != s->start[j])) {
                if (x->start[j] < 0)
                    P("%s%s dropped", first ? "; " : ", ", in->schemes[j].id);
                else if (s->start[j] < 0)
                    P("%s%s added (%d)", first ? "; " : ", ", in->schemes[j].id,
                      in->base_year + x->start[j]);
                else
                    P("%s%s %d->%d", first ? "; " : ", ", in->schemes[j].id,
                      in->base_year + s->start[j], in->base_year + x->start[j]);
                first = 0;
            }
        P("%s\n", first ? "; no change" : "");
    }
    if (in->illustrative_schemes || in->illustrative_funds)
        P("\n* illustrative: %zu of %zu schemes and %zu of %zu funds carry "
          "illustrative values\n",
          in->illustrative_schemes, in->nschemes, in->illustrative_funds,
          in->nfunds);
    for (size_t i = 0; i < in->nwarnings; i++)
        P("warning: %s\n", in->warnings[i]);
#undef P
    if (rc)
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory");
    return PC_OK;
}

pc_status plan_programme_scenario(const plan_programme *pg,
                                  const plan_scenario *sc, pc_buf *out,
                                  pc_error *err)
{
    const plan_prio_instance *in = pg->in;
    const plan_prio_solution *s = pg->optimal;
    plan_scenario *g = plan_scenario_new();
    size_t n = 0;
    char name[80];
    pc_status rc = PC_OK;

    if (!g)
        return nomem(err);
    if (sc && (rc = plan_scenario_merge(g, sc, err)))
        goto out;
    for (size_t i = 0; i < g->nstarts; i++)
        free(g->start_ids[i]);
    free(g->start_ids);
    free(g->start_years);
    g->start_ids = NULL;
    g->start_years = NULL;
    g->nstarts = 0;
    for (size_t j = 0; j < in->nschemes; j++)
        n += s->start[j] >= 0;
    {
        char **inc = realloc(g->schemes_include.v,
                             (g->schemes_include.n + n + 1) * sizeof *inc);

        if (inc)
            g->schemes_include.v = inc;
        g->start_ids = calloc(n + 1, sizeof *g->start_ids);
        g->start_years = calloc(n + 1, sizeof *g->start_years);
        if (!inc || !g->start_ids || !g->start_years) {
            rc = nomem(err);
            goto out;
        }
    }
    for (size_t j = 0; j < in->nschemes; j++) {
        const plan_prio_scheme *S = &in->schemes[j];

        if (s->start[j] < 0)
            continue;
        if (strcmp(S->status, "committed") != 0 &&
            !listed(&g->schemes_include, S->id)) {
            if (!(g->schemes_include.v[g->schemes_include.n] = strdup(S->id))) {
                rc = nomem(err);
                goto out;
            }
            g->schemes_include.n++;
            g->schemes_include.set = 1;
        }
        if (!(g->start_ids[g->nstarts] = strdup(S->id))) {
            rc = nomem(err);
            goto out;
        }
        g->start_years[g->nstarts++] = in->base_year + s->start[j];
    }
    snprintf(name, sizeof name, "%.53s-programme",
             g->name ? g->name : "baseline");
    free(g->name);
    free(g->description);
    g->description = NULL;
    if (!(g->name = strdup(name)) ||
        !(g->description = strdup(
              "The capital programme chosen by pcplan prioritise (the "
              "optimum): its schemes counted with their start years."))) {
        rc = nomem(err);
        goto out;
    }
    rc = plan_scenario_canonical(g, out, err);
out:
    plan_scenario_free(g);
    return rc;
}
