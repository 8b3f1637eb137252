/* plan_assess_out.c: the views of an assessment and of the batch (see
 * plan_assess.h): JSON as a cJSON tree (for the report document) or as
 * text, a table for people and a CSV row per site. The figures are the
 * model's (plan_assess.c); nothing here decides anything. */
#include "plan_assess_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fmt.h"
#include "plan_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const room_type_names[] = {"consult", "treatment", "other"};

/* --- one assessment ------------------------------------------------------- */

/* The development: "site" {...}. */
static void site_cjson(cJSON *root, const plan_assessment *a, int *ok)
{
    cJSON *o = cJSON_AddObjectToObject(root, "site");

    if (!o) {
        *ok = 0;
        return;
    }
    plan_jstr(o, "site_id", a->site_id, ok);
    plan_jstr(o, "name", a->name, ok);
    plan_jstr(o, "source", a->source, ok);
    plan_jstr(o, "postcode", a->postcode, ok);
    plan_jnum_or_null(o, "lon", plan_round(a->lon, 6), ok);
    plan_jnum_or_null(o, "lat", plan_round(a->lat, 6), ok);
    plan_jnum(o, "area_ha", plan_round(a->area_ha, 2), ok);
    plan_jnum_or_null(o, "e", plan_round(a->e, 0), ok);
    plan_jnum_or_null(o, "n", plan_round(a->n, 0), ok);
    plan_jstr(o, "lad_code", a->lad_code, ok);
    plan_jstr(o, "lad_name", a->lad_name, ok);
    plan_jstr(o, "place", a->place, ok);
    plan_jstr(o, "planning_status", a->planning_status, ok);
    plan_jstr(o, "s106_position", a->s106_position, ok);
    plan_jbool(o, "illustrative", a->site_illustrative, ok);
}

/* "practices" [...]. */
static void practices_cjson(cJSON *root, const plan_assessment *a, int *ok)
{
    cJSON *arr = plan_jarr(root, "practices", ok), *o;

    for (size_t i = 0; *ok && i < a->npractices; i++) {
        const plan_assess_practice *p = &a->practices[i];

        if (!(o = plan_jitem(arr, ok)))
            break;
        plan_jstr(o, "code", p->code, ok);
        plan_jstr(o, "name", p->name, ok);
        plan_jstr(o, "pcn", p->pcn, ok);
        plan_jstr(o, "pcn_name", p->pcn_name, ok);
        plan_jstr(o, "place", p->place, ok);
        plan_jnum(o, "share", plan_round(p->share, 4), ok);
        plan_jnum(o, "distance_m", plan_round(p->distance_m, 0), ok);
        plan_jstr(o, "near_premises", p->near_premises, ok);
        plan_jnum_or_null(o, "near_e", plan_round(p->near_e, 0), ok);
        plan_jnum_or_null(o, "near_n", plan_round(p->near_n, 0), ok);
        plan_jnum(o, "new_patients", plan_round(p->new_patients, 1), ok);
        plan_jnum(o, "list", plan_round(p->list, 1), ok);
        plan_jnum(o, "rooms", plan_round(p->rooms, 2), ok);
        plan_jnum(o, "required_rooms", plan_round(p->required_rooms, 2), ok);
        plan_jnum(o, "spare_rooms", plan_round(p->spare_rooms, 2), ok);
        plan_jstr(o, "status", p->status, ok);
        plan_jnum(o, "rooms_needed", plan_round(p->rooms_needed, 2), ok);
        plan_jnum(o, "spare_used", plan_round(p->spare_used, 2), ok);
        plan_jnum(o, "rooms_net", plan_round(p->rooms_net, 2), ok);
        plan_jnum(o, "counted_rooms", plan_round(p->counted_rooms, 2), ok);
        plan_jbool(o, "rooms_illustrative", p->rooms_illustrative, ok);
        plan_jstrings(o, "premises", p->premises, p->npremises, ok);
    }
}

