/* test_compare.c: two runs side by side and the list of stored runs
 * (planner/plan_compare.h), on small run JSON texts written by hand: the
 * inputs that differ (methods, horizon, an assumption both runs used; not
 * one only a run used), the system and the places year by year with B
 * minus A worked by hand, a year or a place only one run has (null on the
 * other side, no difference), the table's rows, identical runs, results
 * that are not runs, and the runs list as a table and as JSON. */
#include "check.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_compare.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

/* A year's figures: patients, new_patients, growth_rooms, required_rooms,
 * rooms, gap. */
#define Y(y, p, np, g, req, r, gap)                                      \
    "{\"year\":" #y ",\"patients\":" #p ",\"new_patients\":" #np         \
    ",\"growth_rooms\":" #g ",\"required_rooms\":" #req ",\"rooms\":" #r \
    ",\"gap\":" #gap "}"

static const char run_a[] =
    "{\"dataset\":\"t\",\"method\":\"space\",\"growth\":\"housing\","
    "\"years\":2,\"assumptions\":[{\"id\":\"f2f_share\",\"value\":0.7},"
    "{\"id\":\"m2_per_patient\",\"value\":0.08},"
    "{\"id\":\"only_a\",\"value\":3}],"
    "\"system\":{\"name\":\"Sys\",\"years\":[" Y(
        2024, 1000, 0, 0, 10, 12,
        -2) "," Y(2025, 1100, 100, 1, 11, 12,
                  -1) "]},"
                      "\"places\":[{\"name\":\"North\",\"years\":[" Y(
                          2024, 600, 0, 0, 6, 7,
                          -1) "," Y(2025, 650, 50, 0.5, 6.5, 7,
                                    -0.5) "]},"
                                          "{\"name\":\"South\",\"years\":[" Y(
                                              2024, 400, 0, 0, 4, 5, -1) "]}]}";

static const char run_b[] =
    "{\"dataset\":\"t\",\"method\":\"ratio\",\"growth\":\"housing\","
    "\"years\":3,\"assumptions\":[{\"id\":\"m2_per_patient\",\"value\":0.08},"
    "{\"id\":\"f2f_share\",\"value\":0.8},{\"id\":\"only_b\",\"value\":4}],"
    "\"system\":{\"name\":\"Sys\",\"years\":[" Y(
        2024, 1000, 0, 0, 10, 12,
        -2) "," Y(2025, 1150, 150, 1.5, 11.5, 12,
                  -0.5) "," Y(2026, 1234, 234, 2.26, 12.26, 11,
                              1.26) "]},"
                                    "\"places\":[{\"name\":\"North\",\"years\":"
                                    "[" Y(2024, 600, 0, 0, 6, 7, -1) "," Y(
                                        2025, 700, 100, 1, 7, 7,
                                        0) "]},"
                                           "{\"name\":\"East\",\"years\":[" Y(
                                               2025, 50, 50, 0.25, 0.25, 0,
                                               0.25) "]}"
                                                     "]}";

static cJSON *compare_json(const char *a, const char *b)
{
    pc_buf out = PC_BUF_INIT(1 << 20);
    pc_error err = {0};
    cJSON *j = NULL;

    CHECK(plan_compare("r1", a, "r2", b, 1, &out, &err) == PC_OK);
    if (out.data)
        j = cJSON_Parse(out.data);
    CHECK(j != NULL);
    pc_buf_free(&out);
    return j;
}

static const cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = get(o, k);

    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* The entry of year y in an area's years. */
static const cJSON *year(const cJSON *area, int y)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, get(area, "years")) if (num(e, "year") == y) return e;
    return NULL;
}

/* --- JSON -------------------------------------------------------------- */

static void inputs_that_differ(void)
{
    cJSON *j = compare_json(run_a, run_b);
    const cJSON *in, *e;

    if (!j)
        return;
    CHECK_STR(get(j, "a")->valuestring, "r1");
    CHECK_STR(get(j, "b")->valuestring, "r2");
    in = get(j, "inputs");
    /* method, years, then the assumption both used with another value;
     * not dataset or growth (the same), not only_a or only_b */
    CHECK(cJSON_GetArraySize(in) == 3);
    e = cJSON_GetArrayItem(in, 0);
    CHECK_STR(get(e, "key")->valuestring, "method");
    CHECK_STR(get(e, "a")->valuestring, "space");
    CHECK_STR(get(e, "b")->valuestring, "ratio");
    e = cJSON_GetArrayItem(in, 1);
    CHECK_STR(get(e, "key")->valuestring, "years");
    CHECK(num(e, "a") == 2 && num(e, "b") == 3);
    e = cJSON_GetArrayItem(in, 2);
    CHECK_STR(get(e, "key")->valuestring, "assumptions.f2f_share");
    CHECK(num(e, "a") == 0.7 && num(e, "b") == 0.8);
    cJSON_Delete(j);
}

