/*
 * alert.c: slip state machine, its persistence and the dispatch of its
 * events to the hooks (see alert.h).
 *
 * Locking: everything here is under alerts.lock, which is held only for
 * memory work. The order is registry lock, then alerts.lock, then a hook's
 * lock; hook threads call back (alerts_am_set) holding no hook lock.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert.h"
#include "alertstate.h"
#include "clock.h"
#include "hook.h"
#include "log.h"
#include "promtext.h"
#include "strtab.h"
#include "xmalloc.h"

#define ALERT_STATE_VERSION	1
#define ALERT_RETRY		5	/* seconds between failed state saves */

struct alert_count {
	char			*name;
	struct hook_counters	 c;
};

struct alerts {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* keeper work or idleness */
	pthread_t		 keeper;
	int			 stop, dirty, poke, busy;
	int			 started;	/* by alerts_start: the state
						   file is ours to write */
	char			*damage;	/* why the state file is to be
						   moved aside, or NULL */
	struct timespec		 retry_at;	/* next save after a failure */
	char			*path;		/* DATA_DIR/alerts.state */
	char			*external_url;
	struct alert_policy	 policy;
	struct alert_entry	**ent;		/* in order of creation */
	size_t			 nent, capent;
	struct strtab		 table;		/* entry_key -> entry */
	struct alert_notice	*pending;	/* events for the keeper (owned) */
	size_t			 npending, cappending, dropped;
	struct hook		**hooks;	/* configured, in config order */
	size_t			 nhooks;
	struct hook		**retired;	/* stopping after a reload */
	size_t			 nretired;
	struct alert_count	**counts;	/* one per hook name ever seen */
	size_t			 ncounts;
	uint64_t		 hooks_gen;	/* bumped when hooks change */
};

static int	 alerts_has_work(struct alerts *);

/* Remember an ended alert for re-sends; the oldest goes when full. */
static void
entry_push_resolved(struct alert_entry *e, enum eval_status st, time_t starts,
    time_t ends)
{
	if (e->nresolved == ALERT_RESOLVED_MAX) {
		memmove(&e->resolved[0], &e->resolved[1],
		    (ALERT_RESOLVED_MAX - 1) * sizeof(e->resolved[0]));
		e->nresolved--;
	} else
		e->resolved = xreallocarray(e->resolved, e->nresolved + 1,
		    sizeof(e->resolved[0]));
	e->resolved[e->nresolved].status = st;
	e->resolved[e->nresolved].starts_at = starts;
	e->resolved[e->nresolved].ends_at = ends;
	e->nresolved++;
}

/* Forget resolved alerts older than ALERT_RESOLVED_KEEP. */
static void
entry_expire(struct alert_entry *e, time_t now)
{
	size_t	 i, k = 0;

	for (i = 0; i < e->nresolved; i++)
		if (e->resolved[i].ends_at + ALERT_RESOLVED_KEEP > now)
			e->resolved[k++] = e->resolved[i];
	if (k == e->nresolved)
		return;
	e->nresolved = k;
	if (k == 0) {
		free(e->resolved);
		e->resolved = NULL;
	} else
		e->resolved = xreallocarray(e->resolved, k,
		    sizeof(e->resolved[0]));
}

static enum alert_event
step_fire(struct alert_entry *e, struct alert_notice *n, time_t now)
{
	e->firing = 1;
	e->labelled = e->status;
	e->starts_at = now;
	n->labelled = e->labelled;
	n->starts_at = now;
	return n->event = ALERT_FIRING;
}

static enum alert_event
step_update(struct alert_entry *e, struct alert_notice *n, time_t now)
{
	entry_push_resolved(e, e->labelled, e->starts_at, now);
	n->replaces = 1;
	n->replaced = e->labelled;
	n->replaced_starts_at = e->starts_at;
	e->labelled = e->status;
	e->starts_at = now;
	n->labelled = e->labelled;
	n->starts_at = now;
	return n->event = ALERT_UPDATED;
}

static enum alert_event
step_resolve(struct alert_entry *e, struct alert_notice *n, time_t now)
{
	entry_push_resolved(e, e->labelled, e->starts_at, now);
	n->labelled = e->labelled;
	n->starts_at = e->starts_at;
	n->ends_at = now;
	e->firing = 0;
	return n->event = ALERT_RESOLVED;
}