const char *plan_assess_spare_basis(const plan_assessment *a)
{
    if (!a->spare_net_of_sites)
        return NULL;
    if (a->site_id || a->within_site)
        return "Each practice's spare rooms are shared among the sites the "
               "plan counts, in proportion to the rooms each needs there.";
    return "Each practice's spare rooms are net of the rooms the sites the "
           "plan already counts need there: this development comes in "
           "addition to them.";
}

/* "consultation" {...} and "schemes" [...]. */
static void consult_cjson(cJSON *root, const plan_assessment *a, int *ok)
{
    cJSON *c = cJSON_AddObjectToObject(root, "consultation");
    cJSON *s = cJSON_AddArrayToObject(root, "schemes");

    if (!c || !s) {
        *ok = 0;
        return;
    }
    plan_jstr(c, "reference", a->reference, ok);
    plan_jstr(c, "council", a->council, ok);
    plan_jstr(c, "addressee", a->addressee, ok);
    plan_jstr(c, "contact", a->contact, ok);
    plan_jstr(c, "consulted", a->consulted, ok);
    plan_jstr(c, "deadline", a->deadline, ok);
    plan_jstr(c, "issued", a->issued, ok);
    for (size_t i = 0; i < a->nschemes; i++) {
        const ds_scheme *sc = a->schemes[i];
        cJSON *o = cJSON_CreateObject();

        if (!o || !cJSON_AddItemToArray(s, o)) {
            cJSON_Delete(o);
            *ok = 0;
            return;
        }
        plan_jstr(o, "scheme_id", sc->id, ok);
        plan_jstr(o, "name", sc->name, ok);
        plan_jstr(o, "place", sc->place, ok);
        plan_jstr(o, "kind", sc->kind, ok);
        plan_jstr(o, "status", sc->status, ok);
        plan_jnum(o, "rooms",
                  sc->rooms_consult + sc->rooms_treatment + sc->rooms_other,
                  ok);
        plan_jnum_or_null(o, "cost_gbp", sc->cost_gbp, ok);
        plan_jbool(o, "illustrative", sc->illustrative && *sc->illustrative,
                   ok);
    }
}

/* "cost" {...}. */
static void cost_cjson(cJSON *root, const plan_assessment *a, int *ok)
{
    cJSON *o = cJSON_AddObjectToObject(root, "cost");

    if (!o) {
        *ok = 0;
        return;
    }
    plan_jnum(o, "base_gbp_per_m2", plan_round(a->base_gbp_per_m2, 2), ok);
    plan_jstr(o, "base_date", a->base_date, ok);
    plan_jnum(o, "index_ratio", plan_round(a->index_ratio, 4), ok);
    plan_jstr(o, "index_basis", a->index_basis, ok);
    plan_jnum(o, "today_gbp_per_m2", plan_round(a->today_gbp_per_m2, 2), ok);
    plan_jnum(o, "fees", a->fees, ok);
    plan_jnum(o, "contingency", a->contingency, ok);
    plan_jnum(o, "all_in_gbp_per_m2", plan_round(a->all_in_gbp_per_m2, 2), ok);
}

/* "trace" [...] and "assumptions" [...]. */
static void trace_cjson(cJSON *root, const plan_assessment *a, int *ok)
{
    cJSON *arr = plan_jarr(root, "trace", ok), *o;

    for (size_t i = 0; *ok && i < a->ntrace; i++) {
        const plan_trace_step *s = &a->trace[i];

        if (!(o = plan_jitem(arr, ok)))
            break;
        plan_jstr(o, "step", s->step, ok);
        plan_jnum(o, "value", plan_round(s->value, 6), ok);
        plan_jstr(o, "unit", s->unit, ok);
        plan_jstr(o, "formula", s->formula, ok);
        plan_jstrings(o, "assumptions", s->assumptions, s->nassumptions, ok);
        plan_jstrings(o, "data", s->data, s->ndata, ok);
    }
    arr = plan_jarr(root, "assumptions", ok);
    for (size_t i = 0; *ok && i < a->nassumptions; i++) {
        const plan_assess_assumption *u = &a->assumptions[i];

        if (!(o = plan_jitem(arr, ok)))
            break;
        plan_jstr(o, "id", u->id, ok);
        plan_jnum(o, "value", u->value, ok);
        plan_jstr(o, "unit", u->unit, ok);
        plan_jstr(o, "source", u->source, ok);
        plan_jstr(o, "origin", u->origin, ok);
        plan_jbool(o, "illustrative", u->illustrative, ok);
    }
}

