/*
 * registry.c: indicators, series, statuses and feed states (see registry.h).
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "alert.h"
#include "explain.h"
#include "journal.h"
#include "log.h"
#include "metrics.h"
#include "pfor.h"
#include "recover.h"
#include "registry.h"
#include "store.h"
#include "xmalloc.h"

/* The publisher renders once changes pause this long (publish_settle), */
#define PUB_QUIET_MS	50
/* or once the first pending one has waited this long. */
#define PUB_MAX_MS	2000
/* A batch of this many changes gives its freed heap back (malloc_trim). */
#define TRIM_MIN	10000
/* Fewer files than this are written by the calling thread alone. */
#define PARALLEL_MIN	16

struct indicator *
registry_find(struct registry *r, const char *id)
{
	return strtab_get(&r->ids, id);
}

/* Find or create the indicator id (configured or not). */
static struct indicator *
registry_get(struct registry *r, const char *id)
{
	struct indicator	*ind;

	if ((ind = registry_find(r, id)) != NULL)
		return ind;
	ind = xcalloc(1, sizeof(*ind));
	ind->id = xstrdup(id);
	ind->growth = NAN;
	r->ind = xreallocarray(r->ind, r->nind + 1, sizeof(*r->ind));
	r->ind[r->nind++] = ind;
	strtab_put(&r->ids, ind->id, ind);
	return ind;
}

static void
indicator_free(struct indicator *ind)
{
	if (ind == NULL)
		return;
	free(ind->pts);
	free(ind->results);
	free(ind->id);
	free(ind);
}

/* Index of the point with end e, or where it would be inserted (*found). */
static size_t
series_search(const struct indicator *ind, time_t e, int *found)
{
	size_t	 lo = 0, hi = ind->npts, mid;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ind->pts[mid].end < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ind->npts && ind->pts[lo].end == e)
		*found = 1;
	return lo;
}

/* Insert or replace the point for o's period. */
static void
series_put(struct registry *r, struct indicator *ind, const struct obs *o)
{
	struct point	*p;
	time_t		 e = period_end(&o->period);
	size_t		 i;
	int		 found;

	i = series_search(ind, e, &found);
	if (!found) {
		if (ind->npts == ind->cappts) {
			ind->cappts += ind->cappts / 2 + 8;
			ind->pts = xreallocarray(ind->pts, ind->cappts,
			    sizeof(*ind->pts));
		}
		memmove(&ind->pts[i + 1], &ind->pts[i],
		    (ind->npts - i) * sizeof(*ind->pts));
		ind->npts++;
		p = &ind->pts[i];
		memset(p, 0, sizeof(*p));
	} else
		p = &ind->pts[i];
	p->period = o->period;
	p->end = e;
	p->value = o->value;
	p->source = strtab_intern(&r->strs, o->source);
}

static struct store_point *
store_points(const struct indicator *ind, size_t from)
{
	struct store_point	*sp;
	size_t			 i;

	sp = xcalloc(ind->npts - from + 1, sizeof(*sp));
	for (i = from; i < ind->npts; i++) {
		sp[i - from].start = period_start(&ind->pts[i].period);
		sp[i - from].end = ind->pts[i].end;
		sp[i - from].value = ind->pts[i].value;
	}
	return sp;
}

static enum period_kind
indicator_freq(const struct indicator *ind)
{
	if (ind->conf != NULL)
		return ind->conf->frequency;
	return ind->npts > 0 ? ind->pts[0].period.kind : PERIOD_ANNUAL;
}

/* What pfor items share: the registry and the indicators to work on. */
struct work {
	struct registry		*r;
	struct indicator	**inds;
	size_t			 done;	/* sync: files rebuilt */
	size_t			 k;	/* store_lane: indicators */
	size_t			 nlanes;
};

static int
indicator_rebuild(struct registry *r, struct indicator *ind)
{
	struct store_point	*sp;
	char			 err[512];
	int			 rc;

	if (ind->rrd_held) {
		if (ind->rrd_held == 1)
			log_warnx("indicator %s: its RRD holds values the "
			    "journal lacks: not rebuilt, new data is in the "
			    "journal only (--rebuild at start-up rebuilds it)",
			    ind->id);
		ind->rrd_held = 2;
		ind->rrd_dirty = 1;
		return -1;
	}
	sp = store_points(ind, 0);
	rc = store_rebuild(r->store, ind->id, indicator_freq(ind), sp,
	    ind->npts, err, sizeof(err));
	free(sp);
	if (rc == -1) {
		log_warnx("indicator %s: %s (kept in the journal; retrying "
		    "later)", ind->id, err);
		ind->rrd_dirty = 1;
		return -1;
	}
	ind->rrd_dirty = 0;
	return 0;
}