/* Whether t's alert should be firing under p. */
static int
step_slipping(const struct alert_target *t, const struct alert_policy *p)
{
	if (t->rule == ALERT_RULE_STALE)
		return p->stale && t->stale;
	return p->slipping[t->res.status];
}

enum alert_event
alert_step(struct alert_entry *e, const struct alert_target *t,
    const struct alert_policy *p, time_t now, struct alert_notice *n,
    int *changed)
{
	enum eval_status	 st = t->res.status;
	enum alert_event	 ev = ALERT_NONE;
	int			 slip = step_slipping(t, p);

	memset(n, 0, sizeof(*n));
	n->t = *t;
	n->previous = e->known ? e->status : EVAL_UNKNOWN;
	n->at = now;
	*changed = !e->known || e->status != st || e->stale != t->stale;
	e->known = 1;
	e->status = st;
	e->stale = t->stale;
	if (!e->firing && slip)
		ev = step_fire(e, n, now);
	else if (e->firing && slip && st != e->labelled)
		ev = step_update(e, n, now);
	else if (e->firing && !slip)
		ev = step_resolve(e, n, now);
	if (ev != ALERT_NONE)
		*changed = 1;
	return ev;
}

/* A target with nothing known but its identity. */
static void
entry_blank(const struct alert_entry *e, struct alert_target *t)
{
	memset(t, 0, sizeof(*t));
	t->rule = e->rule;
	t->indicator = e->indicator;
	t->year = e->year;
	t->age = NAN;
	t->value = NAN;
	eval_result_unknown(&t->res, EVAL_CAGR);
}

/* The last observation of e, or a blank one. */
static void
entry_target(const struct alert_entry *e, struct alert_target *t)
{
	if (e->observed)
		*t = e->last.t;
	else
		entry_blank(e, t);
}

static void
entry_remember(struct alert_entry *e, const struct alert_target *t)
{
	struct alert_notice	 n;

	memset(&n, 0, sizeof(n));
	n.t = *t;
	notice_clear(&e->last);
	notice_copy(&e->last, &n);
	e->observed = 1;
}

void
alert_entry_clear(struct alert_entry *e)
{
	notice_clear(&e->last);
	free(e->resolved);
	e->resolved = NULL;
	e->nresolved = 0;
}

static void
entry_free(struct alert_entry *e)
{
	if (e == NULL)
		return;
	alert_entry_clear(e);
	free(e);
}

/* The key of (id, year) in a->table: "id/year"; buf of ALERT_KEY_MAX. */
static const char *
entry_key(const char *id, int year, char *buf)
{
	snprintf(buf, ALERT_KEY_MAX, "%s/%d", id, year);
	return buf;
}

/* Index every entry afresh (after entries were dropped). */
static void
table_rebuild(struct alerts *a)
{
	size_t	 i;

	strtab_free(&a->table);
	for (i = 0; i < a->nent; i++)
		strtab_put(&a->table, a->ent[i]->key, a->ent[i]);
}

static struct alert_entry *
entry_find(struct alerts *a, const char *id, int year)
{
	char	 key[ALERT_KEY_MAX];

	return strtab_get(&a->table, entry_key(id, year, key));
}

/* Find or create the entry of (id, year); a stale alert's year is 0. */
static struct alert_entry *
entry_get(struct alerts *a, const char *id, int year, enum alert_rule rule)
{
	struct alert_entry	*e;
	char			 key[ALERT_KEY_MAX];
	size_t			 n;

	if ((e = entry_find(a, id, year)) != NULL)
		return e;
	entry_key(id, year, key);
	/* One block: the entry, then its id and key. */
	n = strlen(id) + 1;
	e = xcalloc(1, sizeof(*e) + n + strlen(key) + 1);
	e->indicator = memcpy((char *)(e + 1), id, n);
	e->key = strcpy(e->indicator + n, key);
	e->year = year;
	e->rule = rule;
	e->status = EVAL_UNKNOWN;
	if (a->nent == a->capent) {
		a->capent = a->capent * 2 + 64;
		a->ent = xreallocarray(a->ent, a->capent, sizeof(*a->ent));
	}
	a->ent[a->nent++] = e;
	strtab_put(&a->table, e->key, e);
	return e;
}

