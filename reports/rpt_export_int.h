/* rpt_export_int.h: what the files of the export share, and nothing
 * outside reports/rpt_export*.c sees.
 *
 * An export reads the report document into tables of typed cells
 * (rpt_export_read.c has the typed reader and the generic row readers,
 * rpt_export_tables.c the tables' columns and their readers), then one
 * writer per format lays the tables out: rpt_export_csv.c,
 * rpt_export_xlsx.c, rpt_export_geojson.c and rpt_export_gpkg.c, as
 * liblwgeom has one lwout_*.c per format. rpt_export.c holds the entry
 * point, the helpers the writers share and the directory the files are
 * written into. */
#ifndef RPT_EXPORT_INT_H
#define RPT_EXPORT_INT_H

#include "rpt_export.h"

#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_fileset.h"
#include "pc_index.h"
#include "pc_json.h"

#include <cjson/cJSON.h>
#include <stddef.h>

#define REPORT_FORMAT "pcplan-report/1"
/* place_years, practice_years: the columns from "year" on are read from
 * run.*.years[] */
#define YEARS_FIRST 2
#define FILE_CAP    ((size_t)1 << 30) /* one file built in memory */

enum { T_TEXT, T_INT, T_NUM, T_BOOL, T_GEOM }; /* column types */
enum { C_NULL = 0, C_STR, C_NUM, C_BOOL };     /* cell kinds */

/* What a column's values are, for the workbook's number formats and the
 * people reading it; the other formats write values alike whatever the
 * kind. */
enum {
    K_PLAIN = 0, /* text, or a number shown as it is */
    K_COUNT,     /* patients, homes, rooms by type, days: #,##0 */
    K_MONEY,     /* pounds: £#,##0 */
    K_ROOMS,     /* rooms needed, spare, gaps: 0.0 */
    K_SHARE,     /* a fraction shown as a percentage: 0.0% */
    K_DATE,      /* "YYYY-MM-DD" text: an Excel date, yyyy-mm-dd */
    K_YEAR,      /* a calendar year: 0 (no thousands separator) */
    K_METRES,    /* eastings, northings: 0.0 */
    K_HECTARES,  /* areas in hectares: #,##0.00 */
    NKINDS
};

/* Whether a column's key may be left out or null: pc_json's modes, and MC
 * for the Monte Carlo columns. */
enum {
    REQ = PC_JR_REQ, /* present and not null */
    NUL = PC_JR_NUL, /* present, may be null */
    ABS = PC_JR_OPT, /* may be absent or null */
    MC = 3           /* REQ with Monte Carlo draws, else left null */
};

typedef struct coldef {
    const char *name;   /* column name in every format */
    unsigned char type; /* T_* */
    unsigned char prec; /* T_NUM: most decimals written, or PREC_ANY */
    unsigned char opt;  /* REQ, NUL, ABS or MC */
    unsigned char list; /* T_TEXT from an array of strings, ';'-joined */
    const char *key;    /* read from the row's object; NULL: by the table */
    unsigned char kind; /* K_*: what the values are */
} coldef;

typedef struct cell {
    unsigned char kind; /* C_*; zeroed cells are null */
    int b;              /* C_BOOL */
    double v;           /* C_NUM */
    const char *s;      /* C_STR; for T_GEOM the geometry as GeoJSON */
} cell;

typedef struct table {
    const char *name;  /* file, sheet and layer name */
    const char *title; /* gpkg_contents description */
    const coldef *cols;
    size_t ncols;
    const char *geom_type; /* GeoPackage type; NULL: no geometry */
    const char *geom_key;  /* the document key the geometry came from */
    int gpkg_only;         /* a layer of the GeoPackage only */
    cell *cells;           /* owned: nrows * ncols */
    size_t nrows, cap;
} table;

#define PREC_ANY 255 /* T_NUM: as many decimals as the value needs */
enum {
    TB_ABOUT,
    TB_PLACES,
    TB_LADS,
    TB_PCNS,
    TB_PRACTICES,
    TB_PREMISES,
    TB_SITES,
    TB_TRAJECTORIES,
    TB_SCHEMES,
    TB_CONTRIBUTIONS,
    TB_RECEIPTS,
    TB_PLACE_YEARS,
    TB_PRACTICE_YEARS,
    TB_PROGRAMME,
    TB_FUNDING,
    TB_ASSUMPTIONS,
    TB_PCN_AREAS,   /* GeoPackage only */
    TB_ALLOCATIONS, /* GeoPackage only */
    NTABLES
};

/* One export: the tables and what they own. */
typedef struct ex {
    table t[NTABLES];
    char **owned; /* strings we allocated (joined lists, geometries) */
    size_t nowned, capowned;
    int mc;            /* the run has Monte Carlo draws */
    const char *as_of; /* dataset.as_of, "YYYY-MM-DD" */
    const char *title; /* dataset.title or name */
    const char *version;
    pc_index practice_rows; /* practice code -> its row in the practices
                               table, made for prac_indexed rows */
    size_t prac_indexed;
    pc_error *err;
} ex;

/* The files of one export, written into a new folder that replaces dir
 * whole (pc_fileset.h). */
typedef struct outset {
    const char *dir;
    pc_fileset *fs;  /* owned */
    const char *tmp; /* the new folder, DIR.tmp-XXXXXX (fs's) */
    char **names;    /* owned: file names written into tmp */
    size_t n;
} outset;

