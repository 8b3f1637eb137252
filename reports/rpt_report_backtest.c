/* rpt_report_backtest.c: the backtest on the pages (the document's
 * "backtest", plan_backtest.h): on a place's page, the place's forecast by
 * the model, the ONS trend alone and the naive one against its actual
 * list, with the error measures over its practices and the practices set
 * aside; on the index, the headline errors at practice, PCN and place
 * level. A document without a backtest says why. */
#include "pc_error.h"
#include "pc_json.h"
#include "rpt_report_int.h"

#include <cjson/cJSON.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const forecasts[3] = {"model", "trend", "naive"};
static const char *const forecast_words[3] = {
    "Model (growth max)", "ONS trend alone", "Naive (no growth)"};

/* A percentage cell, 2 decimals, with its sign when sign is set; NAN as
 * an en dash. */
static void td_pct(pg *p, double v, int sign)
{
    rpt_pg_put(p, sign && v > 0 ? "<td class=\"n\">+" : "<td class=\"n\">");
    rpt_pg_esc(p, rpt_pg_fnum(p, v, 2));
    rpt_pg_put(p, "</td>");
}

/* The backtest's reader, or 0 (with the reason written) when the
 * document has none. */
static int backtest_reader(pg *p, pc_jr *bt)
{
    const cJSON *b = rpt_pg_gobj(p, &p->root, "backtest", PC_JR_OPT);

    if (p->rc)
        return 0;
    if (!b) {
        rpt_pg_put(p, "<p>No backtest: ");
        rpt_pg_esc(p, rpt_pg_gstr(p, &p->root, "backtest_error", PC_JR_OPT));
        rpt_pg_put(p, ".</p></section>\n");
        return 0;
    }
    pc_jr_sub(bt, &p->root, b, "backtest", -1);
    return 1;
}

/* "Lists at FROM projected to TO (Y years) ..." */
static void intro(pg *p, pc_jr *bt)
{
    pc_jr h;

    pc_jr_sub(&h, bt, rpt_pg_gobj(p, bt, "housing", PC_JR_REQ), "housing", -1);
    rpt_pg_put(p, "<p>The model's rules (growth max, allocation huff, the "
                  "register's assumptions) applied to the lists at ");
    rpt_pg_esc(p, rpt_pg_gstr(p, bt, "from", PC_JR_REQ));
    rpt_pg_put(p, ", projected to ");
    rpt_pg_esc(p, rpt_pg_gstr(p, bt, "to", PC_JR_REQ));
    rpt_pg_putf(p, " (%s years), against the lists at that date. ",
                rpt_pg_fnum(p, rpt_pg_gnum(p, bt, "years", PC_JR_REQ), 2));
    rpt_pg_esc(p, rpt_pg_gstr(p, &h, "note", PC_JR_REQ));
    rpt_pg_put(p, ".</p>\n");
}

/* The measures of forecast f of level object lv: MAPE, median, bias. */
static void measure_cells(pg *p, pc_jr *lv, const char *f)
{
    pc_jr m;

    pc_jr_sub(&m, lv, rpt_pg_gobj(p, lv, f, PC_JR_REQ), f, -1);
    td_pct(p, rpt_pg_gnum(p, &m, "mape", PC_JR_OPT), 0);
    td_pct(p, rpt_pg_gnum(p, &m, "median_ape", PC_JR_OPT), 0);
    td_pct(p, rpt_pg_gnum(p, &m, "bias", PC_JR_OPT), 1);
}

/* The practices of place set aside or joined, with why. */
static void set_aside(pg *p, pc_jr *bt, const char *place)
{
    const cJSON *e;
    pc_jr r;
    int i = 0, n = 0;

    cJSON_ArrayForEach(e, rpt_pg_garr(p, bt, "practices", PC_JR_REQ))
    {
        const char *st;

        if (!rpt_pg_gitem_in(p, &r, bt, "practices", e, i++, place, PC_JR_OPT))
            continue;
        st = rpt_pg_gstr(p, &r, "status", PC_JR_REQ);
        if (!st || !strcmp(st, "used"))
            continue;
        rpt_pg_put(p, n++ ? "<li>" : "<p>Practices set aside:</p><ul><li>");
        rpt_pg_esc(p, rpt_pg_gstr(p, &r, "code", PC_JR_REQ));
        rpt_pg_put(p, " ");
        rpt_pg_esc(p, rpt_pg_gstr(p, &r, "name", PC_JR_REQ));
        rpt_pg_putf(p, " (%s to %s): ",
                    rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "from", PC_JR_OPT), 0),
                    rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "actual", PC_JR_OPT), 0));
        rpt_pg_esc(p, rpt_pg_gstr(p, &r, "reason", PC_JR_OPT));
        rpt_pg_put(p, "</li>");
    }
    rpt_pg_put(p, n ? "</ul>\n"
                    : "<p>No practice of this place is set "
                      "aside.</p>\n");
}