static void
entries_clear(struct alerts *a)
{
	size_t	 i;

	for (i = 0; i < a->nent; i++)
		entry_free(a->ent[i]);
	free(a->ent);
	strtab_free(&a->table);
	a->ent = NULL;
	a->nent = a->capent = 0;
}

/* Queue a copy of an event for the keeper (caller holds the lock). */
static void
alerts_queue(struct alerts *a, const struct alert_notice *n)
{
	if (a->npending >= ALERT_QUEUE_MAX) {
		a->dropped++;
		return;
	}
	if (a->npending == a->cappending) {
		a->cappending = a->cappending == 0 ? 16 : a->cappending * 2;
		a->pending = xreallocarray(a->pending, a->cappending,
		    sizeof(*a->pending));
	}
	notice_copy(&a->pending[a->npending++], n);
}

void
alerts_observe(struct alerts *a, const struct alert_target *t)
{
	struct alert_entry	*e;
	struct alert_notice	 n;
	enum alert_event	 ev;
	int			 changed, first, idle;

	pthread_mutex_lock(&a->lock);
	idle = !alerts_has_work(a);
	e = entry_get(a, t->indicator, t->year, t->rule);
	e->configured = 1;
	first = !e->observed;
	ev = alert_step(e, t, &a->policy, time(NULL), &n, &changed);
	entry_remember(e, t);
	if (ev != ALERT_NONE)
		alerts_queue(a, &n);
	if (changed)
		a->dirty = 1;
	/* Loaded alerts are re-sent once their data is known. */
	if (first && (e->firing || e->nresolved > 0))
		a->poke = 1;
	/*
	 * Wake the keeper only when it gets work: it looks for more before
	 * it sleeps again, so waking it for every target of a burst would
	 * only make it fight the caller for the lock while it coalesces.
	 */
	if (idle && alerts_has_work(a))
		pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

/* The Alertmanager set: open alerts and those resolved recently. */
static struct alert_notice *
alerts_am_set(void *arg, time_t now, size_t *n)
{
	struct alerts		*a = arg;
	struct alert_notice	*set = NULL, tmp;
	struct alert_entry	*e;
	size_t			 i, j, k = 0, cap = 0;

	pthread_mutex_lock(&a->lock);
	for (i = 0; i < a->nent; i++) {
		e = a->ent[i];
		entry_expire(e, now);
		if (e->configured && !e->observed)
			continue;	/* its observation is on its way */
		if (k + e->nresolved + 1 > cap) {
			cap = (k + e->nresolved + 1) * 2;
			set = xreallocarray(set, cap, sizeof(*set));
		}
		memset(&tmp, 0, sizeof(tmp));
		entry_target(e, &tmp.t);
		tmp.previous = e->status;
		for (j = 0; j < e->nresolved; j++) {
			tmp.event = ALERT_RESOLVED;
			tmp.labelled = e->resolved[j].status;
			tmp.starts_at = e->resolved[j].starts_at;
			tmp.ends_at = e->resolved[j].ends_at;
			notice_copy(&set[k++], &tmp);
		}
		if (!e->firing)
			continue;
		tmp.event = ALERT_FIRING;
		tmp.labelled = e->labelled;
		tmp.starts_at = e->starts_at;
		tmp.ends_at = 0;
		notice_copy(&set[k++], &tmp);
	}
	pthread_mutex_unlock(&a->lock);
	*n = k;
	return set;
}

/*
 * The state file's text (caller holds the lock), made at once from the
 * entries: 200,000 alerts take about 0.2 s of CPU, and nothing but the
 * text is held, however many there are.
 */
static char *
state_text(struct alerts *a, time_t now)
{
	struct alert_entry	*e;
	struct alert_saved	 s;
	struct buf		 b;
	size_t			 i, n = 0;

	buf_init(&b, 64 * 1024);
	alertstate_begin(&b);
	for (i = 0; i < a->nent; i++) {
		e = a->ent[i];
		entry_expire(e, now);
		if (!e->known || (!e->configured && !e->firing &&
		    e->nresolved == 0))
			continue;
		memset(&s, 0, sizeof(s));
		s.indicator = e->indicator;	/* borrowed for the call */
		s.rule = e->rule;
		s.year = e->year;
		s.status = e->status;
		s.stale = e->stale;
		s.firing = e->firing;
		s.labelled = e->labelled;
		s.starts_at = e->starts_at;
		if (e->nresolved > 0)
			memcpy(s.resolved, e->resolved, e->nresolved *
			    sizeof(e->resolved[0]));
		s.nresolved = e->nresolved;
		alertstate_add(&b, &s, n++ == 0);
	}
	return alertstate_end(&b, n);
}

/* One saved alert into its entry (an alertstate_cb). */
static void
state_put(void *arg, const struct alert_saved *s)
{
	struct alerts		*a = arg;
	struct alert_entry	*e;

	e = entry_get(a, s->indicator, s->year, s->rule);
	e->known = 1;
	e->status = s->status;
	e->stale = s->stale;
	e->firing = s->firing;
	e->labelled = s->labelled;
	e->starts_at = s->starts_at;
	free(e->resolved);
	e->resolved = NULL;
	if (s->nresolved > 0) {
		e->resolved = xreallocarray(NULL, s->nresolved,
		    sizeof(e->resolved[0]));
		memcpy(e->resolved, s->resolved, s->nresolved *
		    sizeof(s->resolved[0]));
	}
	e->nresolved = s->nresolved;
}

/* Load the state file if there is one. -1 with err if it is damaged. */
static int
state_load(struct alerts *a, char *err, size_t errlen)
{
	return alertstate_load(a->path, state_put, a, err, errlen);
}

/* Whether conf still asks for e's alert. */
static int
conf_has_alert(const struct config *conf, const struct alert_entry *e)
{
	const struct indicator_conf	*ic;
	size_t				 i;

	if ((ic = confdata_find_indicator(conf, e->indicator)) == NULL)
		return 0;
	if (e->rule == ALERT_RULE_STALE)
		return conf->alert_stale;
	for (i = 0; i < ic->ntargets; i++)
		if (ic->targets[i].year == e->year)
			return 1;
	return 0;
}

/* A target left the config: its open alert is resolved. */
static void
entry_retire(struct alerts *a, struct alert_entry *e, time_t now)
{
	struct alert_notice	 n;

	memset(&n, 0, sizeof(n));
	entry_blank(e, &n.t);
	n.event = ALERT_RESOLVED;
	n.previous = e->status;
	n.labelled = e->labelled;
	n.starts_at = e->starts_at;
	n.ends_at = n.at = now;
	entry_push_resolved(e, e->labelled, e->starts_at, now);
	e->firing = 0;
	alerts_queue(a, &n);
	a->dirty = 1;
}

/*
 * Mark the entries conf holds; resolve the open alerts of the others and
 * drop those with nothing left to re-send.
 */
static void
alerts_prune(struct alerts *a, const struct config *conf, time_t now)
{
	struct alert_entry	*e;
	size_t			 i, k = 0;

	for (i = 0; i < a->nent; i++) {
		e = a->ent[i];
		e->configured = conf_has_alert(conf, e);
		if (!e->configured && e->firing)
			entry_retire(a, e, now);
		entry_expire(e, now);
		if (!e->configured && e->nresolved == 0) {
			entry_free(e);
			a->dirty = 1;
		} else
			a->ent[k++] = e;
	}
	if (k != a->nent) {
		a->nent = k;
		table_rebuild(a);
	}
}

/* Judge the last observations again (the slipping set changed). */
static void
alerts_rejudge(struct alerts *a, time_t now)
{
	struct alert_entry	*e;
	struct alert_notice	 n;
	size_t			 i;
	int			 changed;

	for (i = 0; i < a->nent; i++) {
		e = a->ent[i];
		if (!e->configured || !e->observed)
			continue;
		if (alert_step(e, &e->last.t, &a->policy, now, &n,
		    &changed) != ALERT_NONE)
			alerts_queue(a, &n);
		if (changed)
			a->dirty = 1;
	}
}

static struct hook_counters *
alerts_counter(struct alerts *a, const char *name)
{
	struct alert_count	*c;
	size_t			 i;

	for (i = 0; i < a->ncounts; i++)
		if (strcmp(a->counts[i]->name, name) == 0)
			return &a->counts[i]->c;
	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	a->counts = xreallocarray(a->counts, a->ncounts + 1,
	    sizeof(*a->counts));
	a->counts[a->ncounts++] = c;
	return &c->c;
}

static void
alerts_retire_hook(struct alerts *a, struct hook *h)
{
	hook_stop(h);
	a->retired = xreallocarray(a->retired, a->nretired + 1,
	    sizeof(*a->retired));
	a->retired[a->nretired++] = h;
}

/* Free the retired hooks whose thread has returned (never blocks). */
static void
alerts_reap(struct alerts *a)
{
	size_t	 i, k = 0;

	for (i = 0; i < a->nretired; i++)
		if (hook_finished(a->retired[i]))
			hook_free(a->retired[i]);
		else
			a->retired[k++] = a->retired[i];
	a->nretired = k;
}

/* The running hook named name, or -1. */
static ssize_t
hook_index(struct hook **v, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] != NULL && strcmp(hook_name(v[i]), name) == 0)
			return (ssize_t)i;
	return -1;
}

