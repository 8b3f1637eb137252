/* ds_contrib_import.c: the national developer-contributions data read into
 * contributions for the ledger (see ds_contrib_import.h). The files are
 * read in order: organisation.csv (which councils are in scope), the
 * agreements, the contributions (the health ones of those councils kept)
 * and the transactions (summed by funding status onto the contributions
 * kept). Every join is keyed by "organisation|reference". */
#include "ds_contrib_import.h"
#include "ds_csv.h"
#include "ds_dataset_int.h"
#include "ds_util.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_index.h"
#include "pc_strlist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define F_ORG "organisation.csv"
#define F_AGR "developer-agreement.csv"
#define F_CON "developer-agreement-contribution.csv"
#define F_TRA "developer-agreement-transaction.csv"

#define AMOUNT_MAX 1e10
#define NOT_KEPT   ((size_t)-1)

/* An agreement of a council in scope. */
typedef struct agreement {
    const char *type, *date;
    long line;
} agreement;

/* What the transactions of a kept contribution add up to. */
typedef struct sums {
    double received, allocated, spent;
    const char *first_received, *first_spent; /* earliest dates */
    int nreceived, nspent;
} sums;

/* The work's state. */
typedef struct rd {
    const char *dir;
    ds_contrib_import_set *s;
    pc_arena *a;
    ds_csv *org, *agr, *con, *tra;
    int org_cols[4]; /* organisation, entity, name, statistical-geography */
    pc_index orgs, entities; /* organisation.csv rows */
    pc_index scope;          /* organisation -> council index */
    pc_index agreements;     /* "org|ref" -> agreements[] */
    agreement *agrs;
    size_t nagrs;
    pc_index contribs; /* "org|ref" -> v[] index, or NOT_KEPT */
    sums *sums;
    size_t cap;
} rd;

static const char *path_of(rd *R, const char *name)
{
    return pc_arena_printf(R->a, "%s/%s", R->dir, name);
}

/* Reads DIR/name into *out; a missing optional file leaves *out NULL. */
static pc_status read_file(rd *R, const char *name, int required, ds_csv **out,
                           pc_error *err)
{
    const char *path = path_of(R, name);
    struct stat sb;

    if (!path)
        return PC_NOMEM(err);
    if (!required && stat(path, &sb) != 0)
        return PC_OK;
    if (ds_csv_read_file(path, out, err) != PC_OK)
        return err->code == PC_ERR_NOMEM ? err->code
                                         : pc_error_wrap(err, "%s", path);
    return PC_OK;
}

static const char *key2(rd *R, const char *org, const char *ref)
{
    return pc_arena_printf(R->a, "%s|%s", org, ref);
}

/* Fails row r of file `name` with the message already in err. */
static pc_status row_fail(rd *R, const char *name, const ds_csv *csv, size_t r,
                          pc_error *err)
{
    return pc_error_wrap(err, "%s/%s: row %ld", R->dir, name, csv->line[r]);
}

/* --- organisations and the councils in scope --------------------------- */

static pc_status read_orgs(rd *R, pc_error *err)
{
    static const colspec spec[] = {{"organisation", 1},
                                   {"entity", 0},
                                   {"name", 0},
                                   {"statistical-geography", 0}};
    const ds_csv *csv;

    if (read_file(R, F_ORG, 0, &R->org, err) != PC_OK)
        return err->code;
    if (!(csv = R->org))
        return PC_OK;
    if (ds_ld_find_cols(csv, spec, 4, R->org_cols, err) != PC_OK)
        return pc_error_wrap(err, "%s/%s", R->dir, F_ORG);
    for (size_t r = 0; r < csv->nrows; r++) {
        const char *o = ds_ld_cell(csv, r, R->org_cols[0]);
        const char *e = ds_ld_cell(csv, r, R->org_cols[1]);

        if (*o && pc_index_put(&R->orgs, o, r, NULL) < 0)
            return PC_NOMEM(err);
        if (*e && pc_index_put(&R->entities, e, r, NULL) < 0)
            return PC_NOMEM(err);
    }
    return PC_OK;
}

