/* plan_envelope.c: see plan_envelope.h. */
#include "plan_envelope.h"

#include "pc_buf.h"
#include "pc_error.h"
#include "pc_text.h"
#include "plan_report.h"

#include <cjson/cJSON.h>

#include <string.h>

/* Every kind of answer and its format id. The ids a document already
 * carries inside (the report, the programme, the backtest, assessments,
 * a dataset build) are the same ids here. */
static const struct {
    const char *kind, *format;
} formats[] = {
    {"info", "pcplan-info/1"},
    {"sites", "pcplan-sites/1"},
    {"site", "pcplan-site/1"},
    {"site-assessment", "pcplan-site-assessment/1"},
    {"site-assessments", "pcplan-site-assessments/1"},
    {"near", "pcplan-near/1"},
    {"assumptions", "pcplan-assumptions/1"},
    {"run", "pcplan-run/1"},
    {"runs", "pcplan-runs/1"},
    {"compare", "pcplan-compare/1"},
    {"backtest", "pcplan-backtest/1"},
    {"contributions", "pcplan-contributions/1"},
    {"contributions-import", "pcplan-contributions-import/1"},
    {"programme", "pcplan-programme/1"},
    {"programmes", "pcplan-programmes/1"},
    {"programme-compare", "pcplan-programme-compare/1"},
    {"report", PLAN_REPORT_FORMAT},
    {"dataset-build", "pcplan-dataset-build/1"},
};

const char *plan_envelope_format(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof formats / sizeof *formats; i++)
        if (!strcmp(kind, formats[i].kind))
            return formats[i].format;
    return NULL;
}

/* A JSON string of s as valid UTF-8 (an argument or a path is echoed as
 * the user gave it, but a byte that is not UTF-8 becomes U+FFFD); NULL
 * when out of memory. */
static cJSON *echo_string(const char *s)
{
    pc_buf b = PC_BUF_INIT(PC_CAP_TEXT);
    cJSON *j = pc_utf8_repair(s, &b) == PC_OK
                   ? cJSON_CreateString(pc_buf_str(&b))
                   : NULL;

    pc_buf_free(&b);
    return j;
}

/* The envelope's head (format, version, inputs) as printed text. */
static char *envelope_head(const plan_envelope *e, const char *format)
{
    cJSON *root = cJSON_CreateObject(), *in, *args, *st;
    char *text = NULL;
    int ok = root != NULL;

    ok = ok && cJSON_AddStringToObject(root, "format", format);
    ok = ok && cJSON_AddStringToObject(root, "version", PCPLAN_VERSION);
    ok = ok && (in = cJSON_AddObjectToObject(root, "inputs")) != NULL;
    ok = ok && cJSON_AddStringToObject(in, "command", e->command);
    ok = ok && (args = cJSON_AddArrayToObject(in, "arguments")) != NULL;
    for (size_t i = 0; ok && i < e->nargs; i++) {
        cJSON *s = echo_string(e->args[i]);

        ok = s && cJSON_AddItemToArray(args, s);
    }
    if (ok) {
        st = e->store ? echo_string(e->store) : cJSON_CreateNull();
        ok = st && cJSON_AddItemToObject(in, "store", st);
    }
    if (ok)
        text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

/* Appends text with a tab after every line break but a final one: the
 * JSON one level deeper (a string never holds a raw line break). */
static pc_status indent(pc_buf *out, const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == '\n')
        n--;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t k = nl ? (size_t)(nl - (s + i)) + 1 : n - i;

        if (pc_buf_add(out, s + i, k) != PC_OK ||
            (nl && pc_buf_add(out, "\t", 1) != PC_OK))
            return PC_ERR_NOMEM;
        i += k;
    }
    return PC_OK;
}

pc_status plan_envelope_wrap(const plan_envelope *e, const pc_buf *result,
                             pc_buf *out, pc_error *err)
{
    const char *format = plan_envelope_format(e->kind);
    char *head;
    size_t n;
    pc_status rc = PC_OK;

    if (!format)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "no JSON format for an answer of kind \"%s\"",
                       e->kind ? e->kind : "");
    if (!(head = envelope_head(e, format)))
        return PC_FAIL(err, PC_ERR_NOMEM, "out of memory formatting JSON");
    n = strlen(head);
    /* the head ends "\n}": result goes in before that brace */
    if (n < 2 || head[n - 1] != '}' || head[n - 2] != '\n' ||
        pc_buf_add(out, head, n - 2) != PC_OK ||
        pc_buf_puts(out, ",\n\t\"result\":\t") != PC_OK ||
        indent(out, pc_buf_str(result), result->len) != PC_OK ||
        pc_buf_puts(out, "\n}\n") != PC_OK)
        rc = PC_FAIL(err, PC_ERR_NOMEM, "out of memory formatting JSON");
    cJSON_free(head);
    return rc;
}
