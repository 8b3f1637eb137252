/* cmd_run.c: the commands that run the model under a scenario: run (the
 * projection, stored in the store), report (the place pages) and export
 * (the model and a run's results as files). */
#include "cli.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"
#include "plan_project.h"
#include "plan_request.h"
#include "rpt_export.h"
#include "rpt_report.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The options that make a run's scenario. */
typedef struct run_opts {
    const char *file, *preset, *method, *capacity, *growth, *alloc, *years,
        *draws, *seed, *as_of;
    cli_scen x; /* --delivery, --slip, --budget-factor, --set, --label */
} run_opts;

/* The scenario of o (in the order its options are checked); -1 to go
 * on, else an exit code. */
static int run_scenario(const char *cmd, const run_opts *o, plan_scenario **sc)
{
    const cli_key keys[] = {
        {"--method", "method", o->method},
        {"--capacity-method", "capacity_method", o->capacity},
        {"--growth", "growth", o->growth},
        {"--allocation", "allocation", o->alloc},
        {"--years", "years", o->years},
        {"--draws", "monte_carlo.draws", o->draws},
        {"--seed", "monte_carlo.seed", o->seed},
        {"--preset", "preset", o->preset}};

    return cli_scenario_x(cmd, o->file, keys, sizeof keys / sizeof *keys, &o->x,
                          sc);
}

int cmd_run(cli *cl, int argc, char **argv)
{
    run_opts o = {0};
    const char *by = "place";
    int json = 0;
    opt_spec specs[] = {{"scenario", 1, &o.file, NULL},
                        {"preset", 1, &o.preset, NULL},
                        {"method", 1, &o.method, NULL},
                        {"capacity-method", 1, &o.capacity, NULL},
                        {"growth", 1, &o.growth, NULL},
                        {"allocation", 1, &o.alloc, NULL},
                        {"years", 1, &o.years, NULL},
                        {"draws", 1, &o.draws, NULL},
                        {"seed", 1, &o.seed, NULL},
                        {"by", 1, &by, NULL},
                        {"json", 0, NULL, &json},
                        CLI_SCEN_SPECS(o.x)};
    int r = cli_parse_opts(argc, argv, usage_run, specs,
                           sizeof specs / sizeof *specs);
    pc_error err = {0};
    plan_scenario *sc = NULL;
    plan_model *m = NULL;
    plan_run *run = NULL;
    pc_buf out = CLI_OUT(PC_CAP_RUN);
    plan_detail detail;
    int code = 0;

    if (r >= 0)
        return r;
    if (plan_request_detail(by, &detail, &err) != PC_OK)
        return cli_usage_error(usage_run, "--by: ", err.msg);
    if ((code = run_scenario("run", &o, &sc)) >= 0 ||
        (code = cli_model(cl, "run", &m)) >= 0 ||
        (code = cli_scen_check("run", m, &o.x)) >= 0)
        goto done;
    /* the JSON at place detail is the stored run's */
    cli_progress_install();
    if (plan_model_run(m, sc, &run, &err) != PC_OK ||
        plan_model_run_save_as(
            m, run, o.x.label,
            json && detail == PLAN_DETAIL_PLACE ? &out : NULL, &err) != PC_OK ||
        (!(json && detail == PLAN_DETAIL_PLACE) &&
         (json ? plan_run_json(run, detail, &out, &err)
               : plan_run_table(run, detail, &out, &err)) != PC_OK))
        code = cli_fail_scen("run", &o.x, &err);
    else
        code = cli_answer("run", argv[0], cl->db, json, &out);
done:
    pc_buf_free(&out);
    plan_run_free(run);
    plan_model_close(m);
    plan_scenario_free(sc);
    return code;
}

/* The report document of report and export under the scenario their
 * options give, checking place (when not NULL) names one; its run is
 * stored (with --label), so that `pcplan runs` lists the id the document
 * carries. -1 to go on, else an exit code. */
static int report_doc(const cli *cl, const char *cmd, const run_opts *o,
                      const char *place, cJSON **doc)
{
    plan_scenario *sc = NULL;
    plan_model *m = NULL;
    pc_error err = {0};
    int r;

    if (o->as_of && plan_request_date(o->as_of, &err) != PC_OK)
        return cli_fail_opt(cmd, "--as-of", o->as_of, &err);
    cli_progress_install(); /* the report's draws and prioritisation */
    if ((r = run_scenario(cmd, o, &sc)) < 0 &&
        (r = cli_model(cl, cmd, &m)) < 0 &&
        (r = cli_scen_check(cmd, m, &o->x)) < 0 &&
        ((place && plan_model_find_place(m, place, NULL, &err) != PC_OK) ||
         plan_model_report_save(m, sc, o->as_of, o->x.label, doc, &err) !=
             PC_OK))
        r = cli_fail_scen(cmd, &o->x, &err);
    plan_model_close(m);
    plan_scenario_free(sc);
    return r;
}

