/* plan_contrib_int.h: what the ledger's files share (inside pc_planner
 * only). plan_contrib.c builds the ledger with the working state below:
 * it makes one item per contribution with plan_contrib_item_build
 * (plan_contrib_item.c: trigger years, indexation, receipts, spending),
 * then money at risk, totals, assumptions and notes. plan_contrib_out.c
 * holds the views. */
#ifndef PLAN_CONTRIB_INT_H
#define PLAN_CONTRIB_INT_H

#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "plan_contrib.h"
#include "plan_params.h"

#define YEARS_CAP 200 /* trigger years are sought up to base year + this */
#define PENNY     0.005

/* The work's state while a ledger is built. */
typedef struct plan_contrib_ctx {
    const ds_dataset *ds;
    plan_contrib_ledger *L;
    pc_arena *a;
    plan_params *P;
    double rate; /* contribution_index_rate; NAN: none */
    double f;    /* delivery factor */
    int s;       /* slippage years */
    long as_of_days;
    pc_index sites, schemes, practices, lads;
    double **scheme_left; /* per scheme, its spend by year not yet taken */
} plan_contrib_ctx;

/* The date n years after a valid date; 29 February becomes 28 February
 * in a year that is not a leap year. */
void plan_contrib_date_add_years(const char *date, int n, char out[16]);

/* Item it of contribution k, imported as imp (NULL: the dataset's own;
 * the ledger's arena holds what it needs):
 * its site and place, indexed amount, trigger years, receipts and
 * spending, with warnings. A malformed trigger is PC_ERR_INPUT. */
pc_status plan_contrib_item_build(plan_contrib_ctx *C, const ds_contribution *k,
                                  const ds_contrib_import *imp,
                                  plan_contrib_item *it, pc_error *err);

#endif
