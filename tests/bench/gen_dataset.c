/* gen_dataset.c: writes a synthetic dataset folder that `pcplan init --data
 * DIR` reads (datasets/FORMAT.md), at a chosen fraction of England's size.
 *
 * Usage: gen_dataset --out DIR [--scale S] [--seed N] [--from DIR]
 *
 * At --scale 1 (England): 300 LADs, 42 places, 6,502 practices, 8,002
 * premises, 1,241 PCNs and 20,000 housing sites; every count is scaled by S
 * and rounded, at least 1 (at least 2 LADs). The assumption register
 * (assumptions.csv, presets.csv) and cost_index.csv do not depend on the
 * scale and are copied byte for byte from --from (default
 * tests/data/fixture, from the repository root).
 *
 * Geometry is British National Grid (EPSG:27700, declared in the manifest):
 * LADs are 20 km squares on a grid from (GEN_ORIGIN_E, GEN_ORIGIN_N), numbered
 * in serpentine order so that consecutive LADs touch; a place is a run of
 * consecutive LADs. Practices stand at random points inside their LAD (in
 * practice order, so a PCN's practices are neighbours), each with a main
 * premises at its point; the other premises are branches near a practice.
 * Sites are squares of dwellings / 35 ha at random inside a LAD; one in a
 * hundred straddles the boundary with its eastern neighbour.
 *
 * Everything is invented: premises and sites are marked illustrative, and
 * the manifest's title says the dataset is synthetic. The generator has its
 * own PRNG (splitmix64) and writes numbers with fixed formats, so the same
 * arguments give byte-identical files. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_dataset.h"

#define BASE_YEAR 2026
#define DW_PER_HA 35.0

typedef struct gen {
    uint64_t rng;
    double scale;
    const char *out, *from;
    int nlads, nplaces, npractices, npremises, npcns, nsites;
    int cols;
    double *px, *py; /* practice points */
    int *patients;   /* practice list sizes */
    long *lad_patients;
} gen;

