/* fuzz_main.c: a stand-in for libFuzzer when PC_FUZZ is off. It calls
 * LLVMFuzzerTestOneInput once on the contents of each file named on the
 * command line, so ctest replays every seed corpus and every input that
 * ever crashed (as cJSON's fuzzing/fuzz_main.c and PostGIS's
 * fuzzers/fuzzingengine.c do). A crash is caught by the sanitizers or by
 * ctest itself; an input that cannot be read counts as a failure. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;

    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *buf = NULL;
        long len = -1;

        if (f && fseek(f, 0, SEEK_END) == 0)
            len = ftell(f);
        /* exactly len bytes, so that ASan sees a read past the end */
        if (len >= 0 && fseek(f, 0, SEEK_SET) == 0)
            buf = malloc(len ? (size_t)len : 1);
        if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            failed++;
        } else {
            fprintf(stderr, "Running: %s (%ld bytes)\n", argv[i], len);
            LLVMFuzzerTestOneInput(buf, (size_t)len);
            passed++;
        }
        free(buf);
        if (f)
            fclose(f);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
