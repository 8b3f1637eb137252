/* test_programmes.c: capital programmes stored like runs
 * (datasets/ds_store.h "stored programmes", planner/plan_programme_store.h):
 * put, get by id or prefix, list in order, storing again keeps the row and
 * takes a later label; the programme id is the same for the same inputs
 * and differs for another budget; the list as a table and as JSON; and the
 * comparison of two programmes from different budget factors, each figure
 * worked out here from the two programmes' own JSON. */
#include "check.h"
#include "ds_store.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_prio.h"
#include "plan_programme_store.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DB "test_programmes.db"

static const double one[] = {1};

/* One place short of 6 rooms every row, three one-year schemes (A: 3
 * rooms for £1m, B: 5 rooms for £2m, C: 2 rooms for £1m) and ICB money of
 * £1m x factor in each of 4 years, carried forward; the budget factor
 * scales the ICB money as plan_prio_build does. */
static plan_prio_instance *instance(double factor)
{
    static const char *const ids[] = {"A", "B", "C"};
    static const double rooms[] = {3, 5, 2}, cost[] = {1e6, 2e6, 1e6};
    plan_prio_instance *in = NULL;
    pc_error err = {0};

    CHECK(plan_prio_instance_new(2026, 4, 1, 3, 1, &in, &err) == PC_OK);
    if (!in)
        return NULL;
    in->places[0].name = "Town";
    in->places[0].weight = 1;
    for (int t = 0; t <= 4; t++)
        in->places[0].gap[t] = 6;
    for (size_t j = 0; j < 3; j++) {
        plan_prio_scheme *S = &in->schemes[j];

        S->id = S->name = ids[j];
        S->status = "candidate";
        S->rooms = rooms[j];
        S->cost_gbp = cost[j];
        S->duration = 1;
        S->profile = one;
        S->funding = PLAN_FUND_ICB;
        S->deps = pc_arena_calloc(in->arena, 1, sizeof(size_t));
    }
    in->funds[0].id = "ICB";
    in->funds[0].kind = PLAN_FUND_ICB;
    in->funds[0].carry = 1;
    in->funds[0].last = 99;
    for (int t = 0; t < 4; t++)
        in->funds[0].amount[t] = 1e6 * factor;
    in->funds[0].eligible = pc_arena_calloc(in->arena, 3, sizeof(size_t));
    for (size_t j = 0; j < 3; j++)
        in->funds[0].eligible[in->funds[0].neligible++] = j;
    in->icb_budget_factor = factor;
    snprintf(in->run_id, sizeof in->run_id, "%s", "0123456789ab");
    return in;
}

static ds_store *fresh_store(void)
{
    ds_store *st = NULL;
    pc_error err = {0};

    remove(DB);
    CHECK(ds_store_open(DB, DS_OPEN_CREATE, &st, &err) == PC_OK);
    return st;
}

/* The programme of instance(factor), labelled when label is not NULL. */
static plan_programme *programme(plan_prio_instance *in, const char *label)
{
    plan_programme *pg = NULL;
    pc_error err = {0};

    if (!in)
        return NULL;
    CHECK(plan_programme_new(in, &pg, &err) == PC_OK);
    if (pg && label)
        CHECK(plan_programme_label(pg, label, &err) == PC_OK);
    return pg;
}

static void test_id_same_inputs(void)
{
    plan_prio_instance *a = instance(1), *b = instance(1), *c = instance(3);
    plan_programme *pa = programme(a, NULL), *pb = programme(b, "named"),
                   *pc = programme(c, NULL);

    if (pa && pb && pc) {
        CHECK(strlen(pa->programme_id) == 12);
        CHECK(strlen(pa->input_hash) == 16);
        CHECK(!strncmp(pa->programme_id, pa->input_hash, 12));
        CHECK_STR(pa->programme_id, pb->programme_id); /* a label is a name */
        CHECK(strcmp(pa->programme_id, pc->programme_id) != 0);
    }
    plan_programme_free(pa);
    plan_programme_free(pb);
    plan_programme_free(pc);
    plan_prio_instance_free(a);
    plan_prio_instance_free(b);
    plan_prio_instance_free(c);
}

