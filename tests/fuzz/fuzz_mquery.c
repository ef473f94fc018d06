/*
 * fuzz_mquery.c: libFuzzer target for the query parser of GET /metrics.
 * Input: parameters one a line, "key=value" (a line without "=" is a key
 * without a value), up to the first NUL.
 * Invariants: a parameter is taken or refused with an error that starts
 * "bad parameter" and never holds the value's bytes; a query that parsed
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

/* The error names a parameter and quotes no value longer than 2 bytes. */
static void
check_error(const char *err, const char *val)
{
	if (strncmp(err, "bad parameter", 13) != 0)
		abort();
	if (val != NULL && strlen(val) > 2 && strstr(err, val) != NULL)
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
			check_error(err, val);
			bad = 1;
		}
	}
	if (!bad) {
		if (mquery_end(&q, err, sizeof(err)) == -1)
			check_error(err, NULL);
		else
			check_parsed(&q);
	}
	free(s);
	return 0;
}
