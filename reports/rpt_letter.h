/* rpt_letter.h: the ICB's response to a planning consultation, written
 * from one site assessment (DESIGN.md §3.4).
 *
 * The input is a site assessment as a JSON document (schema
 * "pcplan-site-assessment/1"). The letter sets out the development, the
 * residents and new patients it brings and the practices they will
 * register with, the capacity evidence at those practices, the three tests
 * of regulation 122 of the CIL Regulations 2010 argued from the numbers,
 * the ask (capital and/or land, purpose, payment triggers, spend period,
 * indexation), whether any figure rests on illustrative values, the
 * calculation trace and the warnings. When the assessment seeks nothing
 * (no_ask_reason), the letter says so and why, and asks for no money.
 *
 * The same content is written as Markdown or as one self-contained HTML
 * document (inline style with an A4 print stylesheet, no external
 * requests) that is also well-formed XML. Every string from the JSON is
 * escaped. The output depends only on the input: the letter is dated with
 * the assessment's as_of. */
#ifndef RPT_LETTER_H
#define RPT_LETTER_H

#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_doc.h" /* rpt_format */
#include "rpt_files.h"

#include <cjson/cJSON.h>

/* Appends the consultation response for one site assessment to out. The
 * assessment is borrowed. Keys the letter uses must be present with the
 * right type; keys documented as nullable (site.site_id, site.name,
 * site.lon/lat, mix, planning_status, land_ha, no_ask_reason, preset,
 * scenario, ...) may be null or absent; suggested is required only when
 * something is asked for; unknown keys are ignored.
 * On failure returns PC_ERR_INPUT with a message naming the key
 * ("site assessment: key \"practices[1].share\": expected a number, got a
 * string"), or PC_ERR_NOMEM when the letter would take out past its cap;
 * out is then left as it was. */
pc_status rpt_letter(const cJSON *assessment, rpt_format fmt, pc_buf *out,
                     pc_error *err);

/* Writes the letter as STEM.md and STEM.html, where STEM is file less a
 * ".md" or ".html" ending. Both are made in memory before either is
 * written, so an assessment the letter cannot be made from writes
 * nothing; both then go to temporaries renamed over the pair
 * (pc_file_write_set: a failure leaves both as they were; a kill between
 * the two renames leaves STEM.md new and STEM.html old). On success
 * *written (when not NULL) is {STEM.md, STEM.html, NULL}, freed by
 * rpt_paths_free() (rpt_files.h). Failures are rpt_letter()'s, and
 * PC_ERR_IO naming the path. */
pc_status rpt_letter_write(const cJSON *assessment, const char *file,
                           const char ***written, pc_error *err);

#endif
