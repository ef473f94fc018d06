/*
 * fuzz_mquery.c: libFuzzer target for the query parser of GET /metrics.
 * Input: parameters one a line, "key=value" (a line without "=" is a key
 * without a value), up to the first NUL.
 * Invariants: a parameter is taken or refused with one of the fixed
 * errors (each names a parameter, none quotes a value); a query that parsed
 * has a feed of 1-64 of [a-z0-9_-] or none, of = 0 or 1..4096 with shard
 * below it, and om -1, 0 or 1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mquery.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_parsed(const struct mquery *q)
{
	size_t	 n = strlen(q->feed);

	if (n > MQUERY_FEED_MAX || strspn(q->feed,
	    "abcdefghijklmnopqrstuvwxyz0123456789_-") != n)
		abort();
	if (q->of > MQUERY_OF_MAX || (q->of > 0 && q->shard >= q->of) ||
	    (q->of == 0 && q->shard != 0))
		abort();
	if (q->om < -1 || q->om > 1)
		abort();
	if (mquery_all(q) != (n == 0 && q->of == 0) || !mquery_same(q, q))
		abort();
}

/* Every error there is: fixed texts, so none quotes a value. */
static const char *const errors[] = {
	"bad parameter: /metrics takes format, feed, shard and of",
	"bad parameter format: given twice",
	"bad parameter feed: given twice",
	"bad parameter shard: given twice",
	"bad parameter of: given twice",
	"bad parameter format: expected openmetrics or prometheus",
	"bad parameter feed: expected a feed's name (1-64 of a-z, 0-9, _ "
	    "and -)",
	"bad parameter shard: expected a number from 0",
	"bad parameter of: expected a number from 1 to 4096",
	"bad parameter of: shard and of go together",
	"bad parameter shard: shard and of go together",
	"bad parameter shard: must be less than of",
};

static void
check_error(const char *err)
{
	size_t	 i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (strcmp(err, errors[i]) == 0)
			return;
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mquery	 q;
	char		*s, *line, *next, *val, err[256];
	int		 bad = 0;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	mquery_init(&q);
	for (line = s; line != NULL && !bad; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((val = strchr(line, '=')) != NULL)
			*val++ = '\0';
		if (mquery_add(&q, line, val, err, sizeof(err)) == -1) {
			check_error(err);
			bad = 1;
		}
	}
	if (!bad) {
		if (mquery_end(&q, err, sizeof(err)) == -1)
			check_error(err);
		else
			check_parsed(&q);
	}
	free(s);
	return 0;
}
