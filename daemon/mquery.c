/*
 * mquery.c: the query of GET /metrics (see mquery.h).
 */
#include <stdio.h>
#include <string.h>

#include "mquery.h"
#include "num.h"

enum {
	MQ_FORMAT = 1 << 0,
	MQ_FEED = 1 << 1,
	MQ_SHARD = 1 << 2,
	MQ_OF = 1 << 3
};

void
mquery_init(struct mquery *q)
{
	memset(q, 0, sizeof(*q));
	q->om = -1;
}

static int
valid_feed(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 1 && n <= MQUERY_FEED_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static int
bad(char *err, size_t errlen, const char *key, const char *why)
{
	snprintf(err, errlen, "bad parameter %s: %s", key, why);
	return -1;
}

int
mquery_add(struct mquery *q, const char *key, const char *val, char *err,
    size_t errlen)
{
	unsigned int	 bit;

	if (strcmp(key, "format") == 0)
		bit = MQ_FORMAT;
	else if (strcmp(key, "feed") == 0)
		bit = MQ_FEED;
	else if (strcmp(key, "shard") == 0)
		bit = MQ_SHARD;
	else if (strcmp(key, "of") == 0)
		bit = MQ_OF;
	else {
		snprintf(err, errlen, "bad parameter: /metrics takes format, "
		    "feed, shard and of");
		return -1;
	}
	if (q->given & bit)
		return bad(err, errlen, key, "given twice");
	q->given |= bit;
	if (val == NULL)
		val = "";
	switch (bit) {
	case MQ_FORMAT:
		if (strcmp(val, "openmetrics") == 0)
			q->om = 1;
		else if (strcmp(val, "prometheus") == 0)
			q->om = 0;
		else
			return bad(err, errlen, key,
			    "expected openmetrics or prometheus");
		return 0;
	case MQ_FEED:
		if (!valid_feed(val))
			return bad(err, errlen, key, "expected a feed's name "
			    "(1-64 of a-z, 0-9, _ and -)");
		memcpy(q->feed, val, strlen(val) + 1);
		return 0;
	case MQ_SHARD:
		if (num_uint(val, MQUERY_OF_MAX - 1, &q->shard) == -1)
			return bad(err, errlen, key, "expected a number from 0");
		return 0;
	default:
		if (num_uint(val, MQUERY_OF_MAX, &q->of) == -1 || q->of == 0)
			return bad(err, errlen, key,
			    "expected a number from 1 to 4096");
		return 0;
	}
}

int
mquery_end(struct mquery *q, char *err, size_t errlen)
{
	if (((q->given & MQ_SHARD) != 0) != ((q->given & MQ_OF) != 0))
		return bad(err, errlen, (q->given & MQ_SHARD) ? "of" : "shard",
		    "shard and of go together");
	if (q->of > 0 && q->shard >= q->of)
		return bad(err, errlen, "shard", "must be less than of");
	return 0;
}

int
mquery_all(const struct mquery *q)
{
	return q->feed[0] == '\0' && q->of == 0;
}

int
mquery_same(const struct mquery *a, const struct mquery *b)
{
	return strcmp(a->feed, b->feed) == 0 && a->of == b->of &&
	    (a->of == 0 || a->shard == b->shard);
}
