/* plan_info.h: the `info` view of a store: what the dataset holds, per
 * place and for the system, as JSON (for the CLI and the HTTP API) or as a
 * text table. */
#ifndef PLAN_INFO_H
#define PLAN_INFO_H

#include "ds_store.h"
#include "pc_buf.h"
#include "pc_error.h"

/* Appends the summary as a JSON document (with a trailing newline) to out.
 * Keys: base_year, dataset, list_date, system, places[], tables. */
pc_status plan_info_json(const ds_summary *s, pc_buf *out, pc_error *err);

/* Appends the summary as a fixed-width text table to out. */
pc_status plan_info_table(const ds_summary *s, pc_buf *out, pc_error *err);

#endif
