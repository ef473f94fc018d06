/*
 * workq.c: the fair bounded work queue (see workq.h). Clients with waiting
 * jobs are on a ring in turn order; a thread takes the first job of the
 * first client and puts that client, if it has more, at the end. The ring
 * holds at most `total` clients, so finding one is a short scan.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "workq.h"
#include "xmalloc.h"

struct job {
	struct job	*next;
	workq_fn	 run;
	void		*arg;
};

struct client {
	struct client	*next;		/* turn order */
	struct job	*head, *tail;
	int		 n;
	char		 key[WORKQ_KEY_MAX];
};

struct workq {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cv;
	struct client	*first, *last;
	int		 per_client, total;
	int		 closing;
	pthread_t	*threads;
	int		 nthreads;
	uint64_t	 waiting, running, done, rejected;
	uint64_t	 mean_ms;
};

/* Under the lock: client key's entry on the ring, or NULL. */
static struct client *
client_find(struct workq *q, const char *key)
{
	struct client	*cl;

	for (cl = q->first; cl != NULL; cl = cl->next)
		if (strcmp(cl->key, key) == 0)
			return cl;
	return NULL;
}

static void
ring_append(struct workq *q, struct client *cl)
{
	cl->next = NULL;
	if (q->last != NULL)
		q->last->next = cl;
	else
		q->first = cl;
	q->last = cl;
}

/* Under the lock: the next job in turn, or NULL when none waits. */
static struct job *
next_job(struct workq *q)
{
	struct client	*cl = q->first;
	struct job	*j;

	if (cl == NULL)
		return NULL;
	q->first = cl->next;
	if (q->first == NULL)
		q->last = NULL;
	j = cl->head;
	cl->head = j->next;
	if (--cl->n > 0)
		ring_append(q, cl);
	else
		free(cl);
	q->waiting--;
	return j;
}

/* Under the lock: fold one run of ms into the moving mean (1/8 weight). */
static void
note_time(struct workq *q, uint64_t ms)
{
	q->mean_ms = q->done == 0 ? ms : (q->mean_ms * 7 + ms) / 8;
	q->done++;
}

static void *
workq_main(void *arg)
{
	struct workq	*q = arg;
	struct job	*j;
	uint64_t	 t0;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->closing && q->first == NULL)
			pthread_cond_wait(&q->cv, &q->lock);
		if ((j = next_job(q)) == NULL)
			break;			/* closing, nothing left */
		q->running++;
		pthread_mutex_unlock(&q->lock);
		t0 = clock_ms();
		j->run(j->arg, 0);
		free(j);
		pthread_mutex_lock(&q->lock);
		q->running--;
		note_time(q, clock_ms() - t0);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct workq *
workq_new(int nthreads, int per_client, int total)
{
	struct workq	*q;
	int		 rc;

	q = xcalloc(1, sizeof(*q));
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->per_client = per_client;
	q->total = total;
	q->threads = xcalloc((size_t)nthreads, sizeof(*q->threads));
	for (; q->nthreads < nthreads; q->nthreads++)
		if ((rc = pthread_create(&q->threads[q->nthreads], NULL,
		    workq_main, q)) != 0) {
			workq_free(q);
			errno = rc;
			return NULL;
		}
	return q;
}

int
workq_submit(struct workq *q, const char *client, workq_fn run, void *arg)
{
	struct client	*cl;
	struct job	*j;

	pthread_mutex_lock(&q->lock);
	cl = client_find(q, client);
	if (q->closing || q->waiting >= (uint64_t)q->total ||
	    (cl != NULL && cl->n >= q->per_client)) {
		q->rejected++;
		pthread_mutex_unlock(&q->lock);
		return -1;
	}
	if (cl == NULL) {
		cl = xcalloc(1, sizeof(*cl));
		snprintf(cl->key, sizeof(cl->key), "%s", client);
		ring_append(q, cl);
	}
	j = xcalloc(1, sizeof(*j));
	j->run = run;
	j->arg = arg;
	if (cl->tail != NULL && cl->n > 0)
		cl->tail->next = j;
	else
		cl->head = j;
	cl->tail = j;
	cl->n++;
	q->waiting++;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

int
workq_retry_after(struct workq *q)
{
	uint64_t	 ms;

	pthread_mutex_lock(&q->lock);
	ms = (q->waiting + q->running) * q->mean_ms;
	pthread_mutex_unlock(&q->lock);
	return ms < 1000 ? 1 : ms > 3600000 ? 3600 : (int)((ms + 999) / 1000);
}

void
workq_stats(struct workq *q, struct workq_stats *st)
{
	pthread_mutex_lock(&q->lock);
	st->done = q->done;
	st->rejected = q->rejected;
	st->waiting = q->waiting;
	st->running = q->running;
	st->mean_ms = q->mean_ms;
	pthread_mutex_unlock(&q->lock);
}

void
workq_close(struct workq *q)
{
	struct job	*j;
	int		 i;

	pthread_mutex_lock(&q->lock);
	if (q->closing) {
		pthread_mutex_unlock(&q->lock);
		return;
	}
	q->closing = 1;
	while ((j = next_job(q)) != NULL) {
		pthread_mutex_unlock(&q->lock);
		j->run(j->arg, 1);
		free(j);
		pthread_mutex_lock(&q->lock);
	}
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->lock);
	for (i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
}

void
workq_free(struct workq *q)
{
	if (q == NULL)
		return;
	workq_close(q);
	free(q->threads);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
