/* ds_columns.h: one column table per stored dataset entity, the single
 * place that says how a ds_* struct is laid out in the store. Each entry
 * names a column of the stored table, its declared SQL type and NOT NULL,
 * and the struct field it holds (by offsetof, with its C type checked at
 * compile time). ds_store.c builds its INSERT statements and binds from
 * it, ds_load.c its SELECT lists and reads, and tests/test_store_load.c
 * checks it against the schema (PRAGMA table_info) and round-trips every
 * column. The spatial model's plain tables (site_lads, site_allocations,
 * site_methods) have column tables too; its PCN areas and site-to-area
 * shares stay hand code, as they store array positions as keys. Inside
 * pc_datasets only.
 *
 * Adding a field to an entity: add the struct field, one entry here at the
 * end of its table, a migration that adds the column (ALTER TABLE ... ADD
 * COLUMN, which appends it, as the table's order requires), and the format
 * doc. The migrations themselves stay fixed SQL text: a store is upgraded
 * by replaying them, so the CREATE TABLE of an old version must not follow
 * today's table. */
#ifndef DS_COLUMNS_H
#define DS_COLUMNS_H

#include <stddef.h>

/* How a column's value is held in the struct. */
typedef enum ds_ctype {
    DS_COL_TEXT,  /* const char *; NULL is SQL NULL */
    DS_COL_REAL,  /* double; NAN is SQL NULL */
    DS_COL_INT,   /* int; when nullable, `none` is SQL NULL */
    DS_COL_LONG,  /* long; likewise */
    DS_COL_POINT, /* doubles e (off) and n (off2): a BNG point geometry */
    DS_COL_WKB,   /* geo_wkb: a BNG geometry as WKB; read only when the
                     loader asks for geometries (?1) */
    DS_COL_FIRST, /* const char **: only its first string is written (into
                     the column's insert expression); not read back */
    DS_COL_SEQ    /* no field: the row's position plus one; not read back,
                     but the read is ordered by it */
} ds_ctype;

typedef struct ds_column {
    const char *name;     /* column of the stored table */
    const char *sql_type; /* declared type, as PRAGMA table_info gives it */
    int nullable;         /* declared without NOT NULL */
    ds_ctype ctype;
    size_t off, off2;   /* field offsets (off2: a point's n) */
    long none;          /* DS_COL_INT/LONG: the value stored as NULL */
    const char *insert; /* value expression with its ?s; NULL: "?" */
    const char *select; /* read expression(s); NULL: the column's name */
} ds_column;

/* A stored entity: its table, columns in table order, and read order. */
typedef struct ds_table {
    const char *name;
    const ds_column *cols;
    size_t ncols;
    const char *order; /* ORDER BY of the read, e.g. "rowid" */
    const char *what;  /* in messages: "practice", "list size of" ... */
    int id_col;        /* the text column that names a row in messages */
} ds_table;

enum ds_entity {
    DS_E_LADS,
    DS_E_PCNS,
    DS_E_PRACTICES,
    DS_E_LIST_SIZES,
    DS_E_PREMISES,
    DS_E_SITES,
    DS_E_CATCHMENTS,
    DS_E_SCHEMES,
    DS_E_CONTRIBUTIONS,
    DS_E_ASSUMPTIONS,
    DS_E_PRESETS,
    DS_E_PROJECTIONS,
    DS_E_LSOAS,
    DS_E_COST_INDEX,
    DS_E_FUNDS,
    /* the spatial model's (ds_spatial; its strings are read as borrowed
     * from the dataset, see ds_store_load) */
    DS_E_SITE_LADS,
    DS_E_SITE_ALLOCS,
    DS_E_SITE_METHODS,
    DS_NENTITIES
};

/* Indexed by enum ds_entity. */
extern const ds_table ds_tables[DS_NENTITIES];

/* Writes "INSERT INTO t (c, ...) VALUES (expr, ...)" into buf. Returns 0
 * when it does not fit in n bytes. */
int ds_table_insert_sql(const ds_table *t, char *buf, size_t n);

/* Writes "SELECT expr, ... FROM t ORDER BY order" into buf, one
 * expression per column that is read back (a point's gives two results).
 * Returns 0 when it does not fit in n bytes. */
int ds_table_select_sql(const ds_table *t, char *buf, size_t n);

#endif
