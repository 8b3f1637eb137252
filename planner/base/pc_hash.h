/* pc_hash.h: a 64-bit FNV-1a hash of a sequence of values, for ids made
 * from inputs (a run's, a programme's): the same values in the same order
 * give the same id on every machine. Start with PC_HASH_INIT. */
#ifndef PC_HASH_H
#define PC_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct pc_hash {
    uint64_t h;
} pc_hash;

#define PC_HASH_INIT          \
    {                         \
        0xcbf29ce484222325ULL \
    }

void pc_hash_bytes(pc_hash *H, const void *p, size_t n);
/* s with its terminating NUL, so "ab","c" differs from "a","bc"; NULL
 * hashes as a string no text holds. */
void pc_hash_str(pc_hash *H, const char *s);
/* v's 8 bytes, least significant first (the same on any byte order);
 * -0 as 0. */
void pc_hash_num(pc_hash *H, double v);

#endif
