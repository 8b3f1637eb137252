/* rpt_report_tables.c: the tables of a place page (housing sites,
 * capital schemes and their plan, contributions) and its sources:
 * assumptions with their origin, attribution and the planner's warnings. */
#include "rpt_report_int.h"

#include "pc_fmt.h"
#include "pc_json.h"
#include "rpt_svg.h"
#include "rpt_text.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- tables
 * -------------------------------------------------------------------- */

/* Ends a row's first cell, marked when the row holds illustrative values. */
static void end_name_cell(pg *p, pc_jr *r)
{
    if (rpt_pg_gbool(p, r, "illustrative", PC_JR_REQ))
        rpt_pg_put(p, " <sup title=\"illustrative values\">i</sup>");
    rpt_pg_put(p, "</td>");
}

/* The ledger's money for a site, labelled: "requested £X; secured £Y;
 * received £Z" (the parts that are not zero), "£0", or a dash. */
static void ledger_cell(pg *p, pc_jr *r)
{
    static const char *const key[] = {
        "ledger_requested_gbp", "ledger_secured_gbp", "ledger_received_gbp"};
    static const char *const word[] = {"requested", "secured", "received"};
    char cell[256];
    size_t len = 0;
    int any = 0;

    cell[0] = 0;
    for (int k = 0; k < 3; k++) {
        double v = rpt_pg_gnum(p, r, key[k], PC_JR_OPT);

        if (isnan(v))
            continue;
        any = 1;
        if (v > 0 && len < sizeof cell)
            len +=
                (size_t)snprintf(cell + len, sizeof cell - len, "%s%s %s",
                                 len ? "; " : "", word[k], rpt_pg_fgbp(p, v));
    }
    rpt_pg_td_text(p, !any  ? "\xe2\x80\x93"
                      : len ? cell
                            : "\xc2\xa3"
                              "0");
}

void rpt_cross_of(const cJSON *site, rpt_cross *c)
{
    const cJSON *q =
        cJSON_GetArrayItem(cJSON_GetObjectItem(site, "patients_by_place"), 0);

    c->home = cJSON_GetStringValue(cJSON_GetObjectItem(site, "place"));
    c->main = cJSON_GetStringValue(cJSON_GetObjectItem(q, "place"));
    c->share = cJSON_GetNumberValue(cJSON_GetObjectItem(q, "share"));
    if (!c->home || !c->main || !strcmp(c->home, c->main) || !(c->share > 0.5))
        c->main = NULL;
}

/* Sites whose homes count in one place and whose new patients register
 * mostly in another: said on both places' pages. */
static void cross_place_notes(pg *p, const char *place)
{
    const rpt_places_of *of = p->of;
    const cJSON *e;
    size_t i = 0;
    int n = 0;

    cJSON_ArrayForEach(e, rpt_pg_garr(p, &p->root, "sites", PC_JR_REQ))
    {
        rpt_cross c;

        /* read once for every page when the report has read it */
        if (of && i < of->nsites && of->site[i] == e)
            c = of->site_cross[i];
        else
            rpt_cross_of(e, &c);
        i++;
        if (!c.main ||
            (!rpt_pg_same(c.home, place) && !rpt_pg_same(c.main, place)))
            continue;
        rpt_pg_put(p, n++ ? " " : "<p class=\"note cross\">");
        rpt_pg_esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(e, "name")));
        rpt_pg_putf(p, "'s homes count in ");
        rpt_pg_esc(p, c.home);
        rpt_pg_putf(p,
                    ", but %s%% of its new patients are expected to "
                    "register with practices in ",
                    rpt_pg_fnum(p, 100 * c.share, 0));
        rpt_pg_esc(p, c.main);
        rpt_pg_put(p, rpt_pg_same(c.home, place)
                          ? ": their rooms are needed there."
                          : ": its patients need rooms here, and its ask is "
                            "shown on that place's page.");
    }
    if (n)
        rpt_pg_put(p, "</p>");
}

