/* test_contrib_import.c: `pcplan contributions import`
 * (plan_contrib_import.h, ds_contrib_import.h) on files written to the
 * developer-contributions specification (tests/data/contributions/, see
 * its README: not real extracts), into a real store made from the
 * fixture (Rugby: LAD E07000220), and the ledger that follows.
 *
 * What the files hold, worked by hand from them:
 *   local-authority:RUG (E07000220, the fixture's LAD) has health
 *   contributions HC-1 (agreement DA-001, section-106, 250,000; received
 *   125,000 on 2021-04-01, allocated 100,000), HC-2 (DA-002,
 *   deed-of-variation, 120,000.50; received and spent 120,000.50) and
 *   HC-3 (DA-003, community-infrastructure-levy, no amount; received
 *   50,000 undated and 25,000 on 2023-05-01), and, not for health, ED-1
 *   (education) and HW-1 (highways, agreement DA-004 of type section-278);
 *   local-authority:WAR (E07000222) reuses the references DA-001, HC-1,
 *   TR-1 and TR-2: HC-1 400,000, received 200,000, spent 50,000;
 *   local-authority:WAW (E10000031, a county: no LAD) has ED-9. */
#include "check.h"
#include "ds_contrib_import.h"
#include "ds_store.h"
#include "fixture_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_contrib.h"
#include "plan_contrib_import.h"
#include "store_sql.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DB "test_contrib_import.db"

static char data_dir[4096];

static const char *src_path(const char *rel)
{
    static char buf[4][4096];
    static int k;
    const char *src = getenv("PC_SOURCE_DIR");

    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", src ? src : ".", rel);
    return buf[k];
}

/* A store made from the fixture at DB; 0 when it cannot be made. */
static int make_store(void)
{
    int ok = fixture_store(DB, "tests/data/fixture", 0, NULL);

    CHECK(ok);
    snprintf(data_dir, sizeof data_dir, "%s",
             src_path("tests/data/contributions"));
    return ok;
}

/* The whole store file; *n its size. NULL when it cannot be read. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long len;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len)) &&
        fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        *n = (size_t)len;
    fclose(f);
    return buf;
}

static const ds_contrib_import *find(const ds_contrib_import_set *s,
                                     const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].c.id, id))
            return &s->v[i];
    return NULL;
}

/* Default scope: the councils of the store's LAD; health only; every
 * figure from its own organisation's rows. */
static void filter_and_map(void)
{
    pc_error err = {0};
    plan_contrib_import_result *r = NULL;
    const ds_contrib_import *x;

    if (!make_store())
        goto done;
    CHECK(plan_contrib_import(DB, data_dir, NULL, 0, &r, &err) == PC_OK);
    if (!r)
        goto done;
    CHECK(r->set->ncouncils == 1 && r->set->n == 3);
    CHECK_STR(r->set->councils[0].organisation, "local-authority:RUG");
    CHECK_STR(r->set->councils[0].lad_code, "E07000220");
    CHECK(r->set->other_purpose == 2 && r->set->other_councils == 2);
    CHECK(r->set->agreements == 6 && r->set->contributions == 7 &&
          r->set->transactions == 9 && r->set->payments == 6);
    CHECK(r->counts.added == 3 && r->counts.changed == 0 &&
          r->counts.unchanged == 0 && r->counts.removed == 0);
    /* HC-1: Rugby's own transactions, not Warwick's HC-1 */
    x = find(r->set, "RUG/HC-1");
    CHECK(x != NULL);
    if (x) {
        CHECK_STR(x->c.kind, "s106");
        CHECK_STR(x->c.status, "received");
        CHECK_NEAR(x->c.amount_gbp, 250000, 1e-9);
        CHECK_NEAR(x->c.received_gbp, 125000, 1e-9);
        CHECK_NEAR(x->allocated_gbp, 100000, 1e-9);
        CHECK(isnan(x->c.spent_gbp));
        CHECK_STR(x->c.received_date, "2021-04-01");
        CHECK_STR(x->agreement_date, "2019-06-01");
        CHECK_STR(x->to_complete,
                  "site_id;triggers;spend_by_years;base_date;purpose");
        CHECK(!x->c.site_id && !x->c.triggers && !x->c.base_date &&
              !x->c.purpose && x->c.spend_by_years == -1);
    }
    x = find(r->set, "RUG/HC-2");
    CHECK(x && !strcmp(x->c.status, "spent") && !strcmp(x->c.kind, "s106"));
    if (x)
        CHECK_NEAR(x->c.spent_gbp, 120000.5, 1e-9);
    /* no amount: to complete, not 0; undated money: the dated one's date */
    x = find(r->set, "RUG/HC-3");
    CHECK(x && !strcmp(x->c.kind, "cil") && !strcmp(x->c.status, "received"));
    if (x) {
        CHECK_HAS(x->to_complete, "amount_gbp");
        CHECK_NEAR(x->c.received_gbp, 75000, 1e-9);
        CHECK_STR(x->c.received_date, "2023-05-01");
    }
    CHECK(store_sql(DB, "SELECT count(*) FROM contribution_imports") == 3);
    CHECK(store_sql(DB, "SELECT count(*) FROM contribution_imports WHERE "
                        "contribution_purpose <> 'health'") == 0);
done:
    plan_contrib_import_free(r);
    unlink(DB);
}

