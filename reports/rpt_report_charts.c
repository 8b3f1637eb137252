/* rpt_report_charts.c: the charts of a place page, from the run's years:
 * patients, the room gap (with its Monte Carlo band when there is one)
 * and capital spending by fund kind, drawn with rpt_svg.h. */
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

/* --- charts ------------------------------------------------------------------
 */

/* The place's area in the run, or NULL. */
const cJSON *rpt_pg_run_place(pg *p, const cJSON *run, const char *place)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, cJSON_GetObjectItem(run, "places"))
    {
        if (rpt_pg_same(cJSON_GetStringValue(cJSON_GetObjectItem(e, "name")),
                        place))
            return e;
    }
    rpt_pg_live(p, pc_jr_fail(&p->root, "run.places",
                              "no place named \"%.80s\"", place));
    return NULL;
}

/* Reads the run's years of area a into x and the arrays; returns n. */
static size_t area_years(pg *p, const cJSON *a, const char *path, int *x,
                         double *patients, double *growth, double *gap,
                         double *lo, double *med, double *hi, int *mc)
{
    pc_jr ar, yr;
    const cJSON *years, *e;
    size_t n = 0;

    pc_jr_sub(&ar, &p->root, a, path, -1);
    years = rpt_pg_garr(p, &ar, "years", PC_JR_REQ);
    *mc = 0;
    cJSON_ArrayForEach(e, years)
    {
        if (n >= MAXYEAR || !rpt_pg_gitem(p, &yr, &ar, "years", e, (int)n))
            break;
        x[n] = (int)rpt_pg_gnum(p, &yr, "year", PC_JR_REQ);
        patients[n] = rpt_pg_gnum(p, &yr, "patients", PC_JR_REQ);
        growth[n] = rpt_pg_gnum(p, &yr, "growth_rooms", PC_JR_REQ);
        gap[n] = rpt_pg_gnum(p, &yr, "gap", PC_JR_REQ);
        lo[n] = rpt_pg_gnum(p, &yr, "gap_p10", PC_JR_OPT);
        med[n] = rpt_pg_gnum(p, &yr, "gap_p50", PC_JR_OPT);
        hi[n] = rpt_pg_gnum(p, &yr, "gap_p90", PC_JR_OPT);
        *mc |= !isnan(lo[n]) && !isnan(med[n]) && !isnan(hi[n]);
        n++;
    }
    return n;
}

/* A place's years, as the charts draw them. */
typedef struct yrs {
    int x[MAXYEAR], mc; /* years; the run has Monte Carlo bands */
    size_t n;
    double pat[MAXYEAR], growth[MAXYEAR], gap[MAXYEAR], lo[MAXYEAR],
        med[MAXYEAR], hi[MAXYEAR], trend[MAXYEAR], housing[MAXYEAR];
    double spend[NKINDS][MAXYEAR]; /* £M by fund kind */
} yrs;

/* Trend and housing-led patients: the base list plus the growth of each
 * kind in the place's LADs (run.lads). */
static void lad_growth(pg *p, yrs *y, const cJSON *run, const char *place)
{
    const cJSON *e;
    pc_jr r, yr;
    int i = 0;

    for (size_t t = 0; t < y->n; t++)
        y->trend[t] = y->housing[t] = y->pat[0];
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(run, "lads"))
    {
        const cJSON *ye;
        size_t t = 0;

        if (!rpt_pg_gitem_in(p, &r, &p->root, "run.lads", e, i++, place,
                             PC_JR_REQ))
            continue;
        cJSON_ArrayForEach(ye, rpt_pg_garr(p, &r, "years", PC_JR_REQ))
        {
            if (t >= y->n || !rpt_pg_gitem(p, &yr, &r, "years", ye, (int)t))
                break;
            y->trend[t] += rpt_pg_gnum(p, &yr, "trend", PC_JR_REQ);
            y->housing[t] += rpt_pg_gnum(p, &yr, "housing", PC_JR_REQ);
            t++;
        }
    }
}