void rpt_pg_write_sites(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Site", "LAD",         "Planning", "Homes", "Trajectory", "In horizon",
        "S106", "Ask (model)", "Ledger",   "Rooms", NULL};
    const cJSON *e;
    pc_jr r, tr;
    int i = 0, rows = 0;

    rpt_pg_put(p, "<section id=\"sites\"><h2>Housing growth sites</h2>\n");
    rpt_pg_table_head(p, "sites", heads, "lllrlrlrlr");
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &p->root, "sites", PC_JR_REQ))
    {
        const cJSON *t, *h;
        const char *reason, *name;
        char traj[128] = "\xe2\x80\x93";

        if (!rpt_pg_gitem_in(p, &r, &p->root, "sites", e, i++, place,
                             PC_JR_OPT))
            continue;
        if ((t = rpt_pg_gobj(p, &r, "trajectory", PC_JR_OPT))) {
            double start, sum = 0;
            int nh = 0;

            pc_jr_sub(&tr, &r, t, "trajectory", -1);
            start = rpt_pg_gnum(p, &tr, "start", PC_JR_REQ);
            cJSON_ArrayForEach(h, rpt_pg_garr(p, &tr, "homes", PC_JR_REQ))
            {
                sum += cJSON_GetNumberValue(h);
                nh++;
            }
            snprintf(traj, sizeof traj, "%s\xe2\x80\x93%s (%s homes)",
                     rpt_pg_fyear(p, start), rpt_pg_fyear(p, start + nh - 1),
                     rpt_pg_fnum(p, sum, 0));
        }
        name = rpt_pg_gstr(p, &r, "name", PC_JR_REQ);
        rows++;
        rpt_pg_put(p, "<tr><td>");
        rpt_pg_esc(p, name);
        end_name_cell(p, &r);
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "lad_code", PC_JR_REQ));
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "planning_status", PC_JR_OPT));
        rpt_pg_td_num(
            p, rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "dwellings", PC_JR_REQ), 0));
        rpt_pg_td_text(p, traj);
        rpt_pg_td_num(
            p, rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "homes_in_horizon", PC_JR_REQ),
                           0));
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "s106_position", PC_JR_OPT));
        reason = rpt_pg_gstr(p, &r, "no_ask_reason", PC_JR_OPT);
        rpt_pg_put(p, "<td class=\"n\"");
        if (reason) {
            rpt_pg_put(p, " title=\"");
            rpt_pg_esc(p, reason);
            rpt_pg_put(p, "\"");
        }
        rpt_pg_put(p, ">");
        rpt_pg_esc(
            p, reason ? "none"
                      : rpt_pg_fgbp(p, rpt_pg_gnum(p, &r, "contribution_gbp",
                                                   PC_JR_OPT)));
        rpt_pg_put(p, "</td>");
        ledger_cell(p, &r);
        rpt_pg_td_num(
            p,
            rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "rooms_needed", PC_JR_OPT), 2));
        rpt_pg_put(p, "</tr>\n");
    }
    rpt_pg_put(p, "</tbody></table>");
    if (!rows)
        rpt_pg_put(p, "<p>No housing growth sites in this place.</p>");
    cross_place_notes(p, place);
    rpt_pg_put(p, "<p class=\"sub\">Ask (model): the health contribution "
                  "pcplan's site assessment would seek now, the same figure as "
                  "site assess, the letter and the assessments CSV (hover for "
                  "why none); ledger: what the contributions ledger records "
                  "for the site, indexed (requested: asked for, not yet "
                  "agreed; secured: agreed or paid; received: paid in), which "
                  "may differ from the model's ask; rooms: rooms needed after "
                  "the practices' spare rooms, shared with the plan's other "
                  "sites. <sup>i</sup> marks "
                  "illustrative values.</p></section>\n");
}

/* The objective's weights, in words: what a pound of S106 repaid and a
 * pound of ICB capital spent count against a room-year of unmet need. */
static void programme_weights(pg *p)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme"), *w;
    pc_jr pr, wr;
    double rep, icb;

    if (!cJSON_IsObject(prog))
        return;
    pc_jr_sub(&pr, &p->root, prog, "programme", -1);
    w = rpt_pg_gobj(p, &pr, "weights", PC_JR_REQ);
    pc_jr_sub(&wr, &pr, w, "weights", -1);
    rep = rpt_pg_gnum(p, &wr, "s106_repaid_per_gbp", PC_JR_REQ);
    icb = rpt_pg_gnum(p, &wr, "icb_capital_per_gbp", PC_JR_REQ);
    rpt_pg_put(p, " The programme minimises need-weighted room-years of "
                  "unmet gap; one room-year counts as much as ");
    rpt_pg_put(p, rep > 0 ? rpt_pg_fgbp(p, 1 / rep) : "no amount");
    rpt_pg_put(p, " of S106 repaid and ");
    rpt_pg_put(p, icb > 0 ? rpt_pg_fgbp(p, 1 / icb) : "no amount");
    rpt_pg_put(p, " of ICB capital spent (assumptions "
                  "s106_repaid_penalty_per_gbp and "
                  "icb_capital_cost_per_gbp).");
}

