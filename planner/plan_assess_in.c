/* plan_assess_in.c: reading what a user gives for an assessment (see
 * plan_assess.h): the form of the ask, a number of dwellings, a bedroom
 * mix and a development's outline as GeoJSON. Each parser says what it
 * expected when the text is not that; the model (plan_assess.c) takes the
 * parsed values only. */
#include "pc_error.h"
#include "pc_json.h"
#include "plan_assess.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DWELLINGS 100000

static const char *const form_names[] = {"capital", "land", "land_and_capital"};

const char *plan_form_name(plan_form f)
{
    return f >= PLAN_FORM_CAPITAL && f <= PLAN_FORM_LAND_AND_CAPITAL
               ? form_names[f]
               : "?";
}

pc_status plan_form_parse(const char *s, plan_form *out, pc_error *err)
{
    for (int f = 0; f < 3; f++)
        if (!strcmp(s, form_names[f])) {
            *out = (plan_form)f;
            return PC_OK;
        }
    return PC_FAIL(err, PC_ERR_INPUT,
                   "form \"%s\" (expected capital, land or land_and_capital)",
                   s);
}

plan_dev plan_dev_init(void)
{
    plan_dev d = {0};

    d.lon = d.lat = d.e = d.n = d.area_ha = NAN;
    for (int b = 0; b < 6; b++)
        d.mix[b] = NAN;
    return d;
}

plan_assess_opts plan_assess_opts_init(void)
{
    plan_assess_opts o = {0};

    o.land_ha = NAN;
    return o;
}

pc_status plan_parse_dwellings(const char *s, long *out, pc_error *err)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < 1 || v > MAX_DWELLINGS)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "dwellings \"%s\" (expected a whole number from 1 to "
                       "100,000)",
                       s);
    *out = v;
    return PC_OK;
}

pc_status plan_parse_mix(const char *s, double mix[6], pc_error *err)
{
    const char *p = s;
    double sum = 0;
    int seen[6] = {0};

    mix[0] = NAN;
    for (int b = 1; b <= 5; b++)
        mix[b] = 0;
    while (*p) {
        char *end;
        long band;
        double pct;

        errno = 0;
        band = strtol(p, &end, 10);
        if (end == p || *end != ':' || band < 1 || band > 5)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "mix \"%s\": \"%.*s\" (expected BEDROOMS:PERCENT "
                           "items such as 1:20,2:40,3:30,4:10, bedrooms 1 to "
                           "5)",
                           s, (int)strcspn(p, ","), p);
        if (seen[band]++)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "mix \"%s\": %ld bedrooms given twice", s, band);
        p = end + 1;
        pct = strtod(p, &end);
        if (end == p || (*end && *end != ',') || errno || !(pct >= 0) ||
            pct > 100)
            return PC_FAIL(err, PC_ERR_INPUT,
                           "mix \"%s\": percent for %ld bedrooms (expected a "
                           "number from 0 to 100)",
                           s, band);
        mix[band] = pct;
        sum += pct;
        p = *end ? end + 1 : end;
        if (*end && !*p)
            return PC_FAIL(err, PC_ERR_INPUT, "mix \"%s\": ends with a comma",
                           s);
    }
    if (fabs(sum - 100) > 0.5)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "mix \"%s\": percentages sum to %g (expected 100)", s,
                       sum);
    mix[0] = 0;
    return PC_OK;
}

/* The CRS a GeoJSON object declares in the pre-RFC 7946 "crs" member, as
 * QGIS and ogr2ogr write it ("urn:ogc:def:crs:EPSG::27700", "EPSG:27700");
 * none: WGS84, as RFC 7946 says. EPSG:4326, CRS84 and EPSG:27700 are
 * understood; anything else is PC_ERR_INPUT naming it. */
