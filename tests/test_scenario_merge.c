/* test_scenario_merge.c: scenarios beyond reading a file
 * (planner/plan_scenario.h): merging, the canonical text (deterministic,
 * and a parse of it gives the same scenario), loading, the bundled
 * dataset's example scenarios, and plan_scenario_set, which must accept
 * and refuse exactly what a file does for the same key. */
#include "check.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "scenario_check.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A scenario built in code with a value the file format cannot hold. */
static void test_canonical_bad_built(void)
{
    plan_scenario *s = plan_scenario_new();
    pc_buf b = PC_BUF_INIT(1u << 16);
    pc_error err = {0};
    char *ids[] = {"P01"};
    int years[] = {1989};

    if (!s)
        return;
    s->start_ids = ids;
    s->start_years = years;
    s->nstarts = 1;
    CHECK(plan_scenario_canonical(s, &b, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "scenario: schemes.start: scheme \"P01\" starts in "
                       "1989 (expected a year from 1990 to 2100)");
    years[0] = 2030;
    CHECK(plan_scenario_canonical(s, &b, &err) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "{\"format\":\"pcplan-scenario/1\","
                              "\"schemes\":{\"start\":{\"P01\":2030}}}");
    s->nstarts = 0;
    s->start_ids = NULL; /* static: not the scenario's to free */
    s->start_years = NULL;
    pc_buf_reset(&b);
    s->time_limit_s = INFINITY;
    CHECK(plan_scenario_canonical(s, &b, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "scenario: capital.time_limit_s is not finite");
    s->time_limit_s = NAN;
    s->carry_forward = 2;
    CHECK(plan_scenario_canonical(s, &b, &err) == PC_ERR_INTERNAL);
    CHECK_HAS(err.msg, "bad capital flag");
    s->carry_forward = 1;
    CHECK(plan_scenario_canonical(s, &b, &err) == PC_OK);
    CHECK_STR(pc_buf_str(&b), "{\"format\":\"pcplan-scenario/1\","
                              "\"capital\":{\"carry_forward\":true}}");
    pc_buf_free(&b);
    plan_scenario_free(s);
}

static void test_merge(void)
{
    pc_error err = {0};
    plan_scenario *s = parse_ok(
        "{\"name\":\"base\",\"preset\":\"cw-strategy\",\"method\":\"gp_fte\","
        "\"growth\":\"max\",\"allocation\":\"huff\",\"years\":10,"
        "\"delivery\":{\"factor\":0.8},"
        "\"assumptions\":{\"a\":1,\"b\":2},"
        "\"sites\":{\"exclude\":[\"S1\",\"S2\"]},"
        "\"monte_carlo\":{\"draws\":100}}");
    plan_scenario *o =
        parse_ok("{\"description\":\"over\",\"method\":\"ratio\",\"years\":5,"
                 "\"delivery\":{\"slippage_years\":0},"
                 "\"assumptions\":{\"c\":3,\"a\":10},"
                 "\"sites\":{\"exclude\":[],\"only\":[\"S9\"]},"
                 "\"schemes\":{\"include\":[\"X\"]},"
                 "\"monte_carlo\":{\"seed\":7}}");
    plan_scenario *empty = plan_scenario_new();
    char *before, *after;

    if (!s || !o || !empty)
        goto done;
    CHECK(plan_scenario_merge(s, o, &err) == PC_OK);
    CHECK_STR(s->name, "base");
    CHECK_STR(s->description, "over");
    CHECK_STR(s->preset, "cw-strategy");
    CHECK(s->demand == PLAN_DEMAND_RATIO);
    CHECK(s->growth == PLAN_GROWTH_MAX);
    CHECK_STR(s->allocation, "huff");
    CHECK(s->years == 5);
    CHECK(s->delivery_factor == 0.8);
    CHECK(s->slippage_set && s->slippage_years == 0);
    CHECK(s->noverrides == 3);
    if (s->noverrides == 3) {
        CHECK_STR(s->override_ids[0], "a");
        CHECK(s->override_values[0] == 10);
        CHECK_STR(s->override_ids[1], "b");
        CHECK(s->override_values[1] == 2);
        CHECK_STR(s->override_ids[2], "c");
        CHECK(s->override_values[2] == 3);
    }
    /* an empty list given in over replaces the list */
    CHECK(s->sites_exclude.set && s->sites_exclude.n == 0);
    CHECK(s->sites_only.set && s->sites_only.n == 1);
    CHECK(!s->planning_status.set);
    CHECK(s->schemes_include.set && s->schemes_include.n == 1);
    CHECK(!s->schemes_exclude.set);
    CHECK(s->draws == 100);
    CHECK(s->seed_set && s->seed == 7);
    /* the merged scenario is independent of over */
    plan_scenario_free(o);
    o = NULL;
    CHECK_STR(s->sites_only.v[0], "S9");
    CHECK_STR(s->override_ids[2], "c");
    check_round_trip(s);

    /* an unset over changes nothing; merging with itself neither */
    before = canonical(s);
    CHECK(plan_scenario_merge(s, empty, &err) == PC_OK);
    after = canonical(s);
    CHECK(before && after && !strcmp(before, after));
    free(after);
    CHECK(plan_scenario_merge(s, s, &err) == PC_OK);
    after = canonical(s);
    CHECK(before && after && !strcmp(before, after));
    free(after);
    free(before);

    /* merging into an unset scenario copies everything */
    CHECK(plan_scenario_merge(empty, s, &err) == PC_OK);
    CHECK(scenario_equal(empty, s));
done:
    plan_scenario_free(s);
    plan_scenario_free(o);
    plan_scenario_free(empty);
}

/* schemes.start merges by id (over's years replace, new ids appended);
 * each capital choice set in over wins, the others stay. */
static void test_merge_start_and_capital(void)
{
    pc_error err = {0};
    plan_scenario *s =
        parse_ok("{\"schemes\":{\"include\":[\"P01\"],\"start\":{\"P01\":2027,"
                 "\"P02\":2028}},\"capital\":{\"carry_forward\":false,"
                 "\"icb_budget_factor\":1.1,\"mip_gap\":0.01}}");
    plan_scenario *o =
        parse_ok("{\"schemes\":{\"include\":[\"P03\"],\"start\":{\"P03\":2026,"
                 "\"P02\":2030}},\"capital\":{\"carry_forward\":true,"
                 "\"rent_limit_gbp\":500000,\"time_limit_s\":30}}");
    plan_scenario *lists = parse_ok("{\"schemes\":{\"exclude\":[]}}");
    plan_scenario *empty = plan_scenario_new();
    char *before = NULL, *after = NULL;

    if (!s || !o || !lists || !empty)
        goto done;
    CHECK(plan_scenario_merge(s, o, &err) == PC_OK);
    CHECK(s->nstarts == 3);
    if (s->nstarts == 3) {
        CHECK_STR(s->start_ids[0], "P01");
        CHECK(s->start_years[0] == 2027);
        CHECK_STR(s->start_ids[1], "P02");
        CHECK(s->start_years[1] == 2030);
        CHECK_STR(s->start_ids[2], "P03");
        CHECK(s->start_years[2] == 2026);
    }
    CHECK(s->schemes_include.n == 1 && !strcmp(s->schemes_include.v[0], "P03"));
    CHECK(s->carry_forward == 1);
    CHECK(s->icb_budget_factor == 1.1);
    CHECK(s->rent_limit_gbp == 500000);
    CHECK(s->s106_requested == -1);
    CHECK(s->time_limit_s == 30);
    CHECK(s->mip_gap == 0.01);
    /* independent of over */
    plan_scenario_free(o);
    o = NULL;
    CHECK_STR(s->start_ids[2], "P03");
    after = canonical(s);
    CHECK_STR(after,
              "{\"format\":\"pcplan-scenario/1\",\"schemes\":{\"include\":"
              "[\"P03\"],\"start\":{\"P01\":2027,\"P02\":2030,\"P03\":2026}},"
              "\"capital\":{\"carry_forward\":true,\"icb_budget_factor\":1.1,"
              "\"rent_limit_gbp\":500000,\"time_limit_s\":30,"
              "\"mip_gap\":0.01}}");
    free(after);
    check_round_trip(s);

    /* false wins over true: set is not the same as true */
    o = parse_ok("{\"capital\":{\"carry_forward\":false,"
                 "\"s106_requested\":false}}");
    if (o) {
        CHECK(plan_scenario_merge(s, o, &err) == PC_OK);
        CHECK(s->carry_forward == 0 && s->s106_requested == 0);
    }

    /* other scheme lists leave the starts alone; unset over and self change
     * nothing */
    before = canonical(s);
    CHECK(plan_scenario_merge(s, lists, &err) == PC_OK);
    CHECK(s->nstarts == 3 && s->schemes_exclude.set);
    plan_scenario_free(lists);
    lists = NULL;
    free(before);
    before = canonical(s);
    CHECK(plan_scenario_merge(s, empty, &err) == PC_OK);
    after = canonical(s);
    CHECK(before && after && !strcmp(before, after));
    free(after);
    CHECK(plan_scenario_merge(s, s, &err) == PC_OK);
    after = canonical(s);
    CHECK(before && after && !strcmp(before, after));
    free(after);
    free(before);

    /* merging into an unset scenario copies everything */
    CHECK(plan_scenario_merge(empty, s, &err) == PC_OK);
    CHECK(scenario_equal(empty, s));
done:
    plan_scenario_free(s);
    plan_scenario_free(o);
    plan_scenario_free(lists);
    plan_scenario_free(empty);
}

static void test_canonical(void)
{
    pc_error err = {0};
    plan_scenario *s = parse_ok(full_json);
    plan_scenario *t = NULL;
    pc_buf a = PC_BUF_INIT(PC_CAP_TEXT), b = PC_BUF_INIT(PC_CAP_TEXT);
    pc_buf small = PC_BUF_INIT(40);

    if (!s)
        return;
    /* same scenario, same bytes, appended to what is there */
    CHECK(pc_buf_puts(&b, "prefix:") == PC_OK);
    CHECK(plan_scenario_canonical(s, &a, &err) == PC_OK);
    CHECK(plan_scenario_canonical(s, &b, &err) == PC_OK);
    CHECK(b.len == a.len + 7 && !strcmp(pc_buf_str(&b) + 7, pc_buf_str(&a)));
    CHECK(!strchr(pc_buf_str(&a), '\n'));

    /* the same choices written differently give the same text */
    t = parse_ok(
        "{\"monte_carlo\":{\"draws\":100000,\"seed\":9007199254740991},"
        "\"capital\":{\"carry_forward\":true,\"icb_budget_factor\":11e-1,"
        "\"rent_limit_gbp\":2500005e-1,\"s106_requested\":false,"
        "\"time_limit_s\":30.0,\"mip_gap\":1e-3},"
        "\"schemes\":{\"start\":{\"SCH05\":2029,\"SCH04\":2027},"
        "\"include\":[\"SCH04\",\"SCH05\"],\"exclude\":[\"SCH01\"]},"
        "\"sites\":{\"only\":[\"S001\"],\"exclude\":[\"S017\",\"S 2\"],"
        "\"planning_status\":[\"allocated\",\"outline\"]},"
        "\"assumptions\":{\"persons_per_dwelling\":2.30,\"f2f_share\":0.0,"
        "\"a_1\":0.001,\"utilisation\":0},"
        "\"delivery\":{\"factor\":7e-1,\"slippage_years\":-2.0},"
        "\"years\":10,\"allocation\":\"catchment\",\"growth\":\"trend\","
        "\"method\":\"space\",\"preset\":\"cw-strategy\","
        "\"description\":\"All keys \\\"quoted\\\" \xC3\xA9\\n\\u0009tab\","
        "\"name\":\"Full.test_1-a\"}");
    if (t) {
        char *c = canonical(t);

        CHECK(c && !strcmp(c, pc_buf_str(&a)));
        free(c);
    }

    /* over the buffer's cap: PC_ERR_NOMEM and the buffer as it was */
    CHECK(pc_buf_puts(&small, "keep") == PC_OK);
    CHECK(plan_scenario_canonical(s, &small, &err) == PC_ERR_NOMEM);
    CHECK_STR(pc_buf_str(&small), "keep");
    CHECK(small.len == 4);

    /* doubles round-trip exactly; control characters are escaped */
    plan_scenario_free(t);
    t = plan_scenario_new();
    if (t) {
        char *c;

        t->delivery_factor = 0.1 + 0.2;
        t->description = malloc(8);
        if (t->description)
            memcpy(t->description, "a\x01\x1f\x7f\\/", 7);
        c = canonical(t);
        CHECK_STR(c, "{\"format\":\"pcplan-scenario/1\","
                     "\"description\":\"a\\u0001\\u001f\x7f\\\\/\","
                     "\"delivery\":{\"factor\":0.30000000000000004}}");
        free(c);
        check_round_trip(t);
    }
    plan_scenario_free(t);
    pc_buf_free(&a);
    pc_buf_free(&b);
    pc_buf_free(&small);
    plan_scenario_free(s);
}

static void test_load(void)
{
    pc_error err = {0};
    plan_scenario sentinel, *s = &sentinel;
    const char *big = "test_scenario_big.json";
    const char *bom = "test_scenario_bom.json";
    FILE *f;

    CHECK(plan_scenario_load("/nonexistent/dir/none.json", &s, &err) ==
          PC_ERR_IO);
    CHECK(s == &sentinel);
    CHECK_HAS(err.msg, "/nonexistent/dir/none.json");
    CHECK_HAS(err.msg, "No such file or directory");

    /* a directory is not a scenario file: bad input, named */
    CHECK(plan_scenario_load(".", &s, &err) == PC_ERR_INPUT);
    CHECK(s == &sentinel);
    CHECK_HAS(err.msg, "scenario: . is not a regular file");

    /* over 1 MiB */
    f = fopen(big, "wb");
    CHECK(f != NULL);
    if (f) {
        fputc('{', f);
        for (int i = 0; i < PLAN_SCENARIO_MAX_BYTES; i++)
            fputc(' ', f);
        fputc('}', f);
        fclose(f);
        CHECK(plan_scenario_load(big, &s, &err) == PC_ERR_INPUT);
        CHECK(s == &sentinel);
        CHECK_HAS(err.msg, "scenario: test_scenario_big.json is larger "
                           "than 1048576 bytes");
        remove(big);
    }

    /* a byte order mark and CRLF are fine; errors name the path */
    f = fopen(bom, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs("\xEF\xBB\xBF{\r\n  \"years\": 12\r\n}\r\n", f);
        fclose(f);
        s = NULL;
        CHECK(plan_scenario_load(bom, &s, &err) == PC_OK);
        CHECK(s && s->years == 12);
        plan_scenario_free(s);
        f = fopen(bom, "wb");
        if (f) {
            fputs("{\r\n  \"years\": 0\r\n}\r\n", f);
            fclose(f);
        }
        s = &sentinel;
        CHECK(plan_scenario_load(bom, &s, &err) == PC_ERR_INPUT);
        CHECK(s == &sentinel);
        CHECK_STR(err.msg, "scenario test_scenario_bom.json: key \"years\": "
                           "expected an integer from 1 to 50, got 0");
        remove(bom);
    }
}

static void test_examples(void)
{
    plan_scenario *b = load_example("baseline.json");
    plan_scenario *slow = load_example("slow-delivery.json");
    plan_scenario *fast = load_example("fast-delivery.json");
    plan_scenario *act = load_example("activity.json");

    if (b) {
        CHECK_STR(b->name, "baseline");
        CHECK(b->description != NULL);
        CHECK_STR(b->preset, "cw-strategy");
        CHECK(b->demand == PLAN_DEMAND_GP_FTE);
        CHECK(b->growth == PLAN_GROWTH_MAX);
        CHECK_STR(b->allocation, "huff");
        CHECK(b->years == 10);
        CHECK(isnan(b->delivery_factor) && !b->slippage_set);
        CHECK(b->noverrides == 0 && b->draws == 0 && !b->seed_set);
        check_round_trip(b);
    }
    if (slow) {
        CHECK_STR(slow->name, "slow-delivery");
        CHECK(slow->description && strstr(slow->description, "70%"));
        CHECK_STR(slow->preset, "cw-strategy");
        CHECK(slow->demand == PLAN_DEMAND_GP_FTE);
        CHECK(slow->growth == PLAN_GROWTH_MAX);
        CHECK_STR(slow->allocation, "huff");
        CHECK(slow->years == 10);
        CHECK(slow->delivery_factor == 0.7);
        CHECK(slow->slippage_set && slow->slippage_years == 1);
        check_round_trip(slow);
    }
    if (fast) {
        CHECK_STR(fast->name, "fast-delivery");
        CHECK_STR(fast->preset, "cw-strategy");
        CHECK(fast->demand == PLAN_DEMAND_GP_FTE);
        CHECK(fast->growth == PLAN_GROWTH_MAX);
        CHECK_STR(fast->allocation, "huff");
        CHECK(fast->years == 10);
        CHECK(fast->delivery_factor == 1.25);
        CHECK(fast->slippage_set && fast->slippage_years == 0);
        check_round_trip(fast);
    }
    if (act) {
        CHECK_STR(act->name, "activity");
        CHECK_STR(act->preset, "activity");
        CHECK(act->demand == PLAN_DEMAND_ACTIVITY);
        CHECK(act->growth == PLAN_GROWTH_MAX);
        CHECK(act->years == 10);
        CHECK(!act->allocation);
        check_round_trip(act);
    }
    /* slow = baseline + its delivery */
    if (b && slow) {
        plan_scenario *d = plan_scenario_new();
        pc_error err = {0};

        if (d) {
            d->delivery_factor = 0.7;
            d->slippage_years = 1;
            d->slippage_set = 1;
            d->name = malloc(16);
            d->description = malloc(strlen(slow->description) + 1);
            if (d->name && d->description) {
                strcpy(d->name, "slow-delivery");
                strcpy(d->description, slow->description);
                CHECK(plan_scenario_merge(b, d, &err) == PC_OK);
                CHECK(scenario_equal(b, slow));
            }
        }
        plan_scenario_free(d);
    }
    plan_scenario_free(b);
    plan_scenario_free(slow);
    plan_scenario_free(fast);
    plan_scenario_free(act);
}

/* --- plan_scenario_set -------------------------------------------------- */

static plan_scenario *set_ok(plan_scenario *s, const char *key,
                             const char *text)
{
    pc_error err = {0};

    if (plan_scenario_set(s, key, text, &err) != PC_OK) {
        fprintf(stderr, "set %s \"%s\": %s\n", key, text, err.msg);
        CHECK(0);
    }
    return s;
}

static void test_set_good(void)
{
    plan_scenario *s = plan_scenario_new();

    CHECK(s != NULL);
    if (!s)
        return;
    set_ok(s, "name", "my-plan");
    set_ok(s, "description", "a test");
    set_ok(s, "preset", "cw-strategy");
    set_ok(s, "method", "space");
    set_ok(s, "growth", "trend");
    set_ok(s, "allocation", "nearest");
    set_ok(s, "years", "50");
    set_ok(s, "years", "1"); /* a second set replaces */
    set_ok(s, "delivery.factor", "0.5");
    set_ok(s, "delivery.slippage_years", "-10");
    set_ok(s, "capital.carry_forward", "true");
    set_ok(s, "capital.s106_requested", "false");
    set_ok(s, "capital.mip_gap", "0");
    set_ok(s, "monte_carlo.draws", "100000");
    set_ok(s, "monte_carlo.seed", "9007199254740991");
    CHECK_STR(s->name, "my-plan");
    CHECK_STR(s->description, "a test");
    CHECK_STR(s->preset, "cw-strategy");
    CHECK(s->demand == PLAN_DEMAND_SPACE);
    CHECK(s->growth == PLAN_GROWTH_TREND);
    CHECK_STR(s->allocation, "nearest");
    CHECK(s->years == 1);
    CHECK(s->delivery_factor == 0.5);
    CHECK(s->slippage_years == -10 && s->slippage_set);
    CHECK(s->carry_forward == 1 && s->s106_requested == 0);
    CHECK(s->mip_gap == 0);
    CHECK(s->draws == 100000);
    CHECK(s->seed == 9007199254740991ULL && s->seed_set);
    check_round_trip(s);
    plan_scenario_free(s);
}

static void test_set_bad(void)
{
    static const struct {
        const char *key, *text, *want;
    } bad[] = {
        {"years", "0",
         "key \"years\": expected an integer from 1 to 50, got 0"},
        {"years", "51", "expected an integer from 1 to 50, got 51"},
        {"years", "ten", "got the string \"ten\""},
        {"years", "", "got the string \"\""},
        {"years", "1.5", "got 1.5"},
        {"years", "0x10", "got the string \"0x10\""},
        {"monte_carlo.draws", "1.5",
         "key \"monte_carlo.draws\": expected an integer from 1 to 100000"},
        {"monte_carlo.seed", "-1", "from 0 to 9007199254740991, got -1"},
        {"monte_carlo.seed", "9007199254740992", "got 9007199254740992"},
        {"method", "rooms",
         "key \"method\": unknown method \"rooms\" (expected gp_fte, "
         "activity, ratio or space)"},
        {"growth", "fast", "key \"growth\": unknown growth method \"fast\""},
        {"allocation", "gravity",
         "key \"allocation\": unknown allocation method \"gravity\""},
        {"preset", "", "expected a preset name"},
        {"name", "a b", "key \"name\": expected a name"},
        {"capital.carry_forward", "yes", "expected true or false"},
        {"delivery.factor", "0", "greater than 0 and at most 5, got 0"},
        {"capital.mip_gap", "1", "less than 1, got 1"},
        {"nope", "1", "unknown scenario key \"nope\" (expected one of name,"},
        {"delivery", "1", "unknown scenario key \"delivery\""},
        {"assumptions.Bad-Id", "1", "expected an assumption id"},
        {"assumptions.", "1", "expected an assumption id"},
        {"assumptions.persons_per_dwelling", "many",
         "key \"assumptions.persons_per_dwelling\": expected a number"},
        {"assumptions.persons_per_dwelling", "-1", "got -1"},
        /* not UTF-8 (a value or a key): it would go into the canonical
         * JSON a run is stored and hashed with (found by fuzz_cli_args) */
        {"preset", "\x96w-strategy", "key \"preset\": not UTF-8 text"},
        {"description", "caf\xc3", "not UTF-8 text"},
        {"assumptions.persons_\xff", "1", "not UTF-8 text"},
    };
    plan_scenario *s = plan_scenario_new();
    char *before = NULL, *after = NULL;

    CHECK(s != NULL);
    if (!s)
        return;
    set_ok(s, "years", "7");
    set_ok(s, "name", "kept");
    before = canonical(s);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pc_error err = {0};

        CHECK(plan_scenario_set(s, bad[i].key, bad[i].text, &err) ==
              PC_ERR_INPUT);
        CHECK_HAS(err.msg, bad[i].want);
        CHECK(!strstr(err.msg, "--"));
    }
    after = canonical(s);
    CHECK(before && after && !strcmp(before, after)); /* s unchanged */
    free(before);
    free(after);
    plan_scenario_free(s);
}

/* "assumptions.<id>" sets an override as a file's assumptions object
 * does: a new id is appended, the same id replaced, others kept. */
static void test_set_assumption(void)
{
    plan_scenario *s = plan_scenario_new();
    pc_error err = {0};

    CHECK(s != NULL);
    if (!s)
        return;
    set_ok(s, "assumptions.persons_per_dwelling", "2.1");
    set_ok(s, "assumptions.huff_beta", "1.5");
    set_ok(s, "assumptions.persons_per_dwelling", "2.2");
    CHECK(s->noverrides == 2);
    if (s->noverrides == 2) {
        CHECK_STR(s->override_ids[0], "persons_per_dwelling");
        CHECK(s->override_values[0] == 2.2);
        CHECK_STR(s->override_ids[1], "huff_beta");
        CHECK(s->override_values[1] == 1.5);
    }
    /* a failed set leaves the overrides as they were */
    CHECK(plan_scenario_set(s, "assumptions.huff_beta", "x", &err) ==
          PC_ERR_INPUT);
    CHECK(s->noverrides == 2 && s->override_values[1] == 1.5);
    plan_scenario_free(s);
}

/* The JSON a file holds for text: the text itself when it is a JSON
 * number or true/false, else a string. */
static void file_text(const char *key, const char *text, char *out, size_t n)
{
    const char *dot = strchr(key, '.');
    char value[600];
    char *end = NULL;
    int num;

    (void)strtod(text, &end);
    num = *text && !*end && !strchr(text, 'x') && !strchr(text, 'X') &&
          !strchr(text, 'n') && !strchr(text, 'N') && text[0] != '+' &&
          text[0] != '.';
    if (num || !strcmp(text, "true") || !strcmp(text, "false"))
        snprintf(value, sizeof value, "%s", text);
    else
        snprintf(value, sizeof value, "\"%s\"", text);
    if (dot)
        snprintf(out, n, "{\"%.*s\": {\"%s\": %s}}", (int)(dot - key), key,
                 dot + 1, value);
    else
        snprintf(out, n, "{\"%s\": %s}", key, value);
}

/* For every key of the table, its range edges and a few bad texts: set
 * and a file accept the same, and refuse with the same message. */
static void test_set_agrees_with_file(void)
{
    size_t nkeys = plan_scenario_nkeys(), tried = 0;

    CHECK(nkeys >= 17);
    CHECK(plan_scenario_key_at(nkeys) == NULL);
    CHECK(plan_scenario_key_find("years") == plan_scenario_key_at(7));
    for (size_t i = 0; i < nkeys; i++) {
        const plan_scenario_key *k = plan_scenario_key_at(i);
        char texts[8][64], json[1024];
        size_t nt = 0;

        if (k->type == PLAN_KEY_INT || k->type == PLAN_KEY_SEED ||
            k->type == PLAN_KEY_NUMBER) {
            double step = k->type == PLAN_KEY_NUMBER ? 0.001 : 1;

            snprintf(texts[nt++], 64, "%.17g", k->min);
            snprintf(texts[nt++], 64, "%.17g", k->max);
            snprintf(texts[nt++], 64, "%.17g", k->min - step);
            snprintf(texts[nt++], 64, "%.17g", k->max + step);
            snprintf(texts[nt++], 64, "%.17g", k->min + step);
            snprintf(texts[nt++], 64, "1.5");
        } else if (k->type == PLAN_KEY_BOOL) {
            snprintf(texts[nt++], 64, "true");
            snprintf(texts[nt++], 64, "false");
            snprintf(texts[nt++], 64, "1");
        } else {
            snprintf(texts[nt++], 64, "huff");
            snprintf(texts[nt++], 64, "space");
            snprintf(texts[nt++], 64, "max");
            snprintf(texts[nt++], 64, "%s", "");
        }
        snprintf(texts[nt++], 64, "ten");
        for (size_t t = 0; t < nt; t++) {
            pc_error e1 = {0}, e2 = {0};
            plan_scenario *a = plan_scenario_new(), *b = NULL;
            pc_status r1, r2;

            file_text(k->key, texts[t], json, sizeof json);
            r1 = plan_scenario_set(a, k->key, texts[t], &e1);
            r2 = plan_scenario_parse(json, strlen(json), "f", &b, &e2);
            tried++;
            CHECK(r1 == r2);
            if (r1 != PC_OK && r1 == r2) {
                size_t l1 = strlen(e1.msg), l2 = strlen(e2.msg);

                /* the file's message is the same, with the source */
                CHECK(l2 >= l1 && !strcmp(e2.msg + l2 - l1, e1.msg));
            }
            if (r1 == PC_OK && r2 == PC_OK) {
                char *c1 = canonical(a), *c2 = canonical(b);

                CHECK(c1 && c2 && !strcmp(c1, c2));
                free(c1);
                free(c2);
            }
            if (r1 != r2 || (r1 != PC_OK && !strstr(e2.msg, e1.msg)))
                fprintf(stderr, "  key %s text \"%s\": set: %s / file: %s\n",
                        k->key, texts[t], e1.msg, e2.msg);
            plan_scenario_free(a);
            plan_scenario_free(b);
        }
    }
    CHECK(tried > 80);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"merge", test_merge},
        {"merge_start_and_capital", test_merge_start_and_capital},
        {"canonical", test_canonical},
        {"canonical_bad_built", test_canonical_bad_built},
        {"load", test_load},
        {"examples", test_examples},
        {"set_good", test_set_good},
        {"set_bad", test_set_bad},
        {"set_assumption", test_set_assumption},
        {"set_agrees_with_file", test_set_agrees_with_file},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