static uint64_t rnd(gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rnd_unit(gen *g)
{
    return (double)(rnd(g) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static int rnd_int(gen *g, int lo, int hi)
{
    return lo + (int)(rnd(g) % (uint64_t)(hi - lo + 1));
}

/* The grid cell of LAD i (serpentine rows). */
static void lad_cell(const gen *g, int i, int *row, int *col)
{
    *row = i / g->cols;
    *col = i % g->cols;
    if (*row % 2)
        *col = g->cols - 1 - *col;
}

/* The LAD in a grid cell, or -1. */
static int cell_lad(const gen *g, int row, int col)
{
    int i;

    if (col < 0 || col >= g->cols)
        return -1;
    i = row * g->cols + (row % 2 ? g->cols - 1 - col : col);
    return i < g->nlads ? i : -1;
}

static void lad_origin(const gen *g, int i, double *e, double *n)
{
    int r, c;

    lad_cell(g, i, &r, &c);
    *e = GEN_ORIGIN_E + c * GEN_LAD_SIDE;
    *n = GEN_ORIGIN_N + r * GEN_LAD_SIDE;
}

static FILE *open_out(const gen *g, const char *name)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", g->out, name);
    if (!(f = fopen(path, "w")))
        fprintf(stderr, "gen_dataset: %s: %s\n", path, strerror(errno));
    return f;
}

static int close_out(FILE *f)
{
    int bad = ferror(f);

    return (fclose(f) == 0 && !bad) ? 0 : -1;
}

static int copy_file(const gen *g, const char *name)
{
    char path[4096], buf[8192];
    FILE *in, *out;
    size_t n;
    int rc = 0;

    snprintf(path, sizeof path, "%s/%s", g->from, name);
    if (!(in = fopen(path, "rb"))) {
        fprintf(stderr, "gen_dataset: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!(out = open_out(g, name))) {
        fclose(in);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    fclose(in);
    return close_out(out) || rc ? -1 : 0;
}

static int write_manifest(const gen *g)
{
    FILE *f = open_out(g, "dataset.json");

    if (!f)
        return -1;
    fprintf(f,
            "{\n  \"format\": \"pcplan-dataset/1\",\n"
            "  \"name\": \"synthetic-%g\",\n"
            "  \"title\": \"Synthetic dataset at %g of England's size "
            "(illustrative: every value invented by "
            "tests/bench/gen_dataset)\",\n"
            "  \"base_year\": %d,\n  \"files\": {\n"
            "    \"lads\": {\"path\": \"lads.geojson\", \"crs\": "
            "\"EPSG:27700\"},\n"
            "    \"pcns\": {\"path\": \"pcns.csv\"},\n"
            "    \"practices\": {\"path\": \"practices.csv\", \"crs\": "
            "\"EPSG:27700\"},\n"
            "    \"list_sizes\": {\"path\": \"list_sizes.csv\"},\n"
            "    \"premises\": {\"path\": \"premises.csv\", \"crs\": "
            "\"EPSG:27700\"},\n"
            "    \"sites\": {\"path\": \"sites.geojson\", \"crs\": "
            "\"EPSG:27700\"},\n"
            "    \"assumptions\": {\"path\": \"assumptions.csv\"},\n"
            "    \"presets\": {\"path\": \"presets.csv\"},\n"
            "    \"cost_index\": {\"path\": \"cost_index.csv\"},\n"
            "    \"projections\": {\"path\": \"lad_projections.csv\"}\n"
            "  }\n}\n",
            g->scale, g->scale, BASE_YEAR);
    return close_out(f);
}

static int write_lads(const gen *g)
{
    FILE *f = open_out(g, "lads.geojson");

    if (!f)
        return -1;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
    for (int i = 0; i < g->nlads; i++) {
        double e, n;

        lad_origin(g, i, &e, &n);
        fprintf(f,
                "{\"type\":\"Feature\",\"properties\":{\"code\":\"E0%07d\","
                "\"name\":\"Synthetic district %d\",\"place\":\"Place %d\"},"
                "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.0f,"
                "%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f]]]}}%s\n",
                i + 1, i + 1, (int)((long)i * g->nplaces / g->nlads) + 1, e, n,
                e + GEN_LAD_SIDE, n, e + GEN_LAD_SIDE, n + GEN_LAD_SIDE, e,
                n + GEN_LAD_SIDE, e, n, i + 1 < g->nlads ? "," : "");
    }
    fputs("]}\n", f);
    return close_out(f);
}

static int write_pcns(const gen *g)
{
    FILE *f = open_out(g, "pcns.csv");

    if (!f)
        return -1;
    fputs("pcn_code,pcn_name\n", f);
    for (int i = 0; i < g->npcns; i++)
        fprintf(f, "U%05d,SYNTHETIC PCN %d\n", i + 1, i + 1);
    return close_out(f);
}

/* Practices, their list sizes and each LAD's patients. */
static int write_practices(gen *g)
{
    FILE *f = open_out(g, "practices.csv"), *l = open_out(g, "list_sizes.csv");

    if (!f || !l) {
        if (f)
            fclose(f);
        if (l)
            fclose(l);
        return -1;
    }
    fputs("practice_code,practice_name,postcode,pcn_code,lad_code,easting,"
          "northing\n",
          f);
    fputs("practice_code,date,patients\n", l);
    for (int i = 0; i < g->npractices; i++) {
        int lad = (int)((long)i * g->nlads / g->npractices);
        int pcn = (int)((long)i * g->npcns / g->npractices);
        int patients = rnd_int(g, 2000, 18000);
        double e, n;

        lad_origin(g, lad, &e, &n);
        g->px[i] = floor(e + 500 + rnd_unit(g) * (GEN_LAD_SIDE - 1000));
        g->py[i] = floor(n + 500 + rnd_unit(g) * (GEN_LAD_SIDE - 1000));
        g->lad_patients[lad] += patients;
        g->patients[i] = patients;
        fprintf(f, "P%05d,SYNTHETIC PRACTICE %d,,U%05d,E0%07d,%.0f,%.0f\n",
                i + 1, i + 1, pcn + 1, lad + 1, g->px[i], g->py[i]);
        fprintf(l, "P%05d,2023-07-01,%d\nP%05d,2026-04-01,%d\n", i + 1,
                patients * 97 / 100, i + 1, patients);
    }
    return close_out(f) | close_out(l);
}

static int write_premises(gen *g)
{
    static const char *const tenure[] = {"gp_owned", "nhsps",   "lift",
                                         "leased",   "council", "other"};
    FILE *f = open_out(g, "premises.csv");

    if (!f)
        return -1;
    fputs("premises_id,name,postcode,site_type,tenure,gia_m2,condition,"
          "rooms_consult,rooms_treatment,rooms_other,backlog_gbp,void_m2,"
          "practices,easting,northing,illustrative\n",
          f);
    for (int i = 0; i < g->npremises; i++) {
        int main_ = i < g->npractices;
        int p = main_ ? i : (int)(rnd(g) % (uint64_t)g->npractices);
        int rc = main_ ? g->patients[p] / 1800 + rnd_int(g, -2, 3)
                       : rnd_int(g, 1, 4);
        int rt = rnd_int(g, 0, 4), ro = rnd_int(g, 0, 3);
        int ten = (int)(rnd(g) % 6), cond = (int)(rnd(g) % 4);
        int backlog = rnd_int(g, 0, 50) * 1000;
        double e = g->px[p], n = g->py[p];

        rc = rc < 1 ? 1 : rc;
        if (!main_) { /* a branch within 400 m: stays inside the LAD */
            e += floor((rnd_unit(g) - 0.5) * 800);
            n += floor((rnd_unit(g) - 0.5) * 800);
        }
        fprintf(f,
                "PR%05d,Synthetic premises %d,,%s,%s,%d,%c,%d,%d,%d,%d,0,"
                "P%05d,%.0f,%.0f,*\n",
                i + 1, i + 1, main_ ? "main" : "branch", tenure[ten],
                (rc + rt + ro) * 75, 'A' + cond, rc, rt, ro, backlog, p + 1, e,
                n);
    }
    return close_out(f);
}

/* A site's dwellings: mostly small, a few large. */
static int site_dwellings(gen *g)
{
    int k = rnd_int(g, 0, 99);

    if (k < 80)
        return rnd_int(g, 10, 150);
    if (k < 98)
        return rnd_int(g, 151, 800);
    return rnd_int(g, 801, 4000);
}

/* The trajectory: even yearly completions from its start, summing to dw. */
static void write_trajectory(gen *g, FILE *f, int dw)
{
    int start = BASE_YEAR - 3 + rnd_int(g, 0, 7);
    int rate = dw / rnd_int(g, 2, 10), left = dw;

    if (rate < 10)
        rate = 10;
    fprintf(f, "\"trajectory_start\":%d,\"trajectory\":[", start);
    for (int y = 0; left > 0; y++) {
        int v = left < rate ? left : rate;

        fprintf(f, "%s%d", y ? "," : "", v);
        left -= v;
    }
    fputs("],", f);
}

/* Where site i goes: its LAD and the square's south-west corner. One site
 * in a hundred straddles the boundary with the LAD east of its own (else
 * west), 40% of it across. */
static int site_place(gen *g, int i, double side, double *e, double *n)
{
    int lad = (int)(rnd(g) % (uint64_t)g->nlads), r, c;
    double le, ln;

    lad_origin(g, lad, &le, &ln);
    lad_cell(g, lad, &r, &c);
    *e = le + 100 + rnd_unit(g) * (GEN_LAD_SIDE - side - 200);
    *n = ln + 100 + rnd_unit(g) * (GEN_LAD_SIDE - side - 200);
    if (i % 100 == 99 && cell_lad(g, r, c + 1) >= 0)
        *e = le + GEN_LAD_SIDE - side * 0.6;
    else if (i % 100 == 99 && cell_lad(g, r, c - 1) >= 0)
        *e = le - side * 0.4;
    *e = floor(*e);
    *n = floor(*n);
    return lad;
}

static int write_sites(gen *g)
{
    static const char *const status[] = {"allocated", "outline", "full",
                                         "under_construction", "proposed"};
    FILE *f = open_out(g, "sites.geojson");

    if (!f)
        return -1;
    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
    for (int i = 0; i < g->nsites; i++) {
        int dw = site_dwellings(g), m1 = rnd_int(g, 5, 20);
        int m2 = rnd_int(g, 20, 40), m3 = rnd_int(g, 20, 35);
        double side = ceil(sqrt(dw / DW_PER_HA * 10000.0)), e, n;
        int lad = site_place(g, i, side, &e, &n);
        int st = (int)(rnd(g) % 5), rural = rnd(g) % 5 == 0;

        fprintf(f,
                "{\"type\":\"Feature\",\"properties\":{\"site_id\":\"S%05d\","
                "\"name\":\"Synthetic site %d\",\"lad_code\":\"E0%07d\","
                "\"dwellings\":%d,",
                i + 1, i + 1, lad + 1, dw);
        write_trajectory(g, f, dw);
        fprintf(f,
                "\"mix\":{\"1\":%d,\"2\":%d,\"3\":%d,\"4\":%d},"
                "\"planning_status\":\"%s\",\"setting\":\"%s\","
                "\"illustrative\":true},\"geometry\":{\"type\":\"Polygon\","
                "\"coordinates\":[[[%.0f,%.0f],[%.0f,%.0f],[%.0f,%.0f],"
                "[%.0f,%.0f],[%.0f,%.0f]]]}}%s\n",
                m1, m2, m3, 100 - m1 - m2 - m3, status[st],
                rural ? "rural" : "urban", e, n, e + side, n, e + side,
                n + side, e, n + side, e, n, i + 1 < g->nsites ? "," : "");
    }
    fputs("]}\n", f);
    return close_out(f);
}

/* Population per LAD from 4 years before the base year to 21 after. */
static int write_projections(gen *g)
{
    FILE *f = open_out(g, "lad_projections.csv");

    if (!f)
        return -1;
    fputs("lad_code,year,population\n", f);
    for (int i = 0; i < g->nlads; i++) {
        double pop = (double)g->lad_patients[i] * 0.96;
        double rate = 0.002 + rnd_unit(g) * 0.008;

        for (int y = BASE_YEAR - 4; y <= BASE_YEAR + 21; y++)
            fprintf(f, "E0%07d,%d,%.0f\n", i + 1, y,
                    pop * pow(1 + rate, y - BASE_YEAR));
    }
    return close_out(f);
}

static int parse_args(gen *g, int argc, char **argv)
{
    char *end = NULL;

    g->scale = 1.0;
    g->from = "tests/data/fixture";
    g->rng = 20260401;
    if (argc % 2 == 0) /* options come in pairs */
        return -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *v = argv[i + 1];

        if (!strcmp(argv[i], "--out"))
            g->out = v;
        else if (!strcmp(argv[i], "--from"))
            g->from = v;
        else if (!strcmp(argv[i], "--scale"))
            g->scale = strtod(v, &end);
        else if (!strcmp(argv[i], "--seed"))
            g->rng = strtoull(v, &end, 10);
        else
            return -1;
        if (end && *end)
            return -1;
        end = NULL;
    }
    return g->out && g->scale > 0 && g->scale <= 10 ? 0 : -1;
}

int main(int argc, char **argv)
{
    gen g = {0};
    int rc = 1;

    if (parse_args(&g, argc, argv)) {
        fprintf(stderr, "usage: gen_dataset --out DIR [--scale S (0-10]] "
                        "[--seed N] [--from DIR]\n");
        return 2;
    }
    g.nlads = gen_scaled(GEN_LADS, g.scale, 2);
    g.nplaces = gen_scaled(GEN_PLACES, g.scale, 1);
    g.npractices = gen_scaled(GEN_PRACTICES, g.scale, 1);
    g.npremises = gen_scaled(GEN_PREMISES, g.scale, g.npractices);
    g.npcns = gen_scaled(GEN_PCNS, g.scale, 1);
    g.nsites = gen_scaled(GEN_SITES, g.scale, 1);
    g.nplaces = g.nplaces > g.nlads ? g.nlads : g.nplaces;
    g.cols = (int)ceil(sqrt(g.nlads * 4.0 / 3.0));
    g.px = calloc((size_t)g.npractices, sizeof *g.px);
    g.py = calloc((size_t)g.npractices, sizeof *g.py);
    g.patients = calloc((size_t)g.npractices, sizeof *g.patients);
    g.lad_patients = calloc((size_t)g.nlads, sizeof *g.lad_patients);
    if (!g.px || !g.py || !g.patients || !g.lad_patients)
        goto cleanup;
    if (mkdir(g.out, 0755) && errno != EEXIST) {
        fprintf(stderr, "gen_dataset: %s: %s\n", g.out, strerror(errno));
        goto cleanup;
    }
    if (write_manifest(&g) || write_lads(&g) || write_pcns(&g) ||
        write_practices(&g) || write_premises(&g) || write_sites(&g) ||
        write_projections(&g) || copy_file(&g, "assumptions.csv") ||
        copy_file(&g, "presets.csv") || copy_file(&g, "cost_index.csv"))
        goto cleanup;
    printf("%s: %d LADs, %d places, %d practices, %d premises, %d PCNs, "
           "%d sites\n",
           g.out, g.nlads, g.nplaces, g.npractices, g.npremises, g.npcns,
           g.nsites);
    rc = 0;
cleanup:
    free(g.px);
    free(g.py);
    free(g.patients);
    free(g.lad_patients);
    return rc;
}