/* Prints the report document as JSON. */
static int report_json(const cJSON *doc, const char *db)
{
    pc_buf out = CLI_OUT(512u << 20);
    char *text = cJSON_Print(doc);
    int code;

    if (!text || pc_buf_puts(&out, text) || pc_buf_puts(&out, "\n")) {
        fprintf(stderr, "pcplan: report: out of memory\n");
        code = 1;
    } else {
        code = cli_answer("report", "report", db, 1, &out);
    }
    cJSON_free(text);
    pc_buf_free(&out);
    return code;
}

int cmd_report(cli *cl, int argc, char **argv)
{
    run_opts o = {0};
    const char *place = NULL, *dir = "reports";
    int all = 0, json = 0;
    opt_spec specs[] = {{"place", 1, &place, NULL},
                        {"all", 0, NULL, &all},
                        {"out", 1, &dir, NULL},
                        {"scenario", 1, &o.file, NULL},
                        {"preset", 1, &o.preset, NULL},
                        {"method", 1, &o.method, NULL},
                        {"capacity-method", 1, &o.capacity, NULL},
                        {"growth", 1, &o.growth, NULL},
                        {"allocation", 1, &o.alloc, NULL},
                        {"years", 1, &o.years, NULL},
                        {"draws", 1, &o.draws, NULL},
                        {"seed", 1, &o.seed, NULL},
                        {"as-of", 1, &o.as_of, NULL},
                        {"json", 0, NULL, &json},
                        CLI_SCEN_SPECS(o.x)};
    int r = cli_parse_opts(argc, argv, usage_report, specs,
                           sizeof specs / sizeof *specs);
    cJSON *doc = NULL;
    pc_error err = {0};
    const char **written = NULL;
    size_t nwritten = 0;
    int code = 0;

    if (r >= 0)
        return r;
    if (place && all)
        return cli_usage_error(usage_report, "--place and --all: give one", "");
    if ((r = report_doc(cl, "report", &o, json ? NULL : place, &doc)) >= 0)
        return r;
    if (json) {
        code = report_json(doc, cl->db);
        cJSON_Delete(doc);
        return code;
    }
    if (rpt_report_write(doc, place, dir, &written, &nwritten, &err) != PC_OK)
        code = cli_fail_file("report", &err);
    for (size_t k = 0; !code && k < nwritten; k++)
        printf("%s\n", written[k]);
    rpt_paths_free(written);
    cJSON_Delete(doc);
    return code;
}

int cmd_export(cli *cl, int argc, char **argv)
{
    run_opts o = {0};
    const char *format = NULL, *dir = "export";
    opt_spec specs[] = {{"format", 1, &format, NULL},
                        {"out", 1, &dir, NULL},
                        {"scenario", 1, &o.file, NULL},
                        {"preset", 1, &o.preset, NULL},
                        {"method", 1, &o.method, NULL},
                        {"growth", 1, &o.growth, NULL},
                        {"capacity-method", 1, &o.capacity, NULL},
                        {"allocation", 1, &o.alloc, NULL},
                        {"years", 1, &o.years, NULL},
                        {"draws", 1, &o.draws, NULL},
                        {"seed", 1, &o.seed, NULL},
                        {"as-of", 1, &o.as_of, NULL},
                        CLI_SCEN_SPECS(o.x)};
    int r = cli_parse_opts(argc, argv, usage_export, specs,
                           sizeof specs / sizeof *specs);
    rpt_export_format fmt;
    pc_error err = {0};
    cJSON *doc = NULL;
    const char **written = NULL;
    size_t nwritten = 0;
    int code;

    if (r >= 0)
        return r;
    if (!format)
        return cli_usage_error(usage_export, "--format is required", "");
    if (rpt_export_format_parse(format, &fmt, &err) != PC_OK) {
        pc_error_wrap(&err, "--format");
        return cli_fail("export", &err);
    }
    if ((r = report_doc(cl, "export", &o, NULL, &doc)) >= 0)
        return r;
    if (pc_dir_make(dir, &err) != PC_OK)
        code = cli_fail_file("export", &err);
    else if (rpt_export(doc, fmt, dir, &written, &nwritten, &err) != PC_OK)
        code = cli_fail("export", &err);
    else
        code = 0;
    for (size_t k = 0; !code && k < nwritten; k++)
        printf("%s\n", written[k]);
    rpt_paths_free(written);
    cJSON_Delete(doc);
    return code;
}
