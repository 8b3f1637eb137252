/* cli.h: what the files of the `pcplan` command share: the global options,
 * option parsing, the usage texts, turning a pc_error into a message and
 * an exit status, and the commands. Exit status: 0 ok, 1 failure, 2 bad
 * usage or bad input (PC_ERR_INPUT, PC_ERR_NOTFOUND). */
#ifndef CLI_H
#define CLI_H

#include "pc_buf.h"
#include "pc_error.h"
#include "plan_model.h"
#include "plan_scenario.h"

#include <stddef.h>

#define DEFAULT_DB   "pcplan.db"
#define DEFAULT_DATA "datasets/coventry-warwickshire"

/* The global options. */
typedef struct cli {
    const char *db;
} cli;

/* --- usage texts (cli_usage.c) ----------------------------------------- */

extern const char usage_main[], usage_init[], usage_info[], usage_site[],
    usage_assess[], usage_near[], usage_assumptions[], usage_run[],
    usage_runs[], usage_compare[], usage_contributions[], usage_prioritise[],
    usage_report[], usage_export[], usage_serve[], usage_backtest[],
    usage_dataset[], usage_contrib_import[], usage_programmes[];

/* --- the progress line (cli_progress.c) -------------------------------- */

/* Shows the library's progress (solves, Monte Carlo draws) past a second
 * on one updating line of stderr, when stderr is a terminal; else does
 * nothing. */
void cli_progress_install(void);

/* --- options and messages (cli_opts.c) --------------------------------- */

/* 0 for PC_OK, 2 for bad input or an unknown name, else 1. */
int cli_exit_code(pc_status rc);
/* The store's path, for the hints failures get (main sets it). */
void cli_hints_db(const char *db);
/* "pcplan: <cmd>: <msg>" on stderr, with the command to type when the
 * failure has one (a missing store, site, run or assumption); the exit
 * status for err. */
int cli_fail(const char *cmd, const pc_error *err);
/* As cli_fail, with 2 for PC_ERR_IO too: a file named on the command line
 * that cannot be read or written is bad usage. */
int cli_fail_file(const char *cmd, const pc_error *err);
/* "pcplan: <what><arg>" and the usage on stderr; 2. */
int cli_usage_error(const char *usage, const char *what, const char *arg);
/* The name of names[0..n) nearest to word (ignoring case), when it is near
 * enough to be a slip of the keyboard; else NULL. */
const char *cli_suggest(const char *word, const char *const *names, size_t n);
/* "pcplan: [<cmd>: ]unknown <what> "<word>"; did you mean "<prefix><guess>"?
 * (pcplan [<cmd> ]--help lists them)" on stderr (no guess: without the
 * question); 2. */
int cli_unknown(const char *cmd, const char *what, const char *word,
                const char *guess, const char *prefix);
/* cli_unknown for an option arg ("--scenaro", "--jsn=x") of command cmd
 * (NULL: a global one), suggesting the nearest of names (without "--"). */
int cli_unknown_option(const char *cmd, const char *arg,
                       const char *const *names, size_t n);
/* "pcplan: <cmd>: <flag> "<value>": <msg>" on stderr; the exit status. */
int cli_fail_opt(const char *cmd, const char *flag, const char *value,
                 const pc_error *err);
/* "pcplan: <cmd>: warning: <msg>" on stderr, control characters in msg
 * replaced (pc_text_scrub). */
void cli_warn(const char *cmd, const char *msg);
/* Writes a whole buffer to stdout; 1 on error. */
int cli_emit(const pc_buf *b);
/* The same for text (a table, CSV): control characters in it replaced
 * first (pc_text_scrub), so names cannot drive the terminal. */
int cli_emit_text(pc_buf *b);
/* --wide (a global option, and one every command takes): text tables
 * with every column and whole names, lines as long as they come. */
void cli_set_wide(void);
int cli_wide(void);
/* The columns text answers fit: PC_TEXT_WIDTH, 0 with --wide. */
int cli_width(void);
/* A command's output buffer, knowing --wide (pc_buf.wide). */
#define CLI_OUT(max)                  \
    {                                 \
        NULL, 0, 0, (max), cli_wide() \
    }
/* Keeps the command line as typed from the command on (argv[0] the
 * command), for the inputs of a --json answer; main calls it before any
 * option is parsed (getopt reorders argv). */
void cli_set_command_line(int argc, char **argv);
/* Writes a command's answer b to stdout: fitted to cli_width, or with
 * json in the envelope of its kind (plan_envelope.h), whose inputs are
 * command (as "site assess"), the arguments typed after it and the store
 * (db, NULL: none); 1 on error. */
int cli_answer(const char *kind, const char *command, const char *db, int json,
               const pc_buf *b);

/* A command's option: with an argument into *value, else a flag into
 * *flag. has_arg 2: repeatable, each argument into value[*flag], *flag
 * counting them, at most CLI_REPEAT_MAX. */
