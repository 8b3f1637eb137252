/* cli_opts.c: option parsing and messages for the `pcplan` commands
 * (cli.h): getopt_long over a command's option table, errors as
 * "pcplan: <command>: <message>" with the exit status the error's kind
 * gives, and the scenario a command's options and file make. */
#include "cli.h"
#include "pc_buf.h"
#include "pc_error.h"
#include "pc_text.h"
#include "plan_envelope.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_code(pc_status rc)
{
    if (rc == PC_OK)
        return 0;
    if (rc == PC_ERR_INPUT || rc == PC_ERR_NOTFOUND)
        return 2;
    return 1;
}

/* --- hints ------------------------------------------------------------- */

/* The library says what is wrong; the command line adds what to type.
 * Matched on the error's status and the function that raised it (the
 * lookup that failed), never on the message's text. A hint with a `db`
 * part is hint, the store's path, db. */
static const struct {
    pc_status code;
    const char *func; /* pc_error.func */
    const char *hint;
    const char *db; /* NULL: no path */
} hints[] = {
    {PC_ERR_NOTFOUND, "ds_store_open", "; create it with: pcplan --db ",
     " init"},
    {PC_ERR_NOTFOUND, "ds_store_summary", "; import one with: pcplan --db ",
     " init --data DIR"},
    {PC_ERR_NOTFOUND, "read_header", "; import one with: pcplan --db ",
     " init --data DIR"},
    {PC_ERR_NOTFOUND, "site_row", " (list them with: pcplan site list)", NULL},
    {PC_ERR_NOTFOUND, "plan_model_find_site",
     " (list them with: pcplan site list)", NULL},
    {PC_ERR_INPUT, "develop_stored", " (list them with: pcplan site list)",
     NULL},
    {PC_ERR_NOTFOUND, "find_run", " (list them with: pcplan runs)", NULL},
    {PC_ERR_NOTFOUND, "find_programme", " (list them with: pcplan programmes)",
     NULL},
    {PC_ERR_NOTFOUND, "plan_compare_any",
     " (list them with: pcplan runs, pcplan programmes)", NULL},
    {PC_ERR_NOTFOUND, "params_apply", " (see: pcplan assumptions)", NULL},
    {PC_ERR_INPUT, "params_apply", " (see: pcplan assumptions)", NULL},
    {PC_ERR_INPUT, "params_override", " (see: pcplan assumptions)", NULL},
};

static const char *hint_db = DEFAULT_DB;

void cli_hints_db(const char *db)
{
    hint_db = db;
}

/* The hint for err, or "". */
static const char *hint_for(const pc_error *err, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < sizeof hints / sizeof *hints; i++)
        if (err->code == hints[i].code && err->func &&
            !strcmp(err->func, hints[i].func)) {
            snprintf(out, n, "%s%s%s", hints[i].hint,
                     hints[i].db ? hint_db : "",
                     hints[i].db ? hints[i].db : "");
            break;
        }
    return out;
}

int cli_fail(const char *cmd, const pc_error *err)
{
    char hint[4200], msg[sizeof err->msg];

    /* a message may quote a name from the data: no raw escapes */
    snprintf(msg, sizeof msg, "%s", err->msg);
    pc_text_scrub(msg, strlen(msg));
    fprintf(stderr, "pcplan: %s: %s%s\n", cmd, msg,
            hint_for(err, hint, sizeof hint));
    return cli_exit_code(err->code);
}

void cli_warn(const char *cmd, const char *msg)
{
    char m[PC_CAP_LINE];

    snprintf(m, sizeof m, "%s", msg);
    pc_text_scrub(m, strlen(m));
    fprintf(stderr, "pcplan: %s: warning: %s\n", cmd, m);
}

int cli_fail_file(const char *cmd, const pc_error *err)
{
    int code = cli_fail(cmd, err);

    return err->code == PC_ERR_IO ? 2 : code;
}

int cli_usage_error(const char *usage, const char *what, const char *arg)
{
    fprintf(stderr, "pcplan: %s%s\n%s", what, arg, usage);
    return 2;
}

/* Edit distance between a and b, ignoring case (optimal string
 * alignment: insertions, deletions, substitutions and swaps of two
 * neighbours); words are short, so two rows of 64 do. */