/* Adds organisation org (row r of organisation.csv, or none) to the
 * councils in scope, once. */
static pc_status add_council(rd *R, const char *org, size_t r, pc_error *err)
{
    ds_contrib_import_set *s = R->s;
    ds_contrib_council *c;
    size_t alloc = s->ncouncils;

    if (pc_index_get(&R->scope, org, &alloc))
        return PC_OK;
    alloc = s->ncouncils;
    c = pc_arena_calloc(R->a, s->ncouncils + 1, sizeof *c);
    if (!c)
        return PC_NOMEM(err);
    if (s->ncouncils)
        memcpy(c, s->councils, s->ncouncils * sizeof *c);
    s->councils = c;
    c = &s->councils[s->ncouncils];
    c->organisation = pc_arena_strdup(R->a, org);
    if (r != NOT_KEPT) {
        const char *name = ds_ld_cell(R->org, r, R->org_cols[2]);
        const char *gss = ds_ld_cell(R->org, r, R->org_cols[3]);

        c->name = *name ? pc_arena_strdup(R->a, name) : NULL;
        c->lad_code = *gss ? pc_arena_strdup(R->a, gss) : NULL;
    }
    if (!c->organisation ||
        pc_index_put(&R->scope, c->organisation, alloc, NULL) < 0)
        return PC_NOMEM(err);
    s->ncouncils++;
    return PC_OK;
}

/* The organisations whose statistical-geography is gss; 0 when none. */
static pc_status councils_of(rd *R, const char *gss, size_t *found,
                             pc_error *err)
{
    *found = 0;
    for (size_t r = 0; R->org && r < R->org->nrows; r++)
        if (!strcmp(ds_ld_cell(R->org, r, R->org_cols[3]), gss) &&
            *ds_ld_cell(R->org, r, R->org_cols[0])) {
            if (add_council(R, ds_ld_cell(R->org, r, R->org_cols[0]), r, err) !=
                PC_OK)
                return err->code;
            (*found)++;
        }
    return PC_OK;
}

static pc_status need_orgs(rd *R, const char *why, pc_error *err)
{
    if (R->org)
        return PC_OK;
    return PC_FAIL(err, PC_ERR_INPUT,
                   "%s/%s: not found (expected the organisation dataset of "
                   "planning.data.gov.uk, to %s)",
                   R->dir, F_ORG, why);
}

static pc_status read_scope(rd *R, const ds_contrib_scope *sc, pc_error *err)
{
    size_t found, r;

    for (size_t i = 0; i < sc->nlpas; i++) {
        const char *v = sc->lpas[i];

        if (strchr(v, ':')) {
            if (add_council(R, v, pc_index_get(&R->orgs, v, &r) ? r : NOT_KEPT,
                            err) != PC_OK)
                return err->code;
            continue;
        }
        if (need_orgs(R, "find the council of a LAD code", err) != PC_OK ||
            councils_of(R, v, &found, err) != PC_OK)
            return err->code;
        if (!found)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "council \"%.64s\": no organisation in %s/%s has "
                           "this statistical-geography (expected a LAD GSS "
                           "code such as E07000220, or an organisation such "
                           "as local-authority:RUG)",
                           v, R->dir, F_ORG);
    }
    if (sc->nlpas)
        return PC_OK;
    if (need_orgs(R, "find the councils of the store's LADs", err) != PC_OK)
        return err->code;
    for (size_t i = 0; i < sc->nlads; i++)
        if (councils_of(R, sc->lads[i], &found, err) != PC_OK)
            return err->code;
    if (!R->s->ncouncils)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no organisation in %s/%s has the statistical-"
                       "geography of a LAD of the store (expected the "
                       "councils of the store's %zu LADs, e.g. %s)",
                       R->dir, F_ORG, sc->nlads,
                       sc->nlads ? sc->lads[0] : "none");
    return PC_OK;
}

