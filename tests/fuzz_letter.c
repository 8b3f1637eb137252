/* fuzz_letter.c: rpt_letter() on arbitrary JSON (STYLE.md §12). The site
 * assessment reaches the letter from the HTTP front end too, so any bytes
 * that parse as JSON must give a letter or a clean PC_ERR_INPUT, in both
 * formats. The seed corpus is tests/data/assess/ plus variants. */
#include "pc_buf.h"
#include "pc_error.h"
#include "rpt_letter.h"

#include <cjson/cJSON.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts((const char *)data, size, &end, 0);

    if (!j)
        return 0;
    for (int f = 0; f < 2; f++) {
        pc_buf out = PC_BUF_INIT(PC_CAP_TABLE);
        pc_error err = {0};
        pc_status rc = rpt_letter(j, f ? RPT_HTML : RPT_MARKDOWN, &out, &err);

        /* an error result is fine; a crash, leak or UB report is a bug */
        if (rc != PC_OK && rc != PC_ERR_INPUT && rc != PC_ERR_NOMEM)
            abort();
        if (rc == PC_OK && out.len == 0)
            abort();
        pc_buf_free(&out);
    }
    cJSON_Delete(j);
    return 0;
}