pc_status plan_assessment_cjson(const plan_assessment *a, cJSON **out,
                                pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *o;
    int ok = root != NULL;
    const char *types[3];
    size_t nt = 0;

    *out = NULL;
    plan_jstr(root, "assessment", "pcplan-site-assessment/1", &ok);
    plan_jstr(root, "dataset", a->dataset, &ok);
    plan_jstr(root, "dataset_title", a->dataset_title, &ok);
    plan_jstr(root, "as_of", a->as_of, &ok);
    plan_jstr(root, "preset", a->preset, &ok);
    plan_jstr(root, "scenario", a->scenario, &ok);
    site_cjson(root, a, &ok);
    plan_jnum(root, "dwellings", (double)a->dwellings, &ok);
    plan_jnum(root, "built", (double)a->built, &ok);
    if (a->mix_used && (o = cJSON_AddObjectToObject(root, "mix"))) {
        for (int b = 1; b <= 5; b++)
            if (a->mix[b] > 0) {
                char k[2] = {(char)('0' + b), 0};

                plan_jnum(o, k, plan_round(a->mix[b], 2), &ok);
            }
    } else if (!a->mix_used && !cJSON_AddNullToObject(root, "mix"))
        ok = 0;
    plan_jnum(root, "persons_per_dwelling",
              plan_round(a->persons_per_dwelling, 4), &ok);
    plan_jnum(root, "residents", plan_round(a->residents, 1), &ok);
    plan_jnum(root, "new_patients", plan_round(a->new_patients, 1), &ok);
    plan_jstr(root, "method", plan_demand_name(a->demand), &ok);
    plan_jstr(root, "method_note", plan_assess_method_note(a->demand), &ok);
    plan_jnum(root, "rooms_per_patient", a->k, &ok);
    for (int b = 0; b < 3; b++)
        if (a->room_types & (1u << b))
            types[nt++] = room_type_names[b];
    plan_jstrings(root, "rooms_counted", types, nt, &ok);
    plan_jstr(root, "allocation", a->allocation, &ok);
    plan_jstr(root, "allocation_note", a->allocation_note, &ok);
    plan_jbool(root, "use_spare_capacity", a->use_spare, &ok);
    plan_jstr(root, "within_site", a->within_site, &ok);
    plan_jstr(root, "list_date", a->list_date, &ok);
    consult_cjson(root, a, &ok);
    plan_jstr(root, "spare_basis", plan_assess_spare_basis(a), &ok);
    practices_cjson(root, a, &ok);
    plan_jnum(root, "rooms_needed_gross", plan_round(a->rooms_gross, 2), &ok);
    plan_jnum(root, "spare_used", plan_round(a->spare_used, 2), &ok);
    plan_jnum(root, "rooms_needed_net", plan_round(a->rooms_net, 2), &ok);
    plan_jnum(root, "m2", plan_round(a->m2, 1), &ok);
    plan_jstr(root, "m2_basis", a->m2_basis, &ok);
    cost_cjson(root, a, &ok);
    plan_jstr(root, "form", plan_form_name(a->form), &ok);
    plan_jnum_or_null(root, "land_ha", plan_round(a->land_ha, 3), &ok);
    plan_jnum(root, "contribution_gbp", plan_round(a->contribution_gbp, 2),
              &ok);
    plan_jnum(root, "per_dwelling_gbp", plan_round(a->per_dwelling_gbp, 2),
              &ok);
    plan_jstr(root, "no_ask_reason", a->no_ask_reason, &ok);
    if ((o = cJSON_AddObjectToObject(root, "suggested"))) {
        plan_jstr(o, "triggers", a->triggers, &ok);
        plan_jnum(o, "spend_period_years", a->spend_period_years, &ok);
    } else
        ok = 0;
    trace_cjson(root, a, &ok);
    plan_jstrings(root, "illustrative", a->illustrative, a->nillustrative, &ok);
    plan_jstrings(root, "warnings", a->warnings.items, a->warnings.count, &ok);
    if (!ok) {
        cJSON_Delete(root);
        return PC_NOMEM(err);
    }
    *out = root;
    return PC_OK;
}