static void test_put_get_list(void)
{
    ds_store *st = fresh_store();
    plan_prio_instance *a = instance(1), *c = instance(3);
    plan_programme *pa = programme(a, NULL), *pc = programme(c, "more");
    ds_programme_list *l = NULL;
    char *id = NULL, *json = NULL, prefix[8];
    pc_error err = {0};
    cJSON *doc;

    if (!st || !pa || !pc)
        goto done;
    CHECK(plan_programme_save(st, pa, &err) == PC_OK);
    CHECK(plan_programme_save(st, pc, &err) == PC_OK);
    /* again, now with a label: the same row, named */
    CHECK(plan_programme_label(pa, "base", &err) == PC_OK);
    CHECK(plan_programme_save(st, pa, &err) == PC_OK);
    /* and again without one: the label stays */
    free(pa->label);
    pa->label = NULL;
    CHECK(plan_programme_save(st, pa, &err) == PC_OK);
    CHECK(ds_store_programmes(st, &l, &err) == PC_OK);
    if (l && l->n == 2) {
        CHECK_STR(l->v[0].programme_id, pa->programme_id);
        CHECK_STR(l->v[0].label, "base");
        CHECK_STR(l->v[0].run_id, "0123456789ab");
        CHECK_STR(l->v[0].solver, "glpk");
        CHECK_STR(l->v[0].status, "optimal");
        CHECK_NEAR(l->v[0].budget_factor, 1, 0);
        CHECK(l->v[0].created != NULL);
        CHECK_STR(l->v[1].programme_id, pc->programme_id);
        CHECK_STR(l->v[1].label, "more");
        CHECK_NEAR(l->v[1].budget_factor, 3, 0);
    } else {
        CHECK(!"two programmes listed");
    }
    snprintf(prefix, sizeof prefix, "%.6s", pc->programme_id);
    CHECK(ds_store_programme_get(st, prefix, &id, &json, &err) == PC_OK);
    if (id && json) {
        CHECK_STR(id, pc->programme_id);
        doc = cJSON_Parse(json);
        CHECK(doc != NULL);
        /* stored without its label: a name, not a result */
        CHECK(!cJSON_GetObjectItemCaseSensitive(doc, "label"));
        CHECK_STR(cJSON_GetStringValue(
                      cJSON_GetObjectItemCaseSensitive(doc, "programme_id")),
                  pc->programme_id);
        cJSON_Delete(doc);
    }
    free(id);
    free(json);
    id = json = NULL;
    CHECK(ds_store_programme_get(st, "ffffffff", &id, &json, &err) ==
          PC_ERR_NOTFOUND);
    CHECK(id == NULL && json == NULL);
    CHECK(ds_store_programme_get(st, "xyz", &id, &json, &err) == PC_ERR_INPUT);
done:
    ds_programme_list_free(l);
    plan_programme_free(pa);
    plan_programme_free(pc);
    plan_prio_instance_free(a);
    plan_prio_instance_free(c);
    ds_store_close(st);
    remove(DB);
}

static void test_list_views(void)
{
    ds_store *st = fresh_store();
    plan_prio_instance *a = instance(1);
    plan_programme *pa = programme(a, "a rather long label for a programme");
    ds_programme_list *l = NULL;
    pc_buf out = PC_BUF_INIT(1 << 20);
    pc_error err = {0};
    cJSON *doc = NULL, *it;

    if (!st || !pa)
        goto done;
    CHECK(plan_programmes_list(&(ds_programme_list){NULL, 0, NULL}, 0, &out,
                               &err) == PC_OK);
    CHECK_STR(pc_buf_str(&out), "No stored programmes\n");
    out.len = 0;
    CHECK(plan_programme_save(st, pa, &err) == PC_OK);
    CHECK(ds_store_programmes(st, &l, &err) == PC_OK);
    if (!l)
        goto done;
    CHECK(plan_programmes_list(l, 0, &out, &err) == PC_OK);
    {
        const char *s = pc_buf_str(&out), *nl;

        CHECK_HAS(s, pa->programme_id);
        CHECK_HAS(s, "optimum");
        CHECK_HAS(s, "a rather long…");
        /* every line fits 100 columns: characters, not bytes */
        for (; (nl = strchr(s, '\n')); s = nl + 1) {
            int chars = 0;

            for (const char *p = s; p < nl; p++)
                chars += ((unsigned char)*p & 0xc0) != 0x80;
            CHECK(chars <= 100);
        }
    }
    out.len = 0;
    CHECK(plan_programmes_list(l, 1, &out, &err) == PC_OK);
    doc = cJSON_Parse(pc_buf_str(&out));
    it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "programmes"),
                            0);
    CHECK(it != NULL);
    CHECK_STR(cJSON_GetStringValue(
                  cJSON_GetObjectItemCaseSensitive(it, "programme_id")),
              pa->programme_id);
    CHECK_STR(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "label")),
        "a rather long label for a programme");
    CHECK_STR(cJSON_GetStringValue(
                  cJSON_GetObjectItemCaseSensitive(it, "status_words")),
              "optimum");
