/* pc_progress.c: the calling thread's progress hook (see pc_progress.h). */
#include "pc_progress.h"

static _Thread_local pc_progress_fn hook;
static _Thread_local void *hook_data;

void pc_progress_set(pc_progress_fn fn, void *userdata)
{
    hook = fn;
    hook_data = userdata;
}

int pc_progress_on(void)
{
    return hook != NULL;
}

void pc_progress_emit(const pc_progress *p)
{
    if (hook)
        hook(p, hook_data);
}
