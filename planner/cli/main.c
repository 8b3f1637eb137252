/* main.c: the `pcplan` command, a thin front end over the pcplan library.
 *
 * It parses arguments, calls the library and turns results into output:
 * tables or JSON on stdout, one-line errors on stderr. Exit status: 0 ok,
 * 1 failure, 2 bad usage or bad input (PC_ERR_INPUT, PC_ERR_NOTFOUND). */
#include "ds_dataset.h"
#include "ds_store.h"
#include "geo.h"
#include "pc_error.h"
#include "plan_info.h"
#include "plan_spatial.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_DB   "pcplan.db"
#define DEFAULT_DATA "datasets/coventry-warwickshire"

typedef struct cli {
    const char *db;
} cli;

static const char usage_main[] =
    "usage: pcplan [--db FILE] COMMAND [OPTIONS]\n"
    "\n"
    "pcplan plans primary care premises capacity: housing growth, practice\n"
    "list growth, consulting-room demand, developer contributions and the\n"
    "capital programme.\n"
    "\n"
    "Global options:\n"
    "  --db FILE     the store, a SpatiaLite database (default: pcplan.db\n"
    "                in the working directory)\n"
    "  -h, --help    show this help and exit\n"
    "  --version     show the version and exit\n"
    "\n"
    "Commands:\n"
    "  init          import a dataset directory into the store\n"
    "  info          what the store holds, per place and for the system\n"
    "\n"
    "Run 'pcplan COMMAND --help' for a command's options.\n"
    "Exit status: 0 ok, 1 failure, 2 bad usage or bad input.\n";

static const char usage_init[] =
    "usage: pcplan [--db FILE] init [--data DIR]\n"
    "\n"
    "Validates every file of the dataset in DIR (see datasets/FORMAT.md),\n"
    "then imports it into the store in one transaction, replacing any\n"
    "dataset already there. The store is created if it does not exist. On\n"
    "bad input nothing is written: the error names the file, the row or\n"
    "feature, the field and what was expected, and the exit status is 2.\n"
    "Repaired geometry is reported as a warning on stderr.\n"
    "\n"
    "Options:\n"
    "  --data DIR    the dataset directory, holding dataset.json\n"
    "                (default: datasets/coventry-warwickshire)\n"
    "  -h, --help    show this help and exit\n";

static const char usage_info[] =
    "usage: pcplan [--db FILE] info [--json]\n"
    "\n"
    "Shows, per place and for the system: practices, PCNs, registered\n"
    "patients (at the latest list date), premises, patient-facing rooms by\n"
    "type, LADs, housing sites, and dwellings completing in the 10 years\n"
    "from the base year and in total; then how many rows of each table\n"
    "carry illustrative (not published) values.\n"
    "\n"
    "Options:\n"
    "  --json        print JSON: base_year, dataset, list_date,\n"
    "                horizon_10y_first, horizon_10y_last, system,\n"
    "                places [{name, practices, pcns, patients, list_date,\n"
    "                premises, rooms {consult, treatment, other, total},\n"
    "                lads, sites, dwellings_10y, dwellings_total}], tables\n"
    "  -h, --help    show this help and exit\n";

static int exit_code(pc_status rc)
{
    if (rc == PC_OK)
        return 0;
    if (rc == PC_ERR_INPUT || rc == PC_ERR_NOTFOUND)
        return 2;
    return 1;
}

static int fail(const char *cmd, const pc_error *err)
{
    fprintf(stderr, "pcplan: %s: %s\n", cmd, err->msg);
    return exit_code(err->code);
}

static int usage_error(const char *usage, const char *what, const char *arg)
{
    fprintf(stderr, "pcplan: %s%s\n%s", what, arg, usage);
    return 2;
}

/* Writes a whole buffer to stdout; 1 on error. */
static int emit(const pc_buf *b)
{
    if (fwrite(pc_buf_str(b), 1, b->len, stdout) != b->len ||
        fflush(stdout) != 0) {
        fprintf(stderr, "pcplan: cannot write to stdout\n");
        return 1;
    }
    return 0;
}

/* Parses a command's options; returns -1 to go on, else an exit code. */
typedef struct opt_spec {
    const char *name;
    int has_arg;
    const char **value; /* for options with an argument */
    int *flag;          /* for flags */
} opt_spec;

