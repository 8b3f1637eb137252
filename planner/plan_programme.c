/* plan_programme.c: the prioritisation instance of a dataset and scenario
 * and the reported programme (optimum, greedy ranking, ±10% ICB budget).
 * Its views (JSON, table, the programme as a scenario) are in
 * plan_programme_out.c. */
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "pc_strlist.h"
#include "plan_contrib.h"
#include "plan_index.h"
#include "plan_json.h"
#include "plan_params.h"
#include "plan_prio_int.h"
#include "plan_project.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int plan_prio_listed(const plan_ids *ids, const char *id)
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
           !(sc && plan_prio_listed(&sc->schemes_exclude, s->id));
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
        return PC_NOMEM(err);
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
            return PC_NOMEM(err);
        }
        g->schemes_exclude.v = v;
    }
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];

        if (!strcmp(s->status, "delivered") ||
            plan_prio_listed(&g->schemes_exclude, s->id))
            continue;
        if (!(g->schemes_exclude.v[g->schemes_exclude.n] = strdup(s->id))) {
            plan_scenario_free(g);
            return PC_NOMEM(err);
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
    pc_arena *a;
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
        return PC_NOMEM(err);
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
            if (pc_strlist_addf(&in->warnings, B->a, err,
                                "place %s has no LSOA with a "
                                "population: its need weight is 1",
                                pl->name)) {
                free(num);
                free(den);
                return PC_NOMEM(err);
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

/* Instance scheme S from dataset scheme s: its place, counted rooms,
 * cost, timing (the scenario's start year wins), funding routes and
 * option group (groups: the group names so far). */
static pc_status scheme_fill(bctx *B, const ds_scheme *s, plan_prio_scheme *S,
                             pc_strlist *groups, pc_error *err)
{
    plan_prio_instance *in = B->in;
    unsigned types = B->run->room_types;
    int es;

    S->id = s->id;
    S->name = s->name;
    S->status = s->status;
    S->forced = !strcmp(s->status, "committed") ||
                (B->sc && plan_prio_listed(&B->sc->schemes_include, s->id));
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
        if (pc_strlist_addf(&in->warnings, B->a, err,
                            "scheme %s: earliest start %d is "
                            "before the base year; it may "
                            "start from %d",
                            s->id, s->earliest_start, in->base_year))
            return err->code;
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

        while (g < groups->count && strcmp(groups->items[g], s->option_group))
            g++;
        if (g == groups->count &&
            pc_strlist_add(groups, B->a, s->option_group, err))
            return err->code;
        S->group = (int)g;
    }
    S->illustrative =
        plan_marked(s->illustrative, "rooms_consult;rooms_treatment;rooms_"
                                     "other;cost_gbp;spend_profile;"
                                     "earliest_start;duration_years");
    in->illustrative_schemes += S->illustrative != 0;
    return PC_OK;
}

/* Each instance scheme's prerequisites; a prerequisite that is not a
 * scheme, or that the scenario leaves out, blocks it. */
static pc_status scheme_deps(bctx *B, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;

    /* prerequisites */
    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        plan_prio_scheme *S;

        if (!B->scheme_of[i])
            continue;
        S = &in->schemes[B->scheme_of[i] - 1];
        S->deps = pc_arena_calloc(B->a, s->ndepends + 1, sizeof *S->deps);
        if (!S->deps)
            return PC_NOMEM(err);
        for (size_t d = 0; d < s->ndepends; d++) {
            size_t k = 0;

            while (k < ds->nschemes &&
                   strcmp(ds->schemes[k].id, s->depends_on[d]))
                k++;
            if (k == ds->nschemes)
                S->blocked = pc_arena_printf(B->a,
                                             "its prerequisite %s is "
                                             "not a scheme",
                                             s->depends_on[d]);
            else if (B->scheme_of[k])
                S->deps[S->ndeps++] = B->scheme_of[k] - 1;
            else if (strcmp(ds->schemes[k].status, "delivered") != 0)
                S->blocked = pc_arena_printf(B->a,
                                             "its prerequisite %s is left "
                                             "out by the scenario",
                                             s->depends_on[d]);
        }
    }
    return PC_OK;
}

