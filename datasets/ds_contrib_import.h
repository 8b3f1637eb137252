/* ds_contrib_import.h: the national developer-contributions data read into
 * the contributions ledger, and kept in the store.
 *
 * MHCLG publishes, on planning.data.gov.uk, what councils report of their
 * S106 agreements and CIL under the developer-contributions specification
 * (digital-land/specification, content/specification/
 * developer-contributions.md): three CSV files,
 *   developer-agreement.csv              reference, organisation,
 *                                        developer-agreement-type,
 *                                        start-date, ...
 *   developer-agreement-contribution.csv reference, organisation,
 *                                        developer-agreement,
 *                                        contribution-purpose, amount, ...
 *   developer-agreement-transaction.csv  reference, organisation,
 *                                        developer-agreement-contribution,
 *                                        contribution-funding-status,
 *                                        amount, start-date, entry-date
 * and the organisation dataset, organisation.csv (organisation, entity,
 * name, statistical-geography), which ties an organisation such as
 * "local-authority:RUG" to its LAD's GSS code. A row may name its
 * organisation by entity number (organisation-entity) instead, as the
 * platform's own downloads do; organisation.csv then turns it into the
 * organisation.
 *
 * ds_contrib_import_read() keeps the contributions whose
 * contribution-purpose is "health" of the councils in scope, joins each to
 * its agreement and its transactions by (organisation, reference), since
 * references repeat across councils, and maps them onto the ledger (see
 * README, "pcplan contributions import"). Only rows of the councils in
 * scope are checked field by field; a bad one is PC_ERR_INPUT naming the
 * file, the row, the field and what was expected. Nothing is written:
 * ds_store_contrib_imports_put() writes the result in one transaction. */
#ifndef DS_CONTRIB_IMPORT_H
#define DS_CONTRIB_IMPORT_H

#include "ds_dataset.h"
#include "ds_store.h"
#include "pc_arena.h"
#include "pc_error.h"
#include "pc_strlist.h"

#include <stddef.h>

/* The value of contribution-purpose kept. */
#define DS_CONTRIB_PURPOSE_HEALTH "health"

/* What the data lacks, as contributions.csv fields, for every imported
 * contribution (amount_gbp and received_date are added when missing). */
#define DS_CONTRIB_TO_COMPLETE \
    "site_id;triggers;spend_by_years;base_date;purpose"

/* Which councils to keep. */
typedef struct ds_contrib_scope {
    const char *const *lpas; /* organisations ("local-authority:RUG") or LAD
                                GSS codes ("E07000220"); none: lads */
    size_t nlpas;
    const char *const *lads; /* the store's LAD codes */
    size_t nlads;
} ds_contrib_scope;

/* A council in scope. */
typedef struct ds_contrib_council {
    const char *organisation; /* "local-authority:RUG" */
    const char *name;         /* from organisation.csv; NULL without it */
    const char *lad_code;     /* its statistical-geography; NULL: unknown */
    size_t contributions;     /* health contributions kept */
} ds_contrib_council;

typedef struct ds_contrib_import_set {
    const char *dir;
    ds_contrib_import *v; /* by contribution id */
    size_t n;
    ds_contrib_council *councils; /* by organisation */
    size_t ncouncils;
    size_t agreements, contributions, transactions; /* rows read */
    size_t other_purpose;  /* contributions of the councils not for health */
    size_t other_councils; /* contribution rows of other organisations */
    size_t payments;       /* transactions of the contributions kept */
    pc_strlist warnings;
    struct pc_arena *arena; /* owns everything above */
} ds_contrib_import_set;

/* Reads the files in dir (organisation.csv may be absent when every
 * council in scope is given as an organisation and no row names its
 * organisation by entity). Councils given as LAD GSS codes, or taken from
 * scope->lads, are the organisations whose statistical-geography is that
 * code. PC_ERR_IO for a file that cannot be read, PC_ERR_INPUT for bad
 * data or a council that cannot be found. On success *out is owned by the
 * caller (ds_contrib_import_set_free, which accepts NULL). */
pc_status ds_contrib_import_read(const char *dir, const ds_contrib_scope *scope,
                                 ds_contrib_import_set **out, pc_error *err);
void ds_contrib_import_set_free(ds_contrib_import_set *s);

/* What a put changed. */
typedef struct ds_contrib_import_counts {
    size_t added, changed, unchanged, removed;
} ds_contrib_import_counts;

/* Writes the set into the store in one transaction: each council in scope
 * then holds exactly the set's contributions of it (rows it held before
 * and the set lacks are removed; rows that are the same are not
 * rewritten, so putting the same set twice changes nothing). Other
 * councils' rows are left alone. On failure the store is as it was. */
pc_status ds_store_contrib_imports_put(ds_store *st,
                                       const ds_contrib_import_set *s,
                                       ds_contrib_import_counts *counts,
                                       pc_error *err);

#endif
