/* fuzz_geojson.c: a GeoJSON geometry through geo_polygon_from_geojson(),
 * read once as WGS84 and once as BNG (STYLE.md §12). cJSON parses the
 * bytes first; input that is not JSON stops there. */
#include "geo.h"
#include "pc_error.h"

#include <cjson/cJSON.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(geo_ctx *geo, const cJSON *json, geo_crs crs)
{
    pc_error err = {0};
    geo_wkb wkb = {0};
    int rep = 0;
    char msg[256];

    /* an error result is fine; a crash, leak or UB report is a bug */
    (void)geo_polygon_from_geojson(geo, json, crs, 10000.0, &wkb, &rep, msg,
                                   sizeof msg, &err);
    geo_wkb_free(&wkb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static geo_ctx *geo; /* one context for the whole run */
    pc_error err = {0};
    cJSON *json;

    if (!geo) {
        geo = geo_ctx_new(&err);
        if (!geo)
            abort();
    }
    json = cJSON_ParseWithLength((const char *)data, size);
    if (!json)
        return 0;
    one(geo, json, GEO_CRS_WGS84);
    one(geo, json, GEO_CRS_BNG);
    cJSON_Delete(json);
    return 0;
}
