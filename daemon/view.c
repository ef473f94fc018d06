/*
 * view.c: counted, immutable views of the registry (see view.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "view.h"
#include "xmalloc.h"

/* The last struct iview's gen given. */
static uint64_t	iview_gens;

static void
ref(int *refs)
{
	__atomic_add_fetch(refs, 1, __ATOMIC_ACQ_REL);
}

/* 1 when the last reference went. */
static int
unref(int *refs)
{
	return __atomic_sub_fetch(refs, 1, __ATOMIC_ACQ_REL) == 0;
}

struct confref *
confref_new(struct config *conf)
{
	struct confref	*c = xcalloc(1, sizeof(*c));

	c->refs = 1;
	c->conf = conf;
	return c;
}

struct confref *
confref_ref(struct confref *c)
{
	ref(&c->refs);
	return c;
}

void
confref_unref(struct confref *c)
{
	if (c == NULL || !unref(&c->refs))
		return;
	config_free(c->conf);
	free(c);
}

static struct series *
series_new(size_t cap)
{
	struct series	*s = xcalloc(1, sizeof(*s));

	s->refs = 1;
	s->cap = cap;
	s->pts = cap > 0 ? xcalloc(cap, sizeof(*s->pts)) : NULL;
	return s;
}

static void
series_unref(struct series *s)
{
	if (s == NULL || !unref(&s->refs))
		return;
	free(s->pts);
	free(s);
}

struct iview *
iview_new(const char *id)
{
	struct iview	*iv = xcalloc(1, sizeof(*iv));

	iv->refs = 1;
	iv->gen = __atomic_add_fetch(&iview_gens, 1, __ATOMIC_RELAXED);
	iv->id = xstrdup(id);
	iv->series = series_new(0);
	iv->growth = iv->age = iv->dir_growth = NAN;
	iv->direction = EVAL_DIR_UNKNOWN;
	return iv;
}

struct iview *
iview_ref(struct iview *iv)
{
	ref(&iv->refs);
	return iv;
}

void
iview_unref(struct iview *iv)
{
	if (iv == NULL || !unref(&iv->refs))
		return;
	series_unref(iv->series);
	free(iv->results);
	free(iv->id);
	free(iv);
}

struct iview *
iview_edit(struct iview **ivp)
{
	struct iview	*old = *ivp, *iv;
	size_t		 n;

	if (!old->shown)
		return old;
	iv = xmalloc(sizeof(*iv));
	*iv = *old;
	iv->refs = 1;
	iv->shown = 0;
	iv->gen = __atomic_add_fetch(&iview_gens, 1, __ATOMIC_RELAXED);
	iv->id = xstrdup(old->id);
	ref(&iv->series->refs);
	if (old->results != NULL) {
		n = old->conf != NULL ? old->conf->ntargets : 0;
		iv->results = xcalloc(n > 0 ? n : 1, sizeof(*iv->results));
		memcpy(iv->results, old->results, n * sizeof(*iv->results));
	}
	iview_unref(old);
	return *ivp = iv;
}

struct series *
series_edit(struct iview *iv, size_t extra)
{
	struct series	*old = iv->series, *s;

	if (!old->shown && __atomic_load_n(&old->refs, __ATOMIC_ACQUIRE) == 1) {
		if (old->n + extra > old->cap) {
			old->cap = old->n + extra;
			old->pts = xreallocarray(old->pts, old->cap,
			    sizeof(*old->pts));
		}
		return old;
	}
	s = series_new(old->n + extra);
	if (old->n > 0)
		memcpy(s->pts, old->pts, old->n * sizeof(*s->pts));
	s->n = old->n;
	s->src = old->src;
	series_unref(old);
	return iv->series = s;
}

