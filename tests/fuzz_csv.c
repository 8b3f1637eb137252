/* fuzz_csv.c: ds_csv_parse() on arbitrary bytes (STYLE.md §12). The input
 * is passed as is, without a terminating NUL, as ds_csv_parse() takes a
 * length. */
#include "ds_csv.h"
#include "pc_error.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_error err = {0};
    ds_csv *csv = NULL;

    /* an error result is fine; a crash, leak or UB report is a bug */
    if (ds_csv_parse((const char *)data, size, &csv, &err) == PC_OK)
        (void)ds_csv_col(csv, "practice_code");
    ds_csv_free(csv);
    return 0;
}