static void system_years(void)
{
    cJSON *j = compare_json(run_a, run_b);
    const cJSON *sys, *y, *d;

    if (!j)
        return;
    sys = get(j, "system");
    CHECK_STR(get(sys, "name")->valuestring, "Sys");
    CHECK(cJSON_GetArraySize(get(sys, "years")) == 3);
    /* 2024: the same, every difference 0 */
    d = get(year(sys, 2024), "diff");
    CHECK(num(d, "patients") == 0 && num(d, "gap") == 0);
    /* 2025: B minus A */
    y = year(sys, 2025);
    CHECK(num(get(y, "a"), "patients") == 1100);
    CHECK(num(get(y, "b"), "patients") == 1150);
    d = get(y, "diff");
    CHECK(num(d, "patients") == 50);
    CHECK(num(d, "new_patients") == 50);
    CHECK_NEAR(num(d, "growth_rooms"), 0.5, 1e-12);
    CHECK_NEAR(num(d, "required_rooms"), 0.5, 1e-12);
    CHECK(num(d, "rooms") == 0);
    CHECK_NEAR(num(d, "gap"), 0.5, 1e-12);
    /* 2026: only B has it */
    y = year(sys, 2026);
    CHECK(cJSON_IsNull(get(y, "a")));
    CHECK(num(get(y, "b"), "patients") == 1234);
    CHECK_NEAR(num(get(y, "b"), "gap"), 1.26, 1e-12);
    CHECK(cJSON_IsNull(get(y, "diff")));
    cJSON_Delete(j);
}

static void places(void)
{
    cJSON *j = compare_json(run_a, run_b);
    const cJSON *pl, *p, *y;

    if (!j)
        return;
    pl = get(j, "places");
    /* A's places in A's order, then those only B has */
    CHECK(cJSON_GetArraySize(pl) == 3);
    p = cJSON_GetArrayItem(pl, 0);
    CHECK_STR(get(p, "name")->valuestring, "North");
    y = year(p, 2025);
    CHECK(num(get(y, "diff"), "patients") == 50);
    CHECK(num(get(y, "diff"), "new_patients") == 50);
    CHECK_NEAR(num(get(y, "diff"), "growth_rooms"), 0.5, 1e-12);
    CHECK_NEAR(num(get(y, "diff"), "gap"), 0.5, 1e-12);
    p = cJSON_GetArrayItem(pl, 1);
    CHECK_STR(get(p, "name")->valuestring, "South");
    CHECK(cJSON_GetArraySize(get(p, "years")) == 1);
    y = year(p, 2024);
    CHECK(num(get(y, "a"), "patients") == 400);
    CHECK(cJSON_IsNull(get(y, "b")) && cJSON_IsNull(get(y, "diff")));
    p = cJSON_GetArrayItem(pl, 2);
    CHECK_STR(get(p, "name")->valuestring, "East");
    y = year(p, 2025);
    CHECK(cJSON_IsNull(get(y, "a")) && cJSON_IsNull(get(y, "diff")));
    CHECK_NEAR(num(get(y, "b"), "growth_rooms"), 0.25, 1e-12);
    cJSON_Delete(j);
}

/* --- the table ---------------------------------------------------------- */

static void table(void)
{
    pc_buf out = PC_BUF_INIT(1 << 20);
    pc_error err = {0};
    const char *t;

    CHECK(plan_compare("r1", run_a, "r2", run_b, 0, &out, &err) == PC_OK);
    t = pc_buf_str(&out);
    CHECK(!strncmp(t, "Run A r1 against run B r2\nInputs that differ:\n",
                   strlen("Run A r1 against run B r2\nInputs that differ:\n")));
    CHECK_HAS(t, "  method                                   space      "
                 "          ratio\n");
    CHECK_HAS(t, "  years                                    2          "
                 "          3\n");
    CHECK_HAS(t, "  assumptions.f2f_share                    0.7        "
                 "          0.8\n");
    /* year, patients A, B, B-A, growth A, B, B-A, gap A, B, B-A */
    CHECK_HAS(t, "\nSys\n");
    CHECK_HAS(t, "  2025      1,100      1,150       +50       1.0     1.5"
                 "    +0.5      -1.0     -0.5    +0.5\n");
    CHECK_HAS(t, "  2026          -      1,234         -         -     2.3"
                 "       -         -      1.3       -\n");
    CHECK_HAS(t, "\nSouth\n");
    CHECK_HAS(t, "  2024        400          -         -       0.0       -"
                 "       -      -1.0        -       -\n");
    /* the places before the system */
    CHECK(strstr(t, "\nNorth\n") < strstr(t, "\nSys\n"));
    CHECK(strstr(t, "\nEast\n") < strstr(t, "\nSys\n"));
    pc_buf_free(&out);
}

static void same_inputs(void)
{
    pc_buf out = PC_BUF_INIT(1 << 20);
    pc_error err = {0};
    cJSON *j;

    CHECK(plan_compare("r1", run_a, "r1", run_a, 0, &out, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&out),
              "\nInputs: the same (as recorded in the runs)\n");
    CHECK(!strstr(pc_buf_str(&out), "+"));
    pc_buf_free(&out);
    j = compare_json(run_a, run_a);
    if (j) {
        const cJSON *d = get(year(get(j, "system"), 2025), "diff");

        CHECK(cJSON_GetArraySize(get(j, "inputs")) == 0);
        CHECK(num(d, "patients") == 0 && num(d, "gap") == 0);
    }
    cJSON_Delete(j);
}

