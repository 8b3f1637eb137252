/* test_prio_status.c: what the prioritisation says about its answer
 * (planner/plan_prio.h): why each repaid S106 pot is repaid and at what
 * objective cost, in the library and in the programme's JSON; and the
 * progress the solve reports through the calling thread's hook
 * (planner/base/pc_progress.h), to that thread only. The wording of a
 * search the time limit stops is checked in test_prio_solvers.c and the
 * CLI cases prioritise_time_limit*. */
#include "check.h"

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_progress.h"
#include "plan_prio.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

static const double one[] = {1};

static void scheme(plan_prio_instance *in, size_t j, const char *id,
                   double rooms, double cost, int earliest, unsigned funding)
{
    plan_prio_scheme *S = &in->schemes[j];

    S->id = S->name = id;
    S->status = "candidate";
    S->rooms = rooms;
    S->cost_gbp = cost;
    S->duration = 1;
    S->profile = one;
    S->earliest = earliest;
    S->funding = funding;
}

static void fund(plan_prio_instance *in, size_t k, const char *id,
                 unsigned kind, double gbp, int last, size_t scheme_j)
{
    plan_prio_fund *f = &in->funds[k];

    f->id = id;
    f->contribution_id = kind == PLAN_FUND_S106 ? id : NULL;
    f->kind = kind;
    f->carry = f->repay = kind == PLAN_FUND_S106;
    f->last = last;
    f->amount[0] = gbp;
    f->eligible = pc_arena_calloc(in->arena, 1, sizeof(size_t));
    f->eligible[f->neligible++] = scheme_j;
}

/* Four years, no gap anywhere, so a scheme is worth building only to save
 * S106 money from repayment:
 *  - S106 "LATE" (£1M, spend by year 1) may pay only for A, which cannot
 *    start before year 3: no eligible scheme can start in time;
 *  - S106 "IDLE" (£1M, spend by year 1) may pay for B (£5M), which could
 *    start in year 0 with £4M of ICB capital; at a pound of ICB capital
 *    costing a pound repaid, building B costs 40 room-years against 10
 *    for repaying: the budget goes elsewhere (nowhere). */
static plan_prio_instance *two_pots(void)
{
    plan_prio_instance *in = NULL;
    pc_error err = {0};

    CHECK(plan_prio_instance_new(2026, 4, 1, 2, 3, &in, &err) == PC_OK);
    if (!in)
        return NULL;
    in->places[0].name = "A";
    in->icb_cost = in->repaid_penalty; /* 1e-5 */
    scheme(in, 0, "A", 2, 1e6, 3, PLAN_FUND_S106);
    scheme(in, 1, "B", 4, 5e6, 0, PLAN_FUND_S106 | PLAN_FUND_ICB);
    fund(in, 0, "LATE", PLAN_FUND_S106, 1e6, 1, 0);
    fund(in, 1, "IDLE", PLAN_FUND_S106, 1e6, 1, 1);
    fund(in, 2, "ICB", PLAN_FUND_ICB, 4e6, 4, 1);
    return in;
}

static void repaid_reasons(void)
{
    plan_prio_instance *in = two_pots();
    plan_prio_solution *s = NULL;
    plan_prio_repaid why[3];
    pc_error err = {0};

    if (!in)
        return;
    CHECK(plan_prio_solve(in, 1.0, NULL, &s, &err) == PC_OK);
    if (!s) {
        plan_prio_instance_free(in);
        return;
    }
    CHECK_STR(s->status, "optimal");
    CHECK(s->start[0] == -1 && s->start[1] == -1);
    CHECK_NEAR(s->repaid[0], 1e6, 0.01);
    CHECK_NEAR(s->repaid[1], 1e6, 0.01);
    CHECK(plan_prio_repaid_reasons(in, s, why, &err) == PC_OK);
    CHECK(why[0].reason == PLAN_REPAID_NO_SCHEME);
    CHECK_NEAR(why[0].objective_cost, 10, 1e-9);
    CHECK(why[0].nidle == 0);
    CHECK(why[1].reason == PLAN_REPAID_ELSEWHERE);
    CHECK_NEAR(why[1].objective_cost, 10, 1e-9);
    CHECK(why[1].nidle == 1 && why[1].idle[0] == 1);
    CHECK(why[2].reason == PLAN_REPAID_NONE && why[2].objective_cost == 0);
    CHECK_STR(plan_prio_repaid_reason_name(why[0].reason),
              "no_eligible_scheme_in_time");
    CHECK_STR(plan_prio_repaid_reason_name(why[1].reason), "budget_elsewhere");
    CHECK(plan_prio_repaid_reason_name(PLAN_REPAID_NONE) == NULL);
    /* A allowed to start in year 1: LATE could be spent, and is not */
    in->schemes[0].earliest = 1;
    plan_prio_solution_free(s);
    s = NULL;
    CHECK(plan_prio_solve(in, 1.0, NULL, &s, &err) == PC_OK);
    if (s && s->repaid[0] > 0) {
        CHECK(plan_prio_repaid_reasons(in, s, why, &err) == PC_OK);
        CHECK(why[0].reason == PLAN_REPAID_ELSEWHERE);
    } else
        CHECK(s && s->start[0] == 1); /* or built to save it */
    plan_prio_solution_free(s);
    plan_prio_instance_free(in);
}

