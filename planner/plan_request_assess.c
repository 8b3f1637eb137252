/* plan_request_assess.c: a site assessment asked for as one JSON object
 * (plan_request.h): a request body, or a query string read into an object
 * of strings. Each value goes through the parser the command line's
 * options use, so both front ends accept the same values with the same
 * messages, named here by key. */
#include "plan_request.h"

#include "pc_error.h"
#include "pc_json.h"
#include "plan_site.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const req_keys[] = {
    "site",       "lon",       "lat",       "boundary", "dwellings",
    "mix",        "postcode",  "name",      "area_ha",  "rural",
    "form",       "land_ha",   "as_of",     "preset",   "method",
    "allocation", "scenario",  "reference", "council",  "addressee",
    "contact",    "consulted", "deadline",  "issued",   NULL};

/* The text of key's value: a string as it is, a number or a boolean as
 * JSON writes it; NULL when absent or null. */
static pc_status text_of(const pc_jr *r, const char *key, char *buf, size_t n,
                         const char **out)
{
    const cJSON *v = pc_jr_get(r, key, PC_JR_OPT);

    *out = NULL;
    if (!v)
        return PC_OK;
    if (cJSON_IsString(v))
        *out = v->valuestring;
    else if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.17g", v->valuedouble);
    else if (cJSON_IsBool(v))
        snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else
        return pc_jr_bad(r, key, "a string or a number", v);
    if (!*out)
        *out = buf;
    return PC_OK;
}

/* A failure of a value's parser, named by key. */
static pc_status read_consultation(const pc_jr *r, plan_assess_req *q);

static pc_status key_err(const pc_jr *r, const char *key, pc_error *inner)
{
    return pc_jr_fail(r, key, "%s", inner->msg);
}

static pc_status read_number(const pc_jr *r, const char *key, double *out)
{
    char buf[40], *end;
    const char *t;
    double v;

    if (text_of(r, key, buf, sizeof buf, &t) != PC_OK || !t)
        return r->err->code;
    v = strtod(t, &end);
    if (!*t || *end || !isfinite(v))
        return pc_jr_fail(r, key, "expected a number, got \"%.40s\"", t);
    *out = v;
    return PC_OK;
}

/* "rural": true/false, 1/0. */
static pc_status read_flag(const pc_jr *r, const char *key, int *out)
{
    char buf[40];
    const char *t;

    if (text_of(r, key, buf, sizeof buf, &t) != PC_OK || !t)
        return r->err->code;
    if (!strcmp(t, "true") || !strcmp(t, "1"))
        *out = 1;
    else if (!strcmp(t, "false") || !strcmp(t, "0"))
        *out = 0;
    else
        return pc_jr_fail(r, key, "expected true or false, got \"%.40s\"", t);
    return PC_OK;
}

/* "postcode": the point is its centroid in the store's postcodes. */
static pc_status read_postcode(geo_ctx *geo, ds_store *st, const pc_jr *r,
                               const char *text, plan_assess_req *q)
{
    pc_error e = {0};

    if (!st)
        return pc_jr_fail(r, "postcode", "not taken here (no store)");
    if (plan_postcode_point(st, geo, text, q->postcode, &q->dev.lon,
                            &q->dev.lat, &q->dev.e, &q->dev.n, &e) != PC_OK)
        return key_err(r, "postcode", &e);
    q->dev.postcode = q->postcode;
    q->dev.source = "point";
    return PC_OK;
}

/* Where the development is: a stored site, a point, a postcode's centroid
 * or a boundary. */
static pc_status read_where(geo_ctx *geo, ds_store *st, const pc_jr *r,
                            plan_assess_req *q)
{
    pc_error e = {0};
    char lb[40], ab[40], ll[96];
    const char *lon, *lat, *site, *pcode;
    const cJSON *b = pc_jr_get(r, "boundary", PC_JR_OPT);

    if (pc_jr_str(r, "site", PC_JR_OPT, &site) != PC_OK ||
        pc_jr_str(r, "postcode", PC_JR_OPT, &pcode) != PC_OK)
        return r->err->code;
    if (text_of(r, "lon", lb, sizeof lb, &lon) != PC_OK ||
        text_of(r, "lat", ab, sizeof ab, &lat) != PC_OK)
        return r->err->code;
    if ((site != NULL) + (lon || lat) + (b != NULL) + (pcode != NULL) != 1)
        return PC_FAIL(r->err, PC_ERR_INPUT,
                       "give one of \"site\", \"lon\" and \"lat\", "
                       "\"postcode\", or \"boundary\"");
    if (site) {
        q->dev.site_id = site;
        return PC_OK;
    }
    if (pcode)
        return read_postcode(geo, st, r, pcode, q);
    if (lon || lat) {
        if (!lon || !lat)
            return pc_jr_fail(r, lon ? "lat" : "lon",
                              "missing (a point needs lon and lat)");
        snprintf(ll, sizeof ll, "%s,%s", lon, lat);
        if (plan_parse_lonlat(geo, ll, &q->dev.lon, &q->dev.lat, &q->dev.e,
                              &q->dev.n, &e) != PC_OK)
            return key_err(r, "lon", &e);
        q->dev.source = "point";
        return PC_OK;
    }
    {
        char *text = cJSON_IsString(b) ? NULL : cJSON_PrintUnformatted(b);
        const char *g = text ? text : b->valuestring;
        pc_status rc;

        if (!g)
            return PC_NOMEM(r->err);
        rc = plan_dev_geojson(geo, g, strlen(g), "boundary", &q->outline,
                              &q->repaired, &e);
        cJSON_free(text);
        if (rc != PC_OK)
            return key_err(r, "boundary", &e);
    }
    q->dev.geom = &q->outline;
    q->dev.source = "geojson";
    return PC_OK;
}