/* Completes one row read from item (see rpt_ex_add_rows()). */
typedef pc_status (*row_fn)(ex *x, const pc_jr *item, table *t, size_t row,
                            void *arg);

/* --- rpt_export.c ------------------------------------------------ */

/* The index of t's column called name (the names are ours). */
size_t rpt_ex_col(const table *t, const char *name);

/* Plain decimal: at most prec decimals, trailing zeros and point
 * dropped, '.' whatever the locale, no thousands separators, no "-0". */
void rpt_ex_fmt_plain(char *out, size_t n, double v, int prec);

/* "YYYY-MM-DD" to days since 1970-01-01; -1 when not a date. */
long long rpt_ex_date_days(const char *s);

/* The text of a non-geometry cell ("" for null), in buf when formatted. */
const char *rpt_ex_cell_text(const coldef *d, const cell *c, char *buf,
                             size_t n);

/* Writes b to path in one go; PC_ERR_IO naming path on failure. */
pc_status rpt_ex_write_file(const char *path, const pc_buf *b, pc_error *err);

/* Records name as written and returns its temporary path in *path
 * (owned by the caller). */
pc_status rpt_ex_out_add(outset *o, const char *name, char **path,
                         pc_error *err);

/* Writes table t into b, with geo for its geometries (see
 * rpt_ex_write_tables()). */
typedef pc_status (*table_writer)(geo_ctx *geo, const table *t, pc_buf *b,
                                  pc_error *err);

/* Writes one file <table>.<ext> per table of x (with geom_only, per table
 * with a geometry) into o, each laid out by write. */
pc_status rpt_ex_write_tables(const ex *x, outset *o, const char *ext,
                              int geom_only, table_writer write, pc_error *err);

/* --- rpt_export_read.c ------------------------------------------- */

/* Takes s (malloc'd; NULL means an allocation failed) into x. */
pc_status rpt_ex_own(ex *x, char *s);

/* A new row of t, every cell null; NULL when out of memory. The pointer
 * is valid until the next rpt_ex_row_new(t). */
cell *rpt_ex_row_new(ex *x, table *t);

/* The cell of row in the column called name. */
cell *rpt_ex_cell(table *t, size_t row, const char *name);

/* Sets a cell to s (borrowed; NULL makes it null). */
void rpt_ex_set_str(table *t, size_t row, const char *name, const char *s);

/* Sets a cell to the number v. */
void rpt_ex_set_num(table *t, size_t row, const char *name, double v);

/* A GeoJSON point for e, n (NULL when either is null); owned. */
pc_status rpt_ex_point_json(ex *x, const cell *e, const cell *n,
                            const char **out);

/* A GeoJSON line from (e0, n0) to (e1, n1) (NULL when any is null);
 * owned. */
pc_status rpt_ex_line_json(ex *x, const cell *e0, const cell *n0,
                           const cell *e1, const cell *n1, const char **out);

/* The document is read with pc_json's typed reader (pc_jr); columns say
 * how their key is read (coldef). */

/* Reads the column called name of row from key of r's object. */
pc_status rpt_ex_read_into(ex *x, const pc_jr *r, table *t, size_t row,
                           const char *name, const char *key);

/* Adds one row to t read from every keyed column of r's object. */
pc_status rpt_ex_add_row(ex *x, const pc_jr *r, table *t, size_t *row);

/* The rows of t from the array of objects at key (opt) of r's object; fn
 * (may be NULL) completes each row. */
pc_status rpt_ex_add_rows(ex *x, const pc_jr *r, const char *key, int opt,
                          table *t, row_fn fn, void *arg);

/* place_years / practice_years rows from the area's years[]. */
pc_status rpt_ex_add_years(ex *x, const pc_jr *area, table *t, const char *name,
                           const char *level);

/* --- rpt_export_tables.c ----------------------------------------- */

/* The tables as defined, empty: each export starts from a copy. */
extern const table rpt_ex_tables[NTABLES];

/* The header people read for column d ("Ask (GBP)", "Rooms needed"),
 * into buf: the column's label when it has one, else made from its name. */
const char *rpt_ex_col_label(const coldef *d, char *buf, size_t n);

/* Reads the whole report document b into x's tables, checking every
 * key the exports use; PC_ERR_INPUT naming the key on a bad document. */
pc_status rpt_ex_read(ex *x, const cJSON *b);

/* --- the writers: rpt_export_{csv,xlsx,geojson,gpkg}.c
 * -------------------------------------------- */

/* The writers: each writes its format's files of x into o's
 * temporary directory (see rpt_export.h for the files). */
pc_status rpt_ex_csv(const ex *x, outset *o, pc_error *err);

pc_status rpt_ex_geojson(const ex *x, outset *o, pc_error *err);
/* One table of x as GeoJSON (or its properties only) into out. */
pc_status rpt_ex_layer(geo_ctx *geo, const ex *x, const char *name,
                       int props_only, pc_buf *out, pc_error *err);

pc_status rpt_ex_xlsx(const ex *x, outset *o, pc_error *err);

pc_status rpt_ex_gpkg(const ex *x, outset *o, pc_error *err);

/* --- rpt_export_qml.c -------------------------------------------- */

/* The QGIS style (a QML document) of geometry table t, appended to b;
 * PC_ERR_NOMEM when b is full. */
pc_status rpt_ex_qml(const table *t, pc_buf *b, pc_error *err);

/* PC_ERR_INPUT: the geometry of row of t is not one the export can read. */
pc_status rpt_ex_bad_geometry(const table *t, size_t row, pc_error *err);

#endif
