/* plan_run.c: a projection run as JSON (a cJSON tree or its text) or as
 * tables (see plan_project.h).
 * Patients are rounded to 1 decimal and rooms to 2 in JSON, so the text
 * does not carry floating-point noise; cJSON prints each with %.15g. */
#include "plan_project.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int add_num(cJSON *o, const char *k, double v)
{
    return cJSON_AddNumberToObject(o, k, v) != NULL;
}

static int add_str(cJSON *o, const char *k, const char *v)
{
    return (v ? cJSON_AddStringToObject(o, k, v)
              : cJSON_AddNullToObject(o, k)) != NULL;
}

static cJSON *years_json(const plan_run *r, const plan_area *a)
{
    cJSON *arr = cJSON_CreateArray();

    for (int t = 0; arr && t < r->nyears; t++) {
        const plan_year *y = &a->years[t];
        cJSON *o = cJSON_CreateObject();
        int ok = o && cJSON_AddItemToArray(arr, o);

        if (!ok) {
            cJSON_Delete(o);
            cJSON_Delete(arr);
            return NULL;
        }
        ok = add_num(o, "year", y->year) &&
             add_num(o, "patients", plan_round(y->patients, 1)) &&
             add_num(o, "new_patients", plan_round(y->new_patients, 1)) &&
             add_num(o, "growth_rooms", plan_round(y->growth_rooms, 2)) &&
             add_num(o, "required_rooms", plan_round(y->required_rooms, 2)) &&
             add_num(o, "rooms", plan_round(y->rooms, 2)) &&
             add_num(o, "gap", plan_round(y->gap, 2));
        if (ok && a->mc)
            ok = add_num(o, "p_short", plan_round(a->mc[t].p_short, 3)) &&
                 add_num(o, "gap_p10", plan_round(a->mc[t].gap_p10, 2)) &&
                 add_num(o, "gap_p50", plan_round(a->mc[t].gap_p50, 2)) &&
                 add_num(o, "gap_p90", plan_round(a->mc[t].gap_p90, 2));
        if (!ok) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

/* One area; kind 0 system, 1 place, 2 PCN, 3 practice. */
static cJSON *area_json(const plan_run *r, const plan_area *a, int kind)
{
    cJSON *o = cJSON_CreateObject(), *y;
    int ok = o != NULL;

    if (ok && kind == 0)
        ok = add_str(o, "code", a->code) && add_str(o, "name", a->name);
    else if (ok && kind == 1)
        ok = add_str(o, "name", a->name);
    else if (ok && kind == 2)
        ok = add_str(o, "pcn_code", a->code) && add_str(o, "name", a->name) &&
             add_str(o, "place", a->place);
    else if (ok)
        ok = add_str(o, "practice_code", a->code) &&
             add_str(o, "name", a->name) && add_str(o, "pcn_code", a->pcn) &&
             add_str(o, "place", a->place);
    y = ok ? years_json(r, a) : NULL;
    if (!y || !cJSON_AddItemToObject(o, "years", y)) {
        cJSON_Delete(y);
        cJSON_Delete(o);
        return NULL;
    }
    if (a->new_premises_rooms) {
        cJSON *v = cJSON_AddArrayToObject(o, "new_premises_rooms");

        for (int t = 0; v && t < r->nyears; t++)
            if (!cJSON_AddItemToArray(v, cJSON_CreateNumber(plan_round(
                                             a->new_premises_rooms[t], 2))))
                v = NULL;
        if (!v) {
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

static int add_areas(cJSON *root, const char *key, const plan_run *r,
                     const plan_area *v, size_t n, int kind)
{
    cJSON *arr = cJSON_AddArrayToObject(root, key);

    for (size_t i = 0; arr && i < n; i++) {
        cJSON *o = area_json(r, &v[i], kind);

        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            return 0;
        }
    }
    return arr != NULL;
}

/* Per LAD and year: the trend and housing-led growth and which counted. */
static int add_lads(cJSON *root, const plan_run *r)
{
    cJSON *lads = cJSON_AddArrayToObject(root, "lads");
    int ok = lads != NULL;

    for (size_t l = 0; ok && l < r->nlads; l++) {
        const plan_lad_trace *lt = &r->lads[l];
        cJSON *o = plan_jitem(lads, &ok), *ys;

        ok = ok && add_str(o, "lad_code", lt->code) &&
             add_str(o, "name", lt->name) && add_str(o, "place", lt->place) &&
             (ys = cJSON_AddArrayToObject(o, "years")) != NULL;
        for (int t = 0; ok && t < r->nyears; t++) {
            cJSON *y = plan_jitem(ys, &ok);

            ok = ok && add_num(y, "year", r->base_year + t) &&
                 add_num(y, "trend", plan_round(lt->years[t].trend, 1)) &&
                 add_num(y, "housing", plan_round(lt->years[t].housing, 1)) &&
                 add_str(y, "counted",
                         lt->years[t].used_housing ? "housing" : "trend");
        }
    }
    return ok;
}

/* The counted sites and the counted schemes. */
static int add_sites_schemes(cJSON *root, const plan_run *r)
{
    cJSON *sites = cJSON_AddArrayToObject(root, "sites"), *schemes;
    int ok = sites != NULL;

    for (size_t i = 0; ok && i < r->nsites; i++) {
        const plan_site_trace *s = &r->sites[i];
        cJSON *o = plan_jitem(sites, &ok);

        ok = ok && add_str(o, "site_id", s->site_id) &&
             add_num(o, "persons_per_dwelling",
                     plan_round(s->persons_per_dwelling, 4)) &&
             cJSON_AddBoolToObject(o, "bedroom_mix", s->mix_used) &&
             add_num(o, "homes", plan_round(s->homes, 1)) &&
             add_num(o, "new_patients", plan_round(s->new_patients, 1));
    }
    schemes = ok ? cJSON_AddArrayToObject(root, "schemes") : NULL;
    ok = schemes != NULL;
    for (size_t i = 0; ok && i < r->nschemes; i++) {
        const plan_scheme_trace *s = &r->schemes[i];
        cJSON *o = plan_jitem(schemes, &ok);

        ok = ok && add_str(o, "scheme_id", s->scheme_id) &&
             add_str(o, "place", s->place) &&
             add_str(o, "premises_id", s->premises_id) &&
             add_str(o, "status", s->status) && add_num(o, "year", s->year) &&
             add_num(o, "rooms", s->rooms) &&
             cJSON_AddBoolToObject(o, "in_base", s->in_base);
    }
    return ok;
}

/* The assumptions used, what is illustrative, and the warnings. */
static int add_assumptions(cJSON *root, const plan_run *r)
{
    const plan_illustrative *il = &r->illustrative;
    cJSON *as = cJSON_AddArrayToObject(root, "assumptions"), *o, *v, *a, *w;
    int ok = as != NULL;

    for (size_t i = 0; ok && i < r->nassumptions; i++) {
        cJSON *x = plan_jitem(as, &ok);

        ok = ok && add_str(x, "id", r->assumptions[i].id) &&
             add_num(x, "value", r->assumptions[i].value) &&
             add_str(x, "origin", r->assumptions[i].origin);
    }
    o = ok ? cJSON_AddObjectToObject(root, "illustrative") : NULL;
    ok = o != NULL;
    for (int k = 0; ok && k < 3; k++) {
        static const char *const keys[] = {"premises", "sites", "schemes"};
        size_t n[3] = {il->premises, il->sites, il->schemes},
               of[3] = {il->npremises, il->nsites, il->nschemes};

        ok = (v = cJSON_AddObjectToObject(o, keys[k])) &&
             add_num(v, "illustrative", (double)n[k]) &&
             add_num(v, "of", (double)of[k]);
    }
    a = ok ? cJSON_AddArrayToObject(o, "assumptions") : NULL;
    ok = a != NULL;
    for (size_t i = 0; ok && i < il->nassumptions; i++)
        ok = cJSON_AddItemToArray(a, cJSON_CreateString(il->assumptions[i]));
    w = ok ? cJSON_AddArrayToObject(root, "warnings") : NULL;
    ok = w != NULL;
    for (size_t i = 0; ok && i < r->warnings.count; i++)
        ok = cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings.items[i]));
    return ok;
}

static int add_traces(cJSON *root, const plan_run *r)
{
    return add_lads(root, r) && add_sites_schemes(root, r) &&
           add_assumptions(root, r);
}

static const char *const room_type_names[] = {"consult", "treatment", "other"};

/* What a method's gap means, for people reading it. */
static const char *method_note(plan_demand d)
{
    switch (d) {
    case PLAN_DEMAND_GP_FTE:
        return "gp_fte counts GP face-to-face sessions only, so its "
               "whole-list need leaves out the rooms nurses and other "
               "clinicians use and its gap shows spare rooms an estate "
               "may not have: read its growth rooms (the strategy's "
               "measure); for the gap, use ratio or space (calibrated to "
               "today's estate) or activity.";
    case PLAN_DEMAND_ACTIVITY:
        return "activity counts every face-to-face appointment at the "
               "assumed utilisation; its gap is only as good as those "
               "activity assumptions.";
    case PLAN_DEMAND_RATIO:
        return "ratio holds each place to the patients per consult room "
               "assumed (by default today's system ratio), so the gap "
               "shows places against that average.";
    case PLAN_DEMAND_SPACE:
        return "space turns patients into m2 (120 m2 per 1,750 patients) "
               "and m2 into rooms by today's gross m2 per room, so the gap "
               "compares places with today's estate.";
    default: return "";
    }
}

pc_status plan_run_cjson(const plan_run *r, plan_detail detail,
                         struct cJSON **out, pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *o, *types;
    int ok = root != NULL;

    ok = ok && add_str(root, "run_id", r->run_id) &&
         add_str(root, "input_hash", r->input_hash) &&
         add_str(root, "dataset", r->dataset) &&
         add_str(root, "scenario", r->scenario) &&
         add_str(root, "preset", r->preset) &&
         add_str(root, "method", plan_demand_name(r->demand)) &&
         add_str(root, "capacity_method", plan_demand_name(r->capacity)) &&
         add_str(root, "growth", plan_growth_name(r->growth)) &&
         add_str(root, "allocation", plan_method_name(r->allocation)) &&
         add_num(root, "base_year", r->base_year) &&
         add_num(root, "years", r->years) &&
         add_str(root, "list_date", r->list_date) &&
         add_num(root, "rooms_per_patient", r->k) &&
         add_num(root, "capacity_rooms_per_patient", r->k_capacity) &&
         add_str(root, "method_note", method_note(r->capacity));
    if (ok) {
        cJSON *def = cJSON_Parse(r->scenario_json ? r->scenario_json : "{}");

        ok = def && cJSON_AddItemToObject(root, "scenario_definition", def);
        if (!ok)
            cJSON_Delete(def);
    }
    types = ok ? cJSON_AddArrayToObject(root, "rooms_counted") : NULL;
    ok = types != NULL;
    for (unsigned i = 0; ok && i < 3; i++)
        if (r->room_types & (1u << i))
            ok = cJSON_AddItemToArray(types,
                                      cJSON_CreateString(room_type_names[i]));
    o = ok ? cJSON_AddObjectToObject(root, "delivery") : NULL;
    ok = o && add_num(o, "factor", r->delivery_factor) &&
         add_num(o, "slippage_years", r->slippage_years);
    if (ok && r->draws > 0) {
        o = cJSON_AddObjectToObject(root, "monte_carlo");
        ok = o && add_num(o, "draws", r->draws) &&
             add_num(o, "seed", (double)r->seed);
    } else if (ok)
        ok = cJSON_AddNullToObject(root, "monte_carlo") != NULL;
    if (ok) {
        cJSON *s = area_json(r, &r->system, 0);

        ok = s && cJSON_AddItemToObject(root, "system", s);
        if (!ok)
            cJSON_Delete(s);
    }
    ok = ok && add_areas(root, "places", r, r->places, r->nplaces, 1);
    if (ok && detail >= PLAN_DETAIL_PCN)
        ok = add_areas(root, "pcns", r, r->pcns, r->npcns, 2);
    if (ok && detail >= PLAN_DETAIL_PRACTICE)
        ok = add_areas(root, "practices", r, r->practices, r->npractices, 3);
    ok = ok && add_traces(root, r);
    if (!ok) {
        cJSON_Delete(root);
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory building JSON");
    }
    *out = root;
    return PC_OK;
}

pc_status plan_run_json(const plan_run *r, plan_detail detail, pc_buf *out,
                        pc_error *err)
{
    cJSON *root = NULL;
    pc_status rc = plan_run_cjson(r, detail, &root, err);

    if (rc)
        return rc;
    return plan_json_out(root, 1, out, err);
}

/* --- tables ------------------------------------------------------------- */

static pc_status area_table(const plan_run *r, const plan_area *a,
                            const char *title, pc_buf *out)
{
    pc_status rc;

    rc = pc_buf_printf(out, "\n%s\n  %4s %10s %9s %8s %9s %8s %8s", title,
                       "year", "patients", "new", "growth", "required", "rooms",
                       "gap");
    if (rc == PC_OK && a->mc)
        rc = pc_buf_printf(out, " %8s %8s %8s %8s", "P(short)", "gap p10",
                           "gap p50", "gap p90");
    if (rc == PC_OK)
        rc = pc_buf_puts(out, "\n");
    for (int t = 0; rc == PC_OK && t < r->nyears; t++) {
        const plan_year *y = &a->years[t];
        char pat[32], np[32], v[5][32];

        pc_fmt_thousands(pat, sizeof pat, llround(y->patients));
        pc_fmt_thousands(np, sizeof np, llround(y->new_patients));
        pc_fmt_num(v[0], sizeof v[0], y->growth_rooms, 1);
        pc_fmt_num(v[1], sizeof v[1], y->required_rooms, 1);
        pc_fmt_num(v[2], sizeof v[2], y->rooms, 1);
        pc_fmt_num(v[3], sizeof v[3], y->gap, 1);
        rc = pc_buf_printf(out, "  %4d %10s %9s %8s %9s %8s %8s", y->year, pat,
                           np, v[0], v[1], v[2], v[3]);
        if (rc == PC_OK && a->mc) {
            char p[16], g[3][32];

            pc_fmt_num(p, sizeof p, 100 * a->mc[t].p_short, 0);
            pc_fmt_num(g[0], sizeof g[0], a->mc[t].gap_p10, 1);
            pc_fmt_num(g[1], sizeof g[1], a->mc[t].gap_p50, 1);
            pc_fmt_num(g[2], sizeof g[2], a->mc[t].gap_p90, 1);
            rc = pc_buf_printf(out, " %7s%% %8s %8s %8s", p, g[0], g[1], g[2]);
        }
        if (rc == PC_OK)
            rc = pc_buf_puts(out, "\n");
    }
    return rc;
}

/* Appends text wrapped at 78 columns, then a newline. */
static pc_status wrap(pc_buf *out, const char *text)
{
    pc_status rc = PC_OK;
    size_t col = 0;

    while (rc == PC_OK && *text) {
        size_t w = strcspn(text, " ");

        if (col > 0 && col + 1 + w > 78) {
            rc = pc_buf_puts(out, "\n");
            col = 0;
        } else if (col > 0) {
            rc = pc_buf_puts(out, " ");
            col++;
        }
        if (rc == PC_OK)
            rc = pc_buf_add(out, text, w);
        col += w;
        text += w;
        text += strspn(text, " ");
    }
    return rc == PC_OK ? pc_buf_puts(out, "\n") : rc;
}

/* The run's head: what it is, its methods, years and delivery; the room
 * types it counts into types (for the notes). */
static pc_status run_head(const plan_run *r, char *types, size_t ntypes,
                          pc_buf *out)
{
    char k[32], kc[32];
    pc_status rc;
    size_t len = 0;

    for (unsigned i = 0; i < 3; i++)
        if (r->room_types & (1u << i))
            len += (size_t)snprintf(types + len, ntypes - len, "%s%s",
                                    len ? ", " : "", room_type_names[i]);
    pc_fmt_num(k, sizeof k, r->k * 1000.0, 4);
    pc_fmt_num(kc, sizeof kc, r->k_capacity * 1000.0, 4);
    rc = pc_buf_printf(
        out,
        "Run %s: %s, preset %s%s%s\n"
        "Growth rooms by %s (%s rooms per 1,000 new patients); capacity by "
        "%s (%s rooms per 1,000 patients; counts %s rooms)\n"
        "List growth %s, allocation %s\n"
        "Base year %d (list sizes at %s) to %d; delivery factor ",
        r->run_id, r->dataset, r->preset ? r->preset : "(none: defaults)",
        r->scenario ? ", scenario " : "", r->scenario ? r->scenario : "",
        plan_demand_name(r->demand), k, plan_demand_name(r->capacity), kc,
        types, plan_growth_name(r->growth), plan_method_name(r->allocation),
        r->base_year, r->list_date ? r->list_date : "-",
        r->base_year + r->years);
    if (rc == PC_OK)
        rc = pc_buf_num(out, r->delivery_factor, 2);
    if (rc == PC_OK)
        rc = pc_buf_printf(
            out, ", slippage %d year%s", r->slippage_years,
            r->slippage_years == 1 || r->slippage_years == -1 ? "" : "s");
    if (rc == PC_OK && r->draws > 0)
        rc = pc_buf_printf(out, "; %d Monte Carlo draws, seed %llu", r->draws,
                           r->seed);
    if (rc == PC_OK)
        rc = pc_buf_puts(out, "\n");
    return rc;
}

/* What the run's figures rest on that is illustrative, as a paragraph
 * (nothing when none is). */
static pc_status run_illustrative(const plan_run *r, pc_buf *out)
{
    const plan_illustrative *il = &r->illustrative;
    pc_buf b = PC_BUF_INIT(1u << 16);
    pc_status rc;

    if (!il->premises && !il->sites && !il->schemes && !il->nassumptions)
        return PC_OK;
    rc = pc_buf_printf(&b,
                       "Illustrative values (not published figures; "
                       "marked in the data): rooms of %zu of %zu "
                       "premises, trajectories of %zu of %zu sites, %zu "
                       "of %zu schemes adding rooms, and assumptions",
                       il->premises, il->npremises, il->sites, il->nsites,
                       il->schemes, il->nschemes);
    for (size_t i = 0; rc == PC_OK && i < il->nassumptions; i++)
        rc = pc_buf_printf(&b, " %s%s", il->assumptions[i],
                           i + 1 < il->nassumptions ? "," : ".");
    if (rc == PC_OK && il->nassumptions == 0)
        rc = pc_buf_puts(&b, ": none.");
    if (rc == PC_OK)
        rc = wrap(out, pc_buf_str(&b));
    pc_buf_free(&b);
    return rc;
}

pc_status plan_run_table(const plan_run *r, plan_detail detail, pc_buf *out,
                         pc_error *err)
{
    char types[64] = "";
    pc_status rc = run_head(r, types, sizeof types, out);

    for (size_t i = 0; rc == PC_OK && i < r->nplaces; i++)
        rc = area_table(r, &r->places[i], r->places[i].name, out);
    if (rc == PC_OK) {
        char title[300];

        snprintf(title, sizeof title, "System: %s", r->system.name);
        rc = area_table(r, &r->system, title, out);
    }
    for (size_t i = 0; rc == PC_OK && detail >= PLAN_DETAIL_PCN && i < r->npcns;
         i++) {
        char title[300];

        snprintf(title, sizeof title, "PCN %s %s (%s)",
                 r->pcns[i].code ? r->pcns[i].code : "-", r->pcns[i].name,
                 r->pcns[i].place ? r->pcns[i].place : "-");
        rc = area_table(r, &r->pcns[i], title, out);
    }
    for (size_t i = 0;
         rc == PC_OK && detail >= PLAN_DETAIL_PRACTICE && i < r->npractices;
         i++) {
        char title[300];

        snprintf(title, sizeof title, "Practice %s %s (%s)",
                 r->practices[i].code, r->practices[i].name,
                 r->practices[i].place);
        rc = area_table(r, &r->practices[i], title, out);
    }
    if (rc == PC_OK)
        rc = pc_buf_printf(
            out,
            "\nnew: patients added since %d; growth: rooms those new "
            "patients need (%s);\nrequired: rooms the whole list needs (%s); "
            "rooms: in use (%s); gap: required - rooms\n(negative = "
            "spare).%s\n",
            r->base_year, plan_demand_name(r->demand),
            plan_demand_name(r->capacity), types,
            r->draws > 0 ? " P(short): share of draws with gap > 0; gap "
                           "p10/p50/p90: percentiles\nof the gap over the "
                           "draws."
                         : "");
    if (rc == PC_OK)
        rc = wrap(out, method_note(r->capacity));
    if (rc == PC_OK)
        rc = run_illustrative(r, out);
    for (size_t i = 0; rc == PC_OK && i < r->warnings.count; i++)
        rc = pc_buf_printf(out, "warning: %s\n", r->warnings.items[i]);
    return rc == PC_OK ? PC_OK
                       : PC_FAIL(err, rc, "formatting the projection tables");
}