/*
 * Run the hooks of conf: unchanged ones go on; a changed one is replaced
 * (a hook of the same type takes over its queue); removed ones stop.
 */
static void
alerts_hooks(struct alerts *a, const struct config *conf)
{
	const struct alert_conf	*ac;
	struct hook		**old = a->hooks, **nw;
	size_t			 nold = a->nhooks, i;
	ssize_t			 j;

	nw = xcalloc(conf->nalerts + 1, sizeof(*nw));
	for (i = 0; i < conf->nalerts; i++) {
		ac = &conf->alerts[i];
		j = hook_index(old, nold, ac->name);
		if (j != -1 && hook_matches(old[j], ac)) {
			nw[i] = old[j];
			old[j] = NULL;
			continue;
		}
		nw[i] = hook_start(ac, a->external_url, alerts_counter(a,
		    ac->name), alerts_am_set, a);
		if (j == -1)
			continue;
		if (hook_type(old[j]) == ac->type)
			hook_move_queue(old[j], nw[i]);
		alerts_retire_hook(a, old[j]);
		old[j] = NULL;
	}
	for (i = 0; i < nold; i++)
		if (old[i] != NULL)
			alerts_retire_hook(a, old[i]);
	free(old);
	a->hooks = nw;
	a->nhooks = conf->nalerts;
	a->hooks_gen++;
}