static void chart_patients(pg *p, yrs *y, const cJSON *run)
{
    rpt_series s[3] = {
        {"trend (ONS projection)", "trend", y->trend, NULL, NULL, 1},
        {"housing-led", "housing", y->housing, NULL, NULL, 1},
        {"projected (counted)", "counted", y->pat, NULL, NULL, 0}};
    rpt_chart c = {"Registered patients by year",
                   "patients",
                   y->x,
                   y->n,
                   520,
                   300,
                   0,
                   0,
                   1};

    rpt_pg_put(p, "<figure id=\"fig-patients\">");
    rpt_pg_live(p, rpt_chart_lines(p->d.out, &c, s, 3));
    rpt_pg_put(p, "<figcaption>Registered patients at the start of each year: "
                  "the list grown by the ONS trend, by the homes built, and "
                  "the projection the run counts (growth rule ");
    rpt_pg_esc(p, cJSON_GetStringValue(cJSON_GetObjectItem(run, "growth")));
    rpt_pg_put(p, ").</figcaption></figure>");
}

/* With Monte Carlo draws the gap's line is the draws' median, inside their
 * 10th to 90th percentile band, so that line and band describe the same
 * world (the draws delay starts); the gap with every site delivered as
 * planned is the dashed line. */
static void chart_rooms(pg *p, yrs *y)
{
    int mc = y->mc;
    rpt_series s[3] = {
        {"growth rooms", "growth", y->growth, NULL, NULL, 0},
        {mc ? "gap: median of the draws (10th\xe2\x80\x93"
              "90th percentile band)"
            : "gap",
         "gap", mc ? y->med : y->gap, mc ? y->lo : NULL, mc ? y->hi : NULL, 0},
        {"gap as planned (no delay)", "planned", y->gap, NULL, NULL, 1}};
    rpt_chart c = {"Growth rooms and the gap by year",
                   "rooms",
                   y->x,
                   y->n,
                   520,
                   300,
                   1,
                   1,
                   1};

    rpt_pg_put(p, "<figure id=\"fig-rooms\">");
    rpt_pg_live(p, rpt_chart_lines(p->d.out, &c, s, mc ? 3 : 2));
    rpt_pg_put(p, "<figcaption>Growth rooms: the rooms the new patients need "
                  "(the strategy's measure). Gap: rooms needed by the whole "
                  "list minus rooms in use; below zero is spare.");
    rpt_pg_put(p, mc ? " The gap's line is the median of the Monte Carlo draws "
                       "over delivery (which delay starts and vary build-out) "
                       "and the band spans their 10th to 90th percentile; the "
                       "dashed line is the gap with every site built as "
                       "planned, the figure in the tables."
                     : " No delivery band: the run has no Monte Carlo draws.");
    rpt_pg_put(p, "</figcaption></figure>");
}

/* Capital spend on the place's schemes (place NULL: every scheme) in the
 * optimal programme, by fund kind and year, into y->spend. */
static void capital_spend(pg *p, yrs *y, pc_jr *pr, const char *place)
{
    pc_jr op, sc, f;
    const cJSON *se, *fe;
    int i = 0;

    pc_jr_sub(&op, pr, rpt_pg_gobj(p, pr, "optimal", PC_JR_REQ), "optimal", -1);
    cJSON_ArrayForEach(se, rpt_pg_garr(p, &op, "schemes", PC_JR_REQ))
    {
        int j = 0;

        if (!rpt_pg_gitem(p, &sc, &op, "schemes", se, i++) ||
            (place &&
             !rpt_pg_same(rpt_pg_gstr(p, &sc, "place", PC_JR_REQ), place)))
            continue;
        cJSON_ArrayForEach(fe, rpt_pg_garr(p, &sc, "funding", PC_JR_REQ))
        {
            const char *kind;
            double yr, gbp;
            int k;

            if (!rpt_pg_gitem(p, &f, &sc, "funding", fe, j++))
                break;
            kind = rpt_pg_gstr(p, &f, "kind", PC_JR_REQ);
            yr = rpt_pg_gnum(p, &f, "year", PC_JR_REQ);
            gbp = rpt_pg_gnum(p, &f, "gbp", PC_JR_REQ);
            for (k = 0; k < NKINDS && !rpt_pg_same(kind, rpt_report_kinds[k]);
                 k++)
                ;
            for (size_t t = 0; k < NKINDS && t < y->n; t++)
                if (y->x[t] == (int)yr)
                    y->spend[k][t] += gbp / 1e6;
        }
    }
}