/* Councils named: an organisation and a LAD code. Warwick's HC-1 shares
 * its reference with Rugby's: joined by organisation, both kept apart. */
static void councils_named(void)
{
    static const char *const lpas[] = {"local-authority:WAR", "E07000220"};
    pc_error err = {0};
    plan_contrib_import_result *r = NULL;
    const ds_contrib_import *x;

    if (!make_store())
        goto done;
    CHECK(plan_contrib_import(DB, data_dir, lpas, 2, &r, &err) == PC_OK);
    if (!r)
        goto done;
    CHECK(r->set->ncouncils == 2 && r->set->n == 4);
    x = find(r->set, "WAR/HC-1");
    CHECK(x != NULL);
    if (x) {
        CHECK_NEAR(x->c.amount_gbp, 400000, 1e-9);
        CHECK_NEAR(x->c.received_gbp, 200000, 1e-9);
        CHECK_NEAR(x->c.spent_gbp, 50000, 1e-9);
        CHECK_STR(x->c.status, "received");
        CHECK_STR(x->lad_code, "E07000222");
    }
    CHECK(store_sql(DB, "SELECT received_gbp FROM contribution_imports WHERE "
                        "organisation = 'local-authority:WAR' AND reference "
                        "= 'HC-1'") == 200000);
    CHECK(store_sql(DB, "SELECT received_gbp FROM contribution_imports WHERE "
                        "organisation = 'local-authority:RUG' AND reference "
                        "= 'HC-1'") == 125000);
    plan_contrib_import_free(r);
    r = NULL;
    /* a LAD code no organisation has */
    {
        static const char *const bad[] = {"E07000999"};

        CHECK(plan_contrib_import(DB, data_dir, bad, 1, &r, &err) ==
              PC_ERR_INPUT);
        CHECK_HAS(err.msg, "council \"E07000999\": no organisation");
    }
done:
    plan_contrib_import_free(r);
    unlink(DB);
}

/* The ledger after an import: the imported items incomplete, their risk
 * not known (null), never 0; the dataset's items as they were. */
