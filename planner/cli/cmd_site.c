/* cmd_site.c: the commands about places on the map: site show, site
 * list, site assess (the S106 health contribution of a development, and
 * its consultation letter) and near. */
#include "cli.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"
#include "plan_assess.h"
#include "plan_site.h"
#include "plan_spatial.h"
#include "rpt_letter.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_assess(cli *cl, int argc, char **argv);

int cmd_site(cli *cl, int argc, char **argv)
{
    const char *method = NULL, *site_id = NULL, *sub = argc > 1 ? argv[1] : "";
    int json = 0, r;
    opt_spec specs[] = {{"json", 0, NULL, &json}, {"method", 1, &method, NULL}};
    pc_error err = {0};
    ds_store *st = NULL;
    ds_site_view *v = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    plan_method m;
    int code = 0;

    static char name_assess[] = "site assess", name_list[] = "site list",
                name_show[] = "site show";
    static const char *const subs[] = {"show", "list", "assess"};

    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        fputs(usage_site, stdout);
        return 0;
    }
    /* the subcommand's argv[0] names it whole, for its messages */
    if (!strcmp(sub, "assess")) {
        argv[1] = name_assess;
        return cmd_assess(cl, argc - 1, argv + 1);
    }
    if (!*sub)
        return cli_usage_error(
            usage_site, "missing site command (show, list or assess)", "");
    if (strcmp(sub, "list") && strcmp(sub, "show"))
        return cli_unknown("site", "command", sub, cli_suggest(sub, subs, 3),
                           "");
    argv[1] = !strcmp(sub, "list") ? name_list : name_show;
    if (!strcmp(sub, "list")) {
        if ((r = cli_parse_opts(argc - 1, argv + 1, usage_site, specs, 1)) >= 0)
            return r;
        if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
            plan_site_list(st, json, &out, &err) != PC_OK)
            code = cli_fail("site list", &err);
        else
            code = cli_answer("sites", argv[1], cl->db, json, &out);
        goto done;
    }
    if ((r = cli_parse_opts_pos(argc - 1, argv + 1, usage_site, specs, 2,
                                &site_id)) >= 0)
        return r;
    if (plan_method_parse(method, &m, &err) != PC_OK) {
        pc_error_wrap(&err, "--method");
        return cli_fail("site show", &err);
    }
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_site(st, site_id, plan_method_name(m), &v, &err) != PC_OK ||
        (json ? plan_site_json(v, &out, &err)
              : plan_site_table(v, &out, &err)) != PC_OK)
        code = cli_fail("site show", &err);
    else
        code = cli_answer("site", argv[1], cl->db, json, &out);
done:
    pc_buf_free(&out);
    ds_site_view_free(v);
    ds_store_close(st);
    return code;
}

