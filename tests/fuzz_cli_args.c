/* fuzz_cli_args.c: the values of command-line options (STYLE.md §12). The
 * bytes are split at NUL bytes into words, taken in pairs as an option's
 * key and value: through plan_scenario_set() (`--set ASSUMPTION=VALUE`,
 * `--years`, `--method` and every other scenario option set key by key),
 * and each word through the parsers of the options that are not scenario
 * keys: a bedroom mix, a number of dwellings, a form, a run's detail, a
 * date and a warning window. The scenario the pairs that set make (a
 * failed set leaves it unchanged) must give a canonical text that parses
 * back to the same text. */
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_assess.h"
#include "plan_request.h"
#include "plan_scenario.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parsers of one option value that is not a scenario key. */
static void parse_word(const char *w)
{
    pc_error err = {0};
    double mix[6];
    long dwellings;
    plan_form form;
    plan_detail detail;
    int years;

    /* an error result is fine; a crash, leak or UB report is a bug */
    (void)plan_parse_mix(w, mix, &err);
    (void)plan_parse_dwellings(w, &dwellings, &err);
    (void)plan_form_parse(w, &form, &err);
    (void)plan_request_detail(w, &detail, &err);
    (void)plan_request_date(w, &err);
    (void)plan_request_warn_years(w, &years, &err);
}

/* The canonical text of s parses back to the same text. */
static void round_trip(const plan_scenario *s)
{
    pc_error err = {0};
    pc_buf c1 = PC_BUF_INIT(PC_CAP_TABLE), c2 = PC_BUF_INIT(PC_CAP_TABLE);
    plan_scenario *back = NULL;

    if (plan_scenario_canonical(s, &c1, &err) != PC_OK ||
        plan_scenario_parse(c1.data, c1.len, "canonical", &back, &err) !=
            PC_OK ||
        plan_scenario_canonical(back, &c2, &err) != PC_OK || c1.len != c2.len ||
        memcmp(c1.data, c2.data, c1.len))
        abort();
    plan_scenario_free(back);
    pc_buf_free(&c1);
    pc_buf_free(&c2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *key = NULL;
    plan_scenario *s = plan_scenario_new();
    pc_error err = {0};

    if (!text || !s) {
        free(text);
        plan_scenario_free(s);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *w = text; w <= text + size; w += strlen(w) + 1) {
        parse_word(w);
        if (!key) {
            key = w;
            continue;
        }
        (void)plan_scenario_set(s, key, w, &err); /* unchanged on failure */
        key = NULL;
    }
    round_trip(s);
    plan_scenario_free(s);
    free(text);
    return 0;
}
