/* test_scenario.c: reading scenario files (planner/plan_scenario.h): every
 * key into its field, and every class of bad input as PC_ERR_INPUT naming
 * the key path and the expectation. Merging, the canonical text, loading,
 * the examples and plan_scenario_set are in test_scenario_merge.c. */
#include "check.h"
#include "pc_error.h"
#include "plan_scenario.h"
#include "scenario_check.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A bad input: PC_ERR_INPUT, *out untouched, the message names the source
 * and holds each of the given pieces (key path, expectation). */
static void bad_at(int line, const char *json, size_t len, const char *sub1,
                   const char *sub2)
{
    pc_error err = {0};
    plan_scenario sentinel, *s = &sentinel;
    int before = check_failed_;
    pc_status rc;

    check_failed_ = 0;
    rc = plan_scenario_parse(json, len, "x.json", &s, &err);
    CHECK(rc == PC_ERR_INPUT);
    CHECK(s == &sentinel);
    CHECK(!strncmp(err.msg, "scenario x.json: ", 17));
    CHECK_HAS(err.msg, sub1);
    if (sub2)
        CHECK_HAS(err.msg, sub2);
    if (check_failed_)
        fprintf(stderr, "  (case at line %d: %.*s)\n  got: %s\n", line,
                (int)(len > 200 ? 200 : len), json, err.msg);
    check_failed_ |= before;
}

#define BAD(json, sub1, sub2) bad_at(__LINE__, (json), strlen(json), sub1, sub2)

/* --- cases -------------------------------------------------------------- */

