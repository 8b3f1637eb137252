/* plan_prio.h: capital prioritisation (DESIGN.md §3.6): which schemes to
 * start, and when, with the money there is.
 *
 * The instance. Years are indexed from the base year B: spend years
 * 0..H-1 (B..B+H-1) and gap rows 0..H (the projection's rows B..B+H, each
 * the position at the start of its year). A scheme j starting in year s
 * spends cost_j x profile_j[i] in year s+i (i < duration_j) and adds its
 * rooms from row s + duration_j. A start must let the scheme finish
 * inside the horizon (s + duration_j <= H) and not be before its earliest
 * start. A committed scheme starts in its earliest_start year (it is
 * decided); a scheme given a start year by the scenario (schemes.start)
 * starts then.
 *
 * Funds. Every pot of money is a fund with an amount arriving in each
 * year, a last year in which it may be spent and the schemes it may pay
 * for:
 *  - funds.csv: ICB capital (kind icb) and grants and partner money. ICB
 *    money is spent in its own year unless the scenario lets it carry
 *    forward; other money, once it arrives, stays until its spend-by year;
 *  - contributions: each S106 agreement or CIL award gives one fund per
 *    expected receipt year (plan_contrib's receipts, at their indexed
 *    amounts) and one for money received and unspent, each spendable
 *    from its year up to the year before its spend-by date. Secured items
 *    only, unless the scenario counts requested ones. A CIL award with no
 *    payment triggers is available from the base year.
 * A scheme may use a fund when its funding list names the fund's kind
 * (an empty list: any), the fund's scheme or place (if any) is the
 * scheme's, and for contributions the purpose allows it: scheme:ID that
 * scheme; practice:CODE schemes at premises of that practice;
 * locality:NAME schemes serving the contribution's site; general (or
 * none) schemes in the site's place.
 *
 * The mixed-integer programme (money in £ millions inside the model):
 *   x_js in {0,1}        scheme j starts in year s
 *   y_jkt >= 0           fund k pays for scheme j in year t
 *   u_pt >= 0            unmet room gap of place p in row t
 *   r_k >= 0             S106 fund k repaid (deadline inside the horizon)
 *   sum_s x_js <= 1      (= 1 for committed schemes and scenario includes)
 *   sum_k y_jkt = sum_s cost_j profile_j[t-s] x_js        every j, t
 *   sum_j y_jkt <= a_kt                      ICB without carry-forward
 *   sum_{j,t'<=t} y_jkt' <= sum_{t'<=t} a_kt'  other funds, every t
 *   sum_{j,t} y_jkt + r_k = a_k              S106 with a deadline <= H-1
 *   sum_{j in g,s} x_js <= 1                 option group g
 *   sum_{s'<=s} x_js' <= sum_{s''<=s-d_i} x_is''   j depends on i
 *   sum_j rent_j x_j,t-d_j <= L              rent added in row t
 *   u_pt + sum_{j in p} rooms_j sum_{s+d_j<=t} x_js >= gap_pt
 *   minimise sum_pt w_p u_pt + pen sum_k r_k + icb sum_{j,k icb,t} y_jkt
 *            + tie sum_js cost_j x_js
 * where gap_pt is the projection's gap (rooms needed minus rooms in use)
 * with delivered schemes only, w_p = (population-weighted IMD of p /
 * that of the system) ^ deprivation_weight_power, pen =
 * s106_repaid_penalty_per_gbp, icb = icb_capital_cost_per_gbp (the cost
 * of a pound of ICB capital spent; by default equal to pen, so that the
 * programme never spends more ICB capital than the S106 it saves from
 * repayment unless it buys rooms where there is a gap) and tie =
 * tie_break_cost_per_gbp (all per £; the objective's unit is
 * need-weighted room-years).
 *
 * The greedy ranking. Committed schemes first (by id), then candidates
 * by benefit per £, benefit = w_p x min(rooms_j, the place's largest
 * gap), zero-benefit candidates left out; each is given the earliest
 * start at which it fits the money left, its option group and its
 * prerequisites, paying each year from the eligible funds whose deadline
 * comes first (ICB last); a scheme that fits nowhere is skipped. */