/* The optimal programme's entry for a scheme id: start year and funding
 * routes in words, or why it was not chosen. */
static void scheme_plan(pg *p, const char *id, const char **start_year,
                        const char **why, char *funding, size_t nf)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme"), *e, *o;
    pc_jr pr, op, sc;
    int i = 0;

    *start_year = NULL;
    *why = NULL;
    funding[0] = 0;
    if (!cJSON_IsObject(prog))
        return;
    pc_jr_sub(&pr, &p->root, prog, "programme", -1);
    o = rpt_pg_gobj(p, &pr, "optimal", PC_JR_REQ);
    pc_jr_sub(&op, &pr, o, "optimal", -1);
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &op, "schemes", PC_JR_REQ))
    {
        const cJSON *fe;
        double by[NKINDS] = {0};
        int j = 0;
        size_t len = 0;

        if (!rpt_pg_gitem(p, &sc, &op, "schemes", e, i++) ||
            !rpt_pg_same(rpt_pg_gstr(p, &sc, "scheme_id", PC_JR_REQ), id))
            continue;
        *start_year =
            rpt_pg_fyear(p, rpt_pg_gnum(p, &sc, "start_year", PC_JR_REQ));
        cJSON_ArrayForEach(fe, rpt_pg_garr(p, &sc, "funding", PC_JR_REQ))
        {
            pc_jr f;
            const char *kind;
            int k;

            if (!rpt_pg_gitem(p, &f, &sc, "funding", fe, j++))
                break;
            kind = rpt_pg_gstr(p, &f, "kind", PC_JR_REQ);
            for (k = 0; k < NKINDS && !rpt_pg_same(kind, rpt_report_kinds[k]);
                 k++)
                ;
            if (k < NKINDS)
                by[k] += rpt_pg_gnum(p, &f, "gbp", PC_JR_REQ);
        }
        for (int k = NKINDS - 1; k >= 0; k--)
            if (by[k] > 0 && len < nf)
                len += (size_t)snprintf(
                    funding + len, nf - len, "%s%s %s", len ? ", " : "",
                    rpt_report_kind_words[k], rpt_pg_fgbp_m(p, by[k]));
        return;
    }
    i = 0;
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &op, "not_chosen", PC_JR_REQ))
    {
        if (rpt_pg_gitem(p, &sc, &op, "not_chosen", e, i++) &&
            rpt_pg_same(rpt_pg_gstr(p, &sc, "scheme_id", PC_JR_REQ), id)) {
            *why = rpt_pg_gstr(p, &sc, "why", PC_JR_OPT);
            return;
        }
    }
}

/* The sentence saying which programme the table shows and what its
 * solver proved of it: optimal only when proven so. */
static void programme_status(pg *p)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme");
    const char *status = NULL, *text = NULL;
    pc_jr pr, op;

    if (cJSON_IsObject(prog)) {
        pc_jr_sub(&pr, &p->root, prog, "programme", -1);
        pc_jr_sub(&op, &pr, rpt_pg_gobj(p, &pr, "optimal", PC_JR_REQ),
                  "optimal", -1);
        status = rpt_pg_gstr(p, &op, "status", PC_JR_REQ);
        text = rpt_pg_gstr(p, &op, "status_text", PC_JR_OPT);
    }
    if (!status || rpt_pg_same(status, "optimal"))
        rpt_pg_put(p, "<p class=\"sub\">Programme start and funding: the "
                      "optimal capital programme under this scenario (the "
                      "prioritisation");
    else
        rpt_pg_put(p, "<p class=\"sub\">Programme start and funding: the best "
                      "capital programme found under this scenario, not "
                      "proven optimal (the prioritisation");
    if (text) {
        rpt_pg_put(p, ": ");
        rpt_pg_esc(p, text);
    }
    rpt_pg_put(p, "); greyed rows are not in it, with the reason.");
}