/*
 * Start writing the points ingested since prev_end: 1 when an append is
 * in flight on q (indicator_store_finish completes it), 0 when the file
 * was rebuilt instead.
 */
static int
indicator_store_start(struct registry *r, struct store_queue *q,
    struct indicator *ind, struct store_append *a)
{
	struct store_point	*sp;
	size_t			 from;
	int			 found;

	if (ind->rrd_dirty || !ind->append_only || ind->prev_end == 0) {
		indicator_rebuild(r, ind);
		return 0;
	}
	from = series_search(ind, ind->prev_end, &found) + (found ? 1 : 0);
	sp = store_points(ind, from);
	store_append_start(q, a, ind->id, ind->prev_end, sp, ind->npts - from);
	free(sp);
	return 1;
}

/* The append's result; a failed one is rebuilt from the journal. */
static void
indicator_store_finish(struct registry *r, struct store_queue *q,
    struct indicator *ind, struct store_append *a)
{
	char	 err[512];

	if (store_append_finish(q, a, err, sizeof(err)) == -1) {
		log_warnx("indicator %s: %s; rebuilding from the journal",
		    ind->id, err);
		indicator_rebuild(r, ind);
	} else if (store_daemon(r->store) != NULL)
		ind->unflushed = 1;
}

/* The hour t falls in: data ages are measured to the hour. */
static time_t
registry_hour(time_t t)
{
	return t - t % 3600;
}

/* The age of the latest data at asof, and whether it is stale. */
static void
indicator_age(struct indicator *ind, time_t asof)
{
	const struct period	*p;

	ind->age = NAN;
	ind->stale = 0;
	if (ind->conf == NULL || ind->npts == 0)
		return;
	p = &ind->pts[ind->npts - 1].period;
	ind->age = (double)(asof - period_end(p));
	ind->stale = asof > period_due(p, ind->conf->eval.stale_after);
}

/* Re-evaluate every target of a configured indicator, and its age. */
static void
indicator_evaluate(struct indicator *ind, time_t asof)
{
	const struct indicator_conf	*ic = ind->conf;
	struct eval_params		 params;
	struct eval_point		*ep;
	struct eval_target		 tg;
	size_t				 i;

	free(ind->results);
	ind->results = NULL;
	ind->growth = NAN;
	ind->age = NAN;
	ind->stale = 0;
	ind->direction = EVAL_DIR_UNKNOWN;
	ind->dir_growth = NAN;
	if (ic == NULL)
		return;
	ep = xcalloc(ind->npts + 1, sizeof(*ep));
	for (i = 0; i < ind->npts; i++) {
		ep[i].t = period_decimal_year(&ind->pts[i].period);
		ep[i].v = ind->pts[i].value;
	}
	ind->results = xcalloc(ic->ntargets + 1, sizeof(*ind->results));
	for (i = 0; i < ic->ntargets; i++) {
		memset(&tg, 0, sizeof(tg));
		tg.year = ic->targets[i].year;
		tg.value = ic->targets[i].value;
		tg.kind = ic->targets[i].kind;
		if ((tg.has_baseline = ic->targets[i].has_baseline)) {
			tg.base_t = period_decimal_year(
			    &ic->targets[i].base_period);
			tg.base_v = ic->targets[i].base_value;
		}
		params = ic->eval;
		params.method = ic->targets[i].method;
		eval_target(ep, ind->npts, &params, &tg, &ind->results[i]);
	}
	ind->growth = eval_growth(ep, ind->npts, &ic->eval);
	ind->direction = eval_direction(ep, ind->npts, ic->eval.trend_years,
	    ic->eval.tolerance, ic->decrease, &ind->dir_growth);
	free(ep);
	indicator_age(ind, asof);
}

/* The period of the latest point used by res, or NULL. */
static const char *
latest_period(const struct indicator *ind, const struct eval_result *res,
    char *buf, size_t len)
{
	size_t	 i;

	for (i = ind->npts; i > 0; i--)
		if (period_decimal_year(&ind->pts[i - 1].period) ==
		    res->latest_t) {
			period_format(&ind->pts[i - 1].period, buf, len);
			return buf;
		}
	return NULL;
}

void
registry_explain(const struct indicator *ind, size_t i, char *buf,
    size_t len)
{
	const struct indicator_conf	*ic = ind->conf;
	struct explain			 e;
	char				 per[PERIOD_STRLEN], lag[32];

	memset(&e, 0, sizeof(e));
	e.unit = ic->unit;
	e.year = ic->targets[i].year;
	e.value = ic->targets[i].value;
	e.res = &ind->results[i];
	e.period = latest_period(ind, e.res, per, sizeof(per));
	e.interval = ic->eval.interval;
	e.stale = ind->stale;
	period_lag_format(ic->eval.stale_after, lag, sizeof(lag));
	e.stale_after = lag;
	explain_target(&e, buf, len);
}