pc_status plan_assessment_json(const plan_assessment *a, pc_buf *out,
                               pc_error *err)
{
    cJSON *root;
    pc_status rc = plan_assessment_cjson(a, &root, err);

    return rc ? rc : plan_json_out(root, 1, out, err);
}

/* The practices' table of one assessment: in a table that fits, names
 * cut to 24 characters and no state column (the sign of spare says it). */
static pc_status practices_table(const plan_assessment *a, pc_buf *out)
{
    int w = out->wide ? 4 : 24;
    pc_status rc;

    for (size_t i = 0; i < a->npractices; i++)
        pc_fmt_widen(&w, out->wide, a->practices[i].name);
    rc = out->wide ? pc_buf_printf(out,
                                   "%-8s %-*s %6s %5s %8s %7s %8s %7s %-5s "
                                   "%7s %6s %7s\n",
                                   "practice", w, "name", "share", "pats",
                                   "list", "rooms", "required", "spare",
                                   "state", "needed", "used", "net")
                   : pc_buf_printf(out,
                                   "%-8s %-*s %5s %5s %6s %6s %8s %6s %6s "
                                   "%6s %6s\n",
                                   "practice", w, "name", "share", "pats",
                                   "list", "rooms", "required", "spare",
                                   "needed", "used", "net");
    for (size_t i = 0; rc == PC_OK && i < a->npractices; i++) {
        const plan_assess_practice *p = &a->practices[i];
        const char *mark = p->rooms_illustrative ? " *" : "";
        char nm[4 * 256 + 1];

        pc_fmt_cell(nm, sizeof nm, p->name, w);
        rc = out->wide
                 ? pc_buf_printf(out,
                                 "%-8s %s %6.3f %5.0f %8.0f %7.2f %8.2f "
                                 "%+7.2f %-5s %7.2f %6.2f %7.2f%s\n",
                                 p->code, nm, p->share, p->new_patients,
                                 p->list, p->rooms, p->required_rooms,
                                 p->spare_rooms, p->status, p->rooms_needed,
                                 p->spare_used, p->rooms_net, mark)
                 : pc_buf_printf(out,
                                 "%-8s %s %5.3f %5.0f %6.0f %6.2f %8.2f "
                                 "%+6.2f %6.2f %6.2f %6.2f%s\n",
                                 p->code, nm, p->share, p->new_patients,
                                 p->list, p->rooms, p->required_rooms,
                                 p->spare_rooms, p->rooms_needed, p->spare_used,
                                 p->rooms_net, mark);
    }
    return rc;
}