done:
    cJSON_Delete(doc);
    pc_buf_free(&out);
    ds_programme_list_free(l);
    plan_programme_free(pa);
    plan_prio_instance_free(a);
    ds_store_close(st);
    remove(DB);
}

static cJSON *jget(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* The start year of scheme id in a programme document's optimum; 0: not
 * chosen. */
static int start_of(const cJSON *doc, const char *id)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, jget(jget(doc, "optimal"), "schemes"))
    {
        if (!strcmp(cJSON_GetStringValue(jget(x, "scheme_id")), id))
            return (int)cJSON_GetNumberValue(jget(x, "start_year"));
    }
    return 0;
}

/* The room-years of gap closed: sum over places and years of the rooms
 * short before less the rooms short after. */
static double closed_of(const cJSON *doc)
{
    const cJSON *p, *y, *r;
    double sum = 0;

    cJSON_ArrayForEach(p, jget(doc, "places"))
    {
        const cJSON *left = NULL;

        cJSON_ArrayForEach(r, jget(jget(doc, "optimal"), "remaining_gap"))
        {
            if (!strcmp(cJSON_GetStringValue(jget(r, "place")),
                        cJSON_GetStringValue(jget(p, "place"))))
                left = jget(r, "by_year");
        }
        cJSON_ArrayForEach(y, jget(p, "gap_by_year"))
        {
            double after = cJSON_GetNumberValue(jget(left, y->string));

            sum += fmax(y->valuedouble, 0) - fmax(after, 0);
        }
    }
    return sum;
}

static double spend_of(const cJSON *doc, const char *kind)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, jget(jget(doc, "optimal"), "spend_by_kind"))
    {
        if (!strcmp(cJSON_GetStringValue(jget(x, "kind")), kind))
            return cJSON_GetNumberValue(jget(x, "total_gbp"));
    }
    return 0;
}

/* Whether arr has an item whose scheme_id is id. */
static int listed(const cJSON *arr, const char *id)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, arr)
    {
        if (!strcmp(cJSON_GetStringValue(jget(x, "scheme_id")), id))
            return 1;
    }
    return 0;
}