/* The programme's JSON: optimal.funds[] say why, and the text. */
static void repaid_json(void)
{
    plan_prio_instance *in = two_pots();
    plan_programme *pg = NULL;
    cJSON *root = NULL, *funds, *f;
    pc_error err = {0};
    pc_buf text = PC_BUF_INIT(1 << 20);
    int seen = 0;

    if (!in)
        return;
    CHECK(plan_programme_new(in, &pg, &err) == PC_OK);
    CHECK(pg && plan_programme_cjson(pg, &root, &err) == PC_OK);
    funds = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "optimal"), "funds");
    cJSON_ArrayForEach(f, funds)
    {
        const char *id =
            cJSON_GetStringValue(cJSON_GetObjectItem(f, "fund_id"));
        const char *r =
            cJSON_GetStringValue(cJSON_GetObjectItem(f, "repaid_reason"));
        const char *w =
            cJSON_GetStringValue(cJSON_GetObjectItem(f, "repaid_why"));
        double cost = cJSON_GetNumberValue(
            cJSON_GetObjectItem(f, "repaid_objective_cost"));

        if (!strcmp(id, "LATE")) {
            CHECK_STR(r, "no_eligible_scheme_in_time");
            CHECK(w && strstr(w, "no eligible scheme could start in time"));
            CHECK_NEAR(cost, 10, 1e-6);
            seen++;
        } else if (!strcmp(id, "IDLE")) {
            CHECK_STR(r, "budget_elsewhere");
            CHECK(w && strstr(w, "the budget went elsewhere: B could spend it "
                                 "by 2027"));
            CHECK_NEAR(cost, 10, 1e-6);
            seen++;
        } else {
            CHECK(cJSON_IsNull(cJSON_GetObjectItem(f, "repaid_reason")));
            CHECK_NEAR(cost, 0, 1e-9);
        }
    }
    CHECK(seen == 2);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(
                  cJSON_GetObjectItem(root, "optimal"), "status_text")),
              "proven optimal by GLPK");
    CHECK(pg && plan_programme_table(pg, &text, &err) == PC_OK);
    CHECK(strstr(pc_buf_str(&text),
                 "  LATE: £1,000,000 repaid, costing 10.0000 need-weighted "
                 "room-years: no eligible scheme could start in time") != NULL);
    pc_buf_free(&text);
    cJSON_Delete(root);
    plan_programme_free(pg);
    plan_prio_instance_free(in);
}

/* --- progress ------------------------------------------------------------ */

typedef struct seen {
    int calls, first_done, last_done;
    pc_progress_task task;
    char solver[8];
    double last_best, last_elapsed;
} seen;

static void on_progress(const pc_progress *p, void *userdata)
{
    seen *s = userdata;

    if (!s->calls++)
        s->first_done = p->done;
    s->last_done = p->done;
    s->task = p->task;
    snprintf(s->solver, sizeof s->solver, "%s", p->solver ? p->solver : "");
    s->last_best = p->best;
    s->last_elapsed = p->elapsed_s;
}

static void *solve_alone(void *arg)
{
    plan_prio_solution *s = NULL;
    pc_error err = {0};

    if (plan_prio_solve(arg, 1.0, NULL, &s, &err) != PC_OK)
        return NULL;
    plan_prio_solution_free(s);
    return arg;
}

static void progress_hook(void)
{
    plan_prio_instance *in = two_pots();
    plan_prio_solution *s = NULL;
    pc_error err = {0};
    seen got = {0};
    pthread_t th;
    void *ok = NULL;

    if (!in)
        return;
    CHECK(!pc_progress_on());
    pc_progress_set(on_progress, &got);
    CHECK(pc_progress_on());
    CHECK(plan_prio_solve(in, 1.0, NULL, &s, &err) == PC_OK);
    /* a first word and a last one (more in between when it takes time) */
    CHECK(got.calls >= 2);
    CHECK(got.first_done == 0 && got.last_done == 1);
    CHECK(got.task == PC_PROGRESS_SOLVE);
    CHECK_STR(got.solver, "glpk");
    CHECK(s && got.last_best == s->objective);
    CHECK(got.last_elapsed >= 0 && got.last_elapsed < 60);
    /* another thread has no hook: this one hears nothing of its solve */
    got.calls = 0;
    CHECK(pthread_create(&th, NULL, solve_alone, in) == 0);
    CHECK(pthread_join(th, &ok) == 0 && ok == in);
    CHECK(got.calls == 0);
    /* removed: nothing more */
    pc_progress_set(NULL, NULL);
    CHECK(!pc_progress_on());
    plan_prio_solution_free(s);
    s = NULL;
    CHECK(plan_prio_solve(in, 1.0, NULL, &s, &err) == PC_OK);
    CHECK(got.calls == 0);
    plan_prio_solution_free(s);
    plan_prio_instance_free(in);
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {{"repaid_reasons", repaid_reasons},
                                       {"repaid_json", repaid_json},
                                       {"progress_hook", progress_hook},
                                       {NULL, NULL}};

    return check_run(cases, argc, argv);
}