pc_status plan_assessment_table(const plan_assessment *a, pc_buf *out,
                                pc_error *err)
{
    char t1[64], t2[64];
    pc_status rc = PC_OK;

#define P(...)                                                       \
    do {                                                             \
        if ((rc = pc_buf_printf(out, __VA_ARGS__)))                  \
            return pc_error_wrap(err, "writing the assessment"), rc; \
    } while (0)
    if (a->site_id)
        P("Site %s: %s\n", a->site_id, a->name ? a->name : "");
    else if (!isnan(a->lon))
        P("New development at %.6f, %.6f%s%s%s%s%s\n", a->lon, a->lat,
          a->postcode ? " (the centroid of postcode " : "",
          a->postcode ? a->postcode : "", a->postcode ? ")" : "",
          a->name ? ": " : "", a->name ? a->name : "");
    else
        P("New development (GeoJSON)%s%s\n", a->name ? ": " : "",
          a->name ? a->name : "");
    P("  LPA %s (%s), place %s, %.2f ha; as of %s\n",
      a->lad_name ? a->lad_name : "?", a->lad_code ? a->lad_code : "?",
      a->place ? a->place : "?", a->area_ha, a->as_of);
    pc_fmt_thousands(t1, sizeof t1, a->dwellings);
    P("  %s dwellings", t1);
    if (a->built > 0)
        P(" still to build (%ld built already)", a->built);
    P(" x %.3f persons%s = %.0f residents -> %.0f new patients\n",
      a->persons_per_dwelling, a->mix_used ? " (bedroom mix)" : "",
      a->residents, a->new_patients);
    P("  method %s: %.6f rooms per patient; allocation %s%s%s\n\n",
      plan_demand_name(a->demand), a->k, a->allocation,
      a->allocation_note[0] ? ": " : "", a->allocation_note);
    if ((rc = practices_table(a, out)) != PC_OK)
        return pc_error_wrap(err, "writing the assessment"), rc;
    P("\nrooms needed %.2f, spare rooms used %.2f%s, still needed %.2f\n",
      a->rooms_gross, a->spare_used, a->use_spare ? "" : " (netting off)",
      a->rooms_net);
    P("m2 %.1f (%s)\n", a->m2, a->m2_basis);
    P("cost per m2: %.2f at %s x %.4f (%s) = %.2f; x (1 + fees %g) x (1 + "
      "contingency %g) = %.2f\n",
      plan_round(a->base_gbp_per_m2, 2), a->base_date,
      plan_round(a->index_ratio, 4), a->index_basis,
      plan_round(a->today_gbp_per_m2, 2), a->fees, a->contingency,
      plan_round(a->all_in_gbp_per_m2, 2));
    pc_fmt_money(t1, sizeof t1, a->contribution_gbp, "GBP ", 0);
    pc_fmt_money(t2, sizeof t2, a->per_dwelling_gbp, "GBP ", 2);
    if (a->no_ask_reason)
        P("\nNo contribution: %s.\n", a->no_ask_reason);
    else {
        P("\nContribution (%s): %s, %s per dwelling", plan_form_name(a->form),
          t1, t2);
        if (!isnan(a->land_ha))
            P("; land %.3f ha", a->land_ha);
        P("\nSuggested triggers %s; spend within %d years of receipt\n",
          a->triggers, a->spend_period_years);
    }
    for (size_t i = 0; i < a->warnings.count; i++)
        P("warning: %s\n", a->warnings.items[i]);
    if (a->nillustrative) {
        P("\nIllustrative values (replace before use):");
        for (size_t i = 0; i < a->nillustrative; i++)
            P("%s %s", i ? ";" : "", a->illustrative[i]);
        P("\n");
    }
#undef P
    return rc;
}

/* --- the batch ------------------------------------------------------------ */

/* One site's row of the batch: name in wn characters; in a wide table
 * its place (in wp) and new patients too. */
static pc_status batch_row(pc_buf *out, const plan_assessment *a, int wn,
                           int wp)
{
    char t1[48], t2[48], nm[4 * 256 + 1], pl[4 * 256 + 1];

    pc_fmt_money(t1, sizeof t1, a->contribution_gbp, "", 0);
    pc_fmt_money(t2, sizeof t2, a->per_dwelling_gbp, "", 2);
    pc_fmt_cell(nm, sizeof nm, a->name ? a->name : "", wn);
    if (!out->wide)
        return pc_buf_printf(out,
                             "%-16s %s %6ld %6.2f %6.2f %6.2f %7.1f %12s "
                             "%8s\n",
                             a->site_id, nm, a->dwellings, a->rooms_gross,
                             a->spare_used, a->rooms_net, a->m2, t1, t2);
    pc_fmt_cell(pl, sizeof pl, a->place ? a->place : "", wp);
    return pc_buf_printf(out,
                         "%-16s %s %s %7ld %8.0f %7.2f %6.2f %7.2f %8.1f "
                         "%13s %9s\n",
                         a->site_id, nm, pl, a->dwellings, a->new_patients,
                         a->rooms_gross, a->spare_used, a->rooms_net, a->m2, t1,
                         t2);
}