/* The last point first: replay and feeds mostly append. */
size_t
series_find(const struct series *s, time_t e, int *found)
{
	size_t	 lo = 0, hi = s->n, mid;
	time_t	 last;

	*found = 0;
	if (s->n > 0 && (last = point_end(&s->pts[s->n - 1])) <= e) {
		*found = last == e;
		return s->n - *found;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (point_end(&s->pts[mid]) < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && point_end(&s->pts[lo]) == e)
		*found = 1;
	return lo;
}

struct feedset *
feedset_new(size_t n)
{
	struct feedset	*f = xcalloc(1, sizeof(*f));

	f->refs = 1;
	f->n = n;
	f->fs = xcalloc(n + 1, sizeof(*f->fs));
	return f;
}

struct feedset *
feedset_ref(struct feedset *f)
{
	ref(&f->refs);
	return f;
}

void
feed_state_clear(struct feed_state *fs)
{
	confdata_maps_free(fs->unmatched, fs->nunmatched);
	free(fs->name);
	memset(fs, 0, sizeof(*fs));
}

void
feedset_unref(struct feedset *f)
{
	size_t	 i;

	if (f == NULL || !unref(&f->refs))
		return;
	for (i = 0; i < f->n; i++)
		feed_state_clear(&f->fs[i]);
	free(f->fs);
	free(f);
}

void
feed_state_unmatched_set(struct feed_state *fs,
    const struct feed_map *const *um, size_t n)
{
	size_t	 i;

	confdata_maps_free(fs->unmatched, fs->nunmatched);
	fs->unmatched = NULL;
	fs->nunmatched = n;
	if (n == 0)
		return;
	fs->unmatched = xcalloc(n, sizeof(*fs->unmatched));
	for (i = 0; i < n; i++) {
		fs->unmatched[i].code = xstrdup(um[i]->code);
		fs->unmatched[i].area = um[i]->area != NULL ?
		    xstrdup(um[i]->area) : NULL;
		fs->unmatched[i].indicator = xstrdup(um[i]->indicator);
	}
}

void
feed_state_copy(struct feed_state *dst, const struct feed_state *src)
{
	const struct feed_map	**um;
	size_t			 j;

	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->unmatched = NULL;
	dst->nunmatched = 0;
	um = xcalloc(src->nunmatched + 1, sizeof(*um));
	for (j = 0; j < src->nunmatched; j++)
		um[j] = &src->unmatched[j];
	feed_state_unmatched_set(dst, um, src->nunmatched);
	free(um);
}

struct feedset *
feedset_edit(struct feedset **fsp)
{
	struct feedset	*old = *fsp, *f;
	size_t		 i;

	if (!old->shown)
		return old;
	f = feedset_new(old->n);
	for (i = 0; i < old->n; i++)
		feed_state_copy(&f->fs[i], &old->fs[i]);
	feedset_unref(old);
	return *fsp = f;
}

struct feedset *
feedset_bind(const struct feedset *old, const struct config *conf)
{
	struct feedset	*f = feedset_new(conf->nfeeds);
	size_t		 i, j;

	for (i = 0; i < conf->nfeeds; i++) {
		for (j = 0; old != NULL && j < old->n; j++)
			if (strcmp(old->fs[j].name, conf->feeds[i].name) == 0)
				break;
		if (old != NULL && j < old->n)
			feed_state_copy(&f->fs[i], &old->fs[j]);
		else
			f->fs[i].name = xstrdup(conf->feeds[i].name);
		if (conf->feeds[i].type == FEED_PUSH)
			f->fs[i].up = 1;
	}
	return f;
}

void
iview_age(struct iview *iv, time_t asof)
{
	const struct period	*p;

	iv->age = NAN;
	iv->stale = 0;
	if (iv->conf == NULL || iv->series->n == 0)
		return;
	p = &iv->series->pts[iv->series->n - 1].period;
	iv->age = (double)(asof - period_end(p));
	iv->stale = asof > period_due(p, iv->conf->eval.stale_after);
}

/* Judge target i of iv's config on the series' points ep. */
static void
iview_target(struct iview *iv, const struct eval_point *ep, size_t i)
{
	const struct indicator_conf	*ic = iv->conf;
	struct eval_params		 params;
	struct eval_target		 tg;

	memset(&tg, 0, sizeof(tg));
	tg.year = ic->targets[i].year;
	tg.value = ic->targets[i].value;
	tg.kind = ic->targets[i].kind;
	if ((tg.has_baseline = ic->targets[i].has_baseline)) {
		tg.base_t = period_decimal_year(&ic->targets[i].base_period);
		tg.base_v = ic->targets[i].base_value;
	}
	params = ic->eval;
	params.method = ic->targets[i].method;
	eval_target(ep, iv->series->n, &params, &tg, &iv->results[i]);
}

#define VIEW_EVAL_STACK	256	/* a series' points judged without a malloc */

void
iview_evaluate(struct iview *iv, time_t asof)
{
	const struct series	*s = iv->series;
	const struct indicator_conf *ic = iv->conf;
	struct eval_point	 epbuf[VIEW_EVAL_STACK], *ep;
	size_t			 i;

	free(iv->results);
	iv->results = NULL;
	iv->growth = iv->age = iv->dir_growth = NAN;
	iv->stale = 0;
	iv->direction = EVAL_DIR_UNKNOWN;
	if (ic == NULL)
		return;
	/* On the stack for most series: judging threads share one heap. */
	ep = s->n < VIEW_EVAL_STACK ? epbuf : xcalloc(s->n + 1, sizeof(*ep));
	for (i = 0; i < s->n; i++) {
		ep[i].t = period_decimal_year(&s->pts[i].period);
		ep[i].v = s->pts[i].value;
	}
	/* (one slot at least: non-NULL says judged) */
	iv->results = xcalloc(ic->ntargets > 0 ? ic->ntargets : 1,
	    sizeof(*iv->results));
	for (i = 0; i < ic->ntargets; i++)
		iview_target(iv, ep, i);
	iv->growth = eval_growth(ep, s->n, &ic->eval);
	iv->direction = eval_direction(ep, s->n, ic->eval.trend_years,
	    ic->eval.tolerance, ic->decrease, &iv->dir_growth);
	if (ep != epbuf)
		free(ep);
	iview_age(iv, asof);
}

struct view *
view_new(size_t n, struct confref *cref, struct feedset *fset)
{
	struct view	*v = xcalloc(1, sizeof(*v));

	v->refs = 1;
	v->ind = xcalloc(n + 1, sizeof(*v->ind));
	v->nind = n;
	v->cref = confref_ref(cref);
	v->conf = cref->conf;
	v->fset = feedset_ref(fset);
	v->feeds = fset->fs;
	v->nfeeds = fset->n;
	return v;
}

struct view *
view_ref(struct view *v)
{
	ref(&v->refs);
	return v;
}

void
view_unref(struct view *v)
{
	size_t	 i;

	if (v == NULL || !unref(&v->refs))
		return;
	for (i = 0; i < v->nind; i++)
		iview_unref(v->ind[i]);
	free(v->ind);
	feedset_unref(v->fset);
	confref_unref(v->cref);
	free(v);
}

size_t
view_nconf(const struct view *v)
{
	return v->conf->nindicators;
}

const struct iview *
view_find(const struct view *v, const char *id)
{
	const struct indicator_conf	*ic;

	if ((ic = confdata_find_indicator(v->conf, id)) == NULL)
		return NULL;
	return v->ind[ic - v->conf->indicators];
}

const struct feed_state *
view_feed(const struct view *v, const char *name)
{
	size_t	 i;

	for (i = 0; i < v->nfeeds; i++)
		if (strcmp(v->feeds[i].name, name) == 0)
			return &v->feeds[i];
	return NULL;
}

const char *
view_latest_period(const struct iview *iv, const struct eval_result *res,
    char *buf, size_t len)
{
	const struct series	*s = iv->series;
	size_t			 i;

	for (i = s->n; i > 0; i--)
		if (period_decimal_year(&s->pts[i - 1].period) ==
		    res->latest_t) {
			period_format(&s->pts[i - 1].period, buf, len);
			return buf;
		}
	return NULL;
}

void
view_explain(const struct iview *iv, size_t i, char *buf, size_t len)
{
	view_explain_lang(iv, i, LANG_EN, buf, len);
}

void
view_explain_lang(const struct iview *iv, size_t i, enum lang l, char *buf,
    size_t len)
{
	const struct indicator_conf	*ic = iv->conf;
	struct explain			 e;
	char				 per[PERIOD_STRLEN], lag[32];

	memset(&e, 0, sizeof(e));
	e.unit = ic->unit;
	e.year = ic->targets[i].year;
	e.value = ic->targets[i].value;
	e.res = &iv->results[i];
	e.period = view_latest_period(iv, e.res, per, sizeof(per));
	e.interval = ic->eval.interval;
	e.stale = iv->stale;
	explain_lag(ic->eval.stale_after, l, lag, sizeof(lag));
	e.stale_after = lag;
	e.lang = l;
	explain_target(&e, buf, len);
}