#ifndef PLAN_PRIO_H
#define PLAN_PRIO_H

#include "ds_dataset.h"
#include "ds_store.h"
#include "pc_arena.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_strlist.h"
#include "plan_project.h"
#include "plan_scenario.h"

struct cJSON;

/* Kinds of fund (bit mask of a scheme's eligible routes). */
#define PLAN_FUND_ICB     1u
#define PLAN_FUND_GRANT   2u
#define PLAN_FUND_PARTNER 4u
#define PLAN_FUND_S106    8u
#define PLAN_FUND_CIL     16u
#define PLAN_FUND_ALL     31u

const char *plan_fund_kind_name(unsigned kind); /* "icb", ... */

/* The exact solvers (scenario key capital.solver). Both solve the same
 * model to the same optimum within the gaps; GLPK is the reference and
 * the default (where a model has several optimal programmes CBC may give
 * another one), CBC the faster on our larger models. */
typedef enum plan_prio_solver {
    PLAN_PRIO_GLPK = 0, /* "glpk": GLPK (the default) */
    PLAN_PRIO_CBC       /* "cbc": COIN-OR CBC */
} plan_prio_solver;

/* "cbc" or "glpk"; "?" for anything else. */
const char *plan_prio_solver_name(plan_prio_solver s);
/* The solver called s; PC_ERR_INPUT naming the accepted names for anything
 * else (*out untouched). */
pc_status plan_prio_solver_parse(const char *s, plan_prio_solver *out,
                                 pc_error *err);

typedef struct plan_prio_place {
    const char *name;
    double imd;    /* population-weighted IMD score; NAN: no LSOAs */
    double weight; /* w_p */
    double *gap;   /* rows 0..H: rooms short (negative: spare) */
} plan_prio_place;

typedef struct plan_prio_scheme {
    const char *id, *name, *status; /* status as in the data */
    size_t place;                   /* index into places */
    int forced;                     /* must be in the programme */
    double rooms;                   /* counted types */
    double cost_gbp, rent_gbp;
    const double *profile; /* duration fractions summing to 1 */
    int duration;
    int earliest;     /* first allowed start (year index) */
    int latest;       /* last allowed start; -1: any that fits */
    unsigned funding; /* PLAN_FUND_* routes */
    int group;        /* option group index; -1: none */
    size_t *deps;     /* prerequisite scheme indices */
    size_t ndeps;
    const char *blocked; /* why it cannot be in the programme; NULL */
    int illustrative;
} plan_prio_scheme;

typedef struct plan_prio_fund {
    const char *id;              /* fund_id, or contribution@year */
    const char *contribution_id; /* NULL: from funds.csv */
    const char *source;          /* for people; NULL: none */
    unsigned kind;               /* one PLAN_FUND_* */
    double *amount;              /* gbp arriving in each year 0..H-1 */
    int carry;                   /* unspent money stays */
    int last;                    /* last spend year index; >= H: none */
    int repay;                   /* money left after `last` is repaid */
    size_t *eligible;            /* scheme indices */
    size_t neligible;
    const char *unspendable; /* why no scheme may use it; NULL: some may */
    int illustrative;
} plan_prio_fund;

/* An assumption the instance used, with where its value came from. */
typedef struct plan_prio_param {
    const char *id;
    double value;
    const char *origin; /* "default", "preset" or "scenario" */
} plan_prio_param;

