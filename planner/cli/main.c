/* main.c: the `pcplan` command, a thin front end over the pcplan library.
 *
 * It reads the global options and hands the rest of the command line to
 * the command named. The commands (cmd_*.c) parse their options, call the
 * library and turn results into output: tables or JSON on stdout, one-line
 * errors on stderr. Exit status: 0 ok, 1 failure, 2 bad usage or bad input
 * (PC_ERR_INPUT, PC_ERR_NOTFOUND). */
#include "cli.h"
#include "plan_model.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(cli *, int, char **);
} commands[] = {
    {"dataset", cmd_dataset},
    {"init", cmd_init},
    {"info", cmd_info},
    {"site", cmd_site},
    {"near", cmd_near},
    {"assumptions", cmd_assumptions},
    {"run", cmd_run},
    {"runs", cmd_runs},
    {"compare", cmd_compare},
    {"backtest", cmd_backtest},
    {"contributions", cmd_contributions},
    {"prioritise", cmd_prioritise},
    {"programmes", cmd_programmes},
    {"report", cmd_report},
    {"export", cmd_export},
    {"serve", cmd_serve},
};

/* Tests kill the process at a moment of the library's work by name
 * (PC_TEST_KILL_AT in the environment; plan_model_set_test_point): a
 * deterministic stand-in for a kill -9 at a chosen moment. */
static void kill_at(const char *name)
{
    const char *at = getenv("PC_TEST_KILL_AT");

    if (at && !strcmp(at, name))
        raise(SIGKILL);
}

int main(int argc, char **argv)
{
    cli cl = {DEFAULT_DB};
    int i;

    if (getenv("PC_TEST_KILL_AT"))
        plan_model_set_test_point(kill_at);

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
                return cli_usage_error(usage_main, "missing value for option ",
                                       a);
            cl.db = argv[++i];
            continue;
        }
        if (!strcmp(a, "--wide")) {
            cli_set_wide();
            continue;
        }
        if (!strncmp(a, "--db=", 5)) {
            cl.db = a + 5;
            continue;
        }
        if (a[0] == '-') {
            static const char *const globals[] = {"db", "help", "version",
                                                  "wide"};

            return cli_unknown_option(NULL, a, globals, 4);
        }
        break;
    }
    if (i >= argc)
        return cli_usage_error(usage_main, "no command given", "");
    cli_hints_db(cl.db);
    cli_set_command_line(argc - i, argv + i);
    /* --wide after the command too, known before any command makes its
     * output buffer (CLI_OUT); the command's own parse accepts it */
    for (int k = i + 1; k < argc && strcmp(argv[k], "--"); k++)
        if (!strcmp(argv[k], "--wide"))
            cli_set_wide();
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        if (!strcmp(argv[i], commands[k].name))
            return commands[k].fn(&cl, argc - i, argv + i);
    {
        const char *names[sizeof commands / sizeof *commands];

        for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
            names[k] = commands[k].name;
        return cli_unknown(
            NULL, "command", argv[i],
            cli_suggest(argv[i], names, sizeof commands / sizeof *commands),
            "");
    }
}
