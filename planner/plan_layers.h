/* plan_layers.h: map layers a front end draws that the export's layers
 * (rpt_export_layer) do not carry. */
#ifndef PLAN_LAYERS_H
#define PLAN_LAYERS_H

#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"

/* The approximate PCN areas of the spatial model sp (the union within a
 * place of the Voronoi cells of its PCN's premises) appended to out as an
 * RFC 7946 FeatureCollection named "pcns" in WGS84 (6 decimals), one
 * feature per line, with properties pcn_code, name and place (pcn_code and
 * name null for practices in no PCN); with props_only as {"pcns":
 * [properties, ...]}. */
pc_status plan_pcn_areas_geojson(geo_ctx *geo, const ds_dataset *ds,
                                 const ds_spatial *sp, int props_only,
                                 pc_buf *out, pc_error *err);

#endif
