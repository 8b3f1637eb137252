/* cmd_dataset.c: the dataset command: `dataset build` makes a pcplan
 * dataset for any ICB in England from the national open files
 * (ds_build.h), and prints what it built and the warnings. */
#include "cli.h"
#include "ds_build.h"
#include "pc_buf.h"

#include <stdio.h>
#include <string.h>

static int dataset_build(int argc, char **argv)
{
    ds_build_opts o = {0};
    int json = 0;
    opt_spec specs[] = {{"icb", 1, &o.icb, NULL},
                        {"from", 1, &o.from, NULL},
                        {"out", 1, &o.out, NULL},
                        {"rooms", 1, &o.rooms, NULL},
                        {"places", 1, &o.places, NULL},
                        {"skip-unmatched", 0, NULL, &o.skip_unmatched},
                        {"place-unmatched", 0, NULL, &o.place_unmatched},
                        {"json", 0, NULL, &json}};
    int r = cli_parse_opts(argc, argv, usage_dataset, specs,
                           sizeof specs / sizeof *specs);
    pc_error err = {0};
    ds_build_result *res = NULL;
    pc_buf out = CLI_OUT(PC_CAP_TABLE);
    int code;

    if (r >= 0)
        return r;
    if (!o.icb || !o.from || !o.out)
        return cli_usage_error(usage_dataset, "dataset build needs ",
                               "--icb, --from and --out");
    if (ds_build(&o, &res, &err) != PC_OK)
        return cli_fail_file("dataset build", &err);
    if (!json)
        for (size_t i = 0; i < res->warnings.count; i++)
            fprintf(stderr, "pcplan: dataset build: warning: %s\n",
                    res->warnings.items[i]);
    if (ds_build_report(res, json, &out, &err) != PC_OK)
        code = cli_fail("dataset build", &err);
    else
        code = cli_answer("dataset-build", argv[0], NULL, json, &out);
    pc_buf_free(&out);
    ds_build_result_free(res);
    return code;
}

int cmd_dataset(cli *cl, int argc, char **argv)
{
    static const char *const subs[] = {"build"};

    (void)cl;
    if (argc < 2)
        return cli_usage_error(usage_dataset, "dataset needs a subcommand", "");
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(usage_dataset, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "build")) {
        static char name_build[] = "dataset build";

        argv[1] = name_build; /* the subcommand's argv[0] names it whole */
        return dataset_build(argc - 1, argv + 1);
    }
    return cli_unknown("dataset", "subcommand", argv[1],
                       cli_suggest(argv[1], subs, 1), "");
}
