/* plan_assumptions.h: the `assumptions` view: the assumption register with
 * a preset's values, every figure with its id, unit and source. */
#ifndef PLAN_ASSUMPTIONS_H
#define PLAN_ASSUMPTIONS_H

#include "ds_store.h"
#include "pc_buf.h"
#include "pc_error.h"

/* JSON keys: preset (null without one), presets, assumptions [{id, value,
 * default, unit, source, note, from_preset}]. */
pc_status plan_assumptions_json(const ds_assumption_list *l, pc_buf *out,
                                pc_error *err);
/* A text table; values the preset sets are marked with '*'. */
pc_status plan_assumptions_table(const ds_assumption_list *l, pc_buf *out,
                                 pc_error *err);

#endif