/* --- rows -------------------------------------------------------------- */

/* The organisation of row r: its organisation field, else its
 * organisation-entity through organisation.csv. c_org and c_ent are the
 * columns (-1: absent). */
static pc_status row_org(rd *R, const ds_csv *csv, size_t r, int c_org,
                         int c_ent, const char **org, pc_error *err)
{
    const char *v = ds_ld_cell(csv, r, c_org);
    size_t k;

    if (c_org < 0) {
        v = ds_ld_cell(csv, r, c_ent);
        if (!pc_index_get(&R->entities, v, &k))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "field \"organisation-entity\": \"%.32s\" is not "
                           "an entity of %s (expected an organisation's "
                           "entity number)",
                           v, F_ORG);
        v = ds_ld_cell(R->org, k, R->org_cols[0]);
    }
    if (!*v)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"organisation\": empty (expected an "
                       "organisation such as local-authority:RUG)");
    *org = v;
    return PC_OK;
}

/* The organisation columns of a file: organisation, or organisation-entity
 * with organisation.csv. */
static pc_status org_cols(rd *R, const char *name, const ds_csv *csv, int *c,
                          pc_error *err)
{
    c[0] = ds_csv_col(csv, "organisation");
    c[1] = ds_csv_col(csv, "organisation-entity");
    if (c[0] >= 0)
        return PC_OK;
    if (c[1] < 0)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s/%s: header: missing required column "
                       "\"organisation\" (expected organisation, or "
                       "organisation-entity with %s)",
                       R->dir, name, F_ORG);
    if (!R->org)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s/%s: organisations given by organisation-entity, "
                       "and %s/%s is not found (expected it, to turn "
                       "entities into organisations)",
                       R->dir, name, R->dir, F_ORG);
    return PC_OK;
}

static int in_scope(const rd *R, const char *org)
{
    size_t k;

    return pc_index_get(&R->scope, org, &k);
}

/* A required, non-empty field. */
static pc_status need(const char *v, const char *field, const char *what,
                      pc_error *err)
{
    if (*v)
        return PC_OK;
    return PC_FAIL(err, PC_ERR_INPUT, "field \"%s\": empty (expected %s)",
                   field, what);
}

/* --- agreements -------------------------------------------------------- */

static pc_status read_agreements(rd *R, pc_error *err)
{
    static const colspec spec[] = {
        {"reference", 1}, {"developer-agreement-type", 1}, {"start-date", 0}};
    int c[3], oc[2];
    const ds_csv *csv;

    if (read_file(R, F_AGR, 1, &R->agr, err) != PC_OK)
        return err->code;
    csv = R->agr;
    R->s->agreements = csv->nrows;
    if (org_cols(R, F_AGR, csv, oc, err) != PC_OK)
        return err->code;
    if (ds_ld_find_cols(csv, spec, 3, c, err) != PC_OK)
        return pc_error_wrap(err, "%s/%s", R->dir, F_AGR);
    R->agrs = pc_arena_calloc(R->a, csv->nrows, sizeof *R->agrs);
    if (!R->agrs)
        return PC_NOMEM(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        const char *org, *ref = ds_ld_cell(csv, r, c[0]);
        const char *date = ds_ld_cell(csv, r, c[2]), *key;
        agreement *g = &R->agrs[R->nagrs];
        size_t first;
        int put;

        if (row_org(R, csv, r, oc[0], oc[1], &org, err) != PC_OK)
            return row_fail(R, F_AGR, csv, r, err);
        if (!in_scope(R, org))
            continue;
        if (need(ref, "reference", "the agreement's reference", err) != PC_OK ||
            (*date && ds_parse_date(date, "start-date", err) != PC_OK))
            return row_fail(R, F_AGR, csv, r, err);
        if (!(key = key2(R, org, ref)))
            return PC_NOMEM(err);
        put = pc_index_put(&R->agreements, key, R->nagrs, &first);
        if (put < 0)
            return PC_NOMEM(err);
        if (put == 0) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"reference\": \"%.64s\" of %s is given twice "
                    "(first at row %ld; expected each agreement once per "
                    "organisation)",
                    ref, org, R->agrs[first].line);
            return row_fail(R, F_AGR, csv, r, err);
        }
        g->type = ds_ld_cell(csv, r, c[1]);
        g->date = *date ? date : NULL;
        g->line = csv->line[r];
        R->nagrs++;
    }
    return PC_OK;
}