typedef struct plan_prio_instance {
    const char *dataset;  /* NULL for a synthetic instance */
    const char *scenario; /* its name; NULL: none */
    const char *preset;   /* NULL: none */
    const char *method;   /* room-demand method of the gaps */
    char run_id[16];      /* the projection of the gaps; "": synthetic */
    plan_run *gaps;       /* that projection, owned (freed with the
                             instance), to store with a programme; NULL
                             for a synthetic instance */
    int base_year, years; /* B and H */
    plan_prio_place *places;
    size_t nplaces;
    plan_prio_scheme *schemes;
    size_t nschemes;
    plan_prio_fund *funds;
    size_t nfunds;
    const char **groups; /* option group names */
    size_t ngroups;
    double rent_limit_gbp; /* NAN: none */
    double repaid_penalty; /* per gbp */
    double icb_cost;       /* per gbp of ICB capital spent */
    double tie_break;      /* per gbp */
    double deprivation_power;
    double icb_budget_factor; /* applied to the ICB amounts */
    int carry_forward, s106_requested;
    double time_limit_s, mip_gap;
    plan_prio_solver solver;
    plan_prio_param *params;
    size_t nparams;
    size_t illustrative_schemes, illustrative_funds;
    pc_strlist warnings;    /* in arena */
    pc_strlist notes;       /* in arena */
    struct pc_arena *arena; /* owns everything above */
} plan_prio_instance;

/* An empty instance of H years from base year B, with room for the given
 * numbers of places, schemes and funds (zeroed; amounts and gaps
 * allocated), for tests and benchmarks to fill in. Defaults: schemes
 * with no option group and no latest start, funds with no deadline, no rent
 * limit, penalty 1e-5, ICB capital free (0), tie break 1e-9, 60 s, gap 1e-4,
 * solver GLPK. */
pc_status plan_prio_instance_new(int base_year, int years, size_t nplaces,
                                 size_t nschemes, size_t nfunds,
                                 plan_prio_instance **out, pc_error *err);

/* The instance of ds under scenario sc (NULL: none): the projection with
 * delivered schemes only gives the gaps (kept in the instance, gaps, and
 * named by run_id); sp is the spatial model for it (see plan_project).
 * Dependency cycles, committed schemes in one option group, or a
 * committed scheme that cannot be in the programme at all are
 * PC_ERR_INPUT naming them. */
pc_status plan_prio_build(const ds_dataset *ds, const ds_spatial *sp,
                          const plan_scenario *sc, plan_prio_instance **out,
                          pc_error *err);
void plan_prio_instance_free(plan_prio_instance *in);

/* One payment. */
typedef struct plan_prio_pay {
    size_t scheme, fund;
    int year; /* index */
    double gbp;
} plan_prio_pay;

typedef struct plan_prio_solution {
    /* "optimal" (proven), "optimal-within-gap" (stopped at the gap
     * tolerance), "time-limit" (the best found in the time), "greedy", or
     * "greedy-incomplete" (committed schemes it could not fit) */
    const char *status;
    const char *solver; /* "glpk" or "cbc", which gave status; NULL: greedy */
    double objective;   /* the programme's own objective */
    double mip_gap;     /* |objective - best bound| / |objective| when the
                           search stopped: 0 when proven; 1 when no bound
                           was proven; 0 for greedy */
    double bound;       /* the solver's best bound on the objective: no
                           programme scores below it; NAN: none proven (and
                           for greedy) */
    int from_start;     /* time-limit: the solver found nothing in the time,
                           and this is the programme it started from (the
                           greedy ranking's, or the hint) */
    int *start;         /* per scheme: start year index, -1 not chosen */
    plan_prio_pay *pays;
    size_t npays;
    double *unmet;                             /* nplaces x (H + 1) */
    double *repaid;                            /* per fund */
    double weighted_gap, repaid_gbp, cost_gbp; /* the objective's parts */
    double icb_gbp;                            /* ICB capital spent */
} plan_prio_solution;