static void ledger_incomplete(void)
{
    pc_error err = {0};
    plan_contrib_import_result *r = NULL;
    ds_store *st = NULL;
    ds_dataset *before = NULL, *after = NULL;
    plan_contrib_ledger *l0 = NULL, *l1 = NULL;
    pc_buf out = PC_BUF_INIT(1 << 22);
    cJSON *j = NULL, *c;
    size_t n = 0;

    if (!make_store() || ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) ||
        ds_store_load(st, 0, &before, NULL, &err) ||
        plan_contrib_build(before, NULL, NULL, &l0, &err)) {
        CHECK(0);
        goto done;
    }
    ds_store_close(st);
    st = NULL;
    CHECK(plan_contrib_import(DB, data_dir, NULL, 0, &r, &err) == PC_OK);
    if (ds_store_open(DB, DS_OPEN_EXISTING, &st, &err) ||
        ds_store_load(st, 0, &after, NULL, &err) ||
        plan_contrib_build(after, NULL, NULL, &l1, &err)) {
        CHECK(0);
        goto done;
    }
    CHECK(after->nimported == 3);
    CHECK(l1->nitems == l0->nitems + 3);
    CHECK(l1->all.incomplete == 3 && l0->all.incomplete == 0);
    CHECK_NEAR(l1->all.risk_unknown_gbp, 125000 + 75000, 1e-6);
    CHECK_NEAR(l1->all.at_risk_gbp, l0->all.at_risk_gbp, 1e-6);
    CHECK(l1->nplaces == 1 && !strcmp(l1->places[0].name, "Rugby"));
    for (size_t i = 0; i < l1->nitems; i++) {
        const plan_contrib_item *it = &l1->items[i];

        if (!it->imported)
            continue;
        n++;
        CHECK(it->to_complete != NULL && !it->site_id);
        CHECK(it->risk_known == !(it->unspent_gbp > 0.005));
        CHECK_STR(it->place, "Rugby");
    }
    CHECK(n == 3);
    CHECK(plan_contrib_json(l1, &out, &err) == PC_OK);
    j = cJSON_Parse(pc_buf_str(&out));
    CHECK(j != NULL);
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(j, "contributions"))
    {
        const char *id =
            cJSON_GetStringValue(cJSON_GetObjectItem(c, "contribution_id"));

        if (!strcmp(id, "RUG/HC-1") || !strcmp(id, "RUG/HC-3"))
            CHECK(cJSON_IsNull(cJSON_GetObjectItem(c, "at_risk_gbp")));
        if (!strcmp(id, "RUG/HC-3"))
            CHECK(cJSON_IsNull(cJSON_GetObjectItem(c, "amount_gbp")));
        if (!strcmp(id, "RUG/HC-2"))
            CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(c, "at_risk_gbp")) ==
                  0);
        CHECK(cJSON_IsFalse(cJSON_GetObjectItem(c, "complete")) ==
              (strchr(id, '/') != NULL));
    }
    pc_buf_free(&out);
    out = (pc_buf)PC_BUF_INIT(1 << 22);
    CHECK(plan_contrib_table(l1, &out, &err) == PC_OK);
    CHECK_HAS(pc_buf_str(&out),
              "incomplete\n    notes: imported, to complete\n");
    CHECK_HAS(pc_buf_str(&out), "Incomplete (imported, to complete): 3 items");
    CHECK_HAS(pc_buf_str(&out), "RUG/HC-1: imported (local-authority:RUG, "
                                "contribution HC-1), to complete:");
    /* a dataset row of the same id completes the import: one item */
    plan_contrib_free(l1);
    l1 = NULL;
    after->contributions[0].id = "RUG/HC-1";
    CHECK(plan_contrib_build(after, NULL, NULL, &l1, &err) == PC_OK);
    if (l1) {
        CHECK(l1->nitems == l0->nitems + 2 && l1->all.incomplete == 2);
        for (size_t i = 0; i < l1->nitems; i++)
            if (!strcmp(l1->items[i].id, "RUG/HC-1"))
                CHECK(!l1->items[i].imported && !l1->items[i].to_complete);
    }
done:
    cJSON_Delete(j);
    pc_buf_free(&out);
    plan_contrib_free(l0);
    plan_contrib_free(l1);
    ds_dataset_free(before);
    ds_dataset_free(after);
    ds_store_close(st);
    plan_contrib_import_free(r);
    unlink(DB);
}