/* The ledger's kind of an agreement type; its row in the file when not
 * one we know. */
static pc_status agreement_kind(rd *R, const agreement *g, const char **kind,
                                pc_error *err)
{
    if (!strcmp(g->type, "section-106") ||
        !strcmp(g->type, "deed-of-variation"))
        *kind = "s106";
    else if (!strcmp(g->type, "community-infrastructure-levy"))
        *kind = "cil";
    else
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s/%s: row %ld: field \"developer-agreement-type\": "
                       "\"%.64s\" (expected section-106, deed-of-variation "
                       "or community-infrastructure-levy)",
                       R->dir, F_AGR, g->line, g->type);
    return PC_OK;
}

/* --- contributions ----------------------------------------------------- */

enum { CC_REF, CC_AGR, CC_PURPOSE, CC_AMOUNT, CC_N };

/* Row r, a health contribution of org: one more import. */
static pc_status keep_contribution(rd *R, const ds_csv *csv, size_t r,
                                   const int *c, const char *org, pc_error *err)
{
    ds_contrib_import_set *s = R->s;
    const char *ref = ds_ld_cell(csv, r, c[CC_REF]);
    const char *agr = ds_ld_cell(csv, r, c[CC_AGR]);
    const char *amount = ds_ld_cell(csv, r, c[CC_AMOUNT]);
    const char *key = key2(R, org, agr), *kind = NULL;
    ds_contrib_import *x;
    size_t g, k;

    if (!key)
        return PC_NOMEM(err);
    if (need(agr, "developer-agreement", "the reference of its agreement",
             err) != PC_OK)
        return err->code;
    if (!pc_index_get(&R->agreements, key, &g))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "field \"developer-agreement\": \"%.64s\" is not an "
                       "agreement of %s in %s (expected the reference of an "
                       "agreement of the same organisation)",
                       agr, org, F_AGR);
    x = &s->v[s->n];
    x->allocated_gbp = 0;
    x->c.amount_gbp = 0;
    if (*amount && ds_parse_double(amount, "amount", 0, AMOUNT_MAX,
                                   &x->c.amount_gbp, err) != PC_OK)
        return err->code;
    if (agreement_kind(R, &R->agrs[g], &kind, err) != PC_OK)
        return err->code;
    x->organisation = org;
    x->reference = ref;
    x->agreement = agr;
    x->agreement_type = R->agrs[g].type;
    x->agreement_date = R->agrs[g].date;
    x->contribution_purpose = DS_CONTRIB_PURPOSE_HEALTH;
    x->to_complete = *amount ? NULL : "amount_gbp";
    x->c.kind = kind;
    pc_index_get(&R->scope, org, &k);
    x->lad_code = s->councils[k].lad_code;
    s->councils[k].contributions++;
    s->n++;
    return PC_OK;
}

