/* gen_dataset.h: what gen_dataset.c and bench_scale.c share: England's
 * counts at --scale 1, how a count is scaled, and the grid of LADs (LAD 0
 * is the square of side GEN_LAD_SIDE metres from the origin, BNG). */
#ifndef GEN_DATASET_H
#define GEN_DATASET_H

#include <math.h>

#define GEN_LADS      300
#define GEN_PLACES    42
#define GEN_PRACTICES 6502
#define GEN_PREMISES  8002
#define GEN_PCNS      1241
#define GEN_SITES     20000

#define GEN_ORIGIN_E 250000.0 /* south-west corner of LAD 0 */
#define GEN_ORIGIN_N 150000.0
#define GEN_LAD_SIDE 20000.0

/* n x s rounded, at least min. */
static inline int gen_scaled(int n, double s, int min)
{
    int v = (int)floor(n * s + 0.5);

    return v < min ? min : v;
}

#endif