/* What solution s of instance in is, in words for people, into buf (n
 * bytes; returned): "proven optimal by GLPK"; "within 0.01% of the bound
 * GLPK proved (465.1964): stopped at the gap tolerance (capital.mip_gap
 * 0.0001); not proven optimal"; "best found in the time limit
 * (capital.time_limit_s, 60 s): within 15.2% of the bound GLPK proved
 * (465.1964); not proven optimal" (or "GLPK proved no bound"); "the
 * programme the search started from: the time limit ... ran out before
 * GLPK found any; ..."; "the greedy ranking: no solver, nothing proven".
 * Never optimal for a programme not proven so. */
const char *plan_prio_status_text(const plan_prio_instance *in,
                                  const plan_prio_solution *s, char *buf,
                                  size_t n);

/* Recomputes unmet, repaid, the parts and the objective of s from its
 * starts and payments. */
void plan_prio_evaluate(const plan_prio_instance *in, plan_prio_solution *s);

/* Why money of an S106 fund is repaid under a programme. */
typedef enum plan_prio_repaid_reason {
    PLAN_REPAID_NONE = 0,  /* nothing repaid */
    PLAN_REPAID_NO_SCHEME, /* no eligible scheme could spend it before its
                              deadline (none may use it, or none can start
                              early enough) */
    PLAN_REPAID_ELSEWHERE  /* eligible schemes could have spent it in time:
                              the programme chose otherwise */
} plan_prio_repaid_reason;

/* "no_eligible_scheme_in_time", "budget_elsewhere"; NULL for NONE. */
const char *plan_prio_repaid_reason_name(plan_prio_repaid_reason r);

#define PLAN_PRIO_REPAID_SHOWN 4 /* schemes named per repaid fund */

/* Why one fund's money is repaid in a programme. */
typedef struct plan_prio_repaid {
    plan_prio_repaid_reason reason;
    double objective_cost; /* repaid_penalty x gbp repaid: the objective's
                              units (need-weighted room-years) */
    /* ELSEWHERE: the eligible schemes that could have spent it in time
     * but are not in the programme (the first PLAN_PRIO_REPAID_SHOWN of
     * nidle, by index); none when its schemes in the programme were paid
     * from other money */
    size_t idle[PLAN_PRIO_REPAID_SHOWN];
    size_t nidle;
} plan_prio_repaid;

/* Why each fund's money repaid in s is repaid, into why[0..in->nfunds)
 * (a fund with nothing repaid: reason NONE). A scheme could spend fund k
 * in time when k may pay for it and a start in its window (its earliest
 * start, prerequisites, latest start and the horizon) has it spending in
 * a year from k's money's arrival to k's last spend year. Fails only as
 * plan_prio_solve's preparation does (PC_ERR_INPUT, PC_ERR_NOMEM), why
 * untouched. */
pc_status plan_prio_repaid_reasons(const plan_prio_instance *in,
                                   const plan_prio_solution *s,
                                   plan_prio_repaid *why, pc_error *err);

/* The greedy ranking's programme (see above). *out is freed with
 * plan_prio_solution_free. Committed schemes it cannot fit are left out
 * with status "greedy-incomplete". */
pc_status plan_prio_greedy(const plan_prio_instance *in,
                           plan_prio_solution **out, pc_error *err);

/* Solves the programme exactly with in->solver (GLPK or CBC), within
 * in->time_limit_s (for everything: the check of the committed schemes, the
 * relaxation and the search; a search stopped by it depends on the machine's
 * speed) and to in->mip_gap, starting from the greedy programme (or hint, a
 * solution of the same instance, when it is better and fits the money at this
 * scale) so that the result is never worse. ICB amounts are scaled by icb_scale
 * (1: as given). A time limit that runs out before the solver finds
 * anything (or before it starts) gives that starting programme, status
 * "time-limit" with from_start set, not an error. An instance that cannot
 * fund its committed schemes (which the greedy ranking then cannot place
 * either) is PC_ERR_INPUT saying which scheme lacks how much in which year,
 * or that the time limit ran out before that could be shown. The thread's
 * progress hook (pc_progress.h) hears the solve's start and end, and
 * GLPK's search as it goes. */