static int
alerts_has_work(struct alerts *a)
{
	return (a->dirty && clock_passed(&a->retry_at)) || a->npending > 0 ||
	    a->poke;
}

/*
 * One round of the keeper (called and returning with the lock held): save
 * the state, then hand the events queued until then to the hooks, so that
 * nothing is delivered that a restart would not remember.
 */
static void
alerts_cycle(struct alerts *a)
{
	struct alert_notice	*ev = a->pending;
	size_t			 nev = a->npending, dropped = a->dropped, i, j;
	char			*text = NULL, err[1024];
	int			 poke = a->poke, failed = 0;

	a->pending = NULL;
	a->npending = a->cappending = a->dropped = 0;
	a->poke = 0;
	if (a->dirty)
		text = state_text(a, time(NULL));
	a->dirty = 0;
	a->busy = 1;
	pthread_mutex_unlock(&a->lock);
	if (dropped > 0)
		log_warnx("alerts: %zu events dropped (more than %d waiting)",
		    dropped, ALERT_QUEUE_MAX);
	if (text != NULL && alertstate_write(a->path, text, err, sizeof(err)) ==
	    -1) {
		log_warnx("alerts: saving the state: %s (retrying in %d s)",
		    err, ALERT_RETRY);
		failed = 1;
	}
	free(text);
	pthread_mutex_lock(&a->lock);
	if (failed) {
		a->dirty = 1;
		clock_deadline(&a->retry_at, ALERT_RETRY * 1000L);
	}
	for (i = 0; i < a->nhooks; i++) {
		for (j = 0; j < nev; j++)
			hook_enqueue(a->hooks[i], &ev[j]);
		if (poke)
			hook_poke(a->hooks[i]);
	}
	for (j = 0; j < nev; j++)
		notice_clear(&ev[j]);
	free(ev);
	a->busy = 0;
	pthread_cond_broadcast(&a->cond);
}

