/* test_prio_solvers.c: the prioritisation's two exact solvers
 * (planner/plan_prio.h, capital.solver): GLPK and COIN-OR CBC through its
 * C interface, with real solvers, no mocks.
 *
 * A search the time limit stops is reported alike by both; the solver's
 * name is refused unless it is glpk or cbc, by every way a scenario gets
 * it; CBC prints nothing, leaves the SIGINT handler as it was, and two
 * threads can solve at once (the server's workers do). Both solvers on
 * the hand-worked cases, the explanations, the random instances and the
 * bundled data are in test_prio.c. */
#include "check.h"
#include "prio_check.h"

#include "pc_error.h"
#include "plan_scenario.h"

#include <glpk.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double wall_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The optimum of in with solver sv into *s, checked and no worse than g
 * (the greedy programme, when complete). */
static pc_status solve_with(plan_prio_instance *in, plan_prio_solver sv,
                            const plan_prio_solution *g, plan_prio_solution **s)
{
    pc_error err = {0};
    char msg[256];

    in->solver = sv;
    if (plan_prio_solve(in, 1.0, NULL, s, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", plan_prio_solver_name(sv), err.msg);
        return err.code;
    }
    if (!prio_check(in, *s, 1.0, msg, sizeof msg)) {
        fprintf(stderr, "%s: %s\n", plan_prio_solver_name(sv), msg);
        CHECK(0);
    }
    CHECK_NEAR((*s)->objective, prio_objective(in, *s),
               1e-6 * (1 + (*s)->objective));
    CHECK_STR((*s)->solver, plan_prio_solver_name(sv));
    if (g && !strcmp(g->status, "greedy"))
        CHECK((*s)->objective <= g->objective + 1e-6 * (1 + g->objective));
    return PC_OK;
}

/* A search the time limit stops, reported alike by both: status
 * time-limit, a gap above 0, a programme that keeps every rule, no worse
 * than the greedy ranking and no better than the other's bound. Seed 3
 * of 100 schemes takes GLPK over 30 s and CBC about 6 s to prove. */
static void time_limit(void)
{
    plan_prio_instance *in = prio_random(3, 100, 10, 10);
    plan_prio_solution *s[2] = {NULL, NULL}, *g = NULL;
    plan_prio_solver sv[2] = {PLAN_PRIO_GLPK, PLAN_PRIO_CBC};
    pc_error err = {0};

    if (!in) {
        CHECK(0);
        return;
    }
    in->time_limit_s = 2;
    CHECK(plan_prio_greedy(in, &g, &err) == PC_OK);
    for (int i = 0; i < 2; i++) {
        double t0 = wall_s();

        CHECK(solve_with(in, sv[i], g, &s[i]) == PC_OK);
        CHECK(wall_s() - t0 < 12); /* ~2 s, slack for sanitizers */
    }
    for (int i = 0; i < 2 && s[0] && s[1]; i++) {
        const plan_prio_solution *o = s[1 - i];

        printf("time limit: %s %s, gap %.4f%%, objective %.6f\n", s[i]->solver,
               s[i]->status, 100 * s[i]->mip_gap, s[i]->objective);
        CHECK_STR(s[i]->status, "time-limit");
        CHECK(s[i]->mip_gap > 0 && s[i]->mip_gap <= 1);
        {
            /* in words: best found, within the gap of the bound this
             * solver proved, never the optimum */
            char text[512], want[64];

            plan_prio_status_text(in, s[i], text, sizeof text);
            printf("  %s\n", text);
            CHECK(!strncmp(text, "best found in the time limit", 28) ||
                  !strncmp(text, "the programme the search started", 32));
            CHECK(strstr(text, "not proven optimal") != NULL);
            CHECK(strstr(text, "proven optimal by") == NULL);
            snprintf(want, sizeof want, "bound %s proved",
                     i == 0 ? "GLPK" : "CBC");
            CHECK(strstr(text, want) != NULL || isnan(s[i]->bound));
            CHECK(isnan(s[i]->bound) || s[i]->bound <= s[i]->objective + 1e-6);
        }
        CHECK(s[i]->objective >=
              o->objective * (1 - o->mip_gap) - 1e-6 * (1 + o->objective));
    }
    plan_prio_solution_free(s[0]);
    plan_prio_solution_free(s[1]);
    plan_prio_solution_free(g);
    plan_prio_instance_free(in);
}

/* The solver's name: only glpk and cbc, from a scenario file, a front
 * end's key or a scenario built in code. */
static void solver_choice(void)
{
    plan_scenario *sc = plan_scenario_new();
    plan_prio_solver sv = PLAN_PRIO_GLPK;
    pc_error err = {0};

    CHECK(plan_prio_solver_parse("cbc", &sv, &err) == PC_OK &&
          sv == PLAN_PRIO_CBC);
    CHECK(plan_prio_solver_parse("glpk", &sv, &err) == PC_OK &&
          sv == PLAN_PRIO_GLPK);
    CHECK(plan_prio_solver_parse("GLPK", &sv, &err) == PC_ERR_INPUT);
    CHECK_STR(err.msg, "unknown solver \"GLPK\" (expected glpk or cbc)");
    CHECK(sv == PLAN_PRIO_GLPK);
    CHECK_STR(plan_prio_solver_name(PLAN_PRIO_CBC), "cbc");
    CHECK(sc && plan_scenario_set(sc, "capital.solver", "cbc", &err) == PC_OK);
    CHECK(sc && sc->solver && !strcmp(sc->solver, "cbc"));
    CHECK(sc && plan_scenario_set(sc, "capital.solver", "scip", &err) ==
                    PC_ERR_INPUT);
    CHECK_STR(err.msg, "key \"capital.solver\": unknown solver \"scip\" "
                       "(expected glpk or cbc)");
    CHECK(sc && sc->solver && !strcmp(sc->solver, "cbc")); /* unchanged */
    plan_scenario_free(sc);
    sc = NULL;
    {
        const char *json = "{\"capital\": {\"solver\": \"\"}}";

        CHECK(plan_scenario_parse(json, strlen(json), "s.json", &sc, &err) ==
              PC_ERR_INPUT);
    }
    CHECK_HAS(err.msg, "scenario s.json: key \"capital.solver\": unknown "
                       "solver \"\" (expected glpk or cbc)");
    CHECK(sc == NULL);
}

/* One programme solved on a thread of its own. */
typedef struct solve_job {
    plan_prio_instance *in;
    plan_prio_solution *s;
    pc_status rc;
} solve_job;

static void *solve_thread(void *arg)
{
    solve_job *j = arg;
    pc_error err = {0};

    j->rc = plan_prio_solve(j->in, 1.0, NULL, &j->s, &err);
    return NULL;
}

/* The same on a thread that then ends: the model is a GLPK problem, and
 * GLPK keeps an environment per thread until glp_free_env(). */
static void *solve_thread_end(void *arg)
{
    solve_thread(arg);
    glp_free_env();
    return NULL;
}

/* CBC writes nothing to stdout (the library never prints) and leaves the
 * SIGINT handler as it found it; two threads solving at once (as the
 * server's workers do) get the programmes one thread gets. */
static void cbc_quiet_and_threads(void)
{
    solve_job job[2] = {{NULL, NULL, PC_OK}, {NULL, NULL, PC_OK}};
    plan_prio_solution *alone[2] = {NULL, NULL};
    struct sigaction before, after;
    char path[] = "/tmp/pcplan-cbc-out-XXXXXX";
    int fd = mkstemp(path), saved;
    pthread_t t[2];
    struct stat st;

    CHECK(fd >= 0);
    for (int i = 0; i < 2; i++) {
        job[i].in = prio_random(7 + (uint64_t)i, 40, 5, 8);
        CHECK(job[i].in != NULL);
        if (job[i].in)
            job[i].in->solver = PLAN_PRIO_CBC;
    }
    if (fd < 0 || !job[0].in || !job[1].in)
        goto done;
    CHECK(sigaction(SIGINT, NULL, &before) == 0);
    fflush(stdout);
    saved = dup(STDOUT_FILENO);
    CHECK(saved >= 0 && dup2(fd, STDOUT_FILENO) >= 0);
    for (int i = 0; i < 2; i++) {
        solve_thread(&job[i]);
        alone[i] = job[i].s;
        job[i].s = NULL;
    }
    fflush(stdout);
    CHECK(dup2(saved, STDOUT_FILENO) >= 0);
    close(saved);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
    CHECK(sigaction(SIGINT, NULL, &after) == 0);
    CHECK(after.sa_handler == before.sa_handler);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, solve_thread_end, &job[i]) == 0);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    for (int i = 0; i < 2; i++) {
        char msg[256];

        CHECK(job[i].rc == PC_OK && alone[i] && job[i].s);
        if (!alone[i] || !job[i].s)
            continue;
        CHECK(prio_check(job[i].in, job[i].s, 1.0, msg, sizeof msg));
        CHECK_NEAR(job[i].s->objective, alone[i]->objective, 1e-9);
    }
done:
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    for (int i = 0; i < 2; i++) {
        plan_prio_solution_free(alone[i]);
        plan_prio_solution_free(job[i].s);
        plan_prio_instance_free(job[i].in);
    }
}

int main(int argc, char **argv)
{
    static const check_case cases[] = {
        {"time_limit", time_limit},
        {"solver_choice", solver_choice},
        {"cbc_quiet_and_threads", cbc_quiet_and_threads},
        {NULL, NULL}};

    return check_run(cases, argc, argv);
}