static pc_status read_contributions(rd *R, pc_error *err)
{
    static const colspec spec[] = {{"reference", 1},
                                   {"developer-agreement", 1},
                                   {"contribution-purpose", 1},
                                   {"amount", 1}};
    int c[CC_N], oc[2];
    const ds_csv *csv;
    ds_contrib_import_set *s = R->s;

    if (read_file(R, F_CON, 1, &R->con, err) != PC_OK)
        return err->code;
    csv = R->con;
    s->contributions = csv->nrows;
    if (org_cols(R, F_CON, csv, oc, err) != PC_OK)
        return err->code;
    if (ds_ld_find_cols(csv, spec, CC_N, c, err) != PC_OK)
        return pc_error_wrap(err, "%s/%s", R->dir, F_CON);
    s->v = pc_arena_calloc(R->a, csv->nrows, sizeof *s->v);
    R->sums = calloc(csv->nrows ? csv->nrows : 1, sizeof *R->sums);
    if (!s->v || !R->sums)
        return PC_NOMEM(err);
    for (size_t r = 0; r < csv->nrows; r++) {
        const char *org, *ref = ds_ld_cell(csv, r, c[CC_REF]), *key;
        const char *purpose = ds_ld_cell(csv, r, c[CC_PURPOSE]);
        int health, put;

        if (row_org(R, csv, r, oc[0], oc[1], &org, err) != PC_OK)
            return row_fail(R, F_CON, csv, r, err);
        if (!in_scope(R, org)) {
            s->other_councils++;
            continue;
        }
        if (need(ref, "reference", "the contribution's reference", err) !=
            PC_OK)
            return row_fail(R, F_CON, csv, r, err);
        if (!(key = key2(R, org, ref)))
            return PC_NOMEM(err);
        health = !strcmp(purpose, DS_CONTRIB_PURPOSE_HEALTH);
        put = pc_index_put(&R->contribs, key, health ? s->n : NOT_KEPT, NULL);
        if (put < 0)
            return PC_NOMEM(err);
        if (put == 0) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"reference\": \"%.64s\" of %s is given twice "
                    "(expected each contribution once per organisation)",
                    ref, org);
            return row_fail(R, F_CON, csv, r, err);
        }
        if (!health) {
            s->other_purpose++;
            continue;
        }
        if (keep_contribution(R, csv, r, c, org, err) != PC_OK)
            return row_fail(R, F_CON, csv, r, err);
    }
    return PC_OK;
}

/* --- transactions ------------------------------------------------------ */

enum { CT_CON, CT_STATUS, CT_AMOUNT, CT_START, CT_ENTRY, CT_N };

static void earliest(const char **have, const char *date)
{
    if (date && (!*have || strcmp(date, *have) < 0))
        *have = date;
}

/* Row r, a transaction of kept contribution k. */
static pc_status add_payment(rd *R, const ds_csv *csv, size_t r, const int *c,
                             size_t k, pc_error *err)
{
    static const char *const statuses[] = {"received", "allocated", "spent",
                                           "secured", NULL};
    const char *status = ds_ld_cell(csv, r, c[CT_STATUS]);
    const char *amount = ds_ld_cell(csv, r, c[CT_AMOUNT]);
    const char *start = ds_ld_cell(csv, r, c[CT_START]);
    const char *entry = ds_ld_cell(csv, r, c[CT_ENTRY]);
    const char *date = *start ? start : (*entry ? entry : NULL);
    sums *m = &R->sums[k];
    double v = 0;

    if (ds_parse_enum(status, "contribution-funding-status", statuses, err) !=
            PC_OK ||
        need(amount, "amount", "the amount in pounds", err) != PC_OK ||
        ds_parse_double(amount, "amount", 0, AMOUNT_MAX, &v, err) != PC_OK ||
        (*start && ds_parse_date(start, "start-date", err) != PC_OK) ||
        (*entry && ds_parse_date(entry, "entry-date", err) != PC_OK))
        return err->code;
    R->s->payments++;
    if (!strcmp(status, "received")) {
        m->received += v;
        m->nreceived++;
        earliest(&m->first_received, date);
    } else if (!strcmp(status, "allocated")) {
        m->allocated += v;
    } else if (!strcmp(status, "spent")) {
        m->spent += v;
        m->nspent++;
        earliest(&m->first_spent, date);
    }
    return PC_OK;
}

