/* pc_progress.h: how long work in the library tells a front end how it is
 * going, without printing (the library never prints).
 *
 * A front end installs a hook for its own thread with pc_progress_set();
 * the library's long loops (the prioritisation's search, a projection's
 * Monte Carlo draws) call pc_progress_emit() as they go, which calls the
 * hook, if any, of the calling thread. The hook is per thread, so the
 * server's workers, which install none, are untouched by the CLI's, and
 * nothing is shared between threads. The hook decides what to show and
 * when (the CLI: one line on a terminal for work past a second), and must
 * be quick: it may be called thousands of times a second. */
#ifndef PC_PROGRESS_H
#define PC_PROGRESS_H

#include <stddef.h>

typedef enum pc_progress_task {
    PC_PROGRESS_SOLVE = 0, /* the prioritisation's search */
    PC_PROGRESS_DRAWS      /* Monte Carlo draws of a projection */
} pc_progress_task;

typedef struct pc_progress {
    pc_progress_task task;
    const char *solver; /* SOLVE: "glpk" or "cbc" */
    int done;           /* 1: the task ended (the last call for it) */
    double elapsed_s;   /* since the task started */
    double best;        /* SOLVE: objective of the best found; NAN: none */
    double bound;       /* SOLVE: best bound proven; NAN: none yet */
    double gap;         /* SOLVE: relative gap of best and bound; NAN */
    size_t step, steps; /* DRAWS: draws made, of how many */
} pc_progress;

typedef void (*pc_progress_fn)(const pc_progress *p, void *userdata);

/* Installs fn (NULL: none) with userdata for the calling thread's later
 * pc_progress_emit() calls. */
void pc_progress_set(pc_progress_fn fn, void *userdata);

/* 1 when the calling thread has a hook (work can skip preparing calls). */
int pc_progress_on(void);

/* Calls the calling thread's hook, if any, with p. */
void pc_progress_emit(const pc_progress *p);

#endif
