/* srv_jobs.c: the worker threads that answer the API (srv_int.h).
 *
 * libmicrohttpd's thread only moves bytes: when a request for /api/v1/ is
 * in, its connection is suspended and the request queued here; a worker
 * takes it, answers it on the worker's own model (srv_thread_model) and
 * resumes the connection, whose thread then sends the answer. So a long
 * question (a programme, a posted scenario's report) holds one worker, not
 * the connections that happen to share a polling thread with it, and the
 * questions of one keep-alive connection are spread over every worker. */
#include "srv_int.h"

#include <stdlib.h>

static void *worker(void *arg)
{
    srv *S = arg;
    srv_jobs *J = &S->jobs;

    for (;;) {
        srv_req *rq;

        pthread_mutex_lock(&J->lock);
        while (!J->head && !J->closed)
            pthread_cond_wait(&J->ready, &J->lock);
        if (!(rq = J->head)) { /* closed and drained */
            pthread_mutex_unlock(&J->lock);
            return NULL;
        }
        J->head = rq->next;
        if (!J->head)
            J->tail = NULL;
        pthread_mutex_unlock(&J->lock);
        srv_dispatch(rq);
        rq->answered = 1;
        /* rq is the connection's again from here: not touched after */
        MHD_resume_connection(rq->conn);
    }
}

pc_status srv_jobs_start(srv *S, pc_error *err)
{
    srv_jobs *J = &S->jobs;

    pthread_mutex_init(&J->lock, NULL);
    pthread_cond_init(&J->ready, NULL);
    J->threads = calloc((size_t)S->o.threads, sizeof *J->threads);
    if (!J->threads)
        return PC_NOMEM(err);
    for (J->nthreads = 0; J->nthreads < (size_t)S->o.threads; J->nthreads++)
        if (pthread_create(&J->threads[J->nthreads], NULL, worker, S)) {
            srv_jobs_stop(S);
            return PC_FAIL(err, PC_ERR_IO, "cannot start %d worker threads",
                           S->o.threads);
        }
    return PC_OK;
}

int srv_jobs_submit(srv *S, srv_req *rq)
{
    srv_jobs *J = &S->jobs;
    int queued = 0;

    pthread_mutex_lock(&J->lock);
    if (!J->closed) {
        /* suspended before a worker can see it, so never resumed first */
        MHD_suspend_connection(rq->conn);
        rq->next = NULL;
        if (J->tail)
            J->tail->next = rq;
        else
            J->head = rq;
        J->tail = rq;
        pthread_cond_signal(&J->ready);
        queued = 1;
    }
    pthread_mutex_unlock(&J->lock);
    return queued;
}

void srv_jobs_stop(srv *S)
{
    srv_jobs *J = &S->jobs;

    if (!J->threads)
        return;
    pthread_mutex_lock(&J->lock);
    J->closed = 1;
    pthread_cond_broadcast(&J->ready);
    pthread_mutex_unlock(&J->lock);
    for (size_t i = 0; i < J->nthreads; i++)
        pthread_join(J->threads[i], NULL);
    free(J->threads);
    J->threads = NULL;
    pthread_cond_destroy(&J->ready);
    pthread_mutex_destroy(&J->lock);
}
