/*
 * registry.c: indicators, series, statuses and feed states (see registry.h).
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "journal.h"
#include "log.h"
#include "pfor.h"
#include "recover.h"
#include "registry.h"
#include "store.h"
#include "strtab.h"
#include "xmalloc.h"

/* A batch of this many changes gives its freed heap back (malloc_trim). */
#define TRIM_MIN	10000

/*
 * An indicator: what the next view shows of it (v), and the registry's own
 * bookkeeping of its RRD file and of the batch being ingested.
 */
struct indicator {
	char		*id;		/* the key of registry.ids */
	struct iview	*v;		/* written only through iview_edit */
	int		 rrd_dirty;	/* the RRD must be rebuilt */
	int		 unflushed;	/* updated through rrdcached since the
					   last registry_recheck */
	int		 rrd_held;	/* it holds values the journal lacks:
					   never rebuilt (recover.h); 2 once
					   a refused rebuild was logged */
	unsigned	 touched;	/* ingest bookkeeping: */
	size_t		 adding;	/* new points of the batch, 0 between */
	int		 append_only;
	time_t		 prev_end;
};

struct sub {
	registry_cb	 fn;
	void		*arg;
};

struct registry {
	pthread_mutex_t	 lock;		/* writers; subscribers run under it */
	struct confref	*cref;
	const struct config *conf;	/* cref's */
	struct indicator **ind;		/* configured first, in config order */
	size_t		 nind, capind;
	struct strtab	 ids;		/* id -> struct indicator */
	struct srctab	 srcs;		/* the points' sources */
	struct feedset	*fset;		/* written only through feedset_edit */
	struct journal	*journal;
	size_t		 journal_corrupt;	/* damaged records at start-up */
	uint64_t	 skipped;	/* observations other shards own */
	struct store	*store;
	unsigned	 epoch;
	time_t		 asof;		/* the hour data ages are measured at */
	double		 start_time;
	unsigned	 nthreads;	/* for the start-up checks of the RRDs */
	uint64_t	 seq;		/* of the last view */
	uint64_t	 ind_seq, feed_seq;
	int		 ind_changed;	/* since the last view */
	int		 feed_changed;
	int		 synced;	/* the start-up check is over */
	pthread_mutex_t	 vlock;		/* view */
	struct view	*view;
	struct sub	*subs;
	size_t		 nsubs;
};

static struct indicator *
registry_find(struct registry *r, const char *id)
{
	return strtab_get(&r->ids, id);
}

/* The series of ind as the next view will show it. */
static const struct series *
ind_series(const struct indicator *ind)
{
	return ind->v->series;
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
	ind->v = iview_new(id);
	if (r->nind == r->capind) {
		r->capind = r->capind * 2 + 64;
		r->ind = xreallocarray(r->ind, r->capind, sizeof(*r->ind));
	}
	r->ind[r->nind++] = ind;
	strtab_put(&r->ids, ind->id, ind);
	return ind;
}

static void
indicator_free(struct indicator *ind)
{
	if (ind == NULL)
		return;
	iview_unref(ind->v);
	free(ind->id);
	free(ind);
}

/*
 * Insert or replace the point for o's period in ind's series, made
 * writable first; growing it by half when full. The point was stored at
 * stored, o's record's time (a revision's, not the first record's: the
 * point shows the latest record); it is revised once a record changed its
 * value, and stays so. Replay and ingest both come here, record by record
 * in journal order, so a restart gives the same points.
 */
static void
series_put(struct registry *r, struct indicator *ind, const struct obs *o,
    time_t stored)
{
	const struct series *now = ind_series(ind);
	struct series	*s;
	struct point	*p;
	time_t		 e = period_end(&o->period);
	size_t		 i;
	int		 found;

	s = series_edit(iview_edit(&ind->v), now->n == now->cap ?
	    now->cap / 2 + 8 : 0);
	i = series_find(s, e, &found);
	if (!found) {
		memmove(&s->pts[i + 1], &s->pts[i],
		    (s->n - i) * sizeof(*s->pts));
		s->n++;
		p = &s->pts[i];
		memset(p, 0, sizeof(*p));
	} else {
		p = &s->pts[i];
		p->revised |= p->value != o->value;
	}
	p->period = o->period;
	p->stored = point_stored(stored);
	p->value = o->value;
	p->source = srctab_intern(&r->srcs, o->source);
	s->src = &r->srcs;
}

