/*
 * sched.c: feed threads (see sched.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "log.h"
#include "registry.h"
#include "sched.h"
#include "xmalloc.h"

#define BACKOFF_MIN	5	/* seconds after the first failure */

struct feed_thread {
	struct sched		*s;
	const struct feed_conf	*fc;
	pthread_t		 tid;
	int			 started;
};

struct sched {
	struct registry		*reg;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	int			 stop;
	struct feed_thread	*threads;
	size_t			 nthreads;
};

/*
 * One run's reports: every skipped record is logged, up to SCHED_LOG_BAD of
 * them; the rest are counted and summed up in one line at the end.
 */
#define SCHED_LOG_BAD	20

struct feed_run_log {
	const struct feed_conf	*fc;
	size_t			 nbad;
	const struct feed_map	**unmatched;
	size_t			 nunmatched;
};

static void
log_bad(void *arg, const char *feed, const char *place, const char *reason)
{
	struct feed_run_log	*rl = arg;

	if (rl->nbad++ < SCHED_LOG_BAD)
		log_warnx("feed %s %s: %s", feed, place, reason);
}

static void
log_stderr(void *arg, const char *feed, const char *text)
{
	const char	*p, *nl;

	(void)arg;
	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (nl > p)
			log_warnx("feed %s stderr: %.*s", feed, (int)(nl - p), p);
	}
}

static void
log_unmatched(void *arg, const char *feed, const struct feed_map *m)
{
	struct feed_run_log	*rl = arg;

	log_warnx("feed %s: map code %s%s%s (indicator %s) matched no record",
	    feed, m->code, m->area != NULL ? " area " : "",
	    m->area != NULL ? m->area : "", m->indicator);
	rl->unmatched = xreallocarray(rl->unmatched, rl->nunmatched + 1,
	    sizeof(*rl->unmatched));
	rl->unmatched[rl->nunmatched++] = m;
}

/* An observation the registry refused: a line of CSV, else a record. */
static void
log_rejected(void *arg, const struct obs *o, const char *reason)
{
	const struct feed_conf	*fc = ((struct feed_run_log *)arg)->fc;
	int			 csv = fc->type != FEED_HTTP ||
	    strcmp(fc->format, "csv") == 0;

	log_warnx("feed %s %s %zu: %s", fc->name, csv ? "line" : "record",
	    o->line, reason);
}

static void
log_note(void *arg, const char *feed, const char *text)
{
	(void)arg;
	log_info("feed %s: %s", feed, text);
}

/* Run the feed once; 0 on success. */
static int
feed_once(struct sched *s, const struct feed_conf *fc)
{
	struct feed_run_log	 rl = { fc, 0, NULL, 0 };
	struct feed_io		 io = { log_bad, log_stderr, log_unmatched, &rl,
	    &s->stop, log_note };
	struct ingest_result	 res;
	struct obsvec		 ov;
	char			 err[512];
	size_t			 bad = 0;
	int			 ok;

	obsvec_init(&ov);
	ok = feed_run(fc, &ov, &bad, &io, err, sizeof(err)) == 0;
	if (rl.nbad > SCHED_LOG_BAD)
		log_warnx("feed %s: %zu more records skipped, not logged",
		    fc->name, rl.nbad - SCHED_LOG_BAD);
	if (ok && registry_ingest(s->reg, fc->name, &ov, 0, log_rejected,
	    &rl, &res, err, sizeof(err)) != INGEST_OK)
		ok = 0;
	if (!ok)
		log_warnx("feed %s: %s", fc->name, err);
	else {
		bad += res.rejected;
		log_debug("feed %s: %zu observations, %zu stored, %zu "
		    "unchanged, %zu records skipped", fc->name, res.received,
		    res.stored, res.unchanged, bad);
	}
	registry_feed_result(s->reg, fc->name, ok, ok ? bad : 0,
	    rl.unmatched, rl.nunmatched, ok ? NULL : err);
	free(rl.unmatched);
	obsvec_free(&ov);
	return ok ? 0 : -1;
}

/* Sleep up to secs or until stop; returns 1 if stopping. */
static int
sched_wait(struct sched *s, int secs)
{
	struct timespec	 ts;
	int		 stop;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += secs;
	pthread_mutex_lock(&s->lock);
	while (!s->stop && pthread_cond_timedwait(&s->cond, &s->lock,
	    &ts) != ETIMEDOUT)
		;
	stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static void *
feed_main(void *arg)
{
	struct feed_thread	*ft = arg;
	int			 delay, backoff = 0;

	do {
		if (feed_once(ft->s, ft->fc) == 0) {
			backoff = 0;
			delay = ft->fc->interval;
		} else {
			backoff = backoff == 0 ? BACKOFF_MIN : backoff * 2;
			if (backoff > ft->fc->interval)
				backoff = ft->fc->interval;
			delay = backoff;
		}
	} while (!sched_wait(ft->s, delay));
	return NULL;
}

struct sched *
sched_start(struct registry *reg, const struct config *conf)
{
	struct sched		*s;
	pthread_condattr_t	 ca;
	size_t			 i;

	s = xcalloc(1, sizeof(*s));
	s->reg = reg;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	s->threads = xcalloc(conf->nfeeds + 1, sizeof(*s->threads));
	for (i = 0; i < conf->nfeeds; i++) {
		struct feed_thread *ft = &s->threads[s->nthreads];

		if (conf->feeds[i].type == FEED_PUSH)
			continue;
		ft->s = s;
		ft->fc = &conf->feeds[i];
		if ((errno = pthread_create(&ft->tid, NULL, feed_main,
		    ft)) != 0) {
			log_warn("feed %s: pthread_create", ft->fc->name);
			continue;
		}
		ft->started = 1;
		s->nthreads++;
	}
	return s;
}

void
sched_stop(struct sched *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	/* Feed runs poll it without the lock to abandon commands and fetches. */
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	for (i = 0; i < s->nthreads; i++)
		if (s->threads[i].started)
			pthread_join(s->threads[i].tid, NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s->threads);
	free(s);
}