static void chart_capital(pg *p, yrs *y, const char *place)
{
    const cJSON *prog = cJSON_GetObjectItem(p->root.obj, "programme");
    rpt_series s[NKINDS];
    char kcls[NKINDS][16];
    rpt_chart c = {"Capital spend by fund and year",
                   "\xc2\xa3M",
                   y->x,
                   y->n,
                   520,
                   300,
                   1,
                   1,
                   0};
    pc_jr pr;

    for (int k = 0; k < NKINDS; k++)
        for (size_t t = 0; t < y->n; t++)
            y->spend[k][t] = 0;
    rpt_pg_put(p, "<figure id=\"fig-capital\">");
    if (!cJSON_IsObject(prog)) {
        rpt_pg_put(p, "<p class=\"err\">No capital programme: ");
        rpt_pg_esc(p, rpt_pg_gstr(p, &p->root, "programme_error", PC_JR_OPT));
        rpt_pg_put(p, "</p>");
        return;
    }
    pc_jr_sub(&pr, &p->root, prog, "programme", -1);
    capital_spend(p, y, &pr, place);
    for (int k = 0; k < NKINDS; k++) {
        snprintf(kcls[k], sizeof kcls[k], "k-%s", rpt_report_kinds[k]);
        s[k] = (rpt_series){
            rpt_report_kind_words[k], kcls[k], y->spend[k], NULL, NULL, 0};
    }
    c.y_prec = 1;
    rpt_pg_live(p, rpt_chart_bars(p->d.out, &c, s, NKINDS));
    rpt_pg_put(p, place ? "<figcaption>Capital paid into the place's "
                        : "<figcaption>Capital paid into the system's ");
    rpt_pg_put(p, "schemes in the optimal programme, by fund kind and year "
                  "(\xc2\xa3 million, today's prices; S106 and CIL as "
                  "received).</figcaption>");
}

void rpt_pg_write_charts(pg *p, const cJSON *run, const cJSON *area,
                         const char *place)
{
    yrs y;

    y.mc = 0;
    y.n = area_years(p, area, "run.places[]", y.x, y.pat, y.growth, y.gap, y.lo,
                     y.med, y.hi, &y.mc);
    if (p->rc || y.n == 0)
        return;
    lad_growth(p, &y, run, place);
    rpt_pg_put(p, "<section id=\"trends\"><h2>Patients, rooms and money by "
                  "year</h2>\n<div class=\"charts\">");
    chart_patients(p, &y, run);
    chart_rooms(p, &y);
    chart_capital(p, &y, place);
    rpt_pg_put(p, "</figure></div></section>\n");
}

/* Readers of the first and last year of area ar; 0 when it has none. */
int rpt_pg_first_last(pg *p, pc_jr *ar, pc_jr *y0, pc_jr *yh)
{
    const cJSON *years = rpt_pg_garr(p, ar, "years", PC_JR_REQ);
    int ny = cJSON_GetArraySize(years);

    if (p->rc || ny < 1)
        return 0;
    pc_jr_sub(y0, ar, cJSON_GetArrayItem(years, 0), "years", 0);
    pc_jr_sub(yh, ar, cJSON_GetArrayItem(years, ny - 1), "years", ny - 1);
    return 1;
}