int cmd_near(cli *cl, int argc, char **argv)
{
    const char *at = NULL, *premises = NULL, *radius_s = NULL, *pcode = NULL;
    int json = 0;
    opt_spec specs[] = {{"at", 1, &at, NULL},
                        {"postcode", 1, &pcode, NULL},
                        {"premises", 1, &premises, NULL},
                        {"radius", 1, &radius_s, NULL},
                        {"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_near, specs, 5);
    char norm[DS_POSTCODE_MAX];
    pc_error err = {0};
    geo_ctx *geo = NULL;
    ds_store *st = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    double lon = 0, lat = 0, e = 0, n = 0, radius = 0;
    int code = 0;

    if (r >= 0)
        return r;
    if ((at != NULL) + (pcode != NULL) + (premises != NULL) != 1)
        return cli_usage_error(
            usage_near, "give one of --at, --postcode or --premises", "");
    if (plan_parse_radius(radius_s, &radius, &err) != PC_OK) {
        pc_error_wrap(&err, "--radius");
        return cli_fail("near", &err);
    }
    if (!(geo = geo_ctx_new(&err))) {
        code = cli_fail("near", &err);
        goto done;
    }
    if (at && plan_parse_lonlat(geo, at, &lon, &lat, &e, &n, &err) != PC_OK) {
        pc_error_wrap(&err, "--at");
        code = cli_fail("near", &err);
        goto done;
    }
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK) {
        code = cli_fail("near", &err);
        goto done;
    }
    if (pcode && plan_postcode_point(st, geo, pcode, norm, &lon, &lat, &e, &n,
                                     &err) != PC_OK) {
        pc_error_wrap(&err, "--postcode %s", pcode);
        code = cli_fail("near", &err);
        goto done;
    }
    if (at || pcode) {
        if (plan_near_point(st, geo, lon, lat, e, n, pcode ? norm : NULL,
                            radius, json, &out, &err) != PC_OK) {
            pc_error_wrap(&err, "%s %s", at ? "--at" : "--postcode",
                          at ? at : pcode);
            code = cli_fail("near", &err);
            goto done;
        }
    } else if (plan_near_premises(st, geo, premises, radius, json, &out,
                                  &err) != PC_OK) {
        code = cli_fail("near", &err);
        goto done;
    }
    code = cli_answer("near", argv[0], cl->db, json, &out);
done:
    pc_buf_free(&out);
    ds_store_close(st);
    geo_ctx_free(geo);
    return code;
}

/* The letter as STEM.md and STEM.html (rpt_letter_write). */
static int write_letter(const char *file, const plan_assessment *a)
{
    cJSON *root = NULL;
    const char **written = NULL;
    pc_error err = {0};
    int code = 0;

    if (plan_assessment_cjson(a, &root, &err) != PC_OK ||
        rpt_letter_write(root, file, &written, &err) != PC_OK)
        code = cli_fail_file("site assess: --letter", &err);
    else
        fprintf(stderr, "pcplan: site assess: wrote %s and %s\n", written[0],
                written[1]);
    rpt_paths_free(written);
    cJSON_Delete(root);
    return code;
}

/* The options of site assess. */
typedef struct assess_opts {
    const char *site, *at, *pcode, *gj, *dwell, *mix, *area, *name, *file,
        *preset, *method, *alloc, *as_of, *form, *land, *letter;
    const char *ref, *council, *to, *contact, *consulted, *deadline, *issued;
    int all, rural, json, csv;
} assess_opts;

/* Checks which options go together; -1 to go on, else 2. */
static int assess_usage(const assess_opts *a)
{
    if ((a->site != NULL) + (a->at != NULL) + (a->pcode != NULL) +
            (a->gj != NULL) + a->all !=
        1)
        return cli_usage_error(
            usage_assess,
            "give one of --site, --at, --postcode, --geojson or --all", "");
    if (a->all && (a->letter || a->dwell || a->mix || a->name || a->area))
        return cli_usage_error(usage_assess,
                               "--all takes no --letter, --dwellings, --mix, "
                               "--area-ha or --name",
                               "");
    if (a->csv && !a->all)
        return cli_usage_error(usage_assess, "--csv goes with --all", "");
    if (a->csv && a->json)
        return cli_usage_error(usage_assess, "give --json or --csv, not both",
                               "");
    return -1;
}

/* The development of site assess from its options, the outline read from
 * the GeoJSON file into *outline; -1 to go on, else an exit code. */
static int assess_dev(const assess_opts *a, plan_model *m, plan_dev *dev,
                      geo_wkb *outline, char postcode[DS_POSTCODE_MAX])
{
    const char *cmd = "site assess";
    pc_error err = {0};
    char *text = NULL;
    size_t len = 0;
    int repaired, r = -1;

    if (a->at && plan_parse_lonlat(plan_model_geo(m), a->at, &dev->lon,
                                   &dev->lat, &dev->e, &dev->n, &err))
        return cli_fail(cmd, &err);
    if (a->pcode) {
        if (plan_postcode_point(plan_model_store(m), plan_model_geo(m),
                                a->pcode, postcode, &dev->lon, &dev->lat,
                                &dev->e, &dev->n, &err) != PC_OK) {
            pc_error_wrap(&err, "--postcode %s", a->pcode);
            return cli_fail(cmd, &err);
        }
        dev->postcode = postcode;
    }
    if (a->gj) {
        if (pc_file_read(a->gj, 256u << 20, &text, &len, &err) != PC_OK)
            return cli_fail_file(cmd, &err);
        if (plan_dev_geojson(plan_model_geo(m), text, len, a->gj, outline,
                             &repaired, &err))
            r = cli_fail(cmd, &err);
        else if (repaired)
            fprintf(stderr,
                    "pcplan: %s: warning: %s: the outline was not "
                    "valid and was repaired\n",
                    cmd, a->gj);
        free(text);
        dev->geom = outline;
        dev->source = "geojson";
    } else if (a->at || a->pcode)
        dev->source = "point";
    dev->site_id = a->site;
    dev->name = a->name;
    dev->rural = a->rural;
    return r;
}

static int cmd_assess(cli *cl, int argc, char **argv)
{
    assess_opts a = {0};
    opt_spec specs[] = {{"site", 1, &a.site, NULL},
                        {"at", 1, &a.at, NULL},
                        {"postcode", 1, &a.pcode, NULL},
                        {"geojson", 1, &a.gj, NULL},
                        {"all", 0, NULL, &a.all},
                        {"dwellings", 1, &a.dwell, NULL},
                        {"mix", 1, &a.mix, NULL},
                        {"area-ha", 1, &a.area, NULL},
                        {"rural", 0, NULL, &a.rural},
                        {"name", 1, &a.name, NULL},
                        {"scenario", 1, &a.file, NULL},
                        {"preset", 1, &a.preset, NULL},
                        {"method", 1, &a.method, NULL},
                        {"allocation", 1, &a.alloc, NULL},
                        {"as-of", 1, &a.as_of, NULL},
                        {"form", 1, &a.form, NULL},
                        {"land-ha", 1, &a.land, NULL},
                        {"json", 0, NULL, &a.json},
                        {"csv", 0, NULL, &a.csv},
                        {"letter", 1, &a.letter, NULL},
                        {"ref", 1, &a.ref, NULL},
                        {"council", 1, &a.council, NULL},
                        {"to", 1, &a.to, NULL},
                        {"contact", 1, &a.contact, NULL},
                        {"consulted", 1, &a.consulted, NULL},
                        {"deadline", 1, &a.deadline, NULL},
                        {"issued", 1, &a.issued, NULL}};
    int r = cli_parse_opts(argc, argv, usage_assess, specs,
                           sizeof specs / sizeof *specs);
    const char *cmd = "site assess";
    cli_key keys[] = {{"--method", "capacity_method", a.method},
                      {"--allocation", "allocation", a.alloc},
                      {"--preset", "preset", a.preset}};
    pc_error err = {0};
    plan_scenario *sc = NULL;
    plan_dev dev = plan_dev_init();
    plan_assess_opts o = plan_assess_opts_init();
    plan_assessment *one = NULL, **v = NULL;
    size_t nv = 0;
    plan_model *m = NULL;
    geo_wkb outline = {0};
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    char postcode[DS_POSTCODE_MAX];
    int code = 0;

    if (r >= 0 || (r = assess_usage(&a)) >= 0)
        return r;
    keys[0].value = a.method;
    keys[1].value = a.alloc;
    keys[2].value = a.preset;
    if ((a.dwell && plan_parse_dwellings(a.dwell, &dev.dwellings, &err)) ||
        (a.mix && plan_parse_mix(a.mix, dev.mix, &err)) ||
        (a.form && plan_form_parse(a.form, &o.form, &err)))
        return cli_fail(cmd, &err);
    if ((a.area &&
         (r = cli_parse_real(cmd, "--area-ha", a.area, &dev.area_ha)) >= 0) ||
        (a.land &&
         (r = cli_parse_real(cmd, "--land-ha", a.land, &o.land_ha)) >= 0))
        return r;
    if ((a.at || a.pcode || a.gj) && !a.dwell)
        return cli_usage_error(usage_assess,
                               "a new development needs --dwellings N", "");
    o.as_of = a.as_of;
    o.reference = a.ref;
    o.council = a.council;
    o.addressee = a.to;
    o.contact = a.contact;
    o.consulted = a.consulted;
    o.deadline = a.deadline;
    o.issued = a.issued;
    if (plan_assess_check_consultation(&o, &err))
        return cli_fail(cmd, &err);
    if ((code = cli_scenario(cmd, a.file, keys, 3, &sc)) >= 0 ||
        (code = cli_model(cl, cmd, &m)) >= 0 ||
        (code = assess_dev(&a, m, &dev, &outline, postcode)) >= 0)
        goto done;
    if (a.all) {
        if (plan_model_assess_all(m, sc, &o, &v, &nv, &err) ||
            (a.json  ? plan_assessments_json(v, nv, &out, &err)
             : a.csv ? plan_assessments_csv(v, nv, &out, &err)
                     : plan_assessments_table(v, nv, &out, &err)))
            code = cli_fail(cmd, &err);
        else if (a.csv)
            code = cli_emit_text(&out);
        else
            code =
                cli_answer("site-assessments", argv[0], cl->db, a.json, &out);
        goto done;
    }
    if (plan_model_assess(m, sc, &dev, &o, &one, &err) ||
        (a.json ? plan_assessment_json(one, &out, &err)
                : plan_assessment_table(one, &out, &err)))
        code = cli_fail(cmd, &err);
    else if (!(a.letter && (code = write_letter(a.letter, one))))
        code = cli_answer("site-assessment", argv[0], cl->db, a.json, &out);
done:
    pc_buf_free(&out);
    plan_assessment_free(one);
    plan_assessments_free(v, nv);
    geo_wkb_free(&outline);
    plan_model_close(m);
    plan_scenario_free(sc);
    return code;
}