static pc_status read_transactions(rd *R, pc_error *err)
{
    static const colspec spec[] = {{"developer-agreement-contribution", 1},
                                   {"contribution-funding-status", 1},
                                   {"amount", 1},
                                   {"start-date", 0},
                                   {"entry-date", 0}};
    int c[CT_N], oc[2];
    const ds_csv *csv;

    if (read_file(R, F_TRA, 1, &R->tra, err) != PC_OK)
        return err->code;
    csv = R->tra;
    R->s->transactions = csv->nrows;
    if (org_cols(R, F_TRA, csv, oc, err) != PC_OK)
        return err->code;
    if (ds_ld_find_cols(csv, spec, CT_N, c, err) != PC_OK)
        return pc_error_wrap(err, "%s/%s", R->dir, F_TRA);
    for (size_t r = 0; r < csv->nrows; r++) {
        const char *org, *ref = ds_ld_cell(csv, r, c[CT_CON]), *key;
        size_t k;

        if (row_org(R, csv, r, oc[0], oc[1], &org, err) != PC_OK)
            return row_fail(R, F_TRA, csv, r, err);
        if (!in_scope(R, org))
            continue;
        if (!(key = key2(R, org, ref)))
            return PC_NOMEM(err);
        if (!pc_index_get(&R->contribs, key, &k)) {
            PC_FAIL(err, PC_ERR_INPUT,
                    "field \"developer-agreement-contribution\": \"%.64s\" "
                    "is not a contribution of %s in %s (expected the "
                    "reference of a contribution of the same organisation)",
                    ref, org, F_CON);
            return row_fail(R, F_TRA, csv, r, err);
        }
        if (k != NOT_KEPT && add_payment(R, csv, r, c, k, err) != PC_OK)
            return row_fail(R, F_TRA, csv, r, err);
    }
    return PC_OK;
}

/* --- onto the ledger --------------------------------------------------- */

/* The status, money and what is to complete of import x from its
 * transactions m: spent when all the money received is spent, received
 * when some is held (allocated to a project or not), else agreed. Money
 * spent beyond what is recorded as received counts as received too. */
static pc_status finish(rd *R, ds_contrib_import *x, const sums *m,
                        pc_error *err)
{
    ds_contribution *c = &x->c;
    double received = m->received > m->spent ? m->received : m->spent;
    const char *date = m->first_received ? m->first_received : m->first_spent;
    const char *extra = x->to_complete;

    c->id = pc_arena_printf(R->a, "%s/%s", strchr(x->organisation, ':') + 1,
                            x->reference);
    c->site_id = c->base_date = c->purpose = c->triggers = NULL;
    c->illustrative = NULL;
    c->land = 0;
    c->land_ha = NAN;
    c->spend_by_years = -1;
    c->received_gbp = m->nreceived || m->nspent ? received : NAN;
    c->spent_gbp = m->nspent ? m->spent : NAN;
    c->received_date = received > 0 ? date : NULL;
    x->allocated_gbp = m->allocated;
    if (m->nspent && received > 0 && m->spent >= received - 0.005)
        c->status = "spent";
    else if (received > 0)
        c->status = "received";
    else
        c->status = "agreed";
    x->to_complete = pc_arena_printf(
        R->a, "%s%s%s%s", DS_CONTRIB_TO_COMPLETE, extra ? ";" : "",
        extra ? extra : "",
        received > 0 && !c->received_date ? ";received_date" : "");
    if (!c->id || !x->to_complete)
        return PC_NOMEM(err);
    return PC_OK;
}

static int by_id(const void *a, const void *b)
{
    const ds_contrib_import *x = a, *y = b;

    return strcmp(x->c.id, y->c.id);
}

static int by_org(const void *a, const void *b)
{
    const ds_contrib_council *x = a, *y = b;

    return strcmp(x->organisation, y->organisation);
}

/* Ids once every row is read; organisations must have a prefix, so an id
 * is "<their reference>/<reference>". */
