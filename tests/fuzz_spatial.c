/* fuzz_spatial.c: a site from outside input through the spatial model
 * (STYLE.md §12): the bytes as a `--at LON,LAT` value for
 * plan_parse_lonlat(), and, when they are a GeoJSON geometry (read as
 * WGS84, a Point taken as a 1 ha circle), through plan_spatial_overlay()
 * and plan_spatial_allocate() by every method, on the Rugby fixture loaded
 * once. The fixture is found through $PC_SOURCE_DIR (ctest sets it) or
 * else relative to the current directory. */
#include "ds_dataset.h"
#include "fuzz_files.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_site.h"
#include "plan_spatial.h"

#include <cjson/cJSON.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static geo_ctx *geo; /* one context, dataset and model for the whole run */
static ds_dataset *ds;
static plan_spatial *sp;

static void setup(void)
{
    char dir[4096];
    pc_error err = {0};
    plan_spatial_params p;

    fuzz_src("tests/data/fixture", dir, sizeof dir);
    if (!(geo = geo_ctx_new(&err)) ||
        ds_dataset_load(geo, dir, &ds, &err) != PC_OK ||
        plan_spatial_params_get(ds, &p, &err) != PC_OK ||
        plan_spatial_new(geo, ds, NULL, &p, &sp, &err) != PC_OK) {
        fprintf(stderr, "fuzz_spatial: %s\n", err.msg);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    pc_error err = {0};
    double lon, lat, e, n;
    cJSON *json;
    geo_wkb site = {0};
    plan_site_geo r = {0};
    int rep = 0;
    char msg[256];

    if (!geo)
        setup();
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* an error result is fine; a crash, leak or UB report is a bug */
    (void)plan_parse_lonlat(geo, text, &lon, &lat, &e, &n, &err);
    json = cJSON_ParseWithLength(text, size);
    free(text);
    if (!json)
        return 0;
    if (geo_polygon_from_geojson(geo, json, GEO_CRS_WGS84, 10000.0, &site, &rep,
                                 msg, sizeof msg, &err) == PC_OK) {
        (void)plan_spatial_overlay(sp, &site, &r, &err);
        for (int m = 0; m < PLAN_NMETHODS; m++)
            (void)plan_spatial_allocate(sp, &site, m & 1, (plan_method)m, &r,
                                        &err);
    }
    plan_site_geo_free(&r);
    geo_wkb_free(&site);
    cJSON_Delete(json);
    return 0;
}
