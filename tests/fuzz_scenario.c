/* fuzz_scenario.c: plan_scenario_parse() on arbitrary bytes (STYLE.md
 * §12). When the bytes parse, the canonical text must parse too and give
 * the same canonical text again; merging the scenario into an empty one
 * and into itself must not change it. */
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_scenario.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_error err = {0};
    plan_scenario *s = NULL, *back = NULL, *copy = NULL;
    pc_buf c1 = PC_BUF_INIT(PC_CAP_TABLE), c2 = PC_BUF_INIT(PC_CAP_TABLE);
    pc_buf c3 = PC_BUF_INIT(PC_CAP_TABLE);

    /* an error result is fine; a crash, leak or UB report is a bug */
    if (plan_scenario_parse((const char *)data, size, "fuzz", &s, &err) !=
        PC_OK)
        return 0;
    if (plan_scenario_canonical(s, &c1, &err) != PC_OK)
        abort();
    if (plan_scenario_parse(c1.data, c1.len, "canonical", &back, &err) != PC_OK)
        abort();
    if (plan_scenario_canonical(back, &c2, &err) != PC_OK || c1.len != c2.len ||
        memcmp(c1.data, c2.data, c1.len))
        abort();
    copy = plan_scenario_new();
    if (copy && plan_scenario_merge(copy, s, &err) == PC_OK &&
        plan_scenario_merge(copy, back, &err) == PC_OK &&
        plan_scenario_merge(copy, copy, &err) == PC_OK) {
        if (plan_scenario_canonical(copy, &c3, &err) != PC_OK ||
            c1.len != c3.len || memcmp(c1.data, c3.data, c1.len))
            abort();
    }
    plan_scenario_free(copy);
    plan_scenario_free(back);
    plan_scenario_free(s);
    pc_buf_free(&c3);
    pc_buf_free(&c2);
    pc_buf_free(&c1);
    return 0;
}
