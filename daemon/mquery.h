/*
 * mquery.h: the query of GET /metrics, parsed from the request's
 * parameters one at a time. Pure: no I/O, no allocation.
 *
 *   format  openmetrics | prometheus (text 0.0.4); absent: the Accept
 *           header decides
 *   feed    only the indicators of this feed (1-64 of [a-z0-9_-])
 *   shard   only the indicators of shard i of n (shard.h): shard=i&of=n,
 *   of      0 <= i < n <= MQUERY_OF_MAX, both or neither
 * feed and shard together: the indicators of the feed in that shard.
 * Any other parameter, a value out of these, or one given twice is an
 * error naming the parameter, never quoting its value.
 */
#ifndef MQUERY_H
#define MQUERY_H

#include <stddef.h>

#define MQUERY_FEED_MAX	64
#define MQUERY_OF_MAX	4096

struct mquery {
	int		 om;		/* -1: not given */
	char		 feed[MQUERY_FEED_MAX + 1];	/* "": every feed */
	unsigned int	 shard;
	unsigned int	 of;		/* 0: every shard */
	unsigned int	 given;		/* parameters seen (mquery.c) */
};

void	 mquery_init(struct mquery *);
/*
 * One parameter, key=val as decoded from the query (val NULL: a key
 * without "="). 0, or -1 with "bad parameter KEY: why" in err.
 */
int	 mquery_add(struct mquery *, const char *key, const char *val,
	    char *err, size_t errlen);
/* After the last parameter: 0, or -1 with err set (shard without of). */
int	 mquery_end(struct mquery *, char *err, size_t errlen);
/* Whether the query selects every indicator. */
int	 mquery_all(const struct mquery *);
/* Whether two queries select the same indicators (format aside). */
int	 mquery_same(const struct mquery *, const struct mquery *);

#endif