static void test_names(void)
{
    pc_error err = {0};
    plan_demand d = PLAN_DEMAND_UNSET;
    plan_growth g = PLAN_GROWTH_UNSET;

    CHECK_STR(plan_demand_name(PLAN_DEMAND_GP_FTE), "gp_fte");
    CHECK_STR(plan_demand_name(PLAN_DEMAND_ACTIVITY), "activity");
    CHECK_STR(plan_demand_name(PLAN_DEMAND_RATIO), "ratio");
    CHECK_STR(plan_demand_name(PLAN_DEMAND_SPACE), "space");
    CHECK_STR(plan_demand_name(PLAN_DEMAND_UNSET), "?");
    CHECK_STR(plan_growth_name(PLAN_GROWTH_HOUSING), "housing");
    CHECK_STR(plan_growth_name(PLAN_GROWTH_TREND), "trend");
    CHECK_STR(plan_growth_name(PLAN_GROWTH_MAX), "max");
    CHECK_STR(plan_growth_name((plan_growth)7), "?");

    CHECK(plan_demand_parse("space", &d, &err) == PC_OK);
    CHECK(d == PLAN_DEMAND_SPACE);
    CHECK(plan_growth_parse("trend", &g, &err) == PC_OK);
    CHECK(g == PLAN_GROWTH_TREND);

    CHECK(plan_demand_parse("GP_FTE", &d, &err) == PC_ERR_INPUT);
    CHECK(d == PLAN_DEMAND_SPACE);
    CHECK_STR(err.msg, "unknown method \"GP_FTE\" (expected gp_fte, "
                       "activity, ratio or space)");
    CHECK(plan_growth_parse("", &g, &err) == PC_ERR_INPUT);
    CHECK(g == PLAN_GROWTH_TREND);
    CHECK_STR(err.msg, "unknown growth method \"\" (expected housing, trend "
                       "or max)");
    /* a user's string is escaped and shortened in the message */
    CHECK(plan_demand_parse("a\"b\n", &d, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "\"a\\\"b\\u000a\"");
}

static void test_new_unset(void)
{
    plan_scenario *s = plan_scenario_new();

    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(!s->name && !s->description && !s->preset && !s->allocation);
    CHECK(s->demand == PLAN_DEMAND_UNSET);
    CHECK(s->growth == PLAN_GROWTH_UNSET);
    CHECK(s->years == 0);
    CHECK(isnan(s->delivery_factor));
    CHECK(s->slippage_years == INT_MIN && !s->slippage_set);
    CHECK(s->noverrides == 0 && !s->override_ids && !s->override_values);
    CHECK(!s->sites_exclude.set && !s->sites_only.set &&
          !s->planning_status.set && !s->schemes_include.set &&
          !s->schemes_exclude.set);
    CHECK(s->draws == 0 && !s->seed_set);
    CHECK(s->nstarts == 0 && !s->start_ids && !s->start_years);
    CHECK(s->carry_forward == -1 && s->s106_requested == -1);
    CHECK(isnan(s->icb_budget_factor) && isnan(s->rent_limit_gbp) &&
          isnan(s->time_limit_s) && isnan(s->mip_gap));
    plan_scenario_free(s);
    plan_scenario_free(NULL);
}

static void test_empty_object(void)
{
    plan_scenario *s = parse_ok(" {\n} \n");
    plan_scenario *u = plan_scenario_new();
    char *c;

    if (!s || !u)
        goto done;
    CHECK(scenario_equal(s, u));
    c = canonical(s);
    CHECK_STR(c, "{\"format\":\"pcplan-scenario/1\"}");
    free(c);
    /* empty inner objects set nothing; empty lists are set */
    plan_scenario_free(s);
    s = parse_ok("{\"delivery\":{},\"assumptions\":{},\"sites\":{},"
                 "\"schemes\":{},\"monte_carlo\":{}}");
    if (s)
        CHECK(scenario_equal(s, u));
    plan_scenario_free(s);
    s = parse_ok("{\"schemes\":{\"start\":{}},\"capital\":{}}");
    if (s) {
        CHECK(scenario_equal(s, u));
        c = canonical(s);
        CHECK_STR(c, "{\"format\":\"pcplan-scenario/1\"}");
        free(c);
    }
    plan_scenario_free(s);
    s = parse_ok("{\"sites\":{\"only\":[]}}");
    if (s) {
        CHECK(s->sites_only.set && s->sites_only.n == 0);
        CHECK(!s->sites_exclude.set);
        c = canonical(s);
        CHECK_STR(c, "{\"format\":\"pcplan-scenario/1\",\"sites\":"
                     "{\"only\":[]}}");
        free(c);
        check_round_trip(s);
    }
done:
    plan_scenario_free(s);
    plan_scenario_free(u);
}

static void test_full(void)
{
    plan_scenario *s = parse_ok(full_json);
    char *c;

    if (!s)
        return;
    CHECK_STR(s->name, "Full.test_1-a");
    CHECK_STR(s->description, "All keys \"quoted\" \xC3\xA9\n\ttab");
    CHECK_STR(s->preset, "cw-strategy");
    CHECK(s->demand == PLAN_DEMAND_SPACE);
    CHECK(s->growth == PLAN_GROWTH_TREND);
    CHECK_STR(s->allocation, "catchment");
    CHECK(s->years == 10);
    CHECK(s->delivery_factor == 0.7);
    CHECK(s->slippage_set && s->slippage_years == -2);
    CHECK(s->noverrides == 4);
    if (s->noverrides == 4) {
        CHECK_STR(s->override_ids[0], "persons_per_dwelling");
        CHECK(s->override_values[0] == 2.3);
        CHECK_STR(s->override_ids[1], "f2f_share");
        CHECK(s->override_values[1] == 0);
        CHECK_STR(s->override_ids[2], "a_1");
        CHECK(s->override_values[2] == 1e-3);
        CHECK_STR(s->override_ids[3], "utilisation");
        CHECK(s->override_values[3] == 0 && !signbit(s->override_values[3]));
    }
    CHECK(s->sites_exclude.set && s->sites_exclude.n == 2);
    if (s->sites_exclude.n == 2) {
        CHECK_STR(s->sites_exclude.v[0], "S017");
        CHECK_STR(s->sites_exclude.v[1], "S 2");
    }
    CHECK(s->sites_only.set && s->sites_only.n == 1);
    if (s->sites_only.n == 1)
        CHECK_STR(s->sites_only.v[0], "S001");
    CHECK(s->planning_status.set && s->planning_status.n == 2);
    if (s->planning_status.n == 2) {
        CHECK_STR(s->planning_status.v[0], "allocated");
        CHECK_STR(s->planning_status.v[1], "outline");
    }
    CHECK(s->schemes_include.set && s->schemes_include.n == 2);
    if (s->schemes_include.n == 2) {
        CHECK_STR(s->schemes_include.v[0], "SCH04");
        CHECK_STR(s->schemes_include.v[1], "SCH05");
    }
    CHECK(s->schemes_exclude.set && s->schemes_exclude.n == 1);
    if (s->schemes_exclude.n == 1)
        CHECK_STR(s->schemes_exclude.v[0], "SCH01");
    CHECK(s->nstarts == 2);
    if (s->nstarts == 2) {
        CHECK_STR(s->start_ids[0], "SCH05");
        CHECK(s->start_years[0] == 2029);
        CHECK_STR(s->start_ids[1], "SCH04");
        CHECK(s->start_years[1] == 2027);
    }
    CHECK(s->draws == 100000);
    CHECK(s->seed_set && s->seed == UINT64_C(9007199254740991));
    CHECK(s->carry_forward == 1 && s->s106_requested == 0);
    CHECK(s->icb_budget_factor == 1.1);
    CHECK(s->rent_limit_gbp == 250000.5);
    CHECK(s->time_limit_s == 30);
    CHECK(s->mip_gap == 0.001);

    /* key order fixed, inner keys too, whatever the file's order */
    c = canonical(s);
    CHECK_STR(c,
              "{\"format\":\"pcplan-scenario/1\",\"name\":\"Full.test_1-a\","
              "\"description\":\"All keys \\\"quoted\\\" \xC3\xA9\\n\\ttab\","
              "\"preset\":\"cw-strategy\",\"method\":\"space\","
              "\"growth\":\"trend\",\"allocation\":\"catchment\","
              "\"years\":10,"
              "\"delivery\":{\"factor\":0.7,"
              "\"slippage_years\":-2},"
              "\"assumptions\":{\"persons_per_dwelling\":2.3,"
              "\"f2f_share\":0,\"a_1\":0.001,\"utilisation\":0},"
              "\"sites\":{\"exclude\":[\"S017\",\"S 2\"],\"only\":[\"S001\"],"
              "\"planning_status\":[\"allocated\",\"outline\"]},"
              "\"schemes\":{\"include\":[\"SCH04\",\"SCH05\"],"
              "\"exclude\":[\"SCH01\"],"
              "\"start\":{\"SCH05\":2029,\"SCH04\":2027}},"
              "\"capital\":{\"carry_forward\":true,\"icb_budget_factor\":1.1,"
              "\"rent_limit_gbp\":250000.5,\"s106_requested\":false,"
              "\"time_limit_s\":30,\"mip_gap\":0.001},"
              "\"monte_carlo\":{\"draws\":100000,\"seed\":9007199254740991}}");
    free(c);
    check_round_trip(s);
    plan_scenario_free(s);
}

static void test_limits_accepted(void)
{
    static const char *const ok[] = {
        "{\"years\":1}",
        "{\"years\":50}",
        "{\"years\":50.0}",
        "{\"delivery\":{\"factor\":5}}",
        "{\"delivery\":{\"factor\":1e-300}}",
        "{\"delivery\":{\"slippage_years\":-10}}",
        "{\"delivery\":{\"slippage_years\":20}}",
        "{\"monte_carlo\":{\"draws\":1,\"seed\":0}}",
        "{\"monte_carlo\":{\"seed\":-0}}",
        "{\"assumptions\":{\"x\":1e308}}",
        "{\"format\":\"pcplan-scenario/1\"}",
        "{\"description\":\"\"}",
        "{\"name\":\"A\"}",
        "{\"sites\":{\"exclude\":[\"caf\xC3\xA9\"]}}",
        "{\"schemes\":{\"start\":{\"P01\":1990,\"P02\":2100,\"P03\":2.1e3}}}",
        "{\"schemes\":{\"start\":{\"P 1\":2030}}}",
        "{\"schemes\":{\"start\":{\"caf\xC3\xA9\":2030}}}",
        "{\"capital\":{\"carry_forward\":false,\"s106_requested\":true}}",
        "{\"capital\":{\"icb_budget_factor\":10,\"time_limit_s\":3600}}",
        "{\"capital\":{\"icb_budget_factor\":1e-300,\"time_limit_s\":1e-9}}",
        "{\"capital\":{\"rent_limit_gbp\":0,\"mip_gap\":0}}",
        "{\"capital\":{\"rent_limit_gbp\":1e10,\"mip_gap\":0.9999999999}}",
        "{\"capital\":{\"rent_limit_gbp\":-0,\"mip_gap\":-0.0}}",
        NULL};

    for (size_t i = 0; ok[i]; i++) {
        plan_scenario *s = parse_ok(ok[i]);

        if (s)
            check_round_trip(s);
        plan_scenario_free(s);
    }
}

static void test_long_strings(void)
{
    char buf[4096];
    plan_scenario *s;
    int n;

    /* 64 characters is allowed, 65 is not */
    n = snprintf(buf, sizeof buf, "{\"name\":\"%s\",\"preset\":\"%s\"}",
                 "0123456789012345678901234567890123456789012345678901234567"
                 "890123",
                 "0123456789012345678901234567890123456789012345678901234567"
                 "890123");
    CHECK(n > 0);
    s = parse_ok(buf);
    plan_scenario_free(s);
    BAD("{\"name\":\"01234567890123456789012345678901234567890123456789012345"
        "678901234\"}",
        "key \"name\": expected a name of 1 to 64 characters", NULL);
    BAD("{\"preset\":\"01234567890123456789012345678901234567890123456789012"
        "345678901234\"}",
        "key \"preset\": expected a preset name", "at most 64 characters");
    /* ids count characters, not bytes: 64 two-byte characters are fine */
    {
        char id[64 * 2 + 1], *p = id;

        for (int i = 0; i < 64; i++, p += 2)
            memcpy(p, "\xC3\xA9", 2);
        *p = '\0';
        snprintf(buf, sizeof buf, "{\"sites\":{\"only\":[\"%s\"]}}", id);
        s = parse_ok(buf);
        plan_scenario_free(s);
        snprintf(buf, sizeof buf, "{\"sites\":{\"only\":[\"%sx\"]}}", id);
        BAD(buf,
            "key \"sites.only[0]\": expected a site id (a non-empty "
            "string of at most 64 characters)",
            NULL);
    }
    /* description: 1000 characters allowed, 1001 not */
    memcpy(buf, "{\"description\":\"", 16);
    memset(buf + 16, 'd', 1000);
    memcpy(buf + 1016, "\"}", 3);
    s = parse_ok(buf);
    if (s)
        CHECK(strlen(s->description) == 1000);
    plan_scenario_free(s);
    memset(buf + 16, 'd', 1001);
    memcpy(buf + 1017, "\"}", 3);
    BAD(buf, "key \"description\": expected at most 1000 characters",
        "got 1001");
}

static void test_bad_json(void)
{
    /* the exact message of the brief */
    pc_error err = {0};
    plan_scenario *s = NULL;
    const char *j = "{\n  \"name\": \"a\",\n\"bb\": x\n}";
    static const char nul_in[] = "{\"name\":\"a\0b\"}";

    CHECK(plan_scenario_parse(j, strlen(j), "x.json", &s, &err) ==
          PC_ERR_INPUT);
    CHECK_STR(err.msg, "scenario x.json: line 3, column 7: not valid JSON "
                       "(expected a JSON document per RFC 8259)");
    CHECK(s == NULL);

    BAD("", "no JSON text", "expected a JSON document");
    BAD(" \n\t ", "no JSON text", NULL);
    BAD("\xEF\xBB\xBF", "no JSON text", NULL);
    BAD("[1, 2]", "expected a JSON object at the top level", "an array");
    BAD("\"baseline\"", "expected a JSON object at the top level", NULL);
    BAD("null", "expected a JSON object at the top level", "got null");
    BAD("{\"years\": 10", "line 1, column 12: JSON ends too early",
        "is the file truncated?");
    BAD("{\"name\": \"abc", "line 1, column 11", "ends too early");
    BAD("{\n\"years\": 10,\n}", "line 3, column 1: not valid JSON", NULL);
    BAD("{} x", "line 1, column 4: text after the JSON document", NULL);
    BAD("{}\n{}", "line 2, column 1: text after the JSON document", NULL);
    BAD("{\"years\": NaN}", "line 1, column 11: not valid JSON", NULL);
    BAD("{\"years\": 0x10}", "line 1, column 12: not valid JSON", NULL);
    BAD("{\"name\":\"caf\xE9\"}", "invalid UTF-8", NULL);
    bad_at(__LINE__, nul_in, sizeof nul_in - 1, "NUL byte", NULL);
    BAD("{\"description\":\"a\\u0000b\"}", "line 1, column 18",
        "\\u0000 in a string");
    BAD("{\"x\\u0000y\":1}", "\\u0000 in a string", NULL);
    /* column counts characters, not bytes */
    BAD("{\"description\":\"\xC3\xA9\xC3\xA9\",\"years\": x}",
        "line 1, column 30: not valid JSON", NULL);
    /* without a source name */
    CHECK(plan_scenario_parse("[]", 2, NULL, &s, &err) == PC_ERR_INPUT);
    CHECK_HAS(err.msg, "scenario: expected a JSON object");
    CHECK(plan_scenario_parse(NULL, 0, NULL, &s, &err) == PC_ERR_INPUT);
    CHECK(s == NULL);
}

static void test_bad_keys(void)
{
    BAD("{\"horizon\": 10}",
        "scenario x.json: unknown key \"horizon\" (expected one of format, "
        "name, description, preset, method, capacity_method, growth, "
        "allocation, years, delivery, assumptions, sites, schemes, capital, "
        "monte_carlo)",
        NULL);
    BAD("{\"Years\": 10}", "unknown key \"Years\"", NULL);
    BAD("{\"years\": 10, \"years\": 10}", "key \"years\": given twice", NULL);
    BAD("{\"delivery\": {\"speed\": 1}}",
        "scenario x.json: key \"delivery.speed\": unknown key (expected "
        "factor or slippage_years)",
        NULL);
    BAD("{\"delivery\": {\"factor\": 1, \"factor\": 2}}",
        "key \"delivery.factor\": given twice", NULL);
    BAD("{\"sites\": {\"include\": []}}",
        "key \"sites.include\": unknown key (expected exclude, only or "
        "planning_status)",
        NULL);
    BAD("{\"schemes\": {\"only\": []}}",
        "key \"schemes.only\": unknown key (expected include, exclude or "
        "start)",
        NULL);
    BAD("{\"monte_carlo\": {\"runs\": 5}}",
        "key \"monte_carlo.runs\": unknown key (expected draws or seed)", NULL);
    BAD("{\"sites\": {\"only\": [], \"only\": []}}",
        "key \"sites.only\": given twice", NULL);
    BAD("{\"capital\": {\"budget\": 1}}",
        "scenario x.json: key \"capital.budget\": unknown key (expected "
        "carry_forward, icb_budget_factor, rent_limit_gbp, s106_requested, "
        "time_limit_s, mip_gap or solver)",
        NULL);
    BAD("{\"capital\": {\"Carry_forward\": true}}",
        "key \"capital.Carry_forward\": unknown key", NULL);
    BAD("{\"capital\": {\"carry_forward\": true, \"carry_forward\": true}}",
        "key \"capital.carry_forward\": given twice", NULL);
    BAD("{\"capital\": {\"mip_gap\": 0.1, \"mip_gap\": 0.2}}",
        "key \"capital.mip_gap\": given twice", NULL);
    BAD("{\"capital\": {}, \"capital\": {}}", "key \"capital\": given twice",
        NULL);
    BAD("{\"schemes\": {\"start\": {}, \"start\": {}}}",
        "key \"schemes.start\": given twice", NULL);
    BAD("{\"schemes\": {\"start\": {\"P01\": 2028, \"P10\": 2026, "
        "\"P01\": 2028}}}",
        "scenario x.json: key \"schemes.start.P01\": given twice", NULL);
    /* an odd key is quoted safely */
    BAD("{\"a\\\"b\\n\": 1}", "unknown key \"a\\\"b\\u000a\"", NULL);
}

static void test_bad_values(void)
{
    /* format */
    BAD("{\"format\": \"pcplan-scenario/2\"}",
        "key \"format\": expected \"pcplan-scenario/1\"",
        "got the string \"pcplan-scenario/2\"");
    BAD("{\"format\": 1}", "key \"format\": expected \"pcplan-scenario/1\"",
        "got 1");
    /* name */
    BAD("{\"name\": \"\"}",
        "key \"name\": expected a name of 1 to 64 "
        "characters from A-Z, a-z, 0-9, '.', '_' and '-'",
        NULL);
    BAD("{\"name\": \"slow delivery\"}", "key \"name\": expected a name",
        "got the string \"slow delivery\"");
    BAD("{\"name\": \"caf\xC3\xA9\"}", "key \"name\": expected a name", NULL);
    BAD("{\"name\": 12}", "key \"name\": expected a name", "got 12");
    /* description */
    BAD("{\"description\": [\"a\"]}", "key \"description\": expected a string",
        "got an array");
    /* preset */
    BAD("{\"preset\": \"\"}", "key \"preset\": expected a preset name",
        "got an empty string");
    BAD("{\"preset\": null}", "key \"preset\": expected a preset name",
        "got null");
    /* method, growth, allocation */
    BAD("{\"method\": \"rooms\"}",
        "key \"method\": unknown method \"rooms\" (expected gp_fte, "
        "activity, ratio or space)",
        NULL);
    BAD("{\"method\": 1}",
        "key \"method\": expected a string (gp_fte, activity, ratio or "
        "space), got 1",
        NULL);
    BAD("{\"growth\": \"Max\"}",
        "key \"growth\": unknown growth method \"Max\" (expected housing, "
        "trend or max)",
        NULL);
    BAD("{\"growth\": true}", "key \"growth\": expected a string", "got true");
    BAD("{\"allocation\": \"gravity\"}",
        "key \"allocation\": unknown allocation method \"gravity\" (expected "
        "huff, nearest or catchment)",
        NULL);
    BAD("{\"allocation\": {}}", "key \"allocation\": expected a string",
        "got an object");
    /* years */
    BAD("{\"years\": 2.5}",
        "key \"years\": expected an integer from 1 to 50, got 2.5", NULL);
    BAD("{\"years\": 0}", "key \"years\": expected an integer from 1 to 50",
        "got 0");
    BAD("{\"years\": 51}", "key \"years\": expected an integer from 1 to 50",
        "got 51");
    BAD("{\"years\": -3}", "key \"years\"", "got -3");
    BAD("{\"years\": \"10\"}", "key \"years\": expected an integer",
        "got the string \"10\"");
    BAD("{\"years\": 1e300}", "key \"years\": expected an integer",
        "got 1e+300");
    BAD("{\"years\": 1e999}", "key \"years\": expected an integer",
        "got a number too large to represent");
    BAD("{\"years\": -1e999}", "key \"years\"", "too large to represent");
    /* delivery */
    BAD("{\"delivery\": 0.7}",
        "key \"delivery\": expected an object with the keys factor "
        "and/or slippage_years, got 0.7",
        NULL);
    BAD("{\"delivery\": {\"factor\": -1}}",
        "scenario x.json: key \"delivery.factor\": expected a number greater "
        "than 0 and at most 5, got -1",
        NULL);
    BAD("{\"delivery\": {\"factor\": 0}}", "key \"delivery.factor\"", "got 0");
    BAD("{\"delivery\": {\"factor\": 5.000001}}", "key \"delivery.factor\"",
        "got 5.000001");
    BAD("{\"delivery\": {\"factor\": \"0.7\"}}", "key \"delivery.factor\"",
        "got the string \"0.7\"");
    BAD("{\"delivery\": {\"factor\": 1e999}}", "key \"delivery.factor\"",
        "too large to represent");
    BAD("{\"delivery\": {\"slippage_years\": 1.5}}",
        "key \"delivery.slippage_years\": expected an integer from -10 to 20",
        "got 1.5");
    BAD("{\"delivery\": {\"slippage_years\": -11}}",
        "key \"delivery.slippage_years\"", "got -11");
    BAD("{\"delivery\": {\"slippage_years\": 21}}",
        "key \"delivery.slippage_years\"", "got 21");
    /* assumptions */
    BAD("{\"assumptions\": [1]}",
        "key \"assumptions\": expected an object mapping assumption ids to "
        "numbers",
        "got an array");
    BAD("{\"assumptions\": {\"persons_per_dwelling\": 2.4, "
        "\"persons_per_dwelling\": 2.5}}",
        "scenario x.json: key \"assumptions.persons_per_dwelling\": given "
        "twice",
        NULL);
    BAD("{\"assumptions\": {\"Persons\": 2}}",
        "key \"assumptions.Persons\": expected an assumption id", NULL);
    BAD("{\"assumptions\": {\"\": 2}}",
        "key \"assumptions.\": expected an assumption id", NULL);
    BAD("{\"assumptions\": {\"x\": -0.5}}",
        "key \"assumptions.x\": expected a number of at least 0, got -0.5",
        NULL);
    BAD("{\"assumptions\": {\"x\": \"2\"}}", "key \"assumptions.x\"",
        "got the string \"2\"");
    BAD("{\"assumptions\": {\"x\": null}}", "key \"assumptions.x\"",
        "got null");
    BAD("{\"assumptions\": {\"x\": 1e999}}", "key \"assumptions.x\"",
        "too large to represent");
    /* sites */
    BAD("{\"sites\": [\"S1\"]}", "key \"sites\": expected an object",
        "got an array");
    BAD("{\"sites\": {\"exclude\": \"S1\"}}",
        "key \"sites.exclude\": expected an array of site ids",
        "got the string \"S1\"");
    BAD("{\"sites\": {\"exclude\": [\"S1\", \"S2\", 17]}}",
        "scenario x.json: key \"sites.exclude[2]\": expected a site id (a "
        "non-empty string of at most 64 characters), got 17",
        NULL);
    BAD("{\"sites\": {\"exclude\": [\"\"]}}", "key \"sites.exclude[0]\"",
        "got an empty string");
    BAD("{\"sites\": {\"only\": [\"S1\", \"S2\", \"S1\"]}}",
        "key \"sites.only[2]\": site id \"S1\" given twice",
        "also at sites.only[0]");
    BAD("{\"sites\": {\"planning_status\": [\"full\", null]}}",
        "key \"sites.planning_status[1]\": expected a planning status",
        "got null");
    BAD("{\"sites\": {\"exclude\": [\"S1\", \"S2\"], \"only\": [\"S3\", "
        "\"S2\"]}}",
        "key \"sites\": site id \"S2\" is in both only and exclude", NULL);
    /* schemes */
    BAD("{\"schemes\": {\"include\": [\"A\"], \"exclude\": [\"B\", \"A\"]}}",
        "key \"schemes\": scheme id \"A\" is in both include and exclude",
        NULL);
    BAD("{\"schemes\": {\"include\": [[\"A\"]]}}",
        "key \"schemes.include[0]\": expected a scheme id", "got an array");
    BAD("{\"schemes\": {\"exclude\": [\"A\", \"A\"]}}",
        "key \"schemes.exclude[1]\": scheme id \"A\" given twice", NULL);
    /* schemes.start */
    BAD("{\"schemes\": {\"start\": [\"P01\"]}}",
        "scenario x.json: key \"schemes.start\": expected an object mapping "
        "scheme ids to start years, got an array",
        NULL);
    BAD("{\"schemes\": {\"start\": 2028}}",
        "key \"schemes.start\": expected "
        "an object",
        "got 2028");
    BAD("{\"schemes\": {\"start\": null}}", "key \"schemes.start\"",
        "got null");
    BAD("{\"schemes\": {\"start\": {\"P01\": 1989}}}",
        "scenario x.json: key \"schemes.start.P01\": expected an integer "
        "from 1990 to 2100, got 1989",
        NULL);
    BAD("{\"schemes\": {\"start\": {\"P01\": 2101}}}",
        "key \"schemes.start.P01\": expected an integer from 1990 to 2100",
        "got 2101");
    BAD("{\"schemes\": {\"start\": {\"P01\": 2028.5}}}",
        "key \"schemes.start.P01\"", "got 2028.5");
    BAD("{\"schemes\": {\"start\": {\"P01\": \"2028\"}}}",
        "key \"schemes.start.P01\": expected an integer",
        "got the string \"2028\"");
    BAD("{\"schemes\": {\"start\": {\"P01\": true}}}",
        "key \"schemes.start.P01\"", "got true");
    BAD("{\"schemes\": {\"start\": {\"P01\": null}}}",
        "key \"schemes.start.P01\"", "got null");
    BAD("{\"schemes\": {\"start\": {\"P01\": [2028]}}}",
        "key \"schemes.start.P01\"", "got an array");
    BAD("{\"schemes\": {\"start\": {\"P01\": 1e999}}}",
        "key \"schemes.start.P01\"", "too large to represent");
    BAD("{\"schemes\": {\"start\": {\"\": 2028}}}",
        "key \"schemes.start.\": expected a scheme id (a non-empty string of "
        "at most 64 characters) as the key",
        NULL);
    BAD("{\"schemes\": {\"start\": {\"0123456789012345678901234567890123456"
        "7890123456789012345678901234\": 2028}}}",
        "key \"schemes.start.012345678901234567890123456789012345678901234567"
        "...\": expected a scheme id",
        NULL);
    BAD("{\"schemes\": {\"start\": {\"P\\n1\": 1}}}",
        "key \"schemes.start.P\\u000a1\": expected an integer", NULL);
    /* capital */
    BAD("{\"capital\": true}",
        "scenario x.json: key \"capital\": expected an object with the keys "
        "carry_forward, icb_budget_factor, rent_limit_gbp, s106_requested, "
        "time_limit_s, mip_gap and/or solver, got true",
        NULL);
    BAD("{\"capital\": []}", "key \"capital\": expected an object",
        "got an array");
    BAD("{\"capital\": \"x\"}", "key \"capital\": expected an object",
        "got the string \"x\"");
    BAD("{\"capital\": {\"carry_forward\": 1}}",
        "scenario x.json: key \"capital.carry_forward\": expected true or "
        "false, got 1",
        NULL);
    BAD("{\"capital\": {\"carry_forward\": \"true\"}}",
        "key \"capital.carry_forward\": expected true or false",
        "got the string \"true\"");
    BAD("{\"capital\": {\"carry_forward\": null}}",
        "key \"capital.carry_forward\": expected true or false", "got null");
    BAD("{\"capital\": {\"s106_requested\": 0}}",
        "key \"capital.s106_requested\": expected true or false, got 0", NULL);
    BAD("{\"capital\": {\"s106_requested\": [true]}}",
        "key \"capital.s106_requested\": expected true or false",
        "got an array");
    BAD("{\"capital\": {\"icb_budget_factor\": 0}}",
        "scenario x.json: key \"capital.icb_budget_factor\": expected a "
        "number greater than 0 and at most 10, got 0",
        NULL);
    BAD("{\"capital\": {\"icb_budget_factor\": -1.1}}",
        "key \"capital.icb_budget_factor\"", "got -1.1");
    BAD("{\"capital\": {\"icb_budget_factor\": 10.000001}}",
        "key \"capital.icb_budget_factor\"", "got 10.000001");
    BAD("{\"capital\": {\"icb_budget_factor\": \"1.1\"}}",
        "key \"capital.icb_budget_factor\"", "got the string \"1.1\"");
    BAD("{\"capital\": {\"icb_budget_factor\": true}}",
        "key \"capital.icb_budget_factor\": expected a number", "got true");
    BAD("{\"capital\": {\"icb_budget_factor\": 1e999}}",
        "key \"capital.icb_budget_factor\"", "too large to represent");
    BAD("{\"capital\": {\"rent_limit_gbp\": -1}}",
        "scenario x.json: key \"capital.rent_limit_gbp\": expected a number "
        "of at least 0 and at most 10000000000, got -1",
        NULL);
    BAD("{\"capital\": {\"rent_limit_gbp\": 10000000001}}",
        "key \"capital.rent_limit_gbp\"", "got 10000000001");
    BAD("{\"capital\": {\"rent_limit_gbp\": 1e11}}",
        "key \"capital.rent_limit_gbp\"", "got 100000000000");
    BAD("{\"capital\": {\"rent_limit_gbp\": null}}",
        "key \"capital.rent_limit_gbp\"", "got null");
    BAD("{\"capital\": {\"solver\": \"gurobi\"}}",
        "scenario x.json: key \"capital.solver\": unknown solver \"gurobi\" "
        "(expected glpk or cbc)",
        NULL);
    BAD("{\"capital\": {\"solver\": \"CBC\"}}", "key \"capital.solver\"",
        "unknown solver \"CBC\"");
    BAD("{\"capital\": {\"solver\": 1}}",
        "scenario x.json: key \"capital.solver\": expected a string (glpk or "
        "cbc), got 1",
        NULL);
    BAD("{\"capital\": {\"time_limit_s\": 0}}",
        "scenario x.json: key \"capital.time_limit_s\": expected a number "
        "greater than 0 and at most 3600, got 0",
        NULL);
    BAD("{\"capital\": {\"time_limit_s\": -5}}", "key \"capital.time_limit_s\"",
        "got -5");
    BAD("{\"capital\": {\"time_limit_s\": 3600.5}}",
        "key \"capital.time_limit_s\"", "got 3600.5");
    BAD("{\"capital\": {\"time_limit_s\": \"60\"}}",
        "key \"capital.time_limit_s\"", "got the string \"60\"");
    BAD("{\"capital\": {\"mip_gap\": 1}}",
        "scenario x.json: key \"capital.mip_gap\": expected a number of at "
        "least 0 and less than 1, got 1",
        NULL);
    BAD("{\"capital\": {\"mip_gap\": -0.0001}}", "key \"capital.mip_gap\"",
        "got -0.0001");
    BAD("{\"capital\": {\"mip_gap\": 1.5}}", "key \"capital.mip_gap\"",
        "got 1.5");
    BAD("{\"capital\": {\"mip_gap\": {}}}", "key \"capital.mip_gap\"",
        "got an object");
    /* monte_carlo */
    BAD("{\"monte_carlo\": true}", "key \"monte_carlo\": expected an object",
        "got true");
    BAD("{\"monte_carlo\": {\"draws\": 0}}",
        "key \"monte_carlo.draws\": expected an integer from 1 to 100000",
        "got 0");
    BAD("{\"monte_carlo\": {\"draws\": 100001}}", "key \"monte_carlo.draws\"",
        "got 100001");
    BAD("{\"monte_carlo\": {\"draws\": 10.5}}", "key \"monte_carlo.draws\"",
        "got 10.5");
    BAD("{\"monte_carlo\": {\"seed\": -1}}",
        "key \"monte_carlo.seed\": expected an integer from 0 to "
        "9007199254740991",
        "got -1");
    BAD("{\"monte_carlo\": {\"seed\": 9007199254740992}}",
        "key \"monte_carlo.seed\"", "got 9007199254740992");
    BAD("{\"monte_carlo\": {\"seed\": 1e20}}", "key \"monte_carlo.seed\"",
        "got 1e+20");
    BAD("{\"monte_carlo\": {\"seed\": 0.5}}", "key \"monte_carlo.seed\"",
        "got 0.5");
}

/* The first problem in the file is reported; a later valid key does not
 * hide an earlier error, and nothing leaks on any path (ASan). */
static void test_error_after_values(void)
{
    BAD("{\"name\":\"a\",\"description\":\"d\",\"preset\":\"p\","
        "\"allocation\":\"huff\",\"assumptions\":{\"a\":1,\"b\":2},"
        "\"sites\":{\"exclude\":[\"S1\"],\"only\":[\"S2\"]},"
        "\"schemes\":{\"include\":[\"X\"]},\"monte_carlo\":{\"draws\":0}}",
        "key \"monte_carlo.draws\"", NULL);
    BAD("{\"assumptions\":{\"a\":1,\"b\":2,\"c\":-1}}", "key \"assumptions.c\"",
        NULL);
    BAD("{\"sites\":{\"exclude\":[\"S1\",\"S2\"],\"only\":[\"S3\",4]}}",
        "key \"sites.only[1]\"", NULL);
    BAD("{\"schemes\":{\"include\":[\"A\"],\"start\":{\"A\":2027,"
        "\"B\":2028,\"C\":1900}}}",
        "key \"schemes.start.C\"", NULL);
    BAD("{\"schemes\":{\"start\":{\"A\":2027,\"B\":2028,\"A\":2029}}}",
        "key \"schemes.start.A\": given twice", NULL);
    /* start parsed, then include and exclude overlap */
    BAD("{\"schemes\":{\"include\":[\"A\"],\"exclude\":[\"A\"],"
        "\"start\":{\"A\":2027}}}",
        "key \"schemes\": scheme id \"A\" is in both include and exclude",
        NULL);
    BAD("{\"capital\":{\"carry_forward\":true,\"icb_budget_factor\":1.2,"
        "\"rent_limit_gbp\":5,\"s106_requested\":true,\"time_limit_s\":9,"
        "\"mip_gap\":2}}",
        "key \"capital.mip_gap\"", NULL);
}

/* schemes.start and capital: the canonical text of each alone, the
 * numbers in their shortest form, file order kept for the start ids. */
static void test_start_and_capital(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"{\"schemes\":{\"include\":[\"P01\"],\"start\":{\"P01\":2028,"
         "\"P10\":2026}}}",
         "{\"format\":\"pcplan-scenario/1\",\"schemes\":{\"include\":"
         "[\"P01\"],\"start\":{\"P01\":2028,\"P10\":2026}}}"},
        {"{\"schemes\":{\"start\":{\"P10\":2026.0}}}",
         "{\"format\":\"pcplan-scenario/1\",\"schemes\":{\"start\":"
         "{\"P10\":2026}}}"},
        {"{\"schemes\":{\"start\":{\"B\":2030,\"A\":2027,\"a\\\"b\":2031},"
         "\"exclude\":[\"C\"],\"include\":[\"D\"]}}",
         "{\"format\":\"pcplan-scenario/1\",\"schemes\":{\"include\":"
         "[\"D\"],\"exclude\":[\"C\"],\"start\":{\"B\":2030,\"A\":2027,"
         "\"a\\\"b\":2031}}}"},
        {"{\"capital\":{\"mip_gap\":0.0001,\"carry_forward\":false}}",
         "{\"format\":\"pcplan-scenario/1\",\"capital\":{\"carry_forward\":"
         "false,\"mip_gap\":0.0001}}"},
        {"{\"capital\":{\"rent_limit_gbp\":1e10,\"icb_budget_factor\":1.1,"
         "\"time_limit_s\":60,\"s106_requested\":true}}",
         "{\"format\":\"pcplan-scenario/1\",\"capital\":"
         "{\"icb_budget_factor\":1.1,\"rent_limit_gbp\":10000000000,"
         "\"s106_requested\":true,\"time_limit_s\":60}}"},
        {"{\"capital\":{\"rent_limit_gbp\":-0,\"mip_gap\":-0.0}}",
         "{\"format\":\"pcplan-scenario/1\",\"capital\":"
         "{\"rent_limit_gbp\":0,\"mip_gap\":0}}"},
        {"{\"capital\":{\"solver\":\"glpk\",\"time_limit_s\":9}}",
         "{\"format\":\"pcplan-scenario/1\",\"capital\":"
         "{\"time_limit_s\":9,\"solver\":\"glpk\"}}"},
        {"{\"capital\":{\"solver\":\"cbc\"}}",
         "{\"format\":\"pcplan-scenario/1\",\"capital\":"
         "{\"solver\":\"cbc\"}}"},
        /* capital sits between schemes and monte_carlo */
        {"{\"monte_carlo\":{\"draws\":5},\"capital\":{\"carry_forward\":"
         "true},\"schemes\":{\"start\":{\"X\":2027}},\"years\":3}",
         "{\"format\":\"pcplan-scenario/1\",\"years\":3,\"schemes\":"
         "{\"start\":{\"X\":2027}},\"capital\":{\"carry_forward\":true},"
         "\"monte_carlo\":{\"draws\":5}}"},
        {NULL, NULL}};

    for (size_t i = 0; cases[i].in; i++) {
        plan_scenario *s = parse_ok(cases[i].in);
        char *c;

        if (!s)
            continue;
        c = canonical(s);
        CHECK_STR(c, cases[i].want);
        free(c);
        check_round_trip(s);
        plan_scenario_free(s);
    }
    {
        plan_scenario *s = parse_ok(cases[0].in);

        if (s) {
            CHECK(s->nstarts == 2 && s->schemes_include.n == 1);
            if (s->nstarts == 2) {
                CHECK_STR(s->start_ids[0], "P01");
                CHECK(s->start_years[0] == 2028);
                CHECK_STR(s->start_ids[1], "P10");
                CHECK(s->start_years[1] == 2026);
            }
            /* unset capital */
            CHECK(s->carry_forward == -1 && s->s106_requested == -1);
            CHECK(isnan(s->icb_budget_factor) && isnan(s->mip_gap));
        }
        plan_scenario_free(s);
        s = parse_ok(cases[5].in);
        if (s) {
            CHECK(s->rent_limit_gbp == 0 && !signbit(s->rent_limit_gbp));
            CHECK(s->mip_gap == 0 && !signbit(s->mip_gap));
            CHECK(s->carry_forward == -1 && isnan(s->time_limit_s));
        }
        plan_scenario_free(s);
    }
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"names", test_names},
        {"new_unset", test_new_unset},
        {"empty_object", test_empty_object},
        {"full", test_full},
        {"limits_accepted", test_limits_accepted},
        {"long_strings", test_long_strings},
        {"bad_json", test_bad_json},
        {"bad_keys", test_bad_keys},
        {"bad_values", test_bad_values},
        {"error_after_values", test_error_after_values},
        {"start_and_capital", test_start_and_capital},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