/* Tell the alerts the age of ind's data (caller holds r->lock). */
static void
indicator_alert_stale(struct registry *r, struct indicator *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	struct alert_target		 t;
	char				 per[PERIOD_STRLEN], lag[32];

	memset(&t, 0, sizeof(t));
	t.rule = ALERT_RULE_STALE;
	t.indicator = ind->id;
	t.name = ic->name;
	t.unit = ic->unit;
	t.value = NAN;
	eval_result_unknown(&t.res, ic->eval.method);
	if (ind->npts > 0) {
		period_format(&ind->pts[ind->npts - 1].period, per,
		    sizeof(per));
		t.period = per;
		t.res.latest_v = ind->pts[ind->npts - 1].value;
	}
	t.stale = ind->stale;
	t.age = ind->age;
	period_lag_format(ic->eval.stale_after, lag, sizeof(lag));
	t.stale_after = lag;
	alerts_observe(r->alerts, &t);
}

/* Tell the alerts each target's evaluation (caller holds r->lock). */
static void
indicator_alerts(struct registry *r, struct indicator *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	struct alert_target		 t;
	char				 per[PERIOD_STRLEN], lag[32];
	size_t				 i;

	if (r->alerts == NULL || ic == NULL || ind->results == NULL)
		return;
	period_lag_format(ic->eval.stale_after, lag, sizeof(lag));
	for (i = 0; i < ic->ntargets; i++) {
		memset(&t, 0, sizeof(t));
		t.indicator = ind->id;
		t.name = ic->name;
		t.unit = ic->unit;
		t.year = ic->targets[i].year;
		t.value = ic->targets[i].value;
		t.kind = ic->targets[i].kind;
		t.res = ind->results[i];
		t.period = latest_period(ind, &t.res, per, sizeof(per));
		t.interval = ic->eval.interval;
		t.stale = ind->stale;
		t.age = ind->age;
		t.stale_after = lag;
		alerts_observe(r->alerts, &t);
	}
	if (r->conf->alert_stale)
		indicator_alert_stale(r, ind);
}

static struct feed_state *
feed_state(struct registry *r, const char *name)
{
	size_t	 i;

	for (i = 0; i < r->nfeeds; i++)
		if (strcmp(r->feeds[i].name, name) == 0)
			return &r->feeds[i];
	return NULL;
}

/* Drop the state's list of unmatched map entries. */
static void
feed_state_unmatched_free(struct feed_state *fs)
{
	size_t	 i;

	for (i = 0; i < fs->nunmatched; i++) {
		free(fs->unmatched[i].code);
		free(fs->unmatched[i].area);
		free(fs->unmatched[i].indicator);
	}
	free(fs->unmatched);
	fs->unmatched = NULL;
	fs->nunmatched = 0;
}

/* Replace the list with copies of the n entries of um. */
static void
feed_state_unmatched_set(struct feed_state *fs,
    const struct feed_map *const *um, size_t n)
{
	size_t	 i;

	feed_state_unmatched_free(fs);
	if (n == 0)
		return;
	fs->unmatched = xcalloc(n, sizeof(*fs->unmatched));
	for (i = 0; i < n; i++) {
		fs->unmatched[i].code = xstrdup(um[i]->code);
		fs->unmatched[i].area = um[i]->area != NULL ?
		    xstrdup(um[i]->area) : NULL;
		fs->unmatched[i].indicator = xstrdup(um[i]->indicator);
	}
	fs->nunmatched = n;
}

/* Swap in snap (taking over the caller's reference) as showing upto. */
static void
publish_swap(struct registry *r, struct snapshot *snap, uint64_t upto)
{
	struct snapshot	*old;

	pthread_mutex_lock(&r->snap_lock);
	old = r->snap;
	r->snap = snap;
	r->published = upto;
	pthread_cond_broadcast(&r->pub_done);
	pthread_mutex_unlock(&r->snap_lock);
	snapshot_unref(old);
}

/*
 * Something /metrics shows changed: have the publisher render it. Caller
 * holds r->lock. Ingest does not wait for the render (it takes tens of
 * milliseconds at a thousand indicators), and a burst of changes is
 * rendered once.
 */
static void
registry_changed(struct registry *r)
{
	struct snapshot	*snap;

	pthread_mutex_lock(&r->snap_lock);
	r->changes++;
	if (!r->pub_running) {
		/* Start-up, before the publisher: render here. */
		pthread_mutex_unlock(&r->snap_lock);
		snap = metrics_render(r->mcache, r);
		metrics_compress(snap);
		publish_swap(r, snap, r->changes);
		return;
	}
	pthread_cond_signal(&r->pub_wake);
	pthread_mutex_unlock(&r->snap_lock);
}