/* Importing the same files twice leaves the store file byte for byte as
 * it was; a contribution gone from the files is removed. */
static void import_twice(void)
{
    pc_error err = {0};
    plan_contrib_import_result *r = NULL;
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    if (!make_store())
        goto done;
    CHECK(plan_contrib_import(DB, data_dir, NULL, 0, &r, &err) == PC_OK);
    plan_contrib_import_free(r);
    r = NULL;
    a = slurp(DB, &na);
    CHECK(plan_contrib_import(DB, data_dir, NULL, 0, &r, &err) == PC_OK);
    CHECK(r && r->counts.unchanged == 3 && r->counts.added == 0 &&
          r->counts.changed == 0 && r->counts.removed == 0);
    b = slurp(DB, &nb);
    CHECK(a && b && na == nb && !memcmp(a, b, na));
    plan_contrib_import_free(r);
    r = NULL;
    /* Warwick's HC-1 added with --lpa, then the default: Rugby's only
     * are replaced, Warwick's stay */
    {
        static const char *const war[] = {"local-authority:WAR"};

        CHECK(plan_contrib_import(DB, data_dir, war, 1, &r, &err) == PC_OK);
        CHECK(r && r->counts.added == 1);
        plan_contrib_import_free(r);
        r = NULL;
        CHECK(plan_contrib_import(DB, data_dir, NULL, 0, &r, &err) == PC_OK);
        CHECK(r && r->counts.unchanged == 3 && r->counts.removed == 0);
        CHECK(store_sql(DB, "SELECT count(*) FROM contribution_imports") == 4);
    }
done:
    free(a);
    free(b);
    plan_contrib_import_free(r);
    unlink(DB);
}

/* Bad files: PC_ERR_INPUT naming file, row and field, and the store
 * unchanged, byte for byte. */
static void bad_files(void)
{
    static const struct {
        const char *dir, *msg[2];
    } bad[] = {
        {"tests/data/contributions/bad_amount",
         {"bad_amount/developer-agreement-contribution.csv: row 4",
          "field \"amount\": \"\xc2\xa3"
          "120,000.50\" is not a number"}},
        {"tests/data/contributions/missing_column",
         {"missing_column/developer-agreement-transaction.csv: header",
          "missing required column \"contribution-funding-status\""}},
        {"tests/data/no_such_folder", {"no_such_folder", ""}},
    };
    pc_error err = {0};
    plan_contrib_import_result *r = NULL;
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    if (!make_store())
        goto done;
    CHECK(plan_contrib_import(DB, data_dir, NULL, 0, &r, &err) == PC_OK);
    a = slurp(DB, &na);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        plan_contrib_import_result *r2 = NULL;
        pc_status rc =
            plan_contrib_import(DB, src_path(bad[i].dir), NULL, 0, &r2, &err);

        CHECK(rc == PC_ERR_INPUT);
        CHECK(r2 == NULL);
        CHECK_HAS(err.msg, bad[i].msg[0]);
        CHECK_HAS(err.msg, bad[i].msg[1]);
        b = slurp(DB, &nb);
        CHECK(a && b && na == nb && !memcmp(a, b, na));
        free(b);
        b = NULL;
    }
    /* no store, or no dataset in it */
    CHECK(plan_contrib_import("test_contrib_import_none.db", data_dir, NULL, 0,
                              &r, &err) == PC_ERR_NOTFOUND);
done:
    free(a);
    plan_contrib_import_free(r);
    unlink(DB);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"filter_and_map", filter_and_map},
                                       {"councils_named", councils_named},
                                       {"ledger_incomplete", ledger_incomplete},
                                       {"import_twice", import_twice},
                                       {"bad_files", bad_files},
                                       {NULL, NULL}};

    return check_run(cases, argc, argv);
}