static pc_status finish_all(rd *R, pc_error *err)
{
    ds_contrib_import_set *s = R->s;

    for (size_t i = 0; i < s->n; i++) {
        if (!strchr(s->v[i].organisation, ':'))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s/%s: contribution \"%.64s\": field "
                           "\"organisation\": \"%.64s\" (expected an "
                           "organisation such as local-authority:RUG)",
                           R->dir, F_CON, s->v[i].reference,
                           s->v[i].organisation);
        if (finish(R, &s->v[i], &R->sums[i], err) != PC_OK)
            return err->code;
    }
    qsort(s->v, s->n, sizeof *s->v, by_id);
    qsort(s->councils, s->ncouncils, sizeof *s->councils, by_org);
    for (size_t i = 1; i < s->n; i++)
        if (!strcmp(s->v[i].c.id, s->v[i - 1].c.id))
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s/%s: contributions \"%.64s\" of %s and of %s "
                           "make the same id %s (expected organisations "
                           "whose references differ)",
                           R->dir, F_CON, s->v[i].reference,
                           s->v[i - 1].organisation, s->v[i].organisation,
                           s->v[i].c.id);
    for (size_t i = 0; i < s->ncouncils; i++)
        if (!s->councils[i].lad_code &&
            pc_strlist_addf(&s->warnings, R->a, err,
                            "%s: no LAD known (not in %s, or no "
                            "statistical-geography): its contributions have "
                            "no place",
                            s->councils[i].organisation, F_ORG) != PC_OK)
            return err->code;
    return PC_OK;
}

void ds_contrib_import_set_free(ds_contrib_import_set *s)
{
    if (!s)
        return;
    pc_arena_free(s->arena);
    free(s);
}

pc_status ds_contrib_import_read(const char *dir, const ds_contrib_scope *scope,
                                 ds_contrib_import_set **out, pc_error *err)
{
    rd R;
    pc_status rc;

    memset(&R, 0, sizeof R);
    R.dir = dir;
    if (!(R.s = calloc(1, sizeof *R.s)) || !(R.s->arena = pc_arena_new())) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    R.a = R.s->arena;
    if (!(R.s->dir = pc_arena_strdup(R.a, dir))) {
        rc = PC_NOMEM(err);
        goto cleanup;
    }
    if ((rc = read_orgs(&R, err)) != PC_OK ||
        (rc = read_scope(&R, scope, err)) != PC_OK ||
        (rc = read_agreements(&R, err)) != PC_OK ||
        (rc = read_contributions(&R, err)) != PC_OK ||
        (rc = read_transactions(&R, err)) != PC_OK ||
        (rc = finish_all(&R, err)) != PC_OK)
        goto cleanup;
    /* the strings the set keeps point into the CSVs: copy them */
    for (size_t i = 0; i < R.s->n; i++) {
        ds_contrib_import *x = &R.s->v[i];

        x->organisation = pc_arena_strdup(R.a, x->organisation);
        x->reference = pc_arena_strdup(R.a, x->reference);
        x->agreement = pc_arena_strdup(R.a, x->agreement);
        x->agreement_type = pc_arena_strdup(R.a, x->agreement_type);
        x->agreement_date =
            x->agreement_date ? pc_arena_strdup(R.a, x->agreement_date) : NULL;
        x->c.received_date = x->c.received_date
                                 ? pc_arena_strdup(R.a, x->c.received_date)
                                 : NULL;
        if (!x->organisation || !x->reference || !x->agreement ||
            !x->agreement_type) {
            rc = PC_NOMEM(err);
            goto cleanup;
        }
    }
    *out = R.s;
    R.s = NULL;

cleanup:
    ds_contrib_import_set_free(R.s);
    ds_csv_free(R.org);
    ds_csv_free(R.agr);
    ds_csv_free(R.con);
    ds_csv_free(R.tra);
    pc_index_free(&R.orgs);
    pc_index_free(&R.entities);
    pc_index_free(&R.scope);
    pc_index_free(&R.agreements);
    pc_index_free(&R.contribs);
    free(R.sums);
    return rc;
}