static void
deadline_ms(struct timespec *ts, const struct timespec *from, long ms)
{
	ts->tv_sec = from->tv_sec + ms / 1000;
	ts->tv_nsec = from->tv_nsec + (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/*
 * With changes pending (caller holds snap_lock), wait until they stop
 * coming for PUB_QUIET_MS, a scrape waits for them, or the first has waited
 * PUB_MAX_MS. A render costs time in the number of indicators, under the
 * registry lock: back-to-back ingests must not pay one each, and a scrape
 * still sees everything stored before it (registry_snapshot).
 */
static void
publish_settle(struct registry *r)
{
	struct timespec	 first, now, quiet, last;
	uint64_t	 seen;

	clock_gettime(CLOCK_MONOTONIC, &first);
	deadline_ms(&last, &first, PUB_MAX_MS);
	now = first;
	while (!r->pub_stop && r->pub_waiting == 0) {
		seen = r->changes;
		deadline_ms(&quiet, &now, PUB_QUIET_MS);
		if (quiet.tv_sec > last.tv_sec || (quiet.tv_sec ==
		    last.tv_sec && quiet.tv_nsec > last.tv_nsec))
			quiet = last;
		if (pthread_cond_timedwait(&r->pub_wake, &r->snap_lock,
		    &quiet) == ETIMEDOUT && r->changes == seen)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > last.tv_sec || (now.tv_sec == last.tv_sec &&
		    now.tv_nsec >= last.tv_nsec))
			break;
	}
}

static void *
publisher(void *arg)
{
	struct registry	*r = arg;
	struct snapshot	*snap;
	uint64_t	 upto;

	pthread_mutex_lock(&r->snap_lock);
	for (;;) {
		while (!r->pub_stop && r->published == r->changes)
			pthread_cond_wait(&r->pub_wake, &r->snap_lock);
		publish_settle(r);
		if (r->pub_stop)
			break;
		pthread_mutex_unlock(&r->snap_lock);
		/* The text under the registry lock, the gzip after it. */
		pthread_mutex_lock(&r->lock);
		pthread_mutex_lock(&r->snap_lock);
		upto = r->changes;
		pthread_mutex_unlock(&r->snap_lock);
		/* Only this thread renders: the cache is its own. */
		snap = metrics_render(r->mcache, r);
		pthread_mutex_unlock(&r->lock);
		metrics_compress(snap);
		publish_swap(r, snap, upto);
		pthread_mutex_lock(&r->snap_lock);
	}
	pthread_mutex_unlock(&r->snap_lock);
	return NULL;
}

struct snapshot *
registry_snapshot(struct registry *r)
{
	struct snapshot	*s;
	uint64_t	 want;

	pthread_mutex_lock(&r->snap_lock);
	want = r->changes;
	if (r->published < want && r->pub_running && !r->pub_stop) {
		/* Have the publisher render now rather than settle. */
		r->pub_waiting++;
		pthread_cond_signal(&r->pub_wake);
		while (r->published < want && r->pub_running && !r->pub_stop)
			pthread_cond_wait(&r->pub_done, &r->snap_lock);
		r->pub_waiting--;
	}
	s = r->snap;
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_ACQ_REL);
	pthread_mutex_unlock(&r->snap_lock);
	return s;
}

struct snapshot *
snapshot_ref(struct snapshot *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_ACQ_REL);
	return s;
}

