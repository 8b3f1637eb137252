/* cli_progress.c: the progress line on a terminal. The library reports
 * progress through the calling thread's hook (pc_progress.h) and never
 * prints; this hook, installed by the commands that solve or draw, prints
 * one line on stderr that updates in place while a solve or the Monte
 * Carlo draws pass a second, and clears it when they end:
 *
 *   solving (glpk): 12.3 s, best 123.4, bound 120.1, gap 2.7%
 *   drawing: 1,234 of 5,000 draws, 3.4 s
 *
 * Only when stderr is a terminal: on a pipe or in a file (tests, goldens,
 * scripts) nothing is printed. */
#include "cli.h"
#include "pc_progress.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

typedef struct line_state {
    int shown;         /* a line is on the screen */
    double last;       /* elapsed_s of the last print */
    double last_event; /* elapsed_s of the last event: a new task restarts */
} line_state;

static line_state state;

static void print_line(const pc_progress *p)
{
    if (p->task == PC_PROGRESS_DRAWS) {
        fprintf(stderr, "\rdrawing: %zu of %zu draws, %.1f s\033[K", p->step,
                p->steps, p->elapsed_s);
        return;
    }
    fprintf(stderr, "\rsolving (%s): %.1f s", p->solver ? p->solver : "-",
            p->elapsed_s);
    if (!isnan(p->best))
        fprintf(stderr, ", best %.1f", p->best);
    if (!isnan(p->bound))
        fprintf(stderr, ", bound %.1f", p->bound);
    if (!isnan(p->gap))
        fprintf(stderr, ", gap %.1f%%", 100 * p->gap);
    fprintf(stderr, "\033[K");
}

static void on_progress(const pc_progress *p, void *userdata)
{
    line_state *s = userdata;

    if (p->elapsed_s < s->last_event) /* a new task */
        s->last = 0;
    s->last_event = p->elapsed_s;
    if (p->done) {
        if (s->shown)
            fprintf(stderr, "\r\033[K");
        s->shown = 0;
        s->last = 0;
        s->last_event = 0;
        fflush(stderr);
        return;
    }
    /* only work that takes more than a second, five times a second */
    if (p->elapsed_s < 1 || (s->shown && p->elapsed_s - s->last < 0.2))
        return;
    print_line(p);
    fflush(stderr);
    s->shown = 1;
    s->last = p->elapsed_s;
}

void cli_progress_install(void)
{
    if (isatty(STDERR_FILENO))
        pc_progress_set(on_progress, &state);
}