void rpt_pg_write_schemes(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Scheme",          "Kind",      "Status",
        "Rooms",           "Cost",      "Funding routes",
        "Programme start", "Funded by", NULL};
    const cJSON *e;
    pc_jr r;
    int i = 0, rows = 0;

    rpt_pg_put(p, "<section id=\"schemes\"><h2>Schemes</h2>\n");
    rpt_pg_table_head(p, "schemes", heads, "lllrrlrl");
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &p->root, "schemes", PC_JR_REQ))
    {
        const char *id, *start, *why;
        const cJSON *f, *fe;
        char funding[512], routes[256];
        size_t len = 0;

        if (!rpt_pg_gitem_in(p, &r, &p->root, "schemes", e, i++, place,
                             PC_JR_REQ))
            continue;
        id = rpt_pg_gstr(p, &r, "scheme_id", PC_JR_REQ);
        if (p->rc)
            break;
        scheme_plan(p, id, &start, &why, funding, sizeof funding);
        routes[0] = 0;
        f = rpt_pg_garr(p, &r, "funding", PC_JR_REQ);
        cJSON_ArrayForEach(fe, f)
        {
            const char *s = cJSON_GetStringValue(fe);

            if (s && len < sizeof routes)
                len += (size_t)snprintf(routes + len, sizeof routes - len,
                                        "%s%s", len ? ", " : "", s);
        }
        rows++;
        rpt_pg_put(p, start || !why ? "<tr>" : "<tr class=\"off\">");
        rpt_pg_put(p, "<td>");
        rpt_pg_esc(p, id);
        rpt_pg_put(p, " ");
        rpt_pg_esc(p, rpt_pg_gstr(p, &r, "name", PC_JR_REQ));
        end_name_cell(p, &r);
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "kind", PC_JR_REQ));
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "status", PC_JR_REQ));
        rpt_pg_td_num(
            p, rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "rooms", PC_JR_REQ), 0));
        rpt_pg_td_num(
            p, rpt_pg_fgbp(p, rpt_pg_gnum(p, &r, "cost_gbp", PC_JR_OPT)));
        rpt_pg_td_text(p, routes[0] ? routes : NULL);
        rpt_pg_td_num(p, start ? start : "\xe2\x80\x93");
        if (start)
            rpt_pg_td_text(p, funding[0] ? funding : "no capital");
        else if (rpt_pg_same(rpt_pg_gstr(p, &r, "status", PC_JR_REQ),
                             "delivered"))
            rpt_pg_td_text(p, "delivered");
        else
            rpt_pg_td_text(p, why ? why : "not in the programme");
        rpt_pg_put(p, "</tr>\n");
    }
    rpt_pg_put(p, "</tbody></table>");
    if (!rows)
        rpt_pg_put(p, "<p>No schemes in this place.</p>");
    programme_status(p);
    programme_weights(p);
    rpt_pg_put(p, "</p></section>\n");
}

/* The place's S106 pots the programme lets be repaid, each with why and
 * what it costs in the objective (programme.optimal.funds[]). */
static void repaid_list(pg *p, const char *place)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme"), *e, *c;
    const cJSON *cs = cJSON_GetObjectItem(
        cJSON_GetObjectItem(p->root.obj, "contributions"), "contributions");
    pc_jr pr, op, f;
    int i = 0, n = 0;

    if (!cJSON_IsObject(prog))
        return;
    pc_jr_sub(&pr, &p->root, prog, "programme", -1);
    pc_jr_sub(&op, &pr, rpt_pg_gobj(p, &pr, "optimal", PC_JR_REQ), "optimal",
              -1);
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &op, "funds", PC_JR_REQ))
    {
        const char *cid, *why;
        int here = 0;

        if (!rpt_pg_gitem(p, &f, &op, "funds", e, i++))
            break;
        cid = rpt_pg_gstr(p, &f, "contribution_id", PC_JR_OPT);
        why = rpt_pg_gstr(p, &f, "repaid_why", PC_JR_OPT);
        if (!cid || !why || !(rpt_pg_gnum(p, &f, "repaid_gbp", PC_JR_REQ) > 0))
            continue;
        cJSON_ArrayForEach(c, cs)
        {
            here |= rpt_pg_same(cJSON_GetStringValue(
                                    cJSON_GetObjectItem(c, "contribution_id")),
                                cid) &&
                    rpt_pg_same(
                        cJSON_GetStringValue(cJSON_GetObjectItem(c, "place")),
                        place);
        }
        if (!here)
            continue;
        rpt_pg_put(p, n++ ? "<li>"
                          : "<p>S106 money the programme lets be "
                            "repaid:</p><ul class=\"repaid\"><li>");
        rpt_pg_esc(p, rpt_pg_gstr(p, &f, "fund_id", PC_JR_REQ));
        rpt_pg_putf(
            p, ": %s repaid, costing %s need-weighted room-years: ",
            rpt_pg_fgbp(p, rpt_pg_gnum(p, &f, "repaid_gbp", PC_JR_REQ)),
            rpt_pg_fnum(
                p, rpt_pg_gnum(p, &f, "repaid_objective_cost", PC_JR_OPT), 2));
        rpt_pg_esc(p, why);
        rpt_pg_put(p, ".</li>");
    }
    if (n)
        rpt_pg_put(p, "</ul>");
}