static size_t edits(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), d[3][65];

    if (la > 64 || lb > 64)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t *r = d[i % 3], *p = d[(i - 1) % 3], *pp = d[(i + 1) % 3];

        r[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            int same = tolower((unsigned char)a[i - 1]) ==
                       tolower((unsigned char)b[j - 1]);
            size_t v = p[j - 1] + !same;

            if (p[j] + 1 < v)
                v = p[j] + 1;
            if (r[j - 1] + 1 < v)
                v = r[j - 1] + 1;
            if (i > 1 && j > 1 &&
                tolower((unsigned char)a[i - 1]) ==
                    tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) ==
                    tolower((unsigned char)b[j - 1]) &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            r[j] = v;
        }
    }
    return d[la % 3][lb];
}

const char *cli_suggest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t bd = (size_t)-1, len = strlen(word);

    for (size_t k = 0; k < n; k++) {
        size_t d = edits(word, names[k]);

        if (d < bd) {
            bd = d;
            best = names[k];
        }
    }
    /* close enough to be a slip: 1 edit in a short word, else a third */
    return best && bd <= (len < 6 ? 1 : len / 3) ? best : NULL;
}

int cli_unknown(const char *cmd, const char *what, const char *word,
                const char *guess, const char *prefix)
{
    fprintf(stderr, "pcplan: %s%sunknown %s \"%s\"", cmd ? cmd : "",
            cmd ? ": " : "", what, word);
    if (guess)
        fprintf(stderr, "; did you mean \"%s%s\"?", prefix, guess);
    fprintf(stderr, " (pcplan %s%s--help lists them)\n", cmd ? cmd : "",
            cmd ? " " : "");
    return 2;
}

int cli_fail_opt(const char *cmd, const char *flag, const char *value,
                 const pc_error *err)
{
    char hint[4200];

    fprintf(stderr, "pcplan: %s: %s \"%s\": %s%s\n", cmd, flag, value, err->msg,
            hint_for(err, hint, sizeof hint));
    return cli_exit_code(err->code);
}

int cli_emit(const pc_buf *b)
{
    if (fwrite(pc_buf_str(b), 1, b->len, stdout) != b->len ||
        fflush(stdout) != 0) {
        fprintf(stderr, "pcplan: cannot write to stdout\n");
        return 1;
    }
    return 0;
}

int cli_emit_text(pc_buf *b)
{
    if (b->data)
        pc_text_scrub(b->data, b->len);
    return cli_emit(b);
}

/* --wide: tables as wide as their contents (cli_width) */
static int wide;

void cli_set_wide(void)
{
    wide = 1;
}

int cli_wide(void)
{
    return wide;
}

int cli_width(void)
{
    return wide ? 0 : PC_TEXT_WIDTH;
}

/* The command line from the command on, as typed */
static char *line[256];
static int nline;

void cli_set_command_line(int argc, char **argv)
{
    nline = argc < 256 ? argc : 256;
    for (int i = 0; i < nline; i++)
        line[i] = argv[i];
}

int cli_answer(const char *kind, const char *command, const char *db, int json,
               const pc_buf *b)
{
    /* "site assess" is two words of the command line */
    size_t words = 1;
    plan_envelope e = {kind, command, NULL, 0, db};
    pc_buf out = PC_BUF_INIT(2 * b->cap + PC_CAP_LINE);
    pc_error err = {0};
    pc_status rc;
    int code;

    for (const char *c = command; *c; c++)
        words += *c == ' ';
    if (words <= (size_t)nline) {
        e.args = (const char *const *)line + words;
        e.nargs = (size_t)nline - words;
    }
    if (json)
        rc = plan_envelope_wrap(&e, b, &out, &err);
    else if ((rc = pc_text_fit(pc_buf_str(b), b->len, cli_width(), &out)))
        PC_FAIL(&err, rc, "out of memory laying out the text");
    if (rc != PC_OK)
        code = cli_fail(command, &err);
    else
        code = json ? cli_emit(&out) : cli_emit_text(&out);
    pc_buf_free(&out);
    return code;
}