static int parse_opts(int argc, char **argv, const char *usage,
                      const opt_spec *specs, size_t n)
{
    struct option longopts[16];
    size_t i;
    int c;

    for (i = 0; i < n; i++)
        longopts[i] = (struct option){
            specs[i].name, specs[i].has_arg ? required_argument : no_argument,
            NULL, (int)i + 1};
    longopts[i++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[i] = (struct option){NULL, 0, NULL, 0};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        }
        if (c == '?')
            return usage_error(usage, "unknown option ", argv[optind - 1]);
        if (c == ':')
            return usage_error(usage, "missing value for option ",
                               argv[optind - 1]);
        if (specs[c - 1].has_arg)
            *specs[c - 1].value = optarg;
        else
            *specs[c - 1].flag = 1;
    }
    if (optind < argc)
        return usage_error(usage, "unexpected argument ", argv[optind]);
    return -1;
}

static int cmd_init(cli *cl, int argc, char **argv)
{
    const char *data = DEFAULT_DATA;
    opt_spec specs[] = {{"data", 1, &data, NULL}};
    int r = parse_opts(argc, argv, usage_init, specs, 1);
    pc_error err = {0};
    geo_ctx *geo = NULL;
    ds_dataset *ds = NULL;
    ds_spatial *sp = NULL;
    ds_store *st = NULL;
    struct stat sb;
    int existed, code = 0;

    if (r >= 0)
        return r;
    existed = stat(cl->db, &sb) == 0;
    geo = geo_ctx_new(&err);
    if (!geo) {
        code = fail("init", &err);
        goto done;
    }
    if (ds_dataset_load(geo, data, &ds, &err) != PC_OK) {
        code = fail("init", &err);
        goto done;
    }
    for (size_t i = 0; i < ds->nwarnings; i++)
        fprintf(stderr, "pcplan: init: warning: %s\n", ds->warnings[i]);
    /* the spatial model is computed before anything is written */
    if (plan_spatial_build(geo, ds, &sp, &err) != PC_OK) {
        code = fail("init", &err);
        goto done;
    }
    for (size_t i = 0; i < sp->nwarnings; i++)
        fprintf(stderr, "pcplan: init: warning: %s\n", sp->warnings[i]);
    if (ds_store_open(cl->db, DS_OPEN_CREATE, &st, &err) != PC_OK ||
        ds_store_import(st, ds, sp, &err) != PC_OK) {
        code = fail("init", &err);
        ds_store_close(st);
        st = NULL;
        if (!existed)
            unlink(cl->db); /* leave nothing half-made behind */
        goto done;
    }
    printf("imported %s from %s into %s: %zu places, %zu LADs, %zu PCNs, "
           "%zu practices, %zu premises, %zu sites, %zu schemes, %zu "
           "contributions\n",
           ds->name, data, cl->db, ds->nplaces, ds->nlads, ds->npcns,
           ds->npractices, ds->npremises, ds->nsites, ds->nschemes,
           ds->ncontributions);
done:
    ds_store_close(st);
    ds_spatial_free(sp);
    ds_dataset_free(ds);
    geo_ctx_free(geo);
    return code;
}

static int cmd_info(cli *cl, int argc, char **argv)
{
    int json = 0;
    opt_spec specs[] = {{"json", 0, NULL, &json}};
    int r = parse_opts(argc, argv, usage_info, specs, 1);
    pc_error err = {0};
    ds_store *st = NULL;
    ds_summary *s = NULL;
    pc_buf out = PC_BUF_INIT(64u << 20);
    int code = 0;

    if (r >= 0)
        return r;
    if (ds_store_open(cl->db, DS_OPEN_EXISTING, &st, &err) != PC_OK ||
        ds_store_summary(st, &s, &err) != PC_OK ||
        (json ? plan_info_json(s, &out, &err)
              : plan_info_table(s, &out, &err)) != PC_OK)
        code = fail("info", &err);
    else
        code = emit(&out);
    pc_buf_free(&out);
    ds_summary_free(s);
    ds_store_close(st);
    return code;
}

static const struct {
    const char *name;
    int (*fn)(cli *, int, char **);
} commands[] = {
    {"init", cmd_init},
    {"info", cmd_info},
};

int main(int argc, char **argv)
{
    cli cl = {DEFAULT_DB};
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_main, stdout);
            return 0;
        }
        if (!strcmp(a, "--version")) {
            printf("pcplan %s\n", PCPLAN_VERSION);
            return 0;
        }
        if (!strcmp(a, "--db")) {
            if (i + 1 >= argc)
                return usage_error(usage_main, "missing value for option ", a);
            cl.db = argv[++i];
            continue;
        }
        if (!strncmp(a, "--db=", 5)) {
            cl.db = a + 5;
            continue;
        }
        if (a[0] == '-')
            return usage_error(usage_main, "unknown option ", a);
        break;
    }
    if (i >= argc)
        return usage_error(usage_main, "no command given", "");
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        if (!strcmp(argv[i], commands[k].name))
            return commands[k].fn(&cl, argc - i, argv + i);
    return usage_error(usage_main, "unknown command ", argv[i]);
}
