/* cmd_money.c: the commands about money: contributions (the S106 and CIL
 * ledger) and prioritise (the capital programme). */
#include "cli.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_file.h"
#include "plan_contrib.h"
#include "plan_contrib_import.h"
#include "plan_model.h"
#include "plan_prio.h"
#include "plan_programme_store.h"
#include "plan_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* contributions import --from DIR [--lpa CODE]... [--json] */
static int cmd_contrib_import(cli *cl, int argc, char **argv)
{
    const char *dir = NULL, *lpas[CLI_REPEAT_MAX];
    int json = 0, nlpas = 0;
    opt_spec specs[] = {{"from", 1, &dir, NULL},
                        {"lpa", 2, lpas, &nlpas},
                        {"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_contrib_import, specs, 3);
    pc_error err = {0};
    plan_contrib_import_result *res = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    int code;

    if (r >= 0)
        return r;
    if (!dir)
        return cli_usage_error(usage_contrib_import, "--from DIR is required",
                               "");
    if (plan_contrib_import(cl->db, dir, lpas, (size_t)nlpas, &res, &err) !=
        PC_OK)
        code = cli_fail_file("contributions import", &err);
    else if ((json ? plan_contrib_import_json(res, &out, &err)
                   : plan_contrib_import_table(res, &out, &err)) != PC_OK)
        code = cli_fail("contributions import", &err);
    else
        code = cli_answer("contributions-import", argv[0], cl->db, json, &out);
    pc_buf_free(&out);
    plan_contrib_import_free(res);
    return code;
}

int cmd_contributions(cli *cl, int argc, char **argv)
{
    const char *file = NULL, *preset = NULL, *as_of = NULL, *warn = NULL;
    int json = 0;
    opt_spec specs[] = {{"as-of", 1, &as_of, NULL},
                        {"warn-years", 1, &warn, NULL},
                        {"scenario", 1, &file, NULL},
                        {"preset", 1, &preset, NULL},
                        {"json", 0, NULL, &json}};
    int r;
    cli_key keys[] = {{"--preset", "preset", NULL}};
    pc_error err = {0};
    plan_contrib_opts opts = {NULL, -1};
    plan_scenario *sc = NULL;
    plan_model *m = NULL;
    plan_contrib_ledger *l = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    int code = 0;
    static char name_import[] = "contributions import";

    /* the subcommand's argv[0] names it whole, for its messages */
    if (argc > 1 && !strcmp(argv[1], "import")) {
        argv[1] = name_import;
        return cmd_contrib_import(cl, argc - 1, argv + 1);
    }
    if ((r = cli_parse_opts(argc, argv, usage_contributions, specs, 5)) >= 0)
        return r;
    keys[0].value = preset;
    if (as_of && plan_request_date(as_of, &err) != PC_OK)
        return cli_fail_opt("contributions", "--as-of", as_of, &err);
    opts.as_of = as_of;
    if (warn && plan_request_warn_years(warn, &opts.warn_years, &err) != PC_OK)
        return cli_fail_opt("contributions", "--warn-years", warn, &err);
    if ((code = cli_scenario("contributions", file, keys, 1, &sc)) >= 0 ||
        (code = cli_model(cl, "contributions", &m)) >= 0)
        goto done;
    if (plan_model_contributions(m, sc, &opts, &l, &err) != PC_OK ||
        (json ? plan_contrib_json(l, &out, &err)
              : plan_contrib_table(l, &out, &err)) != PC_OK)
        code = cli_fail("contributions", &err);
    else
        code = cli_answer("contributions", argv[0], cl->db, json, &out);
done:
    pc_buf_free(&out);
    plan_contrib_free(l);
    plan_model_close(m);
    plan_scenario_free(sc);
    return code;
}

int cmd_prioritise(cli *cl, int argc, char **argv)
{
    const char *file = NULL, *preset = NULL, *method = NULL, *growth = NULL,
               *alloc = NULL, *years = NULL, *mps = NULL, *scen = NULL,
               *capacity = NULL;
    int json = 0;
    cli_scen x = {0};
    opt_spec specs[] = {{"scenario", 1, &file, NULL},
                        {"preset", 1, &preset, NULL},
                        {"method", 1, &method, NULL},
                        {"growth", 1, &growth, NULL},
                        {"capacity-method", 1, &capacity, NULL},
                        {"allocation", 1, &alloc, NULL},
                        {"years", 1, &years, NULL},
                        {"write-mps", 1, &mps, NULL},
                        {"write-scenario", 1, &scen, NULL},
                        {"json", 0, NULL, &json},
                        CLI_SCEN_SPECS(x)};
    int r = cli_parse_opts(argc, argv, usage_prioritise, specs,
                           sizeof specs / sizeof *specs);
    const cli_key keys[] = {{"--method", "method", method},
                            {"--capacity-method", "capacity_method", capacity},
                            {"--growth", "growth", growth},
                            {"--allocation", "allocation", alloc},
                            {"--years", "years", years},
                            {"--preset", "preset", preset}};
    pc_error err = {0};
    plan_scenario *sc = NULL;
    plan_model *m = NULL;
    plan_prio_instance *in = NULL;
    plan_programme *pg = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC), sbuf = PC_BUF_INIT(PC_CAP_TEXT);
    int code = 0;

    if (r >= 0)
        return r;
    if ((code = cli_scenario_x("prioritise", file, keys, 6, &x, &sc)) >= 0 ||
        (code = cli_model(cl, "prioritise", &m)) >= 0 ||
        (code = cli_scen_check("prioritise", m, &x)) >= 0)
        goto done;
    if (plan_model_prioritise(m, sc, &in, &err) != PC_OK) {
        code = cli_fail_scen("prioritise", &x, &err);
        goto done;
    }
    if (mps && plan_prio_write_mps(in, 1.0, mps, &err) != PC_OK) {
        code = cli_fail_file("prioritise", &err);
        goto done;
    }
    cli_progress_install();
    if (plan_programme_new(in, &pg, &err) != PC_OK ||
        (x.label && plan_programme_label(pg, x.label, &err) != PC_OK) ||
        (scen && plan_programme_scenario(pg, sc, &sbuf, &err) != PC_OK) ||
        (json ? plan_programme_json(pg, &out, &err)
              : plan_programme_table(pg, &out, &err)) != PC_OK) {
        code = cli_fail("prioritise", &err);
        goto done;
    }
    if (scen && pc_file_write_atomic(scen, pc_buf_str(&sbuf), sbuf.len, &err) !=
                    PC_OK) {
        code = cli_fail_file("prioritise", &err);
        goto done;
    }
    /* stored under its id, as runs are (a label names it) */
    if (plan_model_programme_save(m, pg, &err) != PC_OK) {
        code = cli_fail("prioritise", &err);
        goto done;
    }
    if (!json && pc_buf_printf(&out, "\nprogramme %s stored\n",
                               pg->programme_id) != PC_OK) {
        fprintf(stderr, "pcplan: prioritise: out of memory\n");
        code = 1;
        goto done;
    }
    code = cli_answer("programme", argv[0], cl->db, json, &out);
done:
    pc_buf_free(&sbuf);
    pc_buf_free(&out);
    plan_programme_free(pg);
    plan_prio_instance_free(in);
    plan_model_close(m);
    plan_scenario_free(sc);
    return code;
}