int cli_unknown_option(const char *cmd, const char *arg,
                       const char *const *names, size_t n)
{
    char bare[128];

    snprintf(bare, sizeof bare, "%s", arg + strspn(arg, "-"));
    bare[strcspn(bare, "=")] = 0;
    return cli_unknown(cmd, "option", arg, cli_suggest(bare, names, n), "--");
}

/* An unknown option of command cmd: the nearest of its options, if any
 * is near. */
static int unknown_option(const char *cmd, const char *arg,
                          const opt_spec *specs, size_t n)
{
    const char *names[CLI_OPTS_MAX + 2];
    size_t k;

    for (k = 0; k < n && k < CLI_OPTS_MAX; k++)
        names[k] = specs[k].name;
    names[k++] = "help";
    names[k++] = "wide";
    return cli_unknown_option(cmd, arg, names, k);
}

int cli_parse_opts(int argc, char **argv, const char *usage,
                   const opt_spec *specs, size_t n)
{
    return cli_parse_opts_pos(argc, argv, usage, specs, n, NULL);
}

int cli_parse_opts_pos(int argc, char **argv, const char *usage,
                       const opt_spec *specs, size_t n, const char **pos)
{
    return cli_parse_opts_args(argc, argv, usage, specs, n, pos, pos ? 1 : 0,
                               "missing argument");
}

int cli_parse_opts_args(int argc, char **argv, const char *usage,
                        const opt_spec *specs, size_t n, const char **pos,
                        size_t npos, const char *missing)
{
    struct option longopts[CLI_OPTS_MAX + 3];
    size_t i;
    int c;

    for (i = 0; i < n && i < CLI_OPTS_MAX; i++)
        longopts[i] = (struct option){
            specs[i].name, specs[i].has_arg ? required_argument : no_argument,
            NULL, (int)i + 1};
    longopts[i++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[i++] = (struct option){"wide", no_argument, NULL, 'w'};
    longopts[i] = (struct option){NULL, 0, NULL, 0};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        }
        if (c == 'w') {
            cli_set_wide();
            continue;
        }
        if (c == '?')
            return unknown_option(argv[0], argv[optind - 1], specs, n);
        if (c == ':')
            return cli_usage_error(usage, "missing value for option ",
                                   argv[optind - 1]);
        if (specs[c - 1].has_arg == 2) {
            if (*specs[c - 1].flag >= CLI_REPEAT_MAX)
                return cli_usage_error(
                    usage, "option given too often: ", argv[optind - 1]);
            specs[c - 1].value[(*specs[c - 1].flag)++] = optarg;
        } else if (specs[c - 1].has_arg)
            *specs[c - 1].value = optarg;
        else
            *specs[c - 1].flag = 1;
    }
    /* getopt_long has moved the arguments after the options */
    for (size_t k = 0; k < npos; k++) {
        if (optind >= argc)
            return cli_usage_error(usage, missing, "");
        pos[k] = argv[optind++];
    }
    if (optind < argc)
        return cli_usage_error(usage, "unexpected argument ", argv[optind]);
    return -1;
}

int cli_parse_real(const char *cmd, const char *name, const char *v,
                   double *out)
{
    char *end = NULL;

    errno = 0;
    *out = strtod(v, &end);
    if (!*v || *end || errno || !(*out == *out)) {
        fprintf(stderr, "pcplan: %s: %s \"%s\": expected a number\n", cmd, name,
                v);
        return 2;
    }
    return -1;
}

int cli_scenario(const char *cmd, const char *file, const cli_key *keys,
                 size_t n, plan_scenario **out)
{
    return cli_scenario_x(cmd, file, keys, n, NULL, out);
}

/* x's options onto over, after the keys; -1 to go on, else an exit code
 * with a message naming the option. */