static void not_a_run(void)
{
    static const char *const bad[] = {"",
                                      "not json",
                                      "[]",
                                      "{}",
                                      "{\"places\":[]}",
                                      "{\"system\":{}}",
                                      "{\"places\":{},\"system\":{}}"};

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pc_buf out = PC_BUF_INIT(1 << 20);
        pc_error err = {0};

        CHECK(plan_compare("r1", bad[i], "r2", run_b, 1, &out, &err) ==
              PC_ERR_INPUT);
        CHECK_HAS(err.msg, "run r1: the stored result is not a projection run");
        memset(&err, 0, sizeof err);
        CHECK(plan_compare("r1", run_a, "r2", bad[i], 0, &out, &err) ==
              PC_ERR_INPUT);
        CHECK_HAS(err.msg, "run r2:");
        pc_buf_free(&out);
    }
    /* the smallest run: no places, a system with no years */
    {
        pc_buf out = PC_BUF_INIT(1 << 20);
        pc_error err = {0};
        const char *tiny = "{\"places\":[],\"system\":{}}";

        CHECK(plan_compare("r1", tiny, "r2", tiny, 0, &out, &err) == PC_OK);
        pc_buf_free(&out);
    }
}

/* --- the runs list ------------------------------------------------------ */

static void runs_list(void)
{
    ds_run_info v[2] = {{"abc123", "h1", "cw", NULL, "high", "space", "housing",
                         "huff", 2024, 10, 0, NULL, NULL},
                        {"def456", "h2", "cw", "base.json", NULL, "ratio",
                         "trend", "nearest", 2023, 5, 200, "slow delivery",
                         "2026-04-01T09:30:00Z"}};
    ds_run_list l = {v, 2, NULL};
    pc_buf out = PC_BUF_INIT(1 << 20);
    pc_error err = {0};
    cJSON *j, *e;

    CHECK(plan_runs_list(&l, 0, &out, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&out),
              "abc123       -          -                -            high      "
              " space/housing/huff  2024-2034     0\n");
    CHECK_HAS(pc_buf_str(&out),
              "def456       2026-04-01 slow delivery    base.json    -         "
              " ratio/trend/nearest 2023-2028   200\n");
    /* wide: the dataset too */
    pc_buf_reset(&out);
    out.wide = 1;
    CHECK(plan_runs_list(&l, 0, &out, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&out), " years draws dataset\n");
    CHECK_HAS(pc_buf_str(&out), "ratio/trend/nearest 2023-2028   200 cw\n");
    out.wide = 0;
    pc_buf_reset(&out);
    CHECK(plan_runs_list(&l, 1, &out, &err) == PC_OK);
    j = cJSON_Parse(pc_buf_str(&out));
    CHECK(cJSON_GetArraySize(get(j, "runs")) == 2);
    e = cJSON_GetArrayItem(get(j, "runs"), 0);
    CHECK_STR(get(e, "run_id")->valuestring, "abc123");
    CHECK(cJSON_IsNull(get(e, "scenario")));
    CHECK(cJSON_IsNull(get(e, "label")) && cJSON_IsNull(get(e, "created")));
    CHECK_STR(get(e, "preset")->valuestring, "high");
    CHECK(num(e, "years") == 10 && num(e, "base_year") == 2024);
    e = cJSON_GetArrayItem(get(j, "runs"), 1);
    CHECK_STR(get(e, "scenario")->valuestring, "base.json");
    CHECK_STR(get(e, "label")->valuestring, "slow delivery");
    CHECK_STR(get(e, "created")->valuestring, "2026-04-01T09:30:00Z");
    CHECK(cJSON_IsNull(get(e, "preset")));
    CHECK(num(e, "draws") == 200);
    cJSON_Delete(j);
    /* none: a table with no run rows, and an empty JSON list */
    l.n = 0;
    pc_buf_reset(&out);
    CHECK(plan_runs_list(&l, 0, &out, &err) == PC_OK);
    CHECK(!strstr(pc_buf_str(&out), "abc123"));
    CHECK_HAS(pc_buf_str(&out), "No stored runs");
    pc_buf_reset(&out);
    CHECK(plan_runs_list(&l, 1, &out, &err) == PC_OK);
    j = cJSON_Parse(pc_buf_str(&out));
    CHECK(j && cJSON_GetArraySize(get(j, "runs")) == 0);
    cJSON_Delete(j);
    pc_buf_free(&out);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"inputs_that_differ", inputs_that_differ},
        {"system_years", system_years},
        {"places", places},
        {"table", table},
        {"same_inputs", same_inputs},
        {"not_a_run", not_a_run},
        {"runs_list", runs_list},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
