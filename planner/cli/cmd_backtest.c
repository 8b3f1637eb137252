/* cmd_backtest.c: the backtest command: the projection from an earlier
 * list date compared with the lists at a later one (plan_backtest.h), as
 * a table or JSON. */
#include "cli.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "plan_backtest.h"
#include "plan_model.h"
#include "plan_request.h"

#include <stdio.h>

int cmd_backtest(cli *cl, int argc, char **argv)
{
    plan_backtest_opts o = {NULL, NULL, 0};
    int json = 0;
    opt_spec specs[] = {{"from", 1, &o.from, NULL},
                        {"to", 1, &o.to, NULL},
                        {"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_backtest, specs,
                           sizeof specs / sizeof *specs);
    pc_error err = {0};
    plan_model *m = NULL;
    plan_backtest *b = NULL;
    pc_buf out = CLI_OUT(PC_CAP_TABLE);
    int code;

    if (r >= 0)
        return r;
    if (o.from && plan_request_date(o.from, &err) != PC_OK)
        return cli_fail_opt("backtest", "--from", o.from, &err);
    if (o.to && plan_request_date(o.to, &err) != PC_OK)
        return cli_fail_opt("backtest", "--to", o.to, &err);
    if ((code = cli_model(cl, "backtest", &m)) >= 0)
        goto done;
    if (plan_model_backtest(m, &o, &b, &err) != PC_OK ||
        (json ? plan_backtest_json(b, &out, &err)
              : plan_backtest_table(b, &out, &err)) != PC_OK)
        code = cli_fail("backtest", &err);
    else
        code = cli_answer("backtest", argv[0], cl->db, json, &out);
done:
    pc_buf_free(&out);
    plan_backtest_free(b);
    plan_model_close(m);
    return code;
}