#define CLI_REPEAT_MAX 64
#define CLI_OPTS_MAX   40 /* options of one command */
typedef struct opt_spec {
    const char *name;
    int has_arg;
    const char **value;
    int *flag;
} opt_spec;

/* Parses a command's options; -1 to go on, else an exit code (0 after
 * --help). cli_parse_opts_pos also takes one required positional
 * argument into *pos. */
int cli_parse_opts(int argc, char **argv, const char *usage,
                   const opt_spec *specs, size_t n);
int cli_parse_opts_pos(int argc, char **argv, const char *usage,
                       const opt_spec *specs, size_t n, const char **pos);
/* The same with npos required positional arguments into pos[0..npos),
 * before, between or after the options; missing is the message when
 * there are fewer. */
int cli_parse_opts_args(int argc, char **argv, const char *usage,
                        const opt_spec *specs, size_t n, const char **pos,
                        size_t npos, const char *missing);

/* A number for option name; -1 to go on, else 2 with a message. */
int cli_parse_real(const char *cmd, const char *name, const char *v,
                   double *out);

/* An option that sets a scenario key (plan_scenario_set). */
typedef struct cli_key {
    const char *flag;  /* "--years" */
    const char *key;   /* "years" */
    const char *value; /* NULL: not given */
} cli_key;

/* The scenario of a command: the file's (NULL: none), with the options'
 * keys on top. -1 to go on (*out owned by the caller), else an exit
 * code with a message naming the option. */
int cli_scenario(const char *cmd, const char *file, const cli_key *keys,
                 size_t n, plan_scenario **out);

/* The scenario options of the commands that run the model (run, report,
 * export, prioritise): housing delivery, the ICB budget, assumption
 * overrides and the run's label. */
typedef struct cli_scen {
    const char *delivery; /* --delivery: delivery.factor */
    const char *slip;     /* --slip: delivery.slippage_years */
    const char *budget;   /* --budget-factor: capital.icb_budget_factor */
    const char *label;    /* --label: the run's name (not an input) */
    const char *sets[CLI_REPEAT_MAX]; /* --set ASSUMPTION=VALUE */
    int nsets;
} cli_scen;

/* Their entries of a command's option table (opt_spec). */
#define CLI_SCEN_SPECS(x)                                               \
    {"delivery", 1, &(x).delivery, NULL}, {"slip", 1, &(x).slip, NULL}, \
        {"budget-factor", 1, &(x).budget, NULL},                        \
        {"set", 2, (x).sets, &(x).nsets},                               \
    {                                                                   \
        "label", 1, &(x).label, NULL                                    \
    }

/* cli_scenario with x's options on top of keys (x NULL: none); the
 * label is checked here, the overrides' ids against the store's register
 * by cli_scen_check. */
int cli_scenario_x(const char *cmd, const char *file, const cli_key *keys,
                   size_t n, const cli_scen *x, plan_scenario **out);

/* Every --set names an assumption of m's register, else 2 with the
 * nearest one; -1 to go on. */
int cli_scen_check(const char *cmd, const plan_model *m, const cli_scen *x);

/* cli_fail for the failure of a command that took x: an override out of
 * its range names --set. */
int cli_fail_scen(const char *cmd, const cli_scen *x, const pc_error *err);

/* Opens the model of the store; -1 to go on, else an exit code. */
int cli_model(const cli *cl, const char *cmd, plan_model **out);

/* --- commands ----------------------------------------------------------- */

int cmd_init(cli *cl, int argc, char **argv);          /* cmd_store.c */
int cmd_info(cli *cl, int argc, char **argv);          /* cmd_store.c */
int cmd_assumptions(cli *cl, int argc, char **argv);   /* cmd_store.c */
int cmd_runs(cli *cl, int argc, char **argv);          /* cmd_store.c */
int cmd_compare(cli *cl, int argc, char **argv);       /* cmd_store.c */
int cmd_programmes(cli *cl, int argc, char **argv);    /* cmd_store.c */
int cmd_backtest(cli *cl, int argc, char **argv);      /* cmd_backtest.c */
int cmd_site(cli *cl, int argc, char **argv);          /* cmd_site.c */
int cmd_near(cli *cl, int argc, char **argv);          /* cmd_site.c */
int cmd_run(cli *cl, int argc, char **argv);           /* cmd_run.c */
int cmd_report(cli *cl, int argc, char **argv);        /* cmd_run.c */
int cmd_export(cli *cl, int argc, char **argv);        /* cmd_run.c */
int cmd_contributions(cli *cl, int argc, char **argv); /* cmd_money.c */
int cmd_prioritise(cli *cl, int argc, char **argv);    /* cmd_money.c */
int cmd_serve(cli *cl, int argc, char **argv);         /* cmd_serve.c */
int cmd_dataset(cli *cl, int argc, char **argv);       /* cmd_dataset.c */

#endif