pc_status plan_assessments_table(plan_assessment *const *v, size_t n,
                                 pc_buf *out, pc_error *err)
{
    double tot[6] = {0};
    pc_status rc = PC_OK;
    int wn = out->wide ? 4 : 24, wp = 5;
    plan_assessment sum = {0};

#define P(...)                                                        \
    do {                                                              \
        if ((rc = pc_buf_printf(out, __VA_ARGS__)))                   \
            return pc_error_wrap(err, "writing the assessments"), rc; \
    } while (0)
    if (n)
        P("Every site with homes to build, as of %s; method %s; each "
          "practice's spare rooms shared among its sites\n\n",
          v[0]->as_of, plan_demand_name(v[0]->demand));
    for (size_t i = 0; i < n; i++) {
        pc_fmt_widen(&wn, out->wide, v[i]->name);
        pc_fmt_widen(&wp, out->wide, v[i]->place);
    }
    if (out->wide)
        P("%-16s %-*s %-*s %7s %8s %7s %6s %7s %8s %13s %9s\n", "site", wn,
          "name", wp, "place", "homes", "patients", "rooms", "spare", "net",
          "m2", "contribution", "per home");
    else
        P("%-16s %-*s %6s %6s %6s %6s %7s %12s %8s\n", "site", wn, "name",
          "homes", "rooms", "spare", "net", "m2", "contribution", "per home");
    for (size_t i = 0; i < n; i++) {
        const plan_assessment *a = v[i];

        if ((rc = batch_row(out, a, wn, wp)) != PC_OK)
            return pc_error_wrap(err, "writing the assessments"), rc;
        sum.dwellings += a->dwellings;
        tot[0] += a->new_patients;
        tot[1] += a->rooms_gross;
        tot[2] += a->spare_used;
        tot[3] += a->rooms_net;
        tot[4] += a->m2;
        tot[5] += a->contribution_gbp;
    }
    sum.site_id = "total";
    sum.new_patients = tot[0];
    sum.rooms_gross = tot[1];
    sum.spare_used = tot[2];
    sum.rooms_net = tot[3];
    sum.m2 = tot[4];
    sum.contribution_gbp = tot[5];
    sum.per_dwelling_gbp = sum.dwellings ? tot[5] / (double)sum.dwellings : 0;
    if ((rc = batch_row(out, &sum, wn, wp)) != PC_OK)
        return pc_error_wrap(err, "writing the assessments"), rc;
    for (size_t i = 0; i < n; i++)
        if (v[i]->nillustrative) {
            P("\nIllustrative values: the sites, premises rooms and some "
              "assumptions are illustrative (each site's assessment lists "
              "which); replace them before use.\n");
            break;
        }
#undef P
    return rc;
}

/* A CSV text field: quoted when it holds a comma, quote or line break,
 * and a formula neutralised (pc_buf_csv_text). */
static pc_status csv_str(pc_buf *out, const char *s, int last)
{
    pc_status rc = pc_buf_csv_text(out, s ? s : "");

    return rc ? rc : pc_buf_puts(out, last ? "\n" : ",");
}

pc_status plan_assessments_csv(plan_assessment *const *v, size_t n, pc_buf *out,
                               pc_error *err)
{
    pc_status rc = pc_buf_puts(
        out, "site_id,name,lad_code,place,dwellings,built,persons_per_"
             "dwelling,new_patients,practices,rooms_needed_gross,spare_used,"
             "rooms_needed_net,m2,all_in_gbp_per_m2,contribution_gbp,per_"
             "dwelling_gbp,s106_position,illustrative\n");

    for (size_t i = 0; !rc && i < n; i++) {
        const plan_assessment *a = v[i];
        char num[512];

        if ((rc = csv_str(out, a->site_id, 0)) ||
            (rc = csv_str(out, a->name, 0)) ||
            (rc = csv_str(out, a->lad_code, 0)) ||
            (rc = csv_str(out, a->place, 0)))
            break;
        snprintf(num, sizeof num,
                 "%ld,%ld,%.4f,%.1f,%zu,%.2f,%.2f,%.2f,%.1f,%.2f,%.2f,%.2f,",
                 a->dwellings, a->built, a->persons_per_dwelling,
                 plan_round(a->new_patients, 1), a->npractices,
                 plan_round(a->rooms_gross, 2), plan_round(a->spare_used, 2),
                 plan_round(a->rooms_net, 2), plan_round(a->m2, 1),
                 plan_round(a->all_in_gbp_per_m2, 2),
                 plan_round(a->contribution_gbp, 2),
                 plan_round(a->per_dwelling_gbp, 2));
        if ((rc = pc_buf_puts(out, num)) ||
            (rc = csv_str(out, a->s106_position, 0)) ||
            (rc = csv_str(out, a->nillustrative ? "true" : "false", 1)))
            break;
    }
    return rc ? pc_error_wrap(err, "writing the CSV"), rc : PC_OK;
}

