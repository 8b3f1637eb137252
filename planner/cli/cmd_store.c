/* cmd_store.c: the commands about the store itself: init (import a
 * dataset), info, assumptions, runs, programmes and compare. */
#include "cli.h"
#include "ds_dataset.h"
#include "ds_store.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_assumptions.h"
#include "plan_compare.h"
#include "plan_info.h"
#include "plan_model.h"
#include "plan_programme_store.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_init(cli *cl, int argc, char **argv)
{
    const char *data = DEFAULT_DATA;
    opt_spec specs[] = {{"data", 1, &data, NULL}};
    int r = cli_parse_opts(argc, argv, usage_init, specs, 1);
    pc_error err = {0};
    plan_import im = {NULL, NULL};
    pc_buf out = PC_BUF_INIT(PC_CAP_TEXT);
    const ds_dataset *ds;

    if (r >= 0)
        return r;
    /* the store's path unusable (a folder in the way, no permission) is
     * the user's to fix: exit 2, as for export and report */
    if (plan_model_import(cl->db, data, &im, &err) != PC_OK)
        return cli_fail_file("init", &err);
    ds = im.ds;
    for (size_t i = 0; i < ds->warnings.count; i++)
        cli_warn("init", ds->warnings.items[i]);
    for (size_t i = 0; i < im.sp->warnings.count; i++)
        cli_warn("init", im.sp->warnings.items[i]);
    if (pc_buf_printf(&out,
                      "imported %s from %s into %s: %zu places, %zu LADs, "
                      "%zu PCNs, %zu practices, %zu premises, %zu sites, "
                      "%zu schemes, %zu contributions\n",
                      ds->name, data, cl->db, ds->nplaces, ds->nlads, ds->npcns,
                      ds->npractices, ds->npremises, ds->nsites, ds->nschemes,
                      ds->ncontributions) != PC_OK)
        r = cli_fail("init", &(pc_error){PC_ERR_NOMEM, NULL, "out of memory"});
    else
        r = cli_emit_text(&out);
    pc_buf_free(&out);
    plan_import_free(&im);
    return r;
}

int cmd_info(cli *cl, int argc, char **argv)
{
    int json = 0;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_info, specs, 1);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_summary *s = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    int code = 0;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_summary(st, &s, &err) != PC_OK ||
        (json ? plan_info_json(s, &out, &err)
              : plan_info_table(s, &out, &err)) != PC_OK)
        code = cli_fail("info", &err);
    else
        code = cli_answer("info", argv[0], cl->db, json, &out);
    pc_buf_free(&out);
    ds_summary_free(s);
    ds_store_close(st);
    return code;
}

int cmd_assumptions(cli *cl, int argc, char **argv)
{
    const char *preset = NULL;
    int json = 0;
    opt_spec specs[] = {{"preset", 1, &preset, NULL}, {"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_assumptions, specs, 2);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_assumption_list *l = NULL;
    pc_buf out = CLI_OUT(PC_CAP_TABLE);
    int code;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_assumptions(st, preset, &l, &err) != PC_OK ||
        (json ? plan_assumptions_json(l, &out, &err)
              : plan_assumptions_table(l, &out, &err)) != PC_OK)
        code = cli_fail("assumptions", &err);
    else
        code = cli_answer("assumptions", argv[0], cl->db, json, &out);
    pc_buf_free(&out);
    ds_assumption_list_free(l);
    ds_store_close(st);
    return code;
}

int cmd_runs(cli *cl, int argc, char **argv)
{
    int json = 0;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_runs, specs, 1);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_run_list *l = NULL;
    pc_buf out = CLI_OUT(PC_CAP_TABLE);
    int code;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_runs(st, &l, &err) != PC_OK ||
        plan_runs_list(l, json, &out, &err) != PC_OK)
        code = cli_fail("runs", &err);
    else
        code = cli_answer("runs", argv[0], cl->db, json, &out);
    pc_buf_free(&out);
    ds_run_list_free(l);
    ds_store_close(st);
    return code;
}

int cmd_programmes(cli *cl, int argc, char **argv)
{
    int json = 0;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_programmes, specs, 1);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_programme_list *l = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    int code;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_programmes(st, &l, &err) != PC_OK ||
        plan_programmes_list(l, json, &out, &err) != PC_OK)
        code = cli_fail("programmes", &err);
    else
        code = cli_answer("programmes", argv[0], cl->db, json, &out);
    pc_buf_free(&out);
    ds_programme_list_free(l);
    ds_store_close(st);
    return code;
}

int cmd_compare(cli *cl, int argc, char **argv)
{
    const char *ids[2] = {NULL, NULL};
    int json = 0, r;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    pc_error err = {0};
    ds_store *st = NULL;
    pc_buf out = CLI_OUT(PC_CAP_DOC);
    plan_compare_kind kind = PLAN_COMPARE_RUNS;
    int code;

    /* the two ids may come before, between or after the options */
    if ((r = cli_parse_opts_args(argc, argv, usage_compare, specs, 1, ids, 2,
                                 "compare needs two run or programme ids")) >=
        0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        plan_compare_any(st, ids[0], ids[1], json, &out, &kind, &err) != PC_OK)
        code = cli_fail("compare", &err);
    else
        code = cli_answer(kind == PLAN_COMPARE_PROGRAMMES ? "programme-compare"
                                                          : "compare",
                          argv[0], cl->db, json, &out);
    pc_buf_free(&out);
    ds_store_close(st);
    return code;
}
