/*
 * view.h: what the registry knows at one moment, immutable: each
 * indicator's series, target results and data age, each feed's state and
 * the configuration they were judged under. A view is counted: a reader
 * takes one (registry_view, or a subscriber's call), reads it without a
 * lock, and lets it go (view_unref). An indicator that did not change
 * between two views is the same struct iview in both, and a series that
 * did not change is shared by the iviews that show it, so a view costs a
 * pointer per indicator, not a copy of the data.
 * Only the registry makes views (view_new and the *_edit calls, which
 * copy what a view already shows before it is written).
 */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "eval.h"
#include "lang.h"
#include "period.h"
#include "srctab.h"

/*
 * 24 bytes: start, end and decimal year are worked out from period when
 * needed (point_end); the source is an index into the series' srctab; the
 * feed each came from is in the journal.
 */
struct point {
	struct period	 period;
	unsigned char	 revised;	/* a later record for the period
					   changed its value */
	double		 value;
	uint32_t	 source;	/* srctab index, 0: none */
	uint32_t	 stored;	/* when its record was journaled
					   (unix time), 0: not known */
};
_Static_assert(sizeof(struct point) == 24, "a series point grew");

/* An indicator's observations, sorted by end. */
struct series {
	int		 refs;
	int		 shown;		/* in a view: never written again */
	size_t		 n, cap;
	struct point	*pts;
	const struct srctab *src;	/* the points' sources, or NULL:
					   all 0 */
};

/* The end of p's period (period_end). */
static inline time_t
point_end(const struct point *p)
{
	return period_end(&p->period);
}

/* Point i's source, "" if none. */
static inline const char *
series_source(const struct series *s, size_t i)
{
	return srctab_str(s->src, s->pts[i].source);
}

/*
 * A journal time as a point keeps it: 0 (not known) for one before 1970
 * or past 2106-02-07T06:28:15Z, which no clock of the daemon's gives.
 */
static inline uint32_t
point_stored(time_t t)
{
	return t > 0 && (uint64_t)t <= UINT32_MAX ? (uint32_t)t : 0;
}

/* One indicator as a view shows it. */
struct iview {
	int		 refs;
	int		 shown;		/* in a view: never written again */
	char		*id;
	const struct indicator_conf *conf;	/* NULL: in the journal only;
						   the view's config */
	struct series	*series;	/* never NULL */
	struct eval_result *results;	/* one per conf->targets, or NULL */
	double		 growth;	/* eval_growth, NAN if unknown */
	double		 age;		/* seconds from the latest period's
					   end to the view's asof; NAN: no
					   data */
	int		 stale;		/* older than its stale_after */
	int		 direction;	/* enum eval_direction, without targets */
	double		 dir_growth;	/* the growth it is judged by, or NAN */
	uint64_t	 gen;		/* this content's, unique in the
					   process: a cache key */
	uint64_t	 alert_gen;	/* moves at each change the alerts are
					   told of: data, config, staleness */
};

struct feed_state {
	char		*name;
	int		 up;
	double		 last_success;	/* unix time, 0 = never */
	double		 last_attempt;
	uint64_t	 errors;	/* failed runs plus rejected records */
	uint64_t	 rejected;	/* records skipped (bad lines, cells) */
	uint64_t	 observations;	/* stored (new or changed) observations */
	char		 last_error[256];
	struct feed_map	*unmatched;	/* map entries the last good run did
					   not match: copies */
	size_t		 nunmatched;
};

/* The feed states of a view, shared by the views between two changes. */
struct feedset {
	int		 refs;
	int		 shown;
	size_t		 n;
	struct feed_state *fs;
};

/* A configuration, freed with the last view (or registry) that holds it. */
struct confref {
	int		 refs;
	struct config	*conf;
};

struct view {
	int		 refs;
	uint64_t	 seq;		/* one more for every view made */
	uint64_t	 ind_seq;	/* the seq of the last view in which an
					   indicator changed */
	uint64_t	 feed_seq;	/* the same for the feed states */
	const struct config *conf;
	struct iview	**ind;		/* configured first, in config order,
					   then those in the journal only */
	size_t		 nind;
	const struct feed_state *feeds;	/* in config order */
	size_t		 nfeeds;
	time_t		 asof;		/* the hour data ages are measured at */
	double		 start_time;	/* the daemon's, unix time */
	size_t		 journal_corrupt;	/* damaged records at start-up */
	uint64_t	 skipped;	/* observations other shards own, since
					   the start */
	struct confref	*cref;
	struct feedset	*fset;
};

struct view	*view_ref(struct view *);
void		 view_unref(struct view *);
/* A configured indicator by id, or NULL. */
const struct iview *view_find(const struct view *, const char *id);
/* The state of the feed named name, or NULL. */
const struct feed_state *view_feed(const struct view *, const char *name);
/* The view's configured indicators: ind[0 .. view_nconf - 1]. */
size_t		 view_nconf(const struct view *);
/*
 * Target i of a configured indicator in one sentence (explain.h), with
 * its latest period and data age.
 */
void		 view_explain(const struct iview *, size_t i, char *buf,
		    size_t len);
/* The same in l (explain.h). */
void		 view_explain_lang(const struct iview *, size_t i, enum lang l,
		    char *buf, size_t len);
/*
 * The period of the latest point that res was judged from, formatted into
 * buf, or NULL.
 */
const char	*view_latest_period(const struct iview *,
		    const struct eval_result *res, char *buf, size_t len);

/* The registry's side. */
/* A view of n indicators (filled by the caller), holding cref and fset. */
struct view	*view_new(size_t n, struct confref *, struct feedset *);
struct confref	*confref_new(struct config *);	/* takes conf */
struct confref	*confref_ref(struct confref *);
void		 confref_unref(struct confref *);
struct iview	*iview_new(const char *id);
struct iview	*iview_ref(struct iview *);
void		 iview_unref(struct iview *);
/*
 * *ivp writable: a copy if a view shows it (the old one unreferenced).
 * The series stays shared until series_edit.
 */
struct iview	*iview_edit(struct iview **ivp);
/* iv's series writable, with room for extra more points. */
struct series	*series_edit(struct iview *iv, size_t extra);
/*
 * The index of s's point that ends at end (*found 1), or where one would
 * go (*found 0).
 */
size_t		 series_find(const struct series *s, time_t end, int *found);
/*
 * Judge iv (writable) again from its conf and series: every target, the
 * growth, the direction, and the age at asof.
 */
void		 iview_evaluate(struct iview *iv, time_t asof);
/* iv's (writable) data age at asof, and its staleness. */
void		 iview_age(struct iview *iv, time_t asof);
struct feedset	*feedset_new(size_t n);
/*
 * The feed states of conf, each carried over (copied) from old where it
 * was; push feeds are up. old may be NULL.
 */
struct feedset	*feedset_bind(const struct feedset *old,
		    const struct config *conf);
struct feedset	*feedset_ref(struct feedset *);
void		 feedset_unref(struct feedset *);
/* *fsp writable: a deep copy if a view shows it. */
struct feedset	*feedset_edit(struct feedset **fsp);
void		 feed_state_unmatched_set(struct feed_state *,
		    const struct feed_map *const *um, size_t n);
/* A deep copy of src into dst. */
void		 feed_state_copy(struct feed_state *dst,
		    const struct feed_state *src);
void		 feed_state_clear(struct feed_state *);

#endif
