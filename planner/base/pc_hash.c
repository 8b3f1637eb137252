/* pc_hash.c: see pc_hash.h. */
#include "pc_hash.h"

#include <string.h>

void pc_hash_bytes(pc_hash *H, const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        H->h ^= b[i];
        H->h *= 0x100000001b3ULL;
    }
}

void pc_hash_str(pc_hash *H, const char *s)
{
    if (!s)
        s = "\x01(null)";
    pc_hash_bytes(H, s, strlen(s) + 1);
}

void pc_hash_num(pc_hash *H, double v)
{
    uint64_t u;
    unsigned char b[8];

    if (v == 0)
        v = 0; /* -0 and 0 hash alike */
    memcpy(&u, &v, sizeof u);
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (8 * i));
    pc_hash_bytes(H, b, 8);
}
