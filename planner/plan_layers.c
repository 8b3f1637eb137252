/* plan_layers.c: map layers a front end draws that the export does not
 * carry (plan_layers.h): the approximate PCN areas of the stored spatial
 * model, as GeoJSON in WGS84. */
#include "plan_layers.h"

#include "pc_buf.h"
#include "pc_error.h"

#include <cjson/cJSON.h>

#include <string.h>

/* The PCN's name, or NULL. */
static const char *pcn_name(const ds_dataset *ds, const char *code)
{
    for (size_t i = 0; code && i < ds->npcns; i++)
        if (!strcmp(ds->pcns[i].code, code))
            return ds->pcns[i].name;
    return NULL;
}

/* One feature's properties: {"pcn_code":..,"name":..,"place":..}. */
static pc_status area_props(const ds_dataset *ds, const ds_pcn_area *a,
                            pc_buf *out, pc_error *err)
{
    cJSON *o = cJSON_CreateObject();
    const char *name = pcn_name(ds, a->pcn_code);
    char *text;
    pc_status rc;

    if (!o ||
        !(a->pcn_code ? cJSON_AddStringToObject(o, "pcn_code", a->pcn_code)
                      : cJSON_AddNullToObject(o, "pcn_code")) ||
        !(name ? cJSON_AddStringToObject(o, "name", name)
               : cJSON_AddNullToObject(o, "name")) ||
        !cJSON_AddStringToObject(o, "place", a->place) ||
        !(text = cJSON_PrintUnformatted(o))) {
        cJSON_Delete(o);
        return PC_NOMEM(err);
    }
    rc = pc_buf_puts(out, text);
    cJSON_free(text);
    cJSON_Delete(o);
    return rc == PC_OK ? PC_OK : PC_NOMEM(err);
}

/* One feature: its properties and its geometry reprojected. */
static pc_status area_feature(geo_ctx *geo, const ds_dataset *ds,
                              const ds_pcn_area *a, pc_buf *out, pc_error *err)
{
    cJSON *g = NULL;
    char *bng = NULL;
    pc_status rc;

    if (pc_buf_puts(out, "{\"type\":\"Feature\",\"properties\":") != PC_OK)
        return PC_NOMEM(err);
    if ((rc = area_props(ds, a, out, err)) != PC_OK)
        return rc;
    if (pc_buf_puts(out, ",\"geometry\":") != PC_OK)
        return PC_NOMEM(err);
    if ((rc = geo_wkb_geojson(geo, &a->geom, 0, &g, err)) != PC_OK)
        return rc;
    if (!(bng = cJSON_PrintUnformatted(g)))
        rc = PC_NOMEM(err);
    else
        rc = geo_geojson_wgs84(geo, bng, 6, out, err);
    cJSON_free(bng);
    cJSON_Delete(g);
    if (rc == PC_OK && pc_buf_puts(out, "}") != PC_OK)
        rc = PC_NOMEM(err);
    return rc;
}

pc_status plan_pcn_areas_geojson(geo_ctx *geo, const ds_dataset *ds,
                                 const ds_spatial *sp, int props_only,
                                 pc_buf *out, pc_error *err)
{
    pc_status rc = PC_OK;

    if (pc_buf_puts(out, props_only
                             ? "{\"pcns\":["
                             : "{\"type\":\"FeatureCollection\","
                               "\"name\":\"pcns\",\"features\":[") != PC_OK)
        return PC_NOMEM(err);
    for (size_t i = 0; rc == PC_OK && i < sp->npcn_areas; i++) {
        if (pc_buf_puts(out, i ? ",\n" : "\n") != PC_OK)
            return PC_NOMEM(err);
        rc = props_only ? area_props(ds, &sp->pcn_areas[i], out, err)
                        : area_feature(geo, ds, &sp->pcn_areas[i], out, err);
    }
    if (rc == PC_OK && pc_buf_puts(out, "\n]}\n") != PC_OK)
        rc = PC_NOMEM(err);
    return rc;
}