void rpt_pg_write_contributions(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Agreement", "Site",    "Kind",     "Status",  "Indexed",
        "Received",  "Unspent", "Spend by", "At risk", NULL};
    const cJSON *c = rpt_pg_gobj(p, &p->root, "contributions", PC_JR_REQ), *e;
    pc_jr cr, r;
    int i = 0, rows = 0;

    pc_jr_sub(&cr, &p->root, c, "contributions", -1);
    rpt_pg_put(p, "<section id=\"contributions\"><h2>Developer "
                  "contributions</h2>\n");
    rpt_pg_table_head(p, "contributions", heads, "llllrrrlr");
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &cr, "contributions", PC_JR_REQ))
    {
        double risk, days, amt;
        const char *by;
        char when[128];

        if (!rpt_pg_gitem_in(p, &r, &cr, "contributions", e, i++, place,
                             PC_JR_OPT))
            continue;
        /* null: an imported contribution still to complete */
        risk = rpt_pg_gnum(p, &r, "at_risk_gbp", PC_JR_OPT);
        by = rpt_pg_gstr(p, &r, "spend_by", PC_JR_OPT);
        days = rpt_pg_gnum(p, &r, "days_left", PC_JR_OPT);
        if (by && pc_fmt_date(when, sizeof when, by) == 0 && !isnan(days)) {
            size_t l = strlen(when);

            snprintf(when + l, sizeof when - l, " (%s days)",
                     rpt_pg_fnum(p, days, 0));
        } else if (!by) {
            snprintf(when, sizeof when, "\xe2\x80\x93");
        } else {
            snprintf(when, sizeof when, "%.60s", by);
        }
        rows++;
        rpt_pg_put(p, risk > 0 ? "<tr class=\"risk\">" : "<tr>");
        rpt_pg_put(p, "<td>");
        rpt_pg_esc(p, rpt_pg_gstr(p, &r, "contribution_id", PC_JR_REQ));
        end_name_cell(p, &r);
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "site_name", PC_JR_OPT));
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "kind", PC_JR_REQ));
        rpt_pg_td_text(p, rpt_pg_gstr(p, &r, "status", PC_JR_REQ));
        amt = rpt_pg_gnum(p, &r, "amount_indexed_gbp", PC_JR_OPT);
        if (isnan(amt))
            rpt_pg_td_text(p, "incomplete");
        else
            rpt_pg_td_num(p, rpt_pg_fgbp(p, amt));
        rpt_pg_td_num(
            p, rpt_pg_fgbp(p, rpt_pg_gnum(p, &r, "received_gbp", PC_JR_REQ)));
        rpt_pg_td_num(
            p, rpt_pg_fgbp(p, rpt_pg_gnum(p, &r, "unspent_gbp", PC_JR_REQ)));
        rpt_pg_td_text(p, when);
        if (isnan(risk))
            rpt_pg_td_text(p, "incomplete");
        else
            rpt_pg_td_num(p, rpt_pg_fgbp(p, risk));
        rpt_pg_put(p, "</tr>\n");
    }
    rpt_pg_put(p, "</tbody></table>");
    if (!rows)
        rpt_pg_put(p, "<p>No S106 agreements or CIL awards in this place.</p>");
    repaid_list(p, place);
    rpt_pg_put(
        p, "<p class=\"sub\">Amounts indexed to the ledger's date; at risk: "
           "unspent money whose spend-by date falls within the warning "
           "window (or has passed) with no committed scheme to spend it "
           "in time (rows shaded).</p></section>\n");
}