static int scen_set(const char *cmd, const cli_scen *x, plan_scenario *over)
{
    const cli_key keys[] = {
        {"--delivery", "delivery.factor", x->delivery},
        {"--slip", "delivery.slippage_years", x->slip},
        {"--budget-factor", "capital.icb_budget_factor", x->budget}};
    pc_error err = {0};

    if (x->label && plan_label_check(x->label, &err) != PC_OK)
        return cli_fail_opt(cmd, "--label", x->label, &err);
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (keys[i].value &&
            plan_scenario_set(over, keys[i].key, keys[i].value, &err) != PC_OK)
            return cli_fail_opt(cmd, keys[i].flag, keys[i].value, &err);
    for (int i = 0; i < x->nsets; i++) {
        const char *eq = strchr(x->sets[i], '=');
        char key[128];

        if (!eq || eq == x->sets[i] ||
            (size_t)(eq - x->sets[i]) > sizeof key - 16) {
            fprintf(stderr,
                    "pcplan: %s: --set \"%s\": expected ASSUMPTION=VALUE "
                    "(an assumption id, '=' and a number)\n",
                    cmd, x->sets[i]);
            return 2;
        }
        snprintf(key, sizeof key, "assumptions.%.*s", (int)(eq - x->sets[i]),
                 x->sets[i]);
        if (plan_scenario_set(over, key, eq + 1, &err) != PC_OK)
            return cli_fail_opt(cmd, "--set", x->sets[i], &err);
    }
    return -1;
}

int cli_scen_check(const char *cmd, const plan_model *m, const cli_scen *x)
{
    const ds_dataset *ds = plan_model_dataset(m);
    const char **ids = NULL;
    int r = -1;

    if (!x || !x->nsets)
        return -1;
    ids = calloc(ds->nassumptions + 1, sizeof *ids);
    if (!ids) {
        fprintf(stderr, "pcplan: %s: out of memory\n", cmd);
        return 1;
    }
    for (size_t k = 0; k < ds->nassumptions; k++)
        ids[k] = ds->assumptions[k].id;
    for (int i = 0; i < x->nsets && r < 0; i++) {
        char id[128];
        const char *guess;
        size_t k;

        snprintf(id, sizeof id, "%.*s", (int)strcspn(x->sets[i], "="),
                 x->sets[i]);
        for (k = 0; k < ds->nassumptions && strcmp(ids[k], id); k++)
            ;
        if (k < ds->nassumptions)
            continue;
        guess = cli_suggest(id, ids, ds->nassumptions);
        fprintf(stderr,
                "pcplan: %s: --set \"%s\": no assumption \"%s\" in the "
                "register",
                cmd, x->sets[i], id);
        if (guess)
            fprintf(stderr, "; did you mean \"%s\"?", guess);
        fprintf(stderr, " (pcplan assumptions lists them)\n");
        r = 2;
    }
    free(ids);
    return r;
}

int cli_fail_scen(const char *cmd, const cli_scen *x, const pc_error *err)
{
    char hint[4200];

    /* an override out of range: with --set given, that is where to look */
    if (x && x->nsets && err->func && !strcmp(err->func, "params_override")) {
        fprintf(stderr, "pcplan: %s: --set: %s%s\n", cmd, err->msg,
                hint_for(err, hint, sizeof hint));
        return cli_exit_code(err->code);
    }
    return cli_fail(cmd, err);
}

int cli_scenario_x(const char *cmd, const char *file, const cli_key *keys,
                   size_t n, const cli_scen *x, plan_scenario **out)
{
    plan_scenario *sc = NULL, *over = plan_scenario_new();
    pc_error err = {0};
    int r = -1;

    if (!over) {
        fprintf(stderr, "pcplan: %s: out of memory\n", cmd);
        return 1;
    }
    for (size_t i = 0; i < n && r < 0; i++)
        if (keys[i].value &&
            plan_scenario_set(over, keys[i].key, keys[i].value, &err) != PC_OK)
            r = cli_fail_opt(cmd, keys[i].flag, keys[i].value, &err);
    if (r < 0 && x)
        r = scen_set(cmd, x, over);
    if (r < 0 && ((file ? plan_scenario_load(file, &sc, &err)
                        : ((sc = plan_scenario_new())
                               ? PC_OK
                               : PC_FAIL(&err, PC_ERR_NOMEM,
                                         "out of memory"))) != PC_OK ||
                  plan_scenario_merge(sc, over, &err) != PC_OK)) {
        r = cli_fail_file(cmd, &err);
        plan_scenario_free(sc);
        sc = NULL;
    }
    plan_scenario_free(over);
    *out = sc;
    return r;
}

int cli_model(const cli *cl, const char *cmd, plan_model **out)
{
    pc_error err = {0};

    if (plan_model_open(cl->db, out, &err) != PC_OK)
        return cli_fail(cmd, &err);
    return -1;
}
