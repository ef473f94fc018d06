/*
 * sched.c: feed threads (see sched.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "feed.h"
#include "feedconf.h"
#include "log.h"
#include "registry.h"
#include "sched.h"
#include "xmalloc.h"

#define BACKOFF_MIN	5	/* seconds after the first failure */

/*
 * A feed thread runs its own copy of the feed's settings, so that a reload
 * that leaves them as they are keeps it running (its run in progress, its
 * schedule and backoff); stop carries why it was told to end.
 */
struct feed_thread {
	struct sched		*s;
	struct feed_conf	*fc;
	pthread_t		 tid;
	int			 stop;	/* a STOP_* once told to end */
	int			 poke;	/* run again now */
	unsigned long long	 ids;	/* the indicators it feeds */
};

enum {
	STOP_NOT = 0,
	STOP_SHUTDOWN,
	STOP_CHANGED,
	STOP_REMOVED
};

struct sched {
	struct registry		*reg;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct feed_thread	**threads;
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

static const char *
stop_reason(int stop)
{
	switch (stop) {
	case STOP_SHUTDOWN:
		return "shutting down";
	case STOP_CHANGED:
		return "its settings changed";
	default:
		return "it was removed";
	}
}

/* Run the feed once; 0 on success. */
static int
feed_once(struct feed_thread *ft)
{
	const struct feed_conf	*fc = ft->fc;
	struct sched		*s = ft->s;
	struct feed_run_log	 rl = { fc, 0, NULL, 0 };
	struct feed_io		 io = { log_bad, log_stderr, log_unmatched,
	    &rl, &ft->stop, log_note };
	struct ingest_result	 res;
	struct obsvec		 ov;
	char			 err[512];
	size_t			 bad = 0;
	int			 ok, stop;

	obsvec_init(&ov);
	ok = feed_run(fc, &ov, &bad, &io, err, sizeof(err)) == 0;
	if (rl.nbad > SCHED_LOG_BAD)
		log_warnx("feed %s: %zu more records skipped, not logged",
		    fc->name, rl.nbad - SCHED_LOG_BAD);
	if (ok && registry_ingest(s->reg, fc->name, &ov, 0, log_rejected,
	    &rl, &res, err, sizeof(err)) != INGEST_OK)
		ok = 0;
	if (!ok && (stop = __atomic_load_n(&ft->stop, __ATOMIC_RELAXED))) {
		log_info("feed %s: run cancelled, %s: %s", fc->name,
		    stop_reason(stop), err);
		goto out;
	}
	if (!ok)
		log_warnx("feed %s: %s", fc->name, err);
	else {
		bad += res.rejected;
		if (res.skipped > 0)
			log_info("feed %s: %zu observations of indicators "
			    "other shards own skipped", fc->name, res.skipped);
		log_debug("feed %s: %zu observations, %zu stored, %zu "
		    "unchanged, %zu records skipped", fc->name, res.received,
		    res.stored, res.unchanged, bad);
	}
	registry_feed_result(s->reg, fc->name, ok, ok ? bad : 0,
	    rl.unmatched, rl.nunmatched, ok ? NULL : err);
out:
	free(rl.unmatched);
	obsvec_free(&ov);
	return ok ? 0 : -1;
}

/* Sleep up to secs, until poked or until stop; returns 1 if stopping. */
static int
sched_wait(struct feed_thread *ft, int secs)
{
	struct sched	*s = ft->s;
	struct timespec	 ts;
	int		 stop;

	clock_deadline(&ts, secs * 1000L);
	pthread_mutex_lock(&s->lock);
	while (!ft->stop && !ft->poke && pthread_cond_timedwait(&s->cond,
	    &s->lock, &ts) != ETIMEDOUT)
		;
	ft->poke = 0;
	stop = ft->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

static void *
feed_main(void *arg)
{
	struct feed_thread	*ft = arg;
	int			 delay, backoff = 0;

	do {
		if (feed_once(ft) == 0) {
			backoff = 0;
			delay = ft->fc->interval;
		} else {
			backoff = backoff == 0 ? BACKOFF_MIN : backoff * 2;
			if (backoff > ft->fc->interval)
				backoff = ft->fc->interval;
			delay = backoff;
		}
	} while (!sched_wait(ft, delay));
	return NULL;
}

/*
 * The indicators of conf that name feed, as one number: a sum of their
 * ids' FNV-1a hashes, so that their order does not count.
 */
static unsigned long long
feed_ids(const struct config *conf, const char *feed)
{
	unsigned long long	 sum = 0, h;
	const char		*p;
	size_t			 i;

	for (i = 0; i < conf->nindicators; i++) {
		if (strcmp(conf->indicators[i].feed, feed) != 0)
			continue;
		h = 14695981039346656037ULL;
		for (p = conf->indicators[i].id; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		sum += h;
	}
	return sum;
}

/* Start a thread for feed fc of conf; added to s->threads. */
static void
sched_add(struct sched *s, const struct config *conf,
    const struct feed_conf *fc)
{
	struct feed_thread	*ft;

	ft = xcalloc(1, sizeof(*ft));
	ft->s = s;
	ft->fc = feedconf_dup(fc);
	ft->ids = feed_ids(conf, fc->name);
	if ((errno = pthread_create(&ft->tid, NULL, feed_main, ft)) != 0) {
		log_warn("feed %s: pthread_create", fc->name);
		feedconf_free(ft->fc);
		free(ft);
		return;
	}
	s->threads = xreallocarray(s->threads, s->nthreads + 1,
	    sizeof(*s->threads));
	s->threads[s->nthreads++] = ft;
}

struct sched *
sched_start(struct registry *reg, const struct config *conf)
{
	struct sched		*s;
	size_t			 i;

	s = xcalloc(1, sizeof(*s));
	s->reg = reg;
	pthread_mutex_init(&s->lock, NULL);
	clock_cond_init(&s->cond);
	for (i = 0; i < conf->nfeeds; i++)
		if (conf->feeds[i].type != FEED_PUSH)
			sched_add(s, conf, &conf->feeds[i]);
	return s;
}

/*
 * Tell the threads for which why(thread) gives a STOP_* to end; join them
 * and drop them from s->threads.
 */
static void
sched_end(struct sched *s, int (*why)(const struct feed_thread *,
    const struct config *), const struct config *conf)
{
	size_t	 i, keep = 0;
	int	 stop;

	/* Runs poll stop without the lock to abandon their work. */
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->nthreads; i++)
		if ((stop = why(s->threads[i], conf)) != STOP_NOT)
			__atomic_store_n(&s->threads[i]->stop, stop,
			    __ATOMIC_RELAXED);
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	for (i = 0; i < s->nthreads; i++) {
		if (s->threads[i]->stop == STOP_NOT) {
			s->threads[keep++] = s->threads[i];
			continue;
		}
		pthread_join(s->threads[i]->tid, NULL);
		feedconf_free(s->threads[i]->fc);
		free(s->threads[i]);
	}
	s->nthreads = keep;
}

static int
why_shutdown(const struct feed_thread *ft, const struct config *conf)
{
	(void)ft;
	(void)conf;
	return STOP_SHUTDOWN;
}

static int
why_reload(const struct feed_thread *ft, const struct config *conf)
{
	const struct feed_conf	*fc = confdata_find_feed(conf, ft->fc->name);

	if (fc == NULL || fc->type == FEED_PUSH)
		return STOP_REMOVED;
	return feedconf_equal(fc, ft->fc) ? STOP_NOT : STOP_CHANGED;
}

void
sched_retire(struct sched *s, const struct config *conf)
{
	sched_end(s, why_reload, conf);
}

void
sched_update(struct sched *s, const struct config *conf)
{
	struct feed_thread	*ft;
	unsigned long long	 ids;
	size_t			 i, j, n = s->nthreads;

	for (i = 0; i < conf->nfeeds; i++) {
		if (conf->feeds[i].type == FEED_PUSH)
			continue;
		for (j = 0, ft = NULL; j < n && ft == NULL; j++)
			if (strcmp(s->threads[j]->fc->name,
			    conf->feeds[i].name) == 0)
				ft = s->threads[j];
		if (ft == NULL) {
			sched_add(s, conf, &conf->feeds[i]);
			continue;
		}
		if ((ids = feed_ids(conf, ft->fc->name)) == ft->ids)
			continue;
		/* Observations for new indicators come with a new run. */
		pthread_mutex_lock(&s->lock);
		ft->ids = ids;
		ft->poke = 1;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
	}
}

void
sched_stop(struct sched *s)
{
	if (s == NULL)
		return;
	sched_end(s, why_shutdown, NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s->threads);
	free(s);
}