static struct store_point *
store_points(const struct indicator *ind, size_t from)
{
	const struct series	*s = ind_series(ind);
	struct store_point	*sp;
	size_t			 i;

	sp = xcalloc(s->n - from + 1, sizeof(*sp));
	for (i = from; i < s->n; i++) {
		sp[i - from].start = period_start(&s->pts[i].period);
		sp[i - from].end = point_end(&s->pts[i]);
		sp[i - from].value = s->pts[i].value;
	}
	return sp;
}

static enum period_kind
indicator_freq(const struct indicator *ind)
{
	if (ind->v->conf != NULL)
		return ind->v->conf->frequency;
	return ind_series(ind)->n > 0 ? ind_series(ind)->pts[0].period.kind :
	    PERIOD_ANNUAL;
}

/* What pfor items share: the registry and the indicators to work on. */
struct work {
	struct registry		*r;
	struct indicator	**inds;
	size_t			 done;	/* sync: files rebuilt */
	struct recover_migration mig;	/* sync: files that changed layout */
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
	    ind_series(ind)->n, err, sizeof(err));
	free(sp);
	if (rc == -1) {
		log_warnx("indicator %s: %s (kept in the journal; retrying "
		    "later)", ind->id, err);
		ind->rrd_dirty = 1;
		return -1;
	}
	ind->rrd_dirty = 0;
	/* Over TCP its updates wait in rrdcached's queue as appends do. */
	if (store_remote(r->store))
		ind->unflushed = 1;
	return 0;
}

/*
 * Write the points ingested since prev_end: appended, or the file rebuilt
 * from the journal (not appendable, or the append failed).
 */
static void
indicator_store(struct registry *r, struct indicator *ind)
{
	struct store_point	*sp;
	char			 err[512];
	size_t			 from;
	int			 found, rc;

	if (ind->rrd_dirty || !ind->append_only || ind->prev_end == 0) {
		indicator_rebuild(r, ind);
		return;
	}
	from = series_find(ind_series(ind), ind->prev_end, &found) +
	    (found ? 1 : 0);
	sp = store_points(ind, from);
	rc = store_append(r->store, ind->id, ind->prev_end, sp,
	    ind_series(ind)->n - from, err, sizeof(err));
	free(sp);
	if (rc == -1) {
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

/* Re-evaluate every target of ind, and its age. */
static void
indicator_evaluate(struct indicator *ind, time_t asof)
{
	iview_evaluate(iview_edit(&ind->v), asof);
}

/* indicator_evaluate of the i-th indicator (a pfor item). */
static void
evaluate_one(void *arg, size_t i)
{
	struct registry	*r = arg;

	indicator_evaluate(r->ind[i], r->asof);
}

static struct feed_state *
feed_state(struct feedset *f, const char *name)
{
	size_t	 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->fs[i].name, name) == 0)
			return &f->fs[i];
	return NULL;
}

/*
 * Make a view of what changed since the last one, and announce it. Caller
 * holds r->lock.
 */
static void
registry_publish(struct registry *r)
{
	struct view	*v, *old;
	struct iview	*iv;
	size_t		 i;

	r->seq++;
	if (r->ind_changed)
		r->ind_seq = r->seq;
	if (r->feed_changed)
		r->feed_seq = r->seq;
	r->ind_changed = r->feed_changed = 0;
	v = view_new(r->nind, r->cref, r->fset);
	r->fset->shown = 1;
	for (i = 0; i < r->nind; i++) {
		iv = r->ind[i]->v;
		iv->shown = iv->series->shown = 1;
		v->ind[i] = iview_ref(iv);
	}
	v->seq = r->seq;
	v->ind_seq = r->ind_seq;
	v->feed_seq = r->feed_seq;
	v->asof = r->asof;
	v->start_time = r->start_time;
	v->journal_corrupt = r->journal_corrupt;
	v->skipped = r->skipped;
	pthread_mutex_lock(&r->vlock);
	old = r->view;
	r->view = v;
	pthread_mutex_unlock(&r->vlock);
	view_unref(old);
	for (i = 0; i < r->nsubs; i++)
		r->subs[i].fn(r->subs[i].arg, v);
}

struct view *
registry_view(struct registry *r)
{
	struct view	*v;

	pthread_mutex_lock(&r->vlock);
	v = view_ref(r->view);
	pthread_mutex_unlock(&r->vlock);
	return v;
}

void
registry_subscribe(struct registry *r, registry_cb fn, void *arg)
{
	pthread_mutex_lock(&r->lock);
	r->subs = xreallocarray(r->subs, r->nsubs + 1, sizeof(*r->subs));
	r->subs[r->nsubs].fn = fn;
	r->subs[r->nsubs++].arg = arg;
	fn(arg, r->view);
	pthread_mutex_unlock(&r->lock);
}