pc_status plan_prio_solve(const plan_prio_instance *in, double icb_scale,
                          const plan_prio_solution *hint,
                          plan_prio_solution **out, pc_error *err);
void plan_prio_solution_free(plan_prio_solution *s);

/* Writes the model (scaled by icb_scale) as free MPS to path, through a
 * fresh temporary in path's folder renamed over it: path is the old file
 * or the whole new one. Names: x<j>_<scheme>_<year>, y<j>_<k>_<year>,
 * u<p>_<year>, r<k>. */
pc_status plan_prio_write_mps(const plan_prio_instance *in, double icb_scale,
                              const char *path, pc_error *err);

/* The prioritisation as reported: the optimum, the greedy ranking and
 * the optimum with the ICB budget at 90% and 110%. */
typedef struct plan_programme {
    const plan_prio_instance *in; /* borrowed */
    plan_prio_solution *optimal, *greedy;
    plan_prio_repaid *repaid; /* per fund: why the optimum repays it */
    plan_prio_solution *lower, *higher; /* NULL: infeasible */
    char lower_why[1024], higher_why[1024];
    char *label; /* the user's name for it (plan_programme_label); NULL */
    char input_hash[17];   /* FNV-1a of everything the programme read */
    char programme_id[13]; /* its first 12 hex digits: the stored id */
} plan_programme;

/* Solves in (the optimum, the greedy ranking and the budget at 90% and
 * 110%) and names the result: its input hash is over everything in the
 * instance (the run of its gaps, the budget factor, the solver and its
 * settings, the weights, every scheme and fund), so the same inputs give
 * the same programme id. */
pc_status plan_programme_new(const plan_prio_instance *in, plan_programme **out,
                             pc_error *err);
void plan_programme_free(plan_programme *p);

/* Names p with a copy of label (checked as a run's label is:
 * plan_label_check), shown as the table's first line and as "label" in
 * the JSON; not an input, so nothing else changes. */
pc_status plan_programme_label(plan_programme *p, const char *label,
                               pc_error *err);

/* JSON (format pcplan-programme/1): programme_id, run_id (null for a
 * synthetic instance), dataset, base_year, years, settings,
 * places [{place, imd, weight, gap_by_year}], funds [...], optimal
 * {objective, status, status_text (plan_prio_status_text), solver,
 * mip_gap, bound, proven_optimal, parts, schemes [{scheme_id, name, place,
 * status, start_year, rooms_from_year, rooms, cost_gbp, rent_gbp,
 * funding [{fund_id, kind, year, gbp}]}], not_chosen, spend_by_kind, funds
 * [{..., repaid_gbp, repaid_reason, repaid_why, repaid_objective_cost}],
 * remaining_gap}, greedy {objective, status, status_text, parts, schemes,
 * ...}, budget_sensitivity, assumptions, warnings, notes, illustrative. */
pc_status plan_programme_json(const plan_programme *p, pc_buf *out,
                              pc_error *err);
/* The same document as a cJSON tree: *out is owned by the caller
 * (cJSON_Delete). On failure (PC_ERR_NOMEM) *out is left untouched and
 * nothing is allocated. plan_programme_json prints this tree. */
pc_status plan_programme_cjson(const plan_programme *p, struct cJSON **out,
                               pc_error *err);
pc_status plan_programme_table(const plan_programme *p, pc_buf *out,
                               pc_error *err);

/* A scenario that projects the optimum's programme: sc (NULL: none) with
 * the chosen candidates in schemes.include and every chosen scheme's start
 * year in schemes.start, named "<name>-programme", as canonical JSON (see
 * plan_scenario_canonical). A projection run with it puts the
 * programme's rooms into the projection. */
pc_status plan_programme_scenario(const plan_programme *p,
                                  const plan_scenario *sc, pc_buf *out,
                                  pc_error *err);

#endif
