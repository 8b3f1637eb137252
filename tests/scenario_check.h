/* scenario_check.h: what tests/test_scenario*.c share: parse a scenario
 * that must be good, load an example, compare two scenarios, the
 * canonical-text round trip, and a file with every key. */
#ifndef SCENARIO_CHECK_H
#define SCENARIO_CHECK_H

#include "check.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline plan_scenario *parse_ok(const char *json)
{
    pc_error err = {0};
    plan_scenario *s = NULL;
    pc_status rc = plan_scenario_parse(json, strlen(json), "t.json", &s, &err);

    if (rc != PC_OK)
        fprintf(stderr, "unexpected error: %s\n  for: %s\n", err.msg, json);
    CHECK(rc == PC_OK);
    CHECK(s != NULL);
    return s;
}

static inline plan_scenario *load_example(const char *file)
{
    char rel[256], path[1024];
    pc_error err = {0};
    plan_scenario *s = NULL;
    pc_status rc;

    snprintf(rel, sizeof rel, "datasets/coventry-warwickshire/scenarios/%s",
             file);
    rc = plan_scenario_load(check_src(rel, path, sizeof path), &s, &err);
    if (rc != PC_OK)
        fprintf(stderr, "%s: %s\n", file, err.msg);
    CHECK(rc == PC_OK);
    return s;
}

static inline int ids_equal(const plan_ids *a, const plan_ids *b)
{
    if (a->set != b->set || a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]))
            return 0;
    return 1;
}

static inline int str_equal(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Equal numbers, or both NAN (unset). */
static inline int num_equal(double a, double b)
{
    return isnan(a) ? isnan(b) : a == b;
}

static inline int capital_equal(const plan_scenario *a, const plan_scenario *b)
{
    return a->carry_forward == b->carry_forward &&
           num_equal(a->icb_budget_factor, b->icb_budget_factor) &&
           num_equal(a->rent_limit_gbp, b->rent_limit_gbp) &&
           a->s106_requested == b->s106_requested &&
           num_equal(a->time_limit_s, b->time_limit_s) &&
           num_equal(a->mip_gap, b->mip_gap);
}

static inline int scenario_equal(const plan_scenario *a, const plan_scenario *b)
{
    if (!str_equal(a->name, b->name) ||
        !str_equal(a->description, b->description) ||
        !str_equal(a->preset, b->preset) || a->demand != b->demand ||
        a->growth != b->growth || !str_equal(a->allocation, b->allocation) ||
        a->years != b->years || a->slippage_set != b->slippage_set ||
        a->slippage_years != b->slippage_years || a->draws != b->draws ||
        a->seed_set != b->seed_set || a->seed != b->seed ||
        a->noverrides != b->noverrides || a->nstarts != b->nstarts ||
        !capital_equal(a, b))
        return 0;
    if (isnan(a->delivery_factor) != isnan(b->delivery_factor) ||
        (!isnan(a->delivery_factor) &&
         a->delivery_factor != b->delivery_factor))
        return 0;
    for (size_t i = 0; i < a->noverrides; i++)
        if (strcmp(a->override_ids[i], b->override_ids[i]) ||
            a->override_values[i] != b->override_values[i])
            return 0;
    for (size_t i = 0; i < a->nstarts; i++)
        if (strcmp(a->start_ids[i], b->start_ids[i]) ||
            a->start_years[i] != b->start_years[i])
            return 0;
    return ids_equal(&a->sites_exclude, &b->sites_exclude) &&
           ids_equal(&a->sites_only, &b->sites_only) &&
           ids_equal(&a->planning_status, &b->planning_status) &&
           ids_equal(&a->schemes_include, &b->schemes_include) &&
           ids_equal(&a->schemes_exclude, &b->schemes_exclude);
}

/* The canonical text of s (malloc'd), or NULL. */
static inline char *canonical(const plan_scenario *s)
{
    pc_buf b = PC_BUF_INIT(PC_CAP_TEXT);
    pc_error err = {0};
    char *copy = NULL;

    if (plan_scenario_canonical(s, &b, &err) != PC_OK) {
        fprintf(stderr, "canonical: %s\n", err.msg);
        CHECK(0);
    } else {
        copy = malloc(b.len + 1);
        if (copy)
            memcpy(copy, pc_buf_str(&b), b.len + 1);
    }
    pc_buf_free(&b);
    return copy;
}

/* Canonical text, parse it, canonical again: the same bytes and an equal
 * scenario. */
static inline void check_round_trip(const plan_scenario *s)
{
    char *c1 = canonical(s), *c2 = NULL;
    plan_scenario *back = NULL;

    CHECK(c1 != NULL);
    if (!c1)
        return;
    back = parse_ok(c1);
    if (back) {
        CHECK(scenario_equal(s, back));
        c2 = canonical(back);
        CHECK(c2 && !strcmp(c1, c2));
        if (c2 && strcmp(c1, c2))
            fprintf(stderr, "  %s\n  %s\n", c1, c2);
    }
    free(c2);
    free(c1);
    plan_scenario_free(back);
}

static const char full_json[] =
    "\xEF\xBB\xBF{\n"
    "  \"format\": \"pcplan-scenario/1\",\n"
    "  \"name\": \"Full.test_1-a\",\n"
    "  \"description\": \"All keys \\\"quoted\\\" \\u00e9\\n\\ttab\",\n"
    "  \"preset\": \"cw-strategy\",\n"
    "  \"method\": \"space\",\n"
    "  \"growth\": \"trend\",\n"
    "  \"allocation\": \"catchment\",\n"
    "  \"years\": 1e1,\n"
    "  \"delivery\": {\"slippage_years\": -2, \"factor\": 0.7},\n"
    "  \"assumptions\": {\"persons_per_dwelling\": 2.3, \"f2f_share\": 0,\n"
    "                  \"a_1\": 1e-3, \"utilisation\": -0.0},\n"
    "  \"sites\": {\"planning_status\": [\"allocated\", \"outline\"],\n"
    "            \"exclude\": [\"S017\", \"S 2\"], \"only\": [\"S001\"]},\n"
    "  \"schemes\": {\"exclude\": [\"SCH01\"], \"start\": {\"SCH05\": 2029,\n"
    "              \"SCH04\": 2.027e3}, \"include\": [\"SCH04\", \"SCH05\"]},\n"
    "  \"monte_carlo\": {\"seed\": 9007199254740991, \"draws\": 100000},\n"
    "  \"capital\": {\"mip_gap\": 0.001, \"time_limit_s\": 30,\n"
    "              \"s106_requested\": false, \"rent_limit_gbp\": 250000.5,\n"
    "              \"icb_budget_factor\": 1.1, \"carry_forward\": true}\n"
    "}\n";

#endif
