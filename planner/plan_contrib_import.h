/* plan_contrib_import.h: `pcplan contributions import`: the health
 * contributions of the ICB's councils from the national developer-
 * contributions data (ds_contrib_import.h) into the store, where the
 * contributions ledger (plan_contrib.h) finds them, and what the import
 * did, as a table or JSON. */
#ifndef PLAN_CONTRIB_IMPORT_H
#define PLAN_CONTRIB_IMPORT_H

#include "ds_contrib_import.h"
#include "pc_buf.h"
#include "pc_error.h"

typedef struct plan_contrib_import_result {
    ds_contrib_import_set *set;      /* what was read */
    ds_contrib_import_counts counts; /* what the store took of it */
} plan_contrib_import_result;

/* Imports the files of dir into the store at db_path (which must hold a
 * dataset): the councils lpas[0..nlpas) (organisations such as
 * "local-authority:RUG" or LAD GSS codes), or, with none, the councils of
 * the store's LADs. All or nothing: on any failure the store is as it
 * was. PC_ERR_NOTFOUND for a missing store or dataset; PC_ERR_INPUT (bad
 * data, naming file, row and field) or PC_ERR_IO for the files. *out is
 * owned by the caller (plan_contrib_import_free, which accepts NULL). */
pc_status plan_contrib_import(const char *db_path, const char *dir,
                              const char *const *lpas, size_t nlpas,
                              plan_contrib_import_result **out, pc_error *err);
void plan_contrib_import_free(plan_contrib_import_result *r);

/* The councils, the counts (rows read, kept, added, changed, unchanged,
 * removed), one line per contribution kept, the warnings and what "to
 * complete" means. */
pc_status plan_contrib_import_table(const plan_contrib_import_result *r,
                                    pc_buf *out, pc_error *err);

/* JSON keys: councils [{organisation, name, lad_code,
 * contributions}], read {agreements, contributions, transactions,
 * other_purpose, other_councils, payments}, store {added, changed,
 * unchanged, removed}, contributions [{contribution_id, organisation,
 * reference, agreement, agreement_type, kind, status, amount_gbp,
 * received_gbp, received_date, allocated_gbp, spent_gbp, lad_code,
 * to_complete [fields]}], warnings. */
pc_status plan_contrib_import_json(const plan_contrib_import_result *r,
                                   pc_buf *out, pc_error *err);

#endif