void
registry_unsubscribe(struct registry *r, registry_cb fn, void *arg)
{
	size_t	 i;

	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->nsubs; i++)
		if (r->subs[i].fn == fn && r->subs[i].arg == arg) {
			r->subs[i] = r->subs[--r->nsubs];
			break;
		}
	pthread_mutex_unlock(&r->lock);
}

struct store *
registry_store(struct registry *r)
{
	return r->store;
}

/*
 * Bind configured indicators and feeds to cref's config (taking the
 * caller's reference); order follows the config. Every indicator is
 * judged again.
 */
static void
registry_bind(struct registry *r, struct confref *cref)
{
	const struct config	*conf = cref->conf;
	struct indicator	**order, *ind;
	struct feedset		*fset;
	struct iview		*iv;
	size_t			 i, k = 0;

	/* Even one that leaves the config: its samples go from /metrics. */
	for (i = 0; i < r->nind; i++) {
		iv = iview_edit(&r->ind[i]->v);
		iv->conf = NULL;
		iv->alert_gen++;
	}
	for (i = 0; i < conf->nindicators; i++) {
		ind = registry_get(r, conf->indicators[i].id);
		iview_edit(&ind->v)->conf = &conf->indicators[i];
	}
	order = xcalloc(r->nind + 1, sizeof(*order));
	for (i = 0; i < conf->nindicators; i++)
		order[k++] = registry_find(r, conf->indicators[i].id);
	for (i = 0; i < r->nind; i++)
		if (r->ind[i]->v->conf == NULL)
			order[k++] = r->ind[i];
	free(r->ind);
	r->ind = order;
	r->capind = r->nind + 1;
	fset = feedset_bind(r->fset, conf);
	feedset_unref(r->fset);
	r->fset = fset;
	confref_unref(r->cref);
	r->cref = cref;
	r->conf = conf;
	/* Each indicator's own: the CPUs' work, even over rrdcached. */
	pfor(r->nind, pfor_cpus(), evaluate_one, r);
	r->ind_changed = r->feed_changed = 1;
}

static void
replay_cb(void *arg, const struct obs *o, const char *feed, time_t stored)
{
	struct registry	*r = arg;

	(void)feed;	/* the journal keeps it; the series need not */
	series_put(r, registry_get(r, o->indicator), o, stored);
}

