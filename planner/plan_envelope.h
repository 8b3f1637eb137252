/* plan_envelope.h: the one shape of every command's JSON answer.
 *
 *   {"format": "pcplan-run/1", "version": "0.1.0",
 *    "inputs": {"command": "run", "arguments": [...], "store": "pcplan.db"},
 *    "result": {...the command's own document...}}
 *
 * format names what result holds and the version of its layout (the id
 * changes when a key is renamed or removed, not when one is added);
 * version is pcplan's; inputs are the command line as given, so that a
 * saved answer says how to make it again. The result is the library's
 * JSON text for the command, spliced in unchanged (indented one level). */
#ifndef PLAN_ENVELOPE_H
#define PLAN_ENVELOPE_H

#include "pc_buf.h"
#include "pc_error.h"

#include <stddef.h>

/* What a command answered, for its envelope. */
typedef struct plan_envelope {
    const char *kind;        /* the answer's kind: "run", "site-assessment" */
    const char *command;     /* as typed: "run", "site assess" */
    const char *const *args; /* the arguments after the command */
    size_t nargs;
    const char *store; /* the store's path; NULL: none used */
} plan_envelope;

/* The format id of an answer's kind ("pcplan-run/1"); NULL when kind is
 * not one of the kinds the envelope knows. */
const char *plan_envelope_format(const char *kind);

/* Appends to out the envelope of e around result, a JSON text (an object
 * or an array, with or without a final newline). An unknown kind is
 * PC_ERR_INPUT. */
pc_status plan_envelope_wrap(const plan_envelope *e, const pc_buf *result,
                             pc_buf *out, pc_error *err);

#endif