pc_status plan_assessments_cjson(plan_assessment *const *v, size_t n,
                                 cJSON **out, pc_error *err)
{
    cJSON *root = cJSON_CreateObject(), *arr, *o;
    int ok = root != NULL;
    double tot[4] = {0};
    long homes = 0;

    *out = NULL;
    plan_jstr(root, "assessment", "pcplan-site-assessments/1", &ok);
    plan_jstr(root, "as_of", n ? v[0]->as_of : NULL, &ok);
    plan_jstr(root, "method", n ? plan_demand_name(v[0]->demand) : NULL, &ok);
    plan_jstr(root, "spare_capacity",
              "each practice's spare rooms shared among its sites in "
              "proportion to the rooms each needs there",
              &ok);
    arr = plan_jarr(root, "sites", &ok);
    for (size_t i = 0; ok && i < n; i++) {
        const plan_assessment *a = v[i];

        if (!(o = plan_jitem(arr, &ok)))
            break;
        plan_jstr(o, "site_id", a->site_id, &ok);
        plan_jstr(o, "name", a->name, &ok);
        plan_jstr(o, "place", a->place, &ok);
        plan_jnum(o, "dwellings", (double)a->dwellings, &ok);
        plan_jnum(o, "new_patients", plan_round(a->new_patients, 1), &ok);
        plan_jnum(o, "rooms_needed_gross", plan_round(a->rooms_gross, 2), &ok);
        plan_jnum(o, "spare_used", plan_round(a->spare_used, 2), &ok);
        plan_jnum(o, "rooms_needed_net", plan_round(a->rooms_net, 2), &ok);
        plan_jnum(o, "m2", plan_round(a->m2, 1), &ok);
        plan_jnum(o, "contribution_gbp", plan_round(a->contribution_gbp, 2),
                  &ok);
        plan_jnum(o, "per_dwelling_gbp", plan_round(a->per_dwelling_gbp, 2),
                  &ok);
        plan_jstr(o, "no_ask_reason", a->no_ask_reason, &ok);
        plan_jstr(o, "s106_position", a->s106_position, &ok);
        plan_jbool(o, "illustrative", a->nillustrative > 0, &ok);
        homes += a->dwellings;
        tot[0] += a->rooms_gross;
        tot[1] += a->spare_used;
        tot[2] += a->rooms_net;
        tot[3] += a->contribution_gbp;
    }
    if ((o = cJSON_AddObjectToObject(root, "totals"))) {
        plan_jnum(o, "dwellings", (double)homes, &ok);
        plan_jnum(o, "rooms_needed_gross", plan_round(tot[0], 2), &ok);
        plan_jnum(o, "spare_used", plan_round(tot[1], 2), &ok);
        plan_jnum(o, "rooms_needed_net", plan_round(tot[2], 2), &ok);
        plan_jnum(o, "contribution_gbp", plan_round(tot[3], 2), &ok);
    } else
        ok = 0;
    if (!ok) {
        cJSON_Delete(root);
        return PC_NOMEM(err);
    }
    *out = root;
    return PC_OK;
}

pc_status plan_assessments_json(plan_assessment *const *v, size_t n,
                                pc_buf *out, pc_error *err)
{
    cJSON *root;
    pc_status rc = plan_assessments_cjson(v, n, &root, err);

    return rc ? rc : plan_json_out(root, 1, out, err);
}