static pc_status declared_crs(const cJSON *o, const char *what, geo_crs *crs,
                              int *found, pc_error *err)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "crs");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(c, "properties"), "name");
    const char *s;
    size_t l;

    if (!c || cJSON_IsNull(c))
        return PC_OK;
    if (!cJSON_IsString(n))
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: \"crs\" has no properties.name (expected a named "
                       "CRS such as urn:ogc:def:crs:EPSG::27700)",
                       what);
    s = n->valuestring;
    l = strlen(s);
    *found = 1;
    if (l >= 5 && (!strcmp(s + l - 5, ":4326") || strstr(s, "CRS84")))
        *crs = GEO_CRS_WGS84;
    else if (l >= 6 && !strcmp(s + l - 6, ":27700"))
        *crs = GEO_CRS_BNG;
    else
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: declares the CRS \"%s\" (expected EPSG:4326 "
                       "longitude/latitude or EPSG:27700 British National "
                       "Grid)",
                       what, s);
    return PC_OK;
}

pc_status plan_dev_geojson(geo_ctx *geo, const char *json, size_t len,
                           const char *what, geo_wkb *out, int *repaired,
                           pc_error *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0), *g, *t;
    const cJSON *feat = NULL;
    const char *dup;
    char msg[256];
    pc_status rc;
    geo_crs crs = GEO_CRS_WGS84;
    int found = 0;

    *repaired = 0;
    if (!root)
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: not valid JSON near byte %ld (expected a GeoJSON "
                       "Polygon, Feature or FeatureCollection)",
                       what, end ? (long)(end - json) : 0L);
    g = root;
    if (declared_crs(root, what, &crs, &found, err)) {
        cJSON_Delete(root);
        return err->code;
    }
    t = cJSON_GetObjectItemCaseSensitive(g, "type");
    if (cJSON_IsString(t) && !strcmp(t->valuestring, "FeatureCollection")) {
        cJSON *fs = cJSON_GetObjectItemCaseSensitive(g, "features");

        if (!cJSON_IsArray(fs) || cJSON_GetArraySize(fs) != 1) {
            cJSON_Delete(root);
            return PC_FAIL(err, PC_ERR_INPUT,
                           "%s: a FeatureCollection must hold exactly one "
                           "feature, the development",
                           what);
        }
        g = cJSON_GetArrayItem(fs, 0);
        t = cJSON_GetObjectItemCaseSensitive(g, "type");
    }
    if (cJSON_IsString(t) && !strcmp(t->valuestring, "Feature")) {
        feat = g;
        if (!found && declared_crs(g, what, &crs, &found, err)) {
            cJSON_Delete(root);
            return err->code;
        }
        g = cJSON_GetObjectItemCaseSensitive(g, "geometry");
        t = cJSON_GetObjectItemCaseSensitive(g, "type");
    }
    if (!cJSON_IsString(t) || (strcmp(t->valuestring, "Polygon") &&
                               strcmp(t->valuestring, "MultiPolygon"))) {
        cJSON_Delete(root);
        return PC_FAIL(err, PC_ERR_INPUT,
                       "%s: expected a Polygon or MultiPolygon (as a "
                       "geometry, a Feature or a collection of one Feature)",
                       what);
    }
    /* a key given twice would be read as its first copy: refused */
    if ((dup = pc_json_dup_key(root)) || (dup = pc_json_dup_key(feat)) ||
        (dup = pc_json_dup_key(g))) {
        char d[PC_JSON_DISP_SZ];

        rc = PC_FAIL(err, PC_ERR_INPUT,
                     "%s: key \"%s\" is given twice (expected each key "
                     "once)",
                     what, pc_json_disp(d, sizeof d, dup));
        cJSON_Delete(root);
        return rc;
    }
    rc = geo_polygon_from_geojson(geo, g, crs, 0, out, repaired, msg,
                                  sizeof msg, err);
    cJSON_Delete(root);
    return rc ? pc_error_wrap(err, "%s", what) : PC_OK;
}
