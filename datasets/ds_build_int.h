/* ds_build_int.h: what the parts of the dataset builder share (ds_build.c
 * finds the files and chooses the practices, ds_build_geo.c places them,
 * ds_build_stats.c reads the population and deprivation files,
 * ds_build_write.c writes the dataset). */
#ifndef DS_BUILD_INT_H
#define DS_BUILD_INT_H

#include "ds_build.h"
#include "ds_csv.h"
#include "ds_dataset.h"
#include "geo.h"
#include "pc_index.h"

#include <cjson/cJSON.h>

/* The kinds of national file the builder reads, told apart by name (the
 * ODS files have no header) or by header (the rest). */
enum bd_kind {
    BD_REG,      /* gp-reg-pat-prac-all.csv */
    BD_MAP,      /* gp-reg-pat-prac-map.csv */
    BD_EPRACCUR, /* epraccur.csv (ODS, no header) */
    BD_EBRANCHS, /* ebranchs.csv (ODS, no header) */
    BD_XB,       /* x-boundary-mapping (practice names of closed ones) */
    BD_SNPP,     /* ONS SNPP persons by single year of age */
    BD_IMD,      /* IMD by LSOA */
    BD_CENSUS,   /* usual residents by LSOA */
    BD_ICB_GEO,  /* ICB boundaries (GeoJSON) */
    BD_LAD_GEO,  /* LAD boundaries (GeoJSON) */
    BD_REG_LSOA, /* gp-reg-pat-prac-lsoa-all.csv: where patients live */
    BD_LSOA_GEO, /* LSOA boundaries (GeoJSON) */
    BD_NKINDS
};

/* Postcode files: any number, each of one layout. */
enum bd_pc_layout {
    BD_PC_CODEPOINT,     /* OS Code-Point Open as published: no header */
    BD_PC_CODEPOINT_HDR, /* Code-Point with a header row */
    BD_PC_ONSPD          /* ONSPD or NSPL: pcds, oseast1m, osnrth1m */
};

typedef struct bd_prac {
    const char *code, *name, *postcode, *pcn_code, *pcn_name, *sub_icb;
    long patients;
    double e, n;          /* BNG, once located */
    int located;          /* 1: postcode found; 2: placed (benchmark) */
    size_t lad;           /* index into bd->lads, once located */
    const char *lad_note; /* why the LAD is not the one holding the point */
    unsigned not_in_map : 1, no_name : 1;
    geo_wkb catch; /* catchment from where its patients live; empty: none */
} bd_prac;

typedef struct bd_branch {
    const char *code, *name, *postcode, *parent;
    size_t prac; /* index into bd->prac, once located */
    double e, n;
    int located;
} bd_branch;

typedef struct bd_lad {
    const char *code, *name, *place;
    const cJSON *feat; /* in bd->doc[BD_LAD_GEO] */
    geo_wkb g;
    double share; /* of its area inside the ICB */
} bd_lad;

typedef struct bd_proj {
    size_t lad;
    int year;
    double population;
} bd_proj;

typedef struct bd_lsoa {
    const char *code;
    size_t lad;
    double imd;
    long population;
} bd_lsoa;

typedef struct bd_rooms {
    long consult, treatment, other;
    double gia_m2; /* NAN when not given */
    int given;     /* 1 from premises_rooms.csv */
} bd_rooms;

/* A live postcode inside the ICB, for the dataset's postcodes.csv. */
typedef struct bd_pcode {
    char pc[DS_POSTCODE_MAX]; /* normalised, "CV1 2AB" */
    double e, n;
} bd_pcode;

typedef struct bd_ctx {
    const ds_build_opts *o;
    ds_build_result *r;
    pc_arena *a;
    geo_ctx *g;
    const char *path[BD_NKINDS]; /* NULL: not in the folder */
    const char **pc_path;        /* postcode files, sorted */
    int *pc_layout;
    size_t npc;
    cJSON *doc[BD_NKINDS]; /* the two boundary files */
    geo_crs crs[BD_NKINDS];
    const cJSON *icb_feat;
    geo_wkb icb_g;          /* the ICB's boundary */
    geo_prepared *icb_prep; /* ... for stand-in points */
    bd_lad *all;            /* every LAD of the boundary file */
    size_t nall;
    pc_index subicb; /* sub-ICB codes of the ICB (ODS) */
    bd_prac *prac;
    size_t nprac, aprac;
    pc_index prac_ix;
    bd_branch *br;
    size_t nbr, abr;
    bd_lad *lads; /* the ICB's LADs, in code order */
    size_t nlads;
    bd_proj *proj;
    size_t nproj, aproj;
    bd_lsoa *lsoa;
    size_t nlsoa, alsoa;
    bd_rooms *rooms;  /* per practice main premises, then per branch */
    bd_pcode *pcodes; /* every postcode file's live postcodes inside the
                         ICB (malloc'd), sorted when written */
    size_t npcodes, apcodes;
    char list_date[11];
} bd_ctx;

/* ds_build.c */
extern const char *const bd_lsoa_cols[]; /* header names of an LSOA code */
extern const char *const bd_imd_cols[];  /* ... and of an IMD score */
pc_status bd_warn(bd_ctx *b, pc_error *err, const char *fmt, ...)
    PC_PRINTF(3, 4);
const char *bd_base(const char *path);
pc_status bd_csv(bd_ctx *b, int kind, ds_csv **out, pc_error *err);
pc_status bd_read_csv(const char *path, int headerless, ds_csv **out,
                      pc_error *err);
int bd_col(const ds_csv *c, const char *const *names);
pc_status bd_need_col(const ds_csv *c, const char *path,
                      const char *const *names, int *out, pc_error *err);
pc_status bd_row_fail(const char *path, const ds_csv *c, size_t row,
                      pc_error *err);
void bd_postcode_key(const char *pc, char *key, size_t n);

/* ds_build.c */
int bd_feat_code(const cJSON *feat, const char **code, const char **name);

/* ds_build_files.c */
pc_status bd_find_files(bd_ctx *b, pc_error *err);

/* ds_build_geo.c */
pc_status bd_geo_boundaries(bd_ctx *b, pc_error *err);
pc_status bd_geo_locate(bd_ctx *b, pc_error *err);
pc_status bd_geo_lads(bd_ctx *b, pc_error *err);

/* ds_build_catch.c */
pc_status bd_catchments(bd_ctx *b, pc_error *err);

/* ds_build_stats.c */
pc_status bd_stats_snpp(bd_ctx *b, pc_error *err);
pc_status bd_stats_lsoas(bd_ctx *b, pc_error *err);
pc_status bd_stats_rooms(bd_ctx *b, pc_error *err);

/* ds_build_write.c */
pc_status bd_write(bd_ctx *b, const char *dir, pc_error *err);
pc_status bd_text(const char *dir, const char *name, const char *text,
                  pc_error *err);

/* ds_build_doc.c */
pc_status bd_data_md(bd_ctx *b, const char *dir, pc_error *err);

/* ds_build_register.c (made by datasets/national/embed.cmake) */
extern const char ds_build_assumptions_csv[];
extern const char ds_build_presets_csv[];

#endif