/*
 * Let a burst of observations (an ingest batch reports every target of
 * every indicator it touched) finish before the state is dumped: one dump
 * per burst instead of one per target, and alerts_observe, which runs under
 * the registry lock, does not queue behind the dump.
 */
static void
alerts_coalesce(struct alerts *a)
{
	struct timespec	 until;

	clock_deadline(&until, ALERT_COALESCE_MS);
	while (!a->stop && !clock_passed(&until))
		pthread_cond_timedwait(&a->cond, &a->lock, &until);
}

static void *
alerts_keeper(void *arg)
{
	struct alerts	*a = arg;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		if (alerts_has_work(a)) {
			alerts_coalesce(a);
			alerts_cycle(a);
			continue;
		}
		if (a->stop)
			break;
		if (a->dirty)
			pthread_cond_timedwait(&a->cond, &a->lock,
			    &a->retry_at);
		else
			pthread_cond_wait(&a->cond, &a->lock);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* Load the state file; a damaged one is moved aside. */
static void
alerts_policy(struct alerts *a, const struct config *conf)
{
	memcpy(a->policy.slipping, conf->slipping,
	    sizeof(a->policy.slipping));
	a->policy.stale = conf->alert_stale;
}

/* Read the state file; a damaged one is noted for alerts_start to move. */
static void
alerts_load(struct alerts *a)
{
	char	 err[1024];

	if (state_load(a, err, sizeof(err)) == 0)
		return;
	entries_clear(a);
	a->damage = xstrdup(err);
}

/* Move a damaged state file aside: alerts.state.bad. */
static void
alerts_move_damaged(struct alerts *a)
{
	char	*bad;

	xasprintf(&bad, "%s.bad", a->path);
	if (rename(a->path, bad) == -1)
		log_warn("alerts: %s; rename to %s", a->damage, bad);
	else
		log_warnx("alerts: %s; moved to %s, starting without alert "
		    "state", a->damage, bad);
	free(bad);
	free(a->damage);
	a->damage = NULL;
}

static size_t
alerts_nfiring(struct alerts *a)
{
	size_t	 i, n = 0;

	for (i = 0; i < a->nent; i++)
		n += a->ent[i]->firing;
	return n;
}

struct alerts *
alerts_open(const struct config *conf)
{
	struct alerts		*a;

	a = xcalloc(1, sizeof(*a));
	pthread_mutex_init(&a->lock, NULL);
	clock_cond_init(&a->cond);
	a->stop = 1;			/* no keeper yet */
	xasprintf(&a->path, "%s/%s", conf->data_dir, ALERT_STATE_FILE);
	alerts_policy(a, conf);
	alerts_load(a);
	alerts_prune(a, conf, time(NULL));
	return a;
}

int
alerts_start(struct alerts *a, const struct config *conf,
    const char *external_url, char *err, size_t errlen)
{
	size_t	 n;
	int	 rc;

	n = strlen(external_url);
	while (n > 0 && external_url[n - 1] == '/')
		n--;
	if (a->damage != NULL)
		alerts_move_damaged(a);
	pthread_mutex_lock(&a->lock);	/* hook threads start below */
	a->started = 1;
	a->external_url = xstrndup(external_url, n);
	alerts_hooks(a, conf);
	n = alerts_nfiring(a);
	a->stop = 0;
	if ((rc = pthread_create(&a->keeper, NULL, alerts_keeper, a)) != 0) {
		snprintf(err, errlen, "alerts: pthread_create: %s",
		    strerror(rc));
		a->stop = 1;
		pthread_mutex_unlock(&a->lock);
		return -1;
	}
	pthread_mutex_unlock(&a->lock);
	log_info("alerts: %zu hook%s, %zu open alert%s", a->nhooks,
	    a->nhooks == 1 ? "" : "s", n, n == 1 ? "" : "s");
	return 0;
}

void
alerts_reconfigure(struct alerts *a, const struct config *conf)
{
	time_t	 now = time(NULL);

	pthread_mutex_lock(&a->lock);
	alerts_policy(a, conf);
	alerts_prune(a, conf, now);
	alerts_rejudge(a, now);
	alerts_hooks(a, conf);
	alerts_reap(a);
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
}

static void
counter_family(struct buf *b, struct alerts *a, int om,
    const struct promtext_family *f, size_t off)
{
	const struct hook_counters	*c;
	uint64_t			 v;
	size_t				 i;

	promtext_header(b, f, om);
	for (i = 0; i < a->nhooks; i++) {
		c = alerts_counter(a, hook_name(a->hooks[i]));
		v = __atomic_load_n((const uint64_t *)((const char *)c + off),
		    __ATOMIC_RELAXED);
		promtext_begin(b, f);
		promtext_label(b, 1, "hook", hook_name(a->hooks[i]));
		promtext_end(b, (double)v);
	}
}

void
alerts_metrics(struct alerts *a, struct buf *b, int om)
{
	static const struct promtext_family sent = { "indicatord_alerts_sent",
	    PROMTEXT_COUNTER, NULL, "Alert deliveries that succeeded (exec "
	    "runs and POSTs, re-sends included)." };
	static const struct promtext_family failed = {
	    "indicatord_alert_failures", PROMTEXT_COUNTER, NULL, "Alert "
	    "deliveries that failed every attempt." };

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	counter_family(b, a, om, &sent, offsetof(struct hook_counters, sent));
	counter_family(b, a, om, &failed, offsetof(struct hook_counters,
	    failures));
	pthread_mutex_unlock(&a->lock);
}

uint64_t
alerts_metrics_gen(struct alerts *a)
{
	uint64_t	 gen;
	size_t		 i;

	if (a == NULL)
		return 0;
	pthread_mutex_lock(&a->lock);
	/* All of these only grow: their sum changes whenever one does. */
	gen = a->hooks_gen;
	for (i = 0; i < a->ncounts; i++)
		gen += __atomic_load_n(&a->counts[i]->c.sent,
		    __ATOMIC_RELAXED) + __atomic_load_n(
		    &a->counts[i]->c.failures, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&a->lock);
	return gen;
}

int
alerts_drain(struct alerts *a, int timeout_ms)
{
	struct timespec	 ts;
	struct hook	**hooks;
	size_t		 n, i;
	int		 rc = 0;

	clock_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&a->lock);
	while ((a->npending > 0 || a->dirty || a->poke || a->busy) &&
	    pthread_cond_timedwait(&a->cond, &a->lock, &ts) != ETIMEDOUT)
		;
	if (a->npending > 0 || a->dirty || a->poke || a->busy)
		rc = -1;
	n = a->nhooks;
	hooks = xcalloc(n + 1, sizeof(*hooks));
	memcpy(hooks, a->hooks, n * sizeof(*hooks));
	pthread_mutex_unlock(&a->lock);
	for (i = 0; i < n && rc == 0; i++)
		rc = hook_drain(hooks[i], timeout_ms);
	free(hooks);
	return rc;
}

void
alerts_close(struct alerts *a)
{
	char			*text, err[1024];
	size_t			 i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	if (!a->stop) {
		a->stop = 1;
		pthread_cond_broadcast(&a->cond);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->keeper, NULL);
	} else
		pthread_mutex_unlock(&a->lock);
	for (i = 0; i < a->nhooks; i++)
		hook_free(a->hooks[i]);
	for (i = 0; i < a->nretired; i++)
		hook_free(a->retired[i]);
	if (a->dirty && a->started) {
		text = state_text(a, time(NULL));
		if (alertstate_write(a->path, text, err, sizeof(err)) == -1)
			log_warnx("alerts: saving the state: %s", err);
		free(text);
	}
	for (i = 0; i < a->npending; i++)
		notice_clear(&a->pending[i]);
	for (i = 0; i < a->ncounts; i++) {
		free(a->counts[i]->name);
		free(a->counts[i]);
	}
	entries_clear(a);
	free(a->pending);
	free(a->counts);
	free(a->hooks);
	free(a->retired);
	free(a->path);
	free(a->damage);
	free(a->external_url);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->cond);
	free(a);
}