static pc_status schemes(bctx *B, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;
    pc_strlist groups = PC_STRLIST_INIT;
    size_t n = 0;
    pc_status rc;

    for (size_t i = 0; i < ds->nschemes; i++) {
        const ds_scheme *s = &ds->schemes[i];
        plan_prio_scheme *S;

        if (!in_programme(s, B->sc))
            continue;
        S = &in->schemes[n];
        B->scheme_of[i] = ++n;
        if ((rc = scheme_fill(B, s, S, &groups, err)))
            return rc;
    }
    in->nschemes = n;
    in->groups = groups.items;
    in->ngroups = groups.count;
    return scheme_deps(B, err);
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
                pc_arena_calloc(B->a, in->nschemes + 1, sizeof *f->eligible);
            if (!f->eligible)
                return PC_NOMEM(err);
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

/* Why no scheme may use fund f of contribution item it, as its purpose
 * stands, into f->unspendable; warned once per item. */
static pc_status unspendable(bctx *B, const plan_contrib_item *it,
                             plan_prio_fund *f, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    const char *pur = it->purpose, *kind = plan_fund_kind_name(f->kind);
    const char *why;
    size_t i;

    if (pur && !strncmp(pur, "scheme:", 7)) {
        for (i = 0; i < ds->nschemes; i++)
            if (!strcmp(ds->schemes[i].id, pur + 7))
                break;
        if (i == ds->nschemes)
            why = pc_arena_printf(B->a, "its scheme %s is not in the dataset",
                                  pur + 7);
        else if (!B->scheme_of[i])
            why = pc_arena_printf(B->a,
                                  "its scheme %s cannot be in the "
                                  "programme",
                                  pur + 7);
        else
            why = pc_arena_printf(B->a,
                                  "its scheme %s's funding routes "
                                  "exclude %s",
                                  pur + 7, kind);
    } else if (pur && !strncmp(pur, "practice:", 9))
        why = pc_arena_printf(B->a,
                              "no scheme at practice %s's premises "
                              "lists %s funding",
                              pur + 9, kind);
    else if (pur && !strncmp(pur, "locality:", 9))
        why = pc_arena_printf(B->a,
                              "no scheme serves its site %s (locality "
                              "%s) with %s funding",
                              it->site_id, pur + 9, kind);
    else
        why = pc_arena_printf(B->a, "no scheme in %s lists %s funding",
                              it->place ? it->place : "its place", kind);
    if (!why)
        return PC_NOMEM(err);
    f->unspendable = why;
    for (const plan_prio_fund *g = B->in->funds; g < f; g++)
        if (g->contribution_id && !strcmp(g->contribution_id, it->id) &&
            g->unspendable)
            return PC_OK;
    return pc_strlist_addf(&B->in->warnings, B->a, err,
                           "%s: unspendable as it stands: %s (purpose %s)",
                           it->id, why, pur ? pur : "general");
}

/* Which instance schemes contribution item it may pay for. */
static pc_status contribution_eligible(bctx *B, const plan_contrib_item *it,
                                       plan_prio_fund *f, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;
    const char *pur = it->purpose;

    f->eligible = pc_arena_calloc(B->a, in->nschemes + 1, sizeof *f->eligible);
    if (!f->eligible)
        return PC_NOMEM(err);
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
    if (!f->neligible)
        return unspendable(B, it, f, err);
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
    f->id = pc_arena_printf(B->a, "%s@%s", it->id, label);
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
        return PC_NOMEM(err);
    if (t < 0)
        t = 0;
    if (t < H)
        f->amount[t] = gbp;
    return contribution_eligible(B, it, f, err);
}

/* A warning that money of contribution item it is not counted, and why. */
static pc_status not_counted(bctx *B, const plan_contrib_item *it, double gbp,
                             const char *why, pc_error *err)
{
    char amt[32];

    pc_fmt_money(amt, sizeof amt, gbp, "\xc2\xa3", 0);
    return pc_strlist_addf(&B->in->warnings, B->a, err,
                           "%s: %s %s: not counted", it->id, amt, why);
}

/* A warning that unspent money of contribution item it is past its
 * spend-by date: repaid unless the council extends the deadline. */
static pc_status past_deadline(bctx *B, const plan_contrib_item *it, double gbp,
                               pc_error *err)
{
    const char *as_of = plan_as_of(B->ds);
    char amt[32];

    pc_fmt_money(amt, sizeof amt, gbp, "\xc2\xa3", 0);
    return pc_strlist_addf(
        &B->in->warnings, B->a, err,
        "%s: %s unspent is past its spend-by date %s (the data is as of %s): "
        "no year is left to spend it in, so it counts as %s",
        it->id, amt, it->spend_by, as_of ? as_of : "-",
        strcmp(it->kind, "cil") ? "repaid" : "unspendable");
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
            /* spent in the years before its deadline's; a deadline still
             * ahead inside the base year leaves that year's remaining
             * months */
            int last = it->spend_by ? plan_date_year(it->spend_by) - 1 : none;
            const char *as_of = plan_as_of(B->ds);

            if (as_of && it->spend_by && strcmp(it->spend_by, as_of) > 0 &&
                plan_date_year(it->spend_by) == in->base_year)
                last = in->base_year;
            /* past its deadline: no year to spend it in, so the programme
             * counts it repaid (S106) */
            if (last < in->base_year &&
                (rc = past_deadline(B, it, it->unspent_gbp, err)))
                return rc;
            if ((rc = add_tranche(B, it, nf, "received", in->base_year,
                                  last < in->base_year ? in->base_year - 1
                                                       : last,
                                  it->unspent_gbp, err)))
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
                if ((rc = not_counted(B, it, it->unscheduled_gbp,
                                      "has no year of receipt (unscheduled)",
                                      err)))
                    return rc;
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
    "s106_repaid_penalty_per_gbp x S106 repaid + icb_capital_cost_per_gbp x "
    "ICB capital spent + tie_break_cost_per_gbp x cost of the schemes "
    "chosen; S106, CIL, grant and partner money spent costs nothing",
    "weights: a pound of ICB capital costs at least as much as a pound of "
    "S106 repaid unless the scenario says otherwise, so ICB capital goes "
    "to schemes that meet a gap, not to schemes that only save S106 money "
    "from repayment",
    "weight of a place = (population-weighted IMD score of its LSOAs / that "
    "of the system) ^ deprivation_weight_power",
    "S106 and CIL money comes from the contributions ledger: each expected "
    "receipt, at its indexed amount, from its year until the year before "
    "its spend-by date; S106 money left at a deadline inside the horizon "
    "is repaid",
    "greedy ranking: committed schemes, then candidates by weight x "
    "min(rooms, largest gap of the place) per £, each at the earliest "
    "start the money left allows"};

/* The scenario's settings of the prioritisation over the defaults. */
static pc_status instance_settings(plan_prio_instance *in,
                                   const plan_scenario *sc, pc_error *err)
{

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
    if (sc->solver && plan_prio_solver_parse(sc->solver, &in->solver, err))
        return pc_error_wrap(err, "scenario key \"capital.solver\"");
    return PC_OK;
}

/* The objective's assumptions, and the assumptions used with their
 * origins. */
static pc_status instance_params(bctx *B, plan_params *P, pc_error *err)
{
    plan_prio_instance *in = B->in;
    double v;
    pc_status rc;

    if ((rc = plan_params_need(P, "deprivation_weight_power", 0, 0, 10,
                               "the need weights of the prioritisation", &v,
                               err)))
        return rc;
    in->deprivation_power = v;
    if ((rc = plan_params_need(P, "s106_repaid_penalty_per_gbp", 0, 0, 1,
                               "the prioritisation's objective", &v, err)))
        return rc;
    in->repaid_penalty = v;
    /* a register without it: a pound of ICB capital costs a pound repaid */
    if (!plan_params_get(P, "icb_capital_cost_per_gbp", &v))
        in->icb_cost = in->repaid_penalty;
    else if ((rc = plan_params_need(P, "icb_capital_cost_per_gbp", 0, 0, 1,
                                    "the prioritisation's objective", &v, err)))
        return rc;
    else
        in->icb_cost = v;
    if (in->icb_cost < in->repaid_penalty &&
        (rc = pc_strlist_addf(&in->warnings, B->a, err,
                              "icb_capital_cost_per_gbp (%g) is below "
                              "s106_repaid_penalty_per_gbp (%g): the programme "
                              "may spend more ICB capital than the S106 money "
                              "it saves from repayment",
                              in->icb_cost, in->repaid_penalty)))
        return rc;
    if ((rc = plan_params_need(P, "tie_break_cost_per_gbp", 0, 0, 1e-3,
                               "the prioritisation's objective", &v, err)))
        return rc;
    in->tie_break = v;
    {
        size_t np = 0;

        in->params =
            pc_arena_calloc(B->a, plan_params_count(P) + 1, sizeof *in->params);
        if (!in->params)
            return PC_NOMEM(err);
        for (size_t i = 0; i < plan_params_count(P); i++) {
            plan_param q = plan_params_at(P, i);

            if (q.used)
                in->params[np++] = (plan_prio_param){q.id, q.value, q.origin};
        }
        in->nparams = np;
    }
    return PC_OK;
}

/* The notes, and the warnings of the instance and its projection. */
static pc_status instance_texts(bctx *B, const plan_run *run, pc_error *err)
{
    const ds_dataset *ds = B->ds;
    plan_prio_instance *in = B->in;

    for (size_t i = 0; i < sizeof note_text / sizeof *note_text; i++)
        if (pc_strlist_add(&in->notes, B->a, note_text[i], err))
            return err->code;
    if (!ds->nfunds &&
        pc_strlist_add(&in->warnings, B->a,
                       "the dataset has no funds.csv: only S106 and CIL money "
                       "can pay for schemes",
                       err))
        return err->code;
    for (size_t i = 0; i < run->warnings.count; i++)
        if (pc_strlist_addf(&in->warnings, B->a, err, "projection: %s",
                            run->warnings.items[i]))
            return err->code;
    return PC_OK;
}

/* Copies of the strings borrowed from the run (which goes) and from the
 * contributions ledger. */
static pc_status copy_borrowed(bctx *B, pc_error *err)
{
    plan_prio_instance *in = B->in;

    /* strings borrowed from the run are copied: the run goes */
    for (size_t p = 0; p < in->nplaces; p++)
        if (!(in->places[p].name = pc_arena_strdup(B->a, in->places[p].name)))
            return PC_NOMEM(err);
    for (size_t i = 0; i < in->nparams; i++)
        if (!(in->params[i].id = pc_arena_strdup(B->a, in->params[i].id)) ||
            !(in->params[i].origin =
                  pc_arena_strdup(B->a, in->params[i].origin)))
            return PC_NOMEM(err);
    for (size_t k = 0; k < in->nfunds; k++) {
        plan_prio_fund *f = &in->funds[k];

        if (f->contribution_id &&
            (!(f->contribution_id =
                   pc_arena_strdup(B->a, f->contribution_id)) ||
             (f->source && !(f->source = pc_arena_strdup(B->a, f->source)))))
            return PC_NOMEM(err);
    }
    return PC_OK;
}

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
        rc = PC_NOMEM(err);
        goto out;
    }
    in->dataset = ds->name;
    in->scenario = sc && sc->name ? pc_arena_strdup(B.a, sc->name) : NULL;
    in->preset = sc && sc->preset ? pc_arena_strdup(B.a, sc->preset) : NULL;
    in->method = plan_demand_name(run->capacity);
    snprintf(in->run_id, sizeof in->run_id, "%s", run->run_id);
    if ((sc && (rc = instance_settings(in, sc, err))) ||
        (rc = instance_params(&B, P, err)))
        goto out;
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
    if ((rc = instance_texts(&B, run, err)) || (rc = copy_borrowed(&B, err)))
        goto out;
    in->gaps = run; /* the instance's from here */
    run = NULL;
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
    free(p->label);
    free(p->repaid);
    free(p);
}

pc_status plan_programme_label(plan_programme *p, const char *label,
                               pc_error *err)
{
    char *copy;
    pc_status rc = plan_label_check(label, err);

    if (rc)
        return rc;
    if (!(copy = strdup(label)))
        return PC_NOMEM(err);
    free(p->label);
    p->label = copy;
    return PC_OK;
}

pc_status plan_programme_new(const plan_prio_instance *in, plan_programme **out,
                             pc_error *err)
{
    plan_programme *p = calloc(1, sizeof *p);
    pc_status rc;
    pc_error e2;

    *out = NULL;
    if (!p)
        return PC_NOMEM(err);
    p->in = in;
    if ((rc = plan_prio_solve(in, 1.0, NULL, &p->optimal, err)) ||
        (rc = plan_prio_greedy(in, &p->greedy, err)))
        goto fail;
    if (!(p->repaid = calloc(in->nfunds + 1, sizeof *p->repaid))) {
        rc = PC_NOMEM(err);
        goto fail;
    }
    if ((rc = plan_prio_repaid_reasons(in, p->optimal, p->repaid, err)))
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
    plan_programme_hash(p);
    *out = p;
    return PC_OK;
fail:
    plan_programme_free(p);
    return rc;
}
