/* fuzz_manifest.c: ds_manifest_check() on arbitrary bytes (STYLE.md §12):
 * dataset.json keys and types, without reading the files it names. */
#include "ds_dataset.h"
#include "pc_error.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_error err = {0};

    /* an error result is fine; a crash, leak or UB report is a bug */
    (void)ds_manifest_check((const char *)data, size, &err);
    return 0;
}
