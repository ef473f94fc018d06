/*
 * workq.h: a bounded work queue with per-client fairness, for the HTTP
 * server's expensive work (graph renders). A fixed number of threads run
 * the jobs; waiting jobs are kept per client (a string key, the peer
 * address) and the threads take them from the clients in turn, so one
 * client's burst waits behind its own jobs, not in front of others'. A job
 * past a client's share or the queue's total is refused at once: the
 * caller answers 503 instead of queueing without end.
 */
#ifndef WORKQ_H
#define WORKQ_H

#include <stddef.h>
#include <stdint.h>

#define WORKQ_KEY_MAX	64

/*
 * A job's function: run(arg, 0) does the work; run(arg, 1) means the queue
 * is being freed and the job will not be done (release what arg holds).
 * Each submitted job gets exactly one of the two calls.
 */
typedef void	(*workq_fn)(void *arg, int cancelled);

struct workq_stats {
	uint64_t	 done;		/* jobs run */
	uint64_t	 rejected;	/* refused: share or total reached */
	uint64_t	 waiting;	/* now */
	uint64_t	 running;	/* now */
	uint64_t	 mean_ms;	/* moving mean of a job's run time */
};

struct workq;

/*
 * A queue of nthreads threads that keeps at most per_client waiting jobs
 * of one client and total waiting jobs in all. NULL with errno set if a
 * thread cannot be started.
 */
struct workq *workq_new(int nthreads, int per_client, int total);
/*
 * Queue run(arg) for client (truncated to WORKQ_KEY_MAX - 1 bytes). 0, or
 * -1 when refused (run is then not called).
 */
int	 workq_submit(struct workq *, const char *client, workq_fn run,
	    void *arg);
/*
 * Seconds a client refused now should wait before it tries again: the
 * waiting jobs' expected run time, at least 1.
 */
int	 workq_retry_after(struct workq *);
void	 workq_stats(struct workq *, struct workq_stats *);
/*
 * Refuse new jobs from now on, cancel the waiting ones (run(arg, 1)), let
 * the running ones finish and join the threads. Idempotent; the queue stays
 * valid (workq_submit refuses) until workq_free.
 */
void	 workq_close(struct workq *);
/* workq_close, then free. NULL is ignored. */
void	 workq_free(struct workq *);

#endif