/* Assumptions of the run with their origin, then sources, then the
 * planner's warnings. */
void rpt_pg_write_sources(pg *p, const cJSON *run)
{
    static const char *const heads[] = {"Assumption", "Value", "Origin", NULL};
    const cJSON *e, *ds = rpt_pg_gobj(p, &p->root, "dataset", PC_JR_REQ);
    pc_jr r, a, d;
    int i = 0;

    pc_jr_sub(&r, &p->root, run, "run", -1);
    pc_jr_sub(&d, &p->root, ds, "dataset", -1);
    rpt_pg_put(p, "<section id=\"sources\"><h2>Assumptions and sources</h2>\n");
    rpt_pg_put(p, "<p>");
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "method_note", PC_JR_OPT));
    rpt_pg_put(p, "</p>");
    rpt_pg_table_head(p, "assumptions", heads, "lrl");
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &r, "assumptions", PC_JR_REQ))
    {
        char v[64];

        if (!rpt_pg_gitem(p, &a, &r, "assumptions", e, i++))
            break;
        pc_fmt_trim(v, sizeof v, rpt_pg_gnum(p, &a, "value", PC_JR_REQ), 6);
        rpt_pg_put(p, "<tr>");
        rpt_pg_td_text(p, rpt_pg_gstr(p, &a, "id", PC_JR_REQ));
        rpt_pg_td_num(p, v);
        rpt_pg_td_text(p, rpt_pg_gstr(p, &a, "origin", PC_JR_REQ));
        rpt_pg_put(p, "</tr>\n");
    }
    rpt_pg_put(p, "</tbody></table><p class=\"sub\">Origin: default (the "
                  "dataset's register), preset, scenario, or derived. Every "
                  "assumption's source is listed with the assumptions.</p>");
    rpt_pg_put(p, "<h3>Sources and licences</h3><p>");
    rpt_pg_esc(p, rpt_pg_gstr(p, &d, "title", PC_JR_REQ));
    rpt_pg_put(p, " (dataset ");
    rpt_pg_esc(p, rpt_pg_gstr(p, &d, "name", PC_JR_REQ));
    rpt_pg_put(p, ", list sizes of ");
    rpt_pg_esc(p, rpt_pg_gstr(p, &r, "list_date", PC_JR_REQ));
    rpt_pg_put(p, ", money as of ");
    rpt_pg_esc(p, rpt_pg_gstr(p, &d, "as_of", PC_JR_REQ));
    rpt_pg_put(p, ").</p><ul>");
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &d, "attribution", PC_JR_REQ))
    {
        rpt_pg_put(p, "<li>");
        rpt_pg_esc(p, cJSON_GetStringValue(e));
        rpt_pg_put(p, "</li>");
    }
    rpt_pg_put(p, "</ul>");
    if (cJSON_GetArraySize(cJSON_GetObjectItem(run, "warnings")) > 0) {
        rpt_pg_put(p, "<h3>Warnings</h3><ul>");
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(run, "warnings"))
        {
            rpt_pg_put(p, "<li>");
            rpt_pg_esc(p, cJSON_GetStringValue(e));
            rpt_pg_put(p, "</li>");
        }
        rpt_pg_put(p, "</ul>");
    }
    rpt_pg_put(p, "</section>\n");
}

void rpt_pg_page_end(pg *p)
{
    const cJSON *run = cJSON_GetObjectItem(p->root.obj, "run");

    rpt_pg_put(p, "<footer>Written by pcplan ");
    rpt_pg_esc(p, rpt_pg_gstr(p, &p->root, "pcplan_version", PC_JR_REQ));
    rpt_pg_put(p, " from run ");
    rpt_pg_esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(run, "run_id")));
    rpt_pg_put(p, " (input hash ");
    rpt_pg_esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(run, "input_hash")));
    rpt_pg_put(p, "). Every figure can be traced by running the model, the "
                  "contributions ledger, the prioritisation and the site "
                  "assessment under the same scenario.</footer>\n"
                  "</body>\n</html>\n");
}