void
snapshot_unref(struct snapshot *s)
{
	if (s == NULL || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	metrics_snapshot_free(s);
}

/* Bind configured indicators and feeds to conf; order follows the config. */
static void
registry_bind(struct registry *r, struct config *conf)
{
	struct indicator	**order, *ind;
	struct feed_state	*old = r->feeds, *feeds;
	size_t			 nold = r->nfeeds, i, j, k = 0;

	/* Even one that leaves the config: its samples go from /metrics. */
	for (i = 0; i < r->nind; i++) {
		r->ind[i]->conf = NULL;
		r->ind[i]->generation++;
	}
	for (i = 0; i < conf->nindicators; i++) {
		ind = registry_get(r, conf->indicators[i].id);
		ind->conf = &conf->indicators[i];
	}
	order = xcalloc(r->nind + 1, sizeof(*order));
	for (i = 0; i < conf->nindicators; i++)
		order[k++] = registry_find(r, conf->indicators[i].id);
	for (i = 0; i < r->nind; i++)
		if (r->ind[i]->conf == NULL)
			order[k++] = r->ind[i];
	free(r->ind);
	r->ind = order;
	feeds = xcalloc(conf->nfeeds + 1, sizeof(*feeds));
	for (i = 0; i < conf->nfeeds; i++) {
		feeds[i].name = xstrdup(conf->feeds[i].name);
		for (j = 0; j < nold; j++)
			if (old[j].name != NULL &&
			    strcmp(old[j].name, conf->feeds[i].name) == 0) {
				free(feeds[i].name);
				feeds[i] = old[j];
				memset(&old[j], 0, sizeof(old[j]));
			}
	}
	for (i = 0; i < conf->nfeeds; i++)
		if (conf->feeds[i].type == FEED_PUSH)
			feeds[i].up = 1;
	pthread_mutex_lock(&r->feed_lock);
	r->feeds = feeds;
	r->nfeeds = conf->nfeeds;
	__atomic_add_fetch(&r->feed_gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&r->feed_lock);
	for (j = 0; j < nold; j++) {
		free(old[j].name);
		feed_state_unmatched_free(&old[j]);
	}
	free(old);
	r->conf = conf;
	for (i = 0; i < r->nind; i++) {
		indicator_evaluate(r->ind[i], r->asof);
		indicator_alerts(r, r->ind[i]);
	}
}

static void
replay_cb(void *arg, const struct obs *o, const char *feed)
{
	struct registry	*r = arg;

	(void)feed;	/* the journal keeps it; the series need not */
	series_put(r, registry_get(r, o->indicator), o);
}

/* Check one indicator's RRD against the journal (a pfor item). */
static void
sync_one(void *arg, size_t i)
{
	struct work		*w = arg;
	struct indicator	*ind = w->inds[i];
	struct store_point	*sp;

	if (ind->npts == 0 && ind->conf == NULL)
		return;
	sp = store_points(ind, 0);
	switch (recover_check(w->r->store, ind->id, sp, ind->npts,
	    w->r->journal_corrupt > 0, w->r->conf->rebuild)) {
	case RECOVER_REBUILD:
		ind->rrd_held = 0;
		if (indicator_rebuild(w->r, ind) == 0)
			__atomic_add_fetch(&w->done, 1, __ATOMIC_RELAXED);
		break;
	case RECOVER_HOLD:
		ind->rrd_held = ind->rrd_held ? ind->rrd_held : 1;
		break;
	case RECOVER_OK:
		break;
	}
	free(sp);
}

/* After the replay: each series takes what it holds, no more. */
static void
registry_fit(struct registry *r)
{
	struct indicator	*ind;
	size_t			 i;

	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (ind->npts == 0 || ind->cappts == ind->npts)
			continue;
		ind->pts = xreallocarray(ind->pts, ind->npts,
		    sizeof(*ind->pts));
		ind->cappts = ind->npts;
	}
}

/* Bring each RRD in line with the journal: rebuild the missing or behind. */
static void
registry_sync_store(struct registry *r)
{
	struct work	 w = { .r = r, .inds = r->ind };

	pfor(r->nind, r->nthreads, sync_one, &w);
	if (w.done > 0)
		log_info("rebuilt %zu RRD files from the journal", w.done);
}