/* The development's own figures and the options of the ask. */
static pc_status read_figures(const pc_jr *r, plan_assess_req *q)
{
    pc_error e = {0};
    char buf[40];
    const char *t;

    if (text_of(r, "dwellings", buf, sizeof buf, &t) != PC_OK)
        return r->err->code;
    if (t && plan_parse_dwellings(t, &q->dev.dwellings, &e) != PC_OK)
        return key_err(r, "dwellings", &e);
    if (!t && !q->dev.site_id)
        return pc_jr_fail(r, "dwellings",
                          "missing (a new development needs its number "
                          "of dwellings)");
    if (pc_jr_str(r, "mix", PC_JR_OPT, &t) != PC_OK)
        return r->err->code;
    if (t && plan_parse_mix(t, q->dev.mix, &e) != PC_OK)
        return key_err(r, "mix", &e);
    if (pc_jr_str(r, "name", PC_JR_OPT, &q->dev.name) != PC_OK ||
        (pc_jr_get(r, "area_ha", PC_JR_OPT) &&
         read_number(r, "area_ha", &q->dev.area_ha) != PC_OK) ||
        (pc_jr_get(r, "rural", PC_JR_OPT) &&
         read_flag(r, "rural", &q->dev.rural) != PC_OK) ||
        (pc_jr_get(r, "land_ha", PC_JR_OPT) &&
         read_number(r, "land_ha", &q->opts.land_ha) != PC_OK) ||
        pc_jr_str(r, "form", PC_JR_OPT, &t) != PC_OK)
        return r->err->code;
    if (t && plan_form_parse(t, &q->opts.form, &e) != PC_OK)
        return key_err(r, "form", &e);
    if (pc_jr_str(r, "as_of", PC_JR_OPT, &q->opts.as_of) != PC_OK)
        return r->err->code;
    if (q->opts.as_of && plan_request_date(q->opts.as_of, &e) != PC_OK)
        return key_err(r, "as_of", &e);
    return read_consultation(r, q);
}

/* The consultation the response answers: strings, the three dates
 * checked as the command line's are. */
static pc_status read_consultation(const pc_jr *r, plan_assess_req *q)
{
    static const char *const dates[] = {"consulted", "deadline", "issued"};
    const char **dv[] = {&q->opts.consulted, &q->opts.deadline,
                         &q->opts.issued};
    pc_error e = {0};

    if (pc_jr_str(r, "reference", PC_JR_OPT, &q->opts.reference) ||
        pc_jr_str(r, "council", PC_JR_OPT, &q->opts.council) ||
        pc_jr_str(r, "addressee", PC_JR_OPT, &q->opts.addressee) ||
        pc_jr_str(r, "contact", PC_JR_OPT, &q->opts.contact))
        return r->err->code;
    for (int i = 0; i < 3; i++) {
        if (pc_jr_str(r, dates[i], PC_JR_OPT, dv[i]))
            return r->err->code;
        if (*dv[i] && plan_request_date(*dv[i], &e) != PC_OK)
            return key_err(r, dates[i], &e);
    }
    if (plan_assess_check_consultation(&q->opts, &e))
        return key_err(r, "deadline", &e);
    return PC_OK;
}

/* "scenario" (an object in the scenario file's format), then "preset",
 * "method" (the assessment's: the capacity method) and "allocation" over
 * it. */
static pc_status read_scenario(const pc_jr *r, plan_assess_req *q)
{
    static const char *const keys[] = {"preset", "method", "allocation"};
    static const char *const to[] = {"preset", "capacity_method", "allocation"};
    const cJSON *s = pc_jr_get(r, "scenario", PC_JR_OPT);
    pc_error e = {0};

    if (s) {
        if (!cJSON_IsObject(s))
            return pc_jr_bad(r, "scenario", "an object", s);
        if (plan_scenario_from_cjson(s, "of the request", &q->over, &e) !=
            PC_OK)
            return PC_FAIL(r->err, e.code, "%s", e.msg);
    } else if (!(q->over = plan_scenario_new())) {
        return PC_NOMEM(r->err);
    }
    for (size_t i = 0; i < 3; i++) {
        const char *t;

        if (pc_jr_str(r, keys[i], PC_JR_OPT, &t) != PC_OK)
            return r->err->code;
        if (t && plan_scenario_set(q->over, to[i], t, &e) != PC_OK)
            return key_err(r, keys[i], &e);
    }
    return PC_OK;
}

pc_status plan_assess_req_read(geo_ctx *geo, ds_store *st, const cJSON *obj,
                               plan_assess_req *out, pc_error *err)
{
    pc_jr r = pc_jr_root(obj, NULL, err);
    pc_status rc;

    memset(out, 0, sizeof *out);
    out->dev = plan_dev_init();
    out->opts = plan_assess_opts_init();
    if (!cJSON_IsObject(obj))
        return PC_FAIL(err, PC_ERR_INPUT, "expected a JSON object, got %s",
                       pc_json_type(obj));
    rc = pc_jr_keys(&r, req_keys);
    if (rc == PC_OK)
        rc = read_where(geo, st, &r, out);
    if (rc == PC_OK)
        rc = read_figures(&r, out);
    if (rc == PC_OK)
        rc = read_scenario(&r, out);
    if (rc != PC_OK)
        plan_assess_req_free(out);
    return rc;
}

void plan_assess_req_free(plan_assess_req *q)
{
    if (!q)
        return;
    geo_wkb_free(&q->outline);
    plan_scenario_free(q->over);
    q->over = NULL;
    q->dev.geom = NULL;
}