/* Check one indicator's RRD against the journal (a pfor item). */
static void
sync_one(void *arg, size_t i)
{
	struct work		*w = arg;
	struct indicator	*ind = w->inds[i];
	struct store_point	*sp;
	struct recover_old	 old;

	if (ind_series(ind)->n == 0 && ind->v->conf == NULL)
		return;
	sp = store_points(ind, 0);
	switch (recover_check(w->r->store, ind->id, sp, ind_series(ind)->n,
	    w->r->journal_corrupt > 0, w->r->conf->rebuild, &old)) {
	case RECOVER_REBUILD:
		ind->rrd_held = 0;
		if (indicator_rebuild(w->r, ind) == -1)
			break;
		if (old.size > 0)
			recover_migrated(&w->mig, w->r->store, ind->id, &old);
		else
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
	struct series	*s;
	size_t		 i;

	for (i = 0; i < r->nind; i++) {
		s = r->ind[i]->v->series;	/* in no view yet */
		if (s->n == 0 || s->cap == s->n)
			continue;
		s->pts = xreallocarray(s->pts, s->n, sizeof(*s->pts));
		s->cap = s->n;
	}
}

/*
 * Bring each RRD in line with the journal: rebuild the missing or behind,
 * and those of the old layout (recover.h).
 */
static void
registry_sync_store(struct registry *r)
{
	struct work	 w = { .r = r, .inds = r->ind };
	double		 t0 = clock_ms_exact();

	pfor(r->nind, r->nthreads, sync_one, &w);
	if (w.done > 0)
		log_info("rebuilt %zu RRD files from the journal", w.done);
	recover_log_migration(&w.mig, (clock_ms_exact() - t0) / 1000);
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
	struct journal_report	 rep;
	char			*jpath;
	double			 t[5];

	t[0] = clock_ms_exact();
	r = xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	pthread_mutex_init(&r->vlock, NULL);
	r->cref = confref_new(conf);
	r->conf = conf;
	/* rrdcached takes one request at a time: no point in more. */
	r->nthreads = conf->rrdcached != NULL ? 1 : pfor_cpus();
	r->start_time = clock_real();
	r->asof = registry_hour((time_t)r->start_time);
	if (make_dir(conf->data_dir, err, errlen) == -1 ||
	    (r->store = store_open(conf->data_dir, conf->rrdcached, err,
	    errlen)) == NULL)
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
	t[1] = clock_ms_exact();
	registry_bind(r, confref_ref(r->cref));
	t[2] = clock_ms_exact();
	registry_sync_store(r);
	store_synced(r->store);
	r->synced = 1;
	t[3] = clock_ms_exact();
	registry_publish(r);
	t[4] = clock_ms_exact();
	log_debug("registry: opened in %.0f ms: journal %.0f, evaluation %.0f, "
	    "RRD check %.0f, first view %.0f", t[4] - t[0], t[1] - t[0],
	    t[2] - t[1], t[3] - t[2], t[4] - t[3]);
	return r;
fail:
	registry_free(r);
	return NULL;
}

void
registry_free(struct registry *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nind && r->synced; i++)
		if (r->ind[i]->rrd_dirty || r->ind[i]->rrd_held)
			break;
	/* Every file holds the journal: the next start may trust them. */
	if (r->synced && i == r->nind)
		store_mark_clean(r->store);
	for (i = 0; i < r->nind; i++)
		indicator_free(r->ind[i]);
	free(r->ind);
	strtab_free(&r->ids);
	view_unref(r->view);
	srctab_free(&r->srcs);
	feedset_unref(r->fset);
	journal_close(r->journal);
	store_close(r->store);
	confref_unref(r->cref);
	free(r->subs);
	pthread_mutex_destroy(&r->lock);
	pthread_mutex_destroy(&r->vlock);
	free(r);
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
	if (ind == NULL || ind->v->conf == NULL) {
		snprintf(buf, len, "unknown indicator \"%s\"", o->indicator);
		return buf;
	}
	fc = confdata_find_feed(r->conf, ind->v->conf->feed);
	if (feed == NULL ? fc->type != FEED_PUSH : strcmp(feed, fc->name) != 0) {
		snprintf(buf, len, "indicator \"%s\" belongs to feed \"%s\"%s",
		    o->indicator, fc->name, feed == NULL ?
		    ", not to a push feed" : "");
		return buf;
	}
	if (o->period.kind != ind->v->conf->frequency) {
		char per[PERIOD_STRLEN];

		period_format(&o->period, per, sizeof(per));
		snprintf(buf, len, "period %s does not match the %s frequency "
		    "of \"%s\"", per, period_kind_name(ind->v->conf->frequency),
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
	const struct series	*s = ind_series(ind);
	int			 found;
	size_t			 i;

	i = series_find(s, period_end(&o->period), &found);
	return !found || s->pts[i].value != o->value ||
	    strcmp(series_source(s, i), o->source) != 0;
}

/* Each touched indicator's series made writable, with room for its batch. */
static void
apply_reserve(struct indicator **inds, size_t n)
{
	struct indicator	*ind;
	size_t			 i;

	/* Room for each series' new points at once: no regrowth, no spare. */
	for (i = 0; i < n; i++)
		inds[i]->adding++;
	for (i = 0; i < n; i++) {
		ind = inds[i];
		if (ind->adding == 0)
			continue;
		series_edit(iview_edit(&ind->v), ind->adding);
		ind->adding = 0;
	}
}

/* Count the n stored changes of inds against their feeds. */
static void
apply_feeds(struct registry *r, struct indicator **inds, size_t n,
    const char *feed)
{
	struct feedset		*f = feedset_edit(&r->fset);
	struct feed_state	*fs = NULL;
	const char		*fname = NULL;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (fname != inds[i]->v->conf->feed) {
			fname = inds[i]->v->conf->feed;
			fs = feed_state(f, fname);
		}
		if (fs == NULL)
			continue;
		fs->observations++;
		if (feed == NULL) {
			/* A push feed is up; its last success is the last push. */
			fs->up = 1;
			fs->last_success = (double)time(NULL);
		}
	}
	r->feed_changed = 1;
}

/*
 * Apply journaled changes, stored at stored, to memory: returns how many
 * indicators they touched, listed once each, in order of first touch, at
 * the start of inds (one per change, overwritten).
 */
static size_t
apply_memory(struct registry *r, const struct obs *const *chg, size_t n,
    struct indicator **inds, const char *feed, time_t stored)
{
	struct indicator	*ind;
	size_t			 i, k;
	unsigned		 epoch = ++r->epoch;

	apply_reserve(inds, n);
	apply_feeds(r, inds, n, feed);
	for (i = 0; i < n; i++) {
		ind = inds[i];
		if (ind->touched != epoch) {
			ind->touched = epoch;
			ind->append_only = 1;
			ind->prev_end = ind_series(ind)->n > 0 ?
			    point_end(&ind_series(ind)->pts[
			    ind_series(ind)->n - 1]) :
			    0;
		}
		if (period_start(&chg[i]->period) < ind->prev_end)
			ind->append_only = 0;
		series_put(r, ind, chg[i], stored);
	}
	for (i = 0, k = 0; i < n; i++)
		if (inds[i]->touched == epoch) {
			inds[i]->touched = 0;
			inds[k++] = inds[i];
		}
	return k;
}

/*
 * Write the k touched indicators' RRDs and evaluate them. ms gets the
 * milliseconds of this step; it holds the earlier ones.
 */
static void
apply_store(struct registry *r, struct indicator **inds, size_t k, size_t n,
    const char *feed, double ms[6])
{
	size_t		 i;

	/*
	 * One file after another: librrd maps and unmaps a file an update,
	 * and on 2 CPUs two lanes were no faster than one (bench/manual.md,
	 * "Ingest since the 2-archive RRD layout").
	 */
	for (i = 0; i < k; i++) {
		indicator_store(r, inds[i]);
		indicator_evaluate(inds[i], r->asof);
		inds[i]->v->alert_gen++;	/* evaluated: writable */
	}
	r->ind_changed = 1;
	ms[1] = clock_ms_exact();
	log_debug("ingest: %zu stored in %zu indicators (%s): check %.1f ms, "
	    "journal %.1f ms, memory %.1f ms, RRD and evaluation %.1f ms", n,
	    k, feed != NULL ? feed : "push", ms[4] - ms[3], ms[5] - ms[4],
	    ms[0] - ms[5], ms[1] - ms[0]);
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
	time_t			 now = time(NULL);
	enum ingest_rc		 rc = INGEST_OK;

	memset(res, 0, sizeof(*res));
	res->received = ov->n;
	chg = xcalloc(ov->n + 1, sizeof(*chg));
	inds = xcalloc(ov->n + 1, sizeof(*inds));
	pthread_mutex_lock(&r->lock);
	ms[3] = clock_ms_exact();
	for (i = 0; i < ov->n; i++) {
		if (confdata_not_owned(r->conf, ov->v[i].indicator)) {
			res->skipped++;
			continue;
		}
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
	if (res->skipped > 0) {
		r->skipped += res->skipped;
		r->feed_changed = 1;
		if (n == 0)
			registry_publish(r);
	}
	ms[4] = clock_ms_exact();
	if (n > 0 && journal_append(r->journal, chg, n, feed != NULL ? feed :
	    "push", now, err, errlen) == -1) {
		rc = INGEST_STORAGE;
		goto out;
	}
	res->stored = n;
	ms[5] = clock_ms_exact();
	if (n > 0) {
		k = apply_memory(r, chg, n, inds, feed, now);
		/*
		 * The series hold the observations now: let the batch go
		 * before the RRD writes, the longest step, which allocate
		 * too (a 100,000-line push is megabytes).
		 */
		free(chg);
		chg = NULL;
		obsvec_free(ov);
		inds = xreallocarray(inds, k + 1, sizeof(*inds));
		ms[0] = clock_ms_exact();
		apply_store(r, inds, k, n, feed, ms);
		registry_publish(r);
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
	double			 now = clock_real();

	pthread_mutex_lock(&r->lock);
	if ((fs = feed_state(feedset_edit(&r->fset), feed)) != NULL) {
		fs->last_attempt = now;
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
	r->feed_changed = 1;
	registry_publish(r);
	pthread_mutex_unlock(&r->lock);
}

void
registry_reconfigure(struct registry *r, struct config *conf)
{
	pthread_mutex_lock(&r->lock);
	registry_bind(r, confref_new(conf));
	registry_sync_store(r);
	registry_publish(r);
	pthread_mutex_unlock(&r->lock);
}

void
registry_tick(struct registry *r)
{
	time_t			 asof = registry_hour(time(NULL));
	struct indicator	*ind;
	struct iview		*iv;
	size_t			 i;
	int			 was;

	pthread_mutex_lock(&r->lock);
	if (asof != r->asof) {
		r->asof = asof;
		for (i = 0; i < r->nind; i++) {
			ind = r->ind[i];
			if (ind_series(ind)->n == 0 || ind->v->conf == NULL)
				continue;
			iv = iview_edit(&ind->v);
			was = iv->stale;
			iview_age(iv, asof);
			if (iv->stale != was)
				iv->alert_gen++;
		}
		r->ind_changed = 1;
		registry_publish(r);
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
		    ind_series(ind)->n)) && indicator_rebuild(r, ind) == 0)
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
