/* rpt_report_set.c: the report as a set of pages (see rpt_report.h):
 * every page made in memory, from the places of the document's rows read
 * once for all of them, then written to a folder as one (rpt_report_write)
 * or kept to answer for a place later without the document
 * (rpt_report_pages, a server's pages of its scenario). */
#include "rpt_report_int.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "pc_text.h"
#include "rpt_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The pages of a report set: buf[k] goes to file[k]; the index is last. */
typedef struct pageset {
    pc_buf *buf;
    const char **names; /* the places' names, borrowed from the document */
    char (*file)[RPT_PAGE_CAP];
    size_t n; /* places; the index is page n */
} pageset;

static void pageset_free(pageset *s)
{
    for (size_t k = 0; s->buf && k <= s->n; k++)
        pc_buf_free(&s->buf[k]);
    free(s->buf);
    free(s->names);
    free(s->file);
}

/* pageset_make's pages, of the places read once into of; the index last
 * when index is 1. */
static pc_status pageset_pages(const cJSON *doc, const char *place,
                               const rpt_places_of *of, size_t n, int index,
                               pageset *s, pc_error *err)
{
    const cJSON *places = cJSON_GetObjectItemCaseSensitive(doc, "places"), *p;

    s->buf = calloc(n + 1, sizeof *s->buf);
    s->names = calloc(n + 1, sizeof *s->names);
    s->file = calloc(n + 1, sizeof *s->file);
    if (!s->buf || !s->names || !s->file)
        return PC_NOMEM(err);
    if (place)
        s->names[s->n++] = rpt_pg_doc_place(doc, place);
    else
        cJSON_ArrayForEach(p, places)
        {
            const char *name = cJSON_GetStringValue(
                cJSON_GetObjectItemCaseSensitive(p, "name"));

            if (name)
                s->names[s->n++] = name;
        }
    for (size_t k = 0; k < s->n + (index != 0); k++) {
        pc_status rc;

        s->buf[k] = (pc_buf)PC_BUF_INIT(PC_CAP_DOC);
        if (k < s->n) {
            rc = rpt_report_place_of(doc, s->names[k], of, &s->buf[k], err);
            if (rc == PC_OK)
                rc = rpt_report_page_file(doc, s->names[k], s->file[k],
                                          sizeof s->file[k], err);
        } else {
            snprintf(s->file[k], sizeof s->file[k], "index.html");
            rc = rpt_report_index(doc, s->names, s->n, &s->buf[k], err);
        }
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

/* Makes every page of the set in memory (the index when index is 1). */
static pc_status pageset_make(const cJSON *doc, const char *place, int index,
                              pageset *s, pc_error *err)
{
    const cJSON *places = cJSON_GetObjectItemCaseSensitive(doc, "places");
    size_t n = cJSON_IsArray(places) ? (size_t)cJSON_GetArraySize(places) : 0;
    rpt_places_of of;
    pc_status rc = rpt_places_of_read(doc, &of, err);

    if (rc != PC_OK) {
        rpt_places_of_free(&of);
        return rc;
    }
    rc = pageset_pages(doc, place, &of, n, index, s, err);
    rpt_places_of_free(&of);
    return rc;
}

pc_status rpt_report_write(const cJSON *doc, const char *place, const char *dir,
                           const char ***written, size_t *nwritten,
                           pc_error *err)
{
    pageset s = {0};
    pc_fileset *fs = NULL;
    const char **paths = NULL, **files = NULL;
    pc_status rc = pageset_make(doc, place, 1, &s, err);

    if (rc == PC_OK && !(files = calloc(s.n + 1, sizeof *files)))
        rc = PC_NOMEM(err);
    for (size_t k = 0; rc == PC_OK && k <= s.n; k++)
        files[k] = s.file[k];
    if (rc == PC_OK)
        rc = rpt_paths(dir, files, s.n + 1, &paths, err);
    /* the pages go into a new folder that replaces dir whole, with the
     * other pages there carried over (pc_fileset.h) */
    if (rc == PC_OK)
        rc = pc_fileset_begin(dir, 1, &fs, err);
    for (size_t k = 0; rc == PC_OK && k <= s.n; k++)
        rc = pc_fileset_write(fs, s.file[k], pc_buf_str(&s.buf[k]),
                              s.buf[k].len, err);
    if (rc == PC_OK)
        rc = pc_fileset_commit(fs, err);
    if (rc == PC_OK) {
        if (nwritten)
            *nwritten = s.n + 1;
        if (written) {
            *written = paths;
            paths = NULL;
        }
    }
    pc_fileset_free(fs);
    rpt_paths_free(paths);
    free(files);
    pageset_free(&s);
    return rc;
}

/* --- the pages in memory ------------------------------------------------- */

pc_status rpt_report_pages(const cJSON *doc, rpt_pages *out, pc_error *err)
{
    pageset s = {0};
    pc_status rc = pageset_make(doc, NULL, 0, &s, err);

    memset(out, 0, sizeof *out);
    if (rc == PC_OK && (!(out->names = calloc(s.n + 1, sizeof *out->names)) ||
                        !(out->html = calloc(s.n + 1, sizeof *out->html))))
        rc = PC_NOMEM(err);
    for (size_t k = 0; rc == PC_OK && k < s.n; k++) {
        if (!(out->names[k] = strdup(s.names[k]))) {
            rc = PC_NOMEM(err);
            break;
        }
        out->html[k] = s.buf[k]; /* taken */
        s.buf[k] = (pc_buf)PC_BUF_INIT(PC_CAP_DOC);
        out->n = k + 1;
    }
    pageset_free(&s);
    if (rc != PC_OK)
        rpt_pages_free(out);
    return rc;
}

pc_status rpt_pages_place(const rpt_pages *p, const char *place, pc_buf *out,
                          pc_error *err)
{
    size_t at = pc_name_find(place, p->names, p->n, pc_name_of_strings);

    if (at == p->n)
        return pc_name_missing("place", place, p->names, p->n,
                               pc_name_of_strings, err);
    return pc_buf_add(out, pc_buf_str(&p->html[at]), p->html[at].len)
               ? PC_NOMEM(err)
               : PC_OK;
}

void rpt_pages_free(rpt_pages *p)
{
    for (size_t k = 0; k < p->n; k++) {
        free(p->names[k]);
        pc_buf_free(&p->html[k]);
    }
    free(p->names);
    free(p->html);
    memset(p, 0, sizeof *p);
}
