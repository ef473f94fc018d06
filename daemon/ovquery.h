/*
 * ovquery.h: the query of the overview page (GET /): how its rows are
 * sorted and which are shown, parsed from the request's parameters one at
 * a time, and written back in one canonical form (the cache's key, and
 * the base of the page's own links). Pure: no I/O, no allocation.
 *
 *   sort    name | value | period | age | status | target | projected |
 *           feed; absent: the config's order
 *   order   asc | desc (default asc)
 *   status  one or more eval_status_name, comma-separated or repeated
 *           (a union); absent: every status, and indicators without one
 *   feed    a feed's name (1-64 of [a-z0-9_-])
 *   q       a substring of an indicator's id, name or name_zh: at most
 *           OVQ_Q_MAX bytes of UTF-8 without control characters; ASCII
 *           letters match either case
 *   lang    read by the HTTP server (request_lang), skipped here
 * An empty value (a form's "any") is the same as the parameter absent.
 * Any other parameter, a value out of these, and sort, order, feed or q
 * given twice are errors naming the parameter, never quoting its value.
 */
#ifndef OVQUERY_H
#define OVQUERY_H

#include <stddef.h>

#include "buf.h"

#define OVQ_Q_MAX	200	/* bytes of q */
#define OVQ_FEED_MAX	64

enum ovq_sort {
	OVQ_SORT_CONFIG = 0,	/* no sort parameter */
	OVQ_SORT_NAME,
	OVQ_SORT_VALUE,
	OVQ_SORT_PERIOD,
	OVQ_SORT_AGE,
	OVQ_SORT_STATUS,
	OVQ_SORT_TARGET,
	OVQ_SORT_PROJECTED,
	OVQ_SORT_FEED,
	OVQ_NSORT
};

struct ovquery {
	enum ovq_sort	 sort;
	int		 desc;
	unsigned int	 statuses;	/* bit eval_status; 0: any */
	char		 feed[OVQ_FEED_MAX + 1];	/* "": any */
	char		 q[OVQ_Q_MAX + 1];		/* "": any */
	unsigned int	 given;		/* parameters seen (ovquery.c) */
};

void	 ovquery_init(struct ovquery *);
/*
 * One parameter, key=val as decoded from the query (val NULL: a key
 * without "="). 0, or -1 with "bad parameter KEY: why" in err.
 */
int	 ovquery_add(struct ovquery *, const char *key, const char *val,
	    char *err, size_t errlen);
/*
 * The query without its defaults, in a fixed order, percent-encoded:
 * "sort=name&order=desc&status=achieved,missed&feed=f&q=..." or "" for
 * the default. Equal queries give equal strings.
 */
void	 ovquery_canon(const struct ovquery *, struct buf *);
/* The parameter's name of a sort: "name", ...; "" for OVQ_SORT_CONFIG. */
const char *ovquery_sort_name(enum ovq_sort);
/* Whether s is one whole UTF-8 string (no overlong form, surrogate or
   code point past U+10FFFF). */
int	 ovquery_utf8(const char *s);

#endif
