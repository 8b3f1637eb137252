/* ds_store.h: the pcplan store, one SpatiaLite database.
 *
 * All storage access goes through this module, so that another backend
 * (PostgreSQL/PostGIS) can be added behind the same functions later. The
 * schema is versioned: schema_version holds the version, and
 * ds_store_open() applies the forward migrations a store lacks, each in its
 * own transaction. Geometries are stored in EPSG:27700 with R-tree spatial
 * indexes. A store holds one dataset at a time; importing replaces it. */
#ifndef DS_STORE_H
#define DS_STORE_H

#include "ds_dataset.h"
#include "pc_error.h"

typedef struct ds_store ds_store; /* opaque: defined in ds_store.c */

/* The schema version this build writes and reads. */
#define DS_SCHEMA_VERSION 1

typedef enum ds_open_mode {
    DS_OPEN_EXISTING, /* PC_ERR_NOTFOUND when the file does not exist */
    DS_OPEN_CREATE    /* create the file when it does not exist */
} ds_open_mode;

/* Opens (or creates) the store at path and migrates its schema to
 * DS_SCHEMA_VERSION. A store written by a newer pcplan is refused
 * (PC_ERR_INPUT). On success *out is owned by the caller (ds_store_close,
 * which accepts NULL). */
pc_status ds_store_open(const char *path, ds_open_mode mode, ds_store **out,
                        pc_error *err);
void ds_store_close(ds_store *st);

/* Schema version of the open store. */
int ds_store_schema_version(const ds_store *st);

/* Replaces the store's dataset with ds, in one transaction: on any failure
 * the store is left exactly as it was. */
pc_status ds_store_import(ds_store *st, const ds_dataset *ds, pc_error *err);

/* Figures for one area (a place, or the whole system). */
typedef struct ds_area_summary {
    char name[256];
    long practices, pcns, patients, premises;
    long rooms_consult, rooms_treatment, rooms_other;
    long lads, sites, dwellings_10y, dwellings_total;
} ds_area_summary;

/* Row counts of a table and how many rows carry illustrative values. */
typedef struct ds_table_count {
    const char *table; /* static string */
    long rows, illustrative;
} ds_table_count;

typedef struct ds_summary {
    char name[128], title[256];
    int base_year;
    char list_date[16]; /* latest list date, YYYY-MM-DD */
    ds_area_summary system;
    ds_area_summary *places; /* sorted by name */
    size_t nplaces;
    ds_table_count tables[16];
    size_t ntables;
} ds_summary;

/* Summarises the stored dataset per place and for the system. Returns
 * PC_ERR_NOTFOUND when the store holds no dataset. *out is owned by the
 * caller (ds_summary_free). */
pc_status ds_store_summary(ds_store *st, ds_summary **out, pc_error *err);
void ds_summary_free(ds_summary *s);

#endif