void rpt_pg_write_backtest(pg *p, const char *place)
{
    static const char *const heads[] = {
        "Forecast",     "Patients", "Error %", "Practices: MAPE %",
        "Median APE %", "Bias %",   NULL};
    const cJSON *e, *found = NULL;
    pc_jr bt, r, w;
    int i = 0;
    double actual;

    rpt_pg_put(p, "<section id=\"backtest\"><h2>Backtest</h2>\n");
    if (!backtest_reader(p, &bt))
        return;
    intro(p, &bt);
    cJSON_ArrayForEach(e, rpt_pg_garr(p, &bt, "places", PC_JR_REQ))
    {
        if (rpt_pg_gitem(p, &r, &bt, "places", e, i++) &&
            rpt_pg_same(rpt_pg_gstr(p, &r, "name", PC_JR_REQ), place)) {
            found = e;
            break;
        }
    }
    if (!found) {
        rpt_pg_put(p, "<p>No practice of this place has lists at both "
                      "dates.</p>\n");
    } else {
        actual = rpt_pg_gnum(p, &r, "actual", PC_JR_REQ);
        pc_jr_sub(&w, &r, rpt_pg_gobj(p, &r, "within", PC_JR_REQ), "within",
                  -1);
        rpt_pg_table_head(p, "backtest", heads, "lrrrrr");
        rpt_pg_putf(p,
                    "<tr><td>Actual</td><td class=\"n\">%s</td>"
                    "<td class=\"n\"></td><td class=\"n\"></td>"
                    "<td class=\"n\"></td><td class=\"n\"></td></tr>\n",
                    rpt_pg_fnum(p, actual, 0));
        for (int k = 0; k < 3; k++) {
            double v = rpt_pg_gnum(p, &r, forecasts[k], PC_JR_REQ);

            rpt_pg_putf(p, "<tr><td>%s</td>", forecast_words[k]);
            rpt_pg_td_num(p, rpt_pg_fnum(p, v, 0));
            td_pct(p, (v - actual) / actual * 100, 1);
            measure_cells(p, &w, forecasts[k]);
            rpt_pg_put(p, "</tr>\n");
        }
        rpt_pg_putf(
            p,
            "</tbody></table><p class=\"sub\">Error: forecast "
            "minus actual, in %% of the actual list; the "
            "practice measures are over the %s practices used "
            "(APE: absolute percentage error; bias: mean signed "
            "error, + = forecast too high).</p>\n",
            rpt_pg_fnum(p, rpt_pg_gnum(p, &r, "practices", PC_JR_REQ), 0));
    }
    set_aside(p, &bt, place);
    rpt_pg_put(p, "</section>\n");
}

void rpt_pg_write_backtest_index(pg *p)
{
    static const char *const heads[] = {
        "Level", "Areas", "Forecast", "MAPE %", "Median APE %", "Bias %", NULL};
    static const char *const levels[3] = {"practice", "pcn", "place"};
    static const char *const level_words[3] = {"Practice", "PCN", "Place"};
    pc_jr bt, ms, lv, c, m;

    rpt_pg_put(p, "<section id=\"backtest\"><h2>Backtest</h2>\n");
    if (!backtest_reader(p, &bt))
        return;
    intro(p, &bt);
    pc_jr_sub(&ms, &bt, rpt_pg_gobj(p, &bt, "measures", PC_JR_REQ), "measures",
              -1);
    pc_jr_sub(&lv, &ms, rpt_pg_gobj(p, &ms, "place", PC_JR_REQ), "place", -1);
    rpt_pg_put(p, "<p><b>Headline: place-level MAPE</b>");
    for (int k = 0; k < 3; k++) {
        pc_jr_sub(&m, &lv, rpt_pg_gobj(p, &lv, forecasts[k], PC_JR_REQ),
                  forecasts[k], -1);
        rpt_pg_putf(p, "%s %s %s%%", k ? "," : "", forecast_words[k],
                    rpt_pg_fnum(p, rpt_pg_gnum(p, &m, "mape", PC_JR_OPT), 2));
    }
    pc_jr_sub(&c, &bt, rpt_pg_gobj(p, &bt, "counts", PC_JR_REQ), "counts", -1);
    rpt_pg_putf(
        p,
        ".</p>\n<p>Practices: %s in the dataset, %s used, %s joined, %s "
        "set aside (listed on the place pages).</p>\n",
        rpt_pg_fnum(p, rpt_pg_gnum(p, &c, "practices", PC_JR_REQ), 0),
        rpt_pg_fnum(p, rpt_pg_gnum(p, &c, "used", PC_JR_REQ), 0),
        rpt_pg_fnum(p, rpt_pg_gnum(p, &c, "joined", PC_JR_REQ), 0),
        rpt_pg_fnum(p, rpt_pg_gnum(p, &c, "set_aside", PC_JR_REQ), 0));
    rpt_pg_table_head(p, "backtest", heads, "lrlrrr");
    for (int l = 0; l < 3; l++) {
        pc_jr_sub(&lv, &ms, rpt_pg_gobj(p, &ms, levels[l], PC_JR_REQ),
                  levels[l], -1);
        for (int k = 0; k < 3; k++) {
            pc_jr_sub(&m, &lv, rpt_pg_gobj(p, &lv, forecasts[k], PC_JR_REQ),
                      forecasts[k], -1);
            if (k == 0)
                rpt_pg_putf(
                    p, "<tr><td>%s</td><td class=\"n\">%s</td>", level_words[l],
                    rpt_pg_fnum(p, rpt_pg_gnum(p, &m, "n", PC_JR_REQ), 0));
            else
                rpt_pg_put(p, "<tr><td></td><td class=\"n\"></td>");
            rpt_pg_td_text(p, forecast_words[k]);
            measure_cells(p, &lv, forecasts[k]);
            rpt_pg_put(p, "</tr>\n");
        }
    }
    rpt_pg_put(p, "</tbody></table><p class=\"sub\">PCN, place and system "
                  "figures are sums of the practices used. APE: absolute "
                  "percentage error; bias: mean signed error, + = forecast "
                  "too high.</p></section>\n");
}
