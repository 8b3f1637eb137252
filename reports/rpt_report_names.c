/* rpt_report_names.c: the file names of the report's pages (see
 * rpt_report.h): a place's name as a slug, made unique among the
 * document's places and never the index's, before anything is written. */
#include "rpt_report_int.h"

#include "pc_error.h"
#include "pc_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rpt_doc_place_name(const void *places, size_t i)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(
        cJSON_GetArrayItem((const cJSON *)places, (int)i), "name"));
}

const char *rpt_pg_doc_place(const cJSON *doc, const char *place)
{
    const cJSON *places = cJSON_GetObjectItemCaseSensitive(doc, "places");
    size_t n = (size_t)cJSON_GetArraySize(places);
    size_t at = pc_name_find(place, places, n, rpt_doc_place_name);

    return at < n ? rpt_doc_place_name(places, at) : place;
}

void rpt_report_file(const char *place, char *out, size_t n)
{
    size_t k = 0;
    int dash = 0;

    for (const unsigned char *s = (const unsigned char *)place; *s; s++) {
        if (isalnum(*s) && *s < 0x80) {
            if (dash && k > 0 && k + 1 < n)
                out[k++] = '-';
            dash = 0;
            if (k + 1 < n)
                out[k++] = (char)tolower(*s);
        } else {
            dash = 1;
        }
    }
    if (k == 0 && n > 6)
        out[k++] = 'p', out[k++] = 'l', out[k++] = 'a', out[k++] = 'c',
        out[k++] = 'e';
    snprintf(out + k, n - k, ".html");
}

/* Is file taken by one of the first n names of files, or the index's? */
static int file_taken(char (*files)[RPT_PAGE_CAP], size_t n, const char *file)
{
    if (!strcmp(file, "index.html"))
        return 1;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(files[k], file))
            return 1;
    return 0;
}

/* The file names of the document's places, in its order: each place's
 * rpt_report_file() name, or when an earlier place (or the index) has it,
 * the same with "-2", "-3", ... before ".html". *out is malloc'd, *n long
 * ("Rugby", "RUGBY!" -> rugby.html, rugby-2.html; "Index" -> index-2). */
static pc_status page_files(const cJSON *doc, char (**out)[RPT_PAGE_CAP],
                            size_t *n, pc_error *err)
{
    const cJSON *places = cJSON_GetObjectItemCaseSensitive(doc, "places"), *e;
    size_t cap = cJSON_IsArray(places) ? (size_t)cJSON_GetArraySize(places) : 0;
    char(*files)[RPT_PAGE_CAP] = calloc(cap + 1, sizeof *files);
    size_t k = 0;

    if (!files)
        return PC_NOMEM(err);
    cJSON_ArrayForEach(e, places)
    {
        const char *name =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "name"));
        char base[RPT_PAGE_CAP - 16];
        size_t len;

        if (k == cap)
            break;
        rpt_report_file(name ? name : "", base, sizeof base);
        snprintf(files[k], RPT_PAGE_CAP, "%s", base);
        len = strlen(base) - strlen(".html");
        for (int i = 2; file_taken(files, k, files[k]); i++)
            snprintf(files[k], RPT_PAGE_CAP, "%.*s-%d.html", (int)len, base, i);
        k++;
    }
    *out = files;
    *n = k;
    return PC_OK;
}

pc_status rpt_report_page_file(const cJSON *doc, const char *place, char *out,
                               size_t n, pc_error *err)
{
    const cJSON *places = cJSON_GetObjectItemCaseSensitive(doc, "places"), *e;
    char(*files)[RPT_PAGE_CAP] = NULL;
    size_t nfiles = 0, k = 0;
    pc_status rc = page_files(doc, &files, &nfiles, err);

    if (rc != PC_OK)
        return rc;
    place = rpt_pg_doc_place(doc, place);
    rc = PC_ERR_NOTFOUND;
    cJSON_ArrayForEach(e, places)
    {
        const char *name =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "name"));

        if (k < nfiles && name && place && !strcmp(name, place)) {
            snprintf(out, n, "%s", files[k]);
            rc = PC_OK;
            break;
        }
        k++;
    }
    free(files);
    if (rc != PC_OK)
        return PC_FAIL(err, rc, "no place named \"%s\"", place ? place : "");
    return rc;
}