static void test_compare_budgets(void)
{
    static const char *const ids[] = {"A", "B", "C"};
    plan_prio_instance *a = instance(1), *b = instance(3);
    plan_programme *pa = programme(a, NULL), *pb = programme(b, NULL);
    pc_buf ja = PC_BUF_INIT(1 << 22), jb = PC_BUF_INIT(1 << 22),
           out = PC_BUF_INIT(1 << 22);
    pc_error err = {0};
    cJSON *da = NULL, *db = NULL, *c = NULL, *x;
    int added = 0, dropped = 0, moved = 0;

    if (!pa || !pb)
        goto done;
    CHECK(plan_programme_json(pa, &ja, &err) == PC_OK);
    CHECK(plan_programme_json(pb, &jb, &err) == PC_OK);
    da = cJSON_Parse(pc_buf_str(&ja));
    db = cJSON_Parse(pc_buf_str(&jb));
    CHECK(plan_programme_compare(pa->programme_id, pc_buf_str(&ja),
                                 pb->programme_id, pc_buf_str(&jb), 1, &out,
                                 &err) == PC_OK);
    c = cJSON_Parse(pc_buf_str(&out));
    if (!da || !db || !c) {
        CHECK(!"documents parse");
        goto done;
    }
    CHECK_STR(cJSON_GetStringValue(jget(c, "a")), pa->programme_id);
    CHECK_STR(cJSON_GetStringValue(jget(c, "b")), pb->programme_id);
    /* more money buys more: the budgets differ in what they choose */
    CHECK(closed_of(db) > closed_of(da));
    for (size_t j = 0; j < 3; j++) {
        int sa = start_of(da, ids[j]), sb = start_of(db, ids[j]);

        CHECK(listed(jget(c, "added"), ids[j]) == (!sa && sb));
        CHECK(listed(jget(c, "dropped"), ids[j]) == (sa && !sb));
        CHECK(listed(jget(c, "moved"), ids[j]) == (sa && sb && sa != sb));
        added += !sa && sb;
        dropped += sa && !sb;
        moved += sa && sb && sa != sb;
    }
    CHECK(added + dropped + moved > 0);
    CHECK(cJSON_GetArraySize(jget(c, "added")) == added);
    CHECK(cJSON_GetArraySize(jget(c, "dropped")) == dropped);
    CHECK(cJSON_GetArraySize(jget(c, "moved")) == moved);
    cJSON_ArrayForEach(x, jget(c, "moved"))
    {
        const char *id = cJSON_GetStringValue(jget(x, "scheme_id"));

        CHECK(cJSON_GetNumberValue(jget(x, "from")) == start_of(da, id));
        CHECK(cJSON_GetNumberValue(jget(x, "to")) == start_of(db, id));
    }
    x = jget(c, "total_cost");
    CHECK_NEAR(cJSON_GetNumberValue(jget(x, "a")),
               cJSON_GetNumberValue(
                   jget(jget(jget(da, "optimal"), "parts"), "cost_gbp")),
               0.01);
    CHECK_NEAR(cJSON_GetNumberValue(jget(x, "diff")),
               cJSON_GetNumberValue(
                   jget(jget(jget(db, "optimal"), "parts"), "cost_gbp")) -
                   cJSON_GetNumberValue(
                       jget(jget(jget(da, "optimal"), "parts"), "cost_gbp")),
               0.01);
    x = jget(c, "gap_closed");
    CHECK_NEAR(cJSON_GetNumberValue(jget(x, "a")), closed_of(da), 1e-3);
    CHECK_NEAR(cJSON_GetNumberValue(jget(x, "b")), closed_of(db), 1e-3);
    cJSON_ArrayForEach(x, jget(c, "funding"))
    {
        const char *kind = cJSON_GetStringValue(jget(x, "kind"));

        CHECK_NEAR(cJSON_GetNumberValue(jget(x, "a")), spend_of(da, kind),
                   0.01);
        CHECK_NEAR(cJSON_GetNumberValue(jget(x, "b")), spend_of(db, kind),
                   0.01);
    }
    x = cJSON_GetArrayItem(jget(c, "programmes"), 1);
    CHECK_NEAR(cJSON_GetNumberValue(jget(x, "budget_factor")), 3, 0);
    CHECK_STR(cJSON_GetStringValue(jget(x, "status")), "optimal");
    /* the table names both and every scheme added */
    out.len = 0;
    CHECK(plan_programme_compare("aaaa", pc_buf_str(&ja), "bbbb",
                                 pc_buf_str(&jb), 0, &out, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&out), "Programme A aaaa, B bbbb");
    CHECK_HAS(pc_buf_str(&out), "gap closed (room-years)");
    /* a run is not a programme */
    CHECK(plan_programme_compare("aaaa", "{\"format\":\"pcplan-run/1\"}",
                                 "bbbb", pc_buf_str(&jb), 1, &out,
                                 &err) == PC_ERR_INPUT);
done:
    cJSON_Delete(c);
    cJSON_Delete(da);
    cJSON_Delete(db);
    pc_buf_free(&ja);
    pc_buf_free(&jb);
    pc_buf_free(&out);
    plan_programme_free(pa);
    plan_programme_free(pb);
    plan_prio_instance_free(a);
    plan_prio_instance_free(b);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"id_same_inputs", test_id_same_inputs},
        {"put_get_list", test_put_get_list},
        {"list_views", test_list_views},
        {"compare_budgets", test_compare_budgets},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