/* mkdir -p */
static int
make_dir(const char *path, char *err, size_t errlen)
{
	char	*p, *s;
	int	 rc = 0;

	s = xstrdup(path);
	for (p = s + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(s, 0750) == -1 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", s, strerror(errno));
			rc = -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(s);
	return rc;
}

struct registry *
registry_open(struct config *conf, char *err, size_t errlen)
{
	struct registry		*r;
	struct timespec		 ts;
	pthread_condattr_t	 ca;
	struct journal_report	 rep;
	char			*jpath;

	r = xcalloc(1, sizeof(*r));
	r->mcache = metrics_cache_new();
	pthread_mutex_init(&r->lock, NULL);
	pthread_mutex_init(&r->snap_lock, NULL);
	pthread_mutex_init(&r->feed_lock, NULL);
	/* publish_settle's deadlines do not move with the clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->pub_wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&r->pub_done, NULL);
	/* rrdcached takes one request at a time: no point in more. */
	r->nthreads = conf->rrdcached != NULL ? 1 : pfor_cpus();
	clock_gettime(CLOCK_REALTIME, &ts);
	r->start_time = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	r->asof = registry_hour(ts.tv_sec);
	if (make_dir(conf->data_dir, err, errlen) == -1 ||
	    (r->store = store_open(conf->data_dir, conf->rrdcached,
	    r->nthreads > 1 ? r->nthreads : 0, err, errlen)) == NULL)
		goto fail;
	xasprintf(&jpath, "%s/journal", conf->data_dir);
	r->journal = journal_open(jpath, replay_cb, r, &rep, err, errlen);
	if (r->journal != NULL)
		recover_log_journal(jpath, &rep);
	r->journal_corrupt = rep.corrupt;
	journal_report_free(&rep);
	free(jpath);
	if (r->journal == NULL)
		goto fail;
	registry_fit(r);
	registry_bind(r, conf);
	registry_sync_store(r);
	registry_changed(r);
	r->pub_running = 1;
	if ((errno = pthread_create(&r->pub_thread, NULL, publisher, r)) != 0) {
		r->pub_running = 0;
		snprintf(err, errlen, "publisher thread: %s", strerror(errno));
		goto fail;
	}
	return r;
fail:
	r->conf = conf;
	registry_free(r);
	return NULL;
}

void
registry_free(struct registry *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	if (r->pub_running) {
		pthread_mutex_lock(&r->snap_lock);
		r->pub_stop = 1;
		pthread_cond_broadcast(&r->pub_wake);
		pthread_cond_broadcast(&r->pub_done);
		pthread_mutex_unlock(&r->snap_lock);
		pthread_join(r->pub_thread, NULL);
	}
	for (i = 0; i < r->nind; i++)
		indicator_free(r->ind[i]);
	free(r->ind);
	strtab_free(&r->ids);
	strtab_free_strings(&r->strs);
	for (i = 0; i < r->nfeeds; i++) {
		free(r->feeds[i].name);
		feed_state_unmatched_free(&r->feeds[i]);
	}
	free(r->feeds);
	journal_close(r->journal);
	store_close(r->store);
	snapshot_unref(r->snap);
	metrics_cache_free(r->mcache);
	config_free(r->conf);
	pthread_mutex_destroy(&r->lock);
	pthread_mutex_destroy(&r->snap_lock);
	pthread_mutex_destroy(&r->feed_lock);
	pthread_cond_destroy(&r->pub_wake);
	pthread_cond_destroy(&r->pub_done);
	free(r);
}

void
registry_lock(struct registry *r)
{
	pthread_mutex_lock(&r->lock);
}

void
registry_unlock(struct registry *r)
{
	pthread_mutex_unlock(&r->lock);
}

void
registry_set_alerts(struct registry *r, struct alerts *a)
{
	size_t	 i;

	pthread_mutex_lock(&r->lock);
	__atomic_store_n(&r->alerts, a, __ATOMIC_RELEASE);
	for (i = 0; i < r->nind; i++)
		indicator_alerts(r, r->ind[i]);
	pthread_mutex_unlock(&r->lock);
}

/*
 * Why o cannot be stored, or NULL. feed is the batch's feed (NULL: push API).
 */
static const char *
check_obs(struct registry *r, const char *feed, const struct obs *o,
    struct indicator **indp, char *buf, size_t len)
{
	const struct feed_conf	*fc;
	struct indicator	*ind;

	ind = registry_find(r, o->indicator);
	if (ind == NULL || ind->conf == NULL) {
		snprintf(buf, len, "unknown indicator \"%s\"", o->indicator);
		return buf;
	}
	fc = config_find_feed(r->conf, ind->conf->feed);
	if (feed == NULL ? fc->type != FEED_PUSH : strcmp(feed, fc->name) != 0) {
		snprintf(buf, len, "indicator \"%s\" belongs to feed \"%s\"%s",
		    o->indicator, fc->name, feed == NULL ?
		    ", not to a push feed" : "");
		return buf;
	}
	if (o->period.kind != ind->conf->frequency) {
		char per[PERIOD_STRLEN];

		period_format(&o->period, per, sizeof(per));
		snprintf(buf, len, "period %s does not match the %s frequency "
		    "of \"%s\"", per, period_kind_name(ind->conf->frequency),
		    o->indicator);
		return buf;
	}
	*indp = ind;
	return NULL;
}

/* 1 if storing o would change the series. */
static int
obs_changes(const struct indicator *ind, const struct obs *o)
{
	int	 found;
	size_t	 i;

	i = series_search(ind, period_end(&o->period), &found);
	return !found || ind->pts[i].value != o->value ||
	    strcmp(ind->pts[i].source, o->source) != 0;
}

/*
 * One lane (a pfor item) of the RRD writes and evaluations: indicators
 * lane, lane + nlanes, ... Each append goes to the lane's writer process
 * before the previous one's result is awaited and that indicator
 * evaluated, so that the writer finds its next update queued instead of
 * waiting for this thread to format it.
 */
static void
store_lane(void *arg, size_t lane)
{
	struct work		*w = arg;
	struct store_queue	*q = store_queue_open(w->r->store);
	struct store_append	 a, prev;
	struct indicator	*ind, *pind = NULL;
	size_t			 i;
	int			 sent = 0, psent = 0;

	for (i = lane; ; i += w->nlanes) {
		ind = i < w->k ? w->inds[i] : NULL;
		if (ind != NULL)
			sent = indicator_store_start(w->r, q, ind, &a);
		if (pind != NULL) {
			if (psent)
				indicator_store_finish(w->r, q, pind, &prev);
			indicator_evaluate(pind, w->r->asof);
		}
		if (ind == NULL)
			break;
		pind = ind;
		prev = a;
		psent = sent;
	}
	store_queue_close(q);
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * Apply journaled changes to memory: returns how many indicators they
 * touched, listed once each, in order of first touch, at the start of inds
 * (one per change, overwritten).
 */
static size_t
apply_memory(struct registry *r, const struct obs *const *chg, size_t n,
    struct indicator **inds, const char *feed)
{
	struct indicator	*ind;
	struct feed_state	*fs = NULL;
	const char		*fname = NULL;
	uint64_t		*add;
	size_t			 i, k;
	unsigned		 epoch = ++r->epoch;

	add = xcalloc(r->nfeeds + 1, sizeof(*add));
	/* Room for each series' new points at once: no regrowth, no spare. */
	for (i = 0; i < n; i++)
		inds[i]->adding++;
	for (i = 0; i < n; i++) {
		ind = inds[i];
		if (ind->adding == 0)
			continue;
		if (ind->npts + ind->adding > ind->cappts) {
			ind->cappts = ind->npts + ind->adding;
			ind->pts = xreallocarray(ind->pts, ind->cappts,
			    sizeof(*ind->pts));
		}
		ind->adding = 0;
	}
	for (i = 0; i < n; i++) {
		ind = inds[i];
		if (ind->touched != epoch) {
			ind->touched = epoch;
			ind->append_only = 1;
			ind->prev_end = ind->npts > 0 ?
			    ind->pts[ind->npts - 1].end : 0;
		}
		if (period_start(&chg[i]->period) < ind->prev_end)
			ind->append_only = 0;
		series_put(r, ind, chg[i]);
		if (fname != ind->conf->feed) {
			fname = ind->conf->feed;
			fs = feed_state(r, fname);
		}
		if (fs != NULL)
			add[fs - r->feeds]++;
	}
	/* The feed counters, under the lock /metrics reads them with. */
	pthread_mutex_lock(&r->feed_lock);
	for (i = 0; i < r->nfeeds; i++) {
		if (add[i] == 0)
			continue;
		r->feeds[i].observations += add[i];
		if (feed == NULL) {
			/* A push feed is up; its last success is the last push. */
			r->feeds[i].up = 1;
			r->feeds[i].last_success = (double)time(NULL);
		}
	}
	__atomic_add_fetch(&r->feed_gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&r->feed_lock);
	free(add);
	for (i = 0, k = 0; i < n; i++)
		if (inds[i]->touched == epoch) {
			inds[i]->touched = 0;
			inds[k++] = inds[i];
		}
	return k;
}

/*
 * Write the k touched indicators' RRDs, evaluate them, tell the alerts.
 * ms gets the milliseconds of these steps; it holds the earlier ones.
 */
static void
apply_store(struct registry *r, struct indicator **inds, size_t k, size_t n,
    const char *feed, double ms[6])
{
	struct work	 w;
	size_t		 i;

	w.r = r;
	w.inds = inds;
	w.k = k;
	/* The files are independent: a lane per core (and writer). */
	w.nlanes = k >= PARALLEL_MIN ? r->nthreads : 1;
	pfor(w.nlanes, (unsigned)w.nlanes, store_lane, &w);
	ms[1] = now_ms();
	for (i = 0; i < k; i++) {
		indicator_alerts(r, inds[i]);
		inds[i]->generation++;
	}
	ms[2] = now_ms();
	log_debug("ingest: %zu stored in %zu indicators (%s): check %.1f ms, "
	    "journal %.1f ms, memory %.1f ms, RRD and evaluation %.1f ms "
	    "(%u threads), alerts %.1f ms", n, k, feed != NULL ? feed : "push",
	    ms[4] - ms[3], ms[5] - ms[4], ms[0] - ms[5], ms[1] - ms[0],
	    (unsigned)w.nlanes, ms[2] - ms[1]);
}

enum ingest_rc
registry_ingest(struct registry *r, const char *feed, struct obsvec *ov,
    int atomic, ingest_err_cb cb, void *cbarg, struct ingest_result *res,
    char *err, size_t errlen)
{
	const struct obs	**chg;
	struct indicator	**inds, *ind = NULL;
	const char		*why;
	char			 buf[256];
	double			 ms[6];
	size_t			 i, k, n = 0;
	enum ingest_rc		 rc = INGEST_OK;

	memset(res, 0, sizeof(*res));
	res->received = ov->n;
	chg = xcalloc(ov->n + 1, sizeof(*chg));
	inds = xcalloc(ov->n + 1, sizeof(*inds));
	pthread_mutex_lock(&r->lock);
	ms[3] = now_ms();
	for (i = 0; i < ov->n; i++) {
		if ((why = check_obs(r, feed, &ov->v[i], &ind, buf,
		    sizeof(buf))) != NULL) {
			res->rejected++;
			if (atomic) {
				snprintf(err, errlen, "line %zu: %s",
				    ov->v[i].line, why);
				rc = INGEST_INVALID;
				goto out;
			}
			if (cb != NULL)
				cb(cbarg, &ov->v[i], why);
			continue;
		}
		if (!obs_changes(ind, &ov->v[i])) {
			res->unchanged++;
			continue;
		}
		inds[n] = ind;
		chg[n++] = &ov->v[i];
	}
	ms[4] = now_ms();
	if (n > 0 && journal_append(r->journal, chg, n, feed != NULL ? feed :
	    "push", err, errlen) == -1) {
		rc = INGEST_STORAGE;
		goto out;
	}
	res->stored = n;
	ms[5] = now_ms();
	if (n > 0) {
		k = apply_memory(r, chg, n, inds, feed);
		/*
		 * The series hold the observations now: let the batch go
		 * before the RRD writes, the longest step, which allocate
		 * too (a 100,000-line push is megabytes).
		 */
		free(chg);
		chg = NULL;
		obsvec_free(ov);
		inds = xreallocarray(inds, k + 1, sizeof(*inds));
		ms[0] = now_ms();
		apply_store(r, inds, k, n, feed, ms);
		registry_changed(r);
		/* What a big batch held is free now: hand it back. */
		if (n >= TRIM_MIN)
			malloc_trim(0);
	}
out:
	pthread_mutex_unlock(&r->lock);
	free(chg);
	free(inds);
	return rc;
}

void
registry_feed_result(struct registry *r, const char *feed, int ok,
    size_t rejected, const struct feed_map *const *unmatched,
    size_t nunmatched, const char *error)
{
	struct feed_state	*fs;
	struct timespec		 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	pthread_mutex_lock(&r->lock);
	pthread_mutex_lock(&r->feed_lock);
	if ((fs = feed_state(r, feed)) != NULL) {
		fs->last_attempt = (double)ts.tv_sec + ts.tv_nsec / 1e9;
		fs->up = ok;
		fs->errors += rejected + (ok ? 0 : 1);
		fs->rejected += rejected;
		if (ok) {
			fs->last_success = fs->last_attempt;
			feed_state_unmatched_set(fs, unmatched, nunmatched);
		}
		snprintf(fs->last_error, sizeof(fs->last_error), "%s",
		    error != NULL ? error : "");
	}
	__atomic_add_fetch(&r->feed_gen, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&r->feed_lock);
	pthread_mutex_unlock(&r->lock);
}

void
registry_reconfigure(struct registry *r, struct config *conf)
{
	struct config	*old;

	pthread_mutex_lock(&r->lock);
	old = r->conf;
	registry_bind(r, conf);
	registry_sync_store(r);
	registry_changed(r);
	pthread_mutex_unlock(&r->lock);
	config_free(old);
}

void
registry_tick(struct registry *r)
{
	time_t			 asof = registry_hour(time(NULL));
	struct indicator	*ind;
	size_t			 i;
	int			 was;

	pthread_mutex_lock(&r->lock);
	if (asof != r->asof) {
		r->asof = asof;
		for (i = 0; i < r->nind; i++) {
			ind = r->ind[i];
			if (ind->npts == 0 || ind->conf == NULL)
				continue;
			was = ind->stale;
			indicator_age(ind, asof);
			ind->generation++;
			if (ind->stale != was)
				indicator_alerts(r, ind);
		}
		registry_changed(r);
	}
	pthread_mutex_unlock(&r->lock);
}

void
registry_recheck(struct registry *r)
{
	struct indicator	*ind;
	struct store_point	*sp;
	size_t			 i, n = 0, k = 0;

	if (!store_daemon_restarted(r->store))
		return;
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->nind; i++) {
		ind = r->ind[i];
		if (!ind->unflushed && !ind->rrd_dirty)
			continue;
		n++;
		ind->unflushed = 0;
		sp = store_points(ind, 0);
		if ((ind->rrd_dirty || recover_lost(r->store, ind->id, sp,
		    ind->npts)) && indicator_rebuild(r, ind) == 0)
			k++;
		free(sp);
	}
	pthread_mutex_unlock(&r->lock);
	log_info("rrdcached %s is back after a restart: checked the %zu "
	    "files written through it since the last check, rebuilt %zu",
	    store_daemon(r->store), n, k);
}

void
registry_repair(struct registry *r)
{
	size_t	 i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->nind; i++)
		if (r->ind[i]->rrd_dirty)
			indicator_rebuild(r, r->ind[i]);
	pthread_mutex_unlock(&r->lock);
}
