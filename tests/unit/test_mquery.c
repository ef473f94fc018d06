/*
 * test_mquery.c: the query of GET /metrics: what each parameter takes,
 * and the error of each thing it refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mquery.h"

/* Parse "k=v&k=v" (no decoding): 0, or -1 with err. */
static int
parse(struct mquery *q, const char *query, char *err, size_t errlen)
{
	char	 s[512], *p, *v, *save = NULL;

	mquery_init(q);
	strcpy(s, query);
	for (p = strtok_r(s, "&", &save); p != NULL;
	    p = strtok_r(NULL, "&", &save)) {
		if ((v = strchr(p, '=')) != NULL)
			*v++ = '\0';
		if (mquery_add(q, p, v, err, errlen) == -1)
			return -1;
	}
	return mquery_end(q, err, errlen);
}

static void
test_good(void **state)
{
	struct mquery	 q, r;
	char		 err[256];

	(void)state;
	assert_int_equal(parse(&q, "", err, sizeof(err)), 0);
	assert_true(mquery_all(&q));
	assert_int_equal(q.om, -1);
	assert_int_equal(parse(&q, "format=prometheus", err, sizeof(err)), 0);
	assert_int_equal(q.om, 0);
	assert_true(mquery_all(&q));
	assert_int_equal(parse(&q, "feed=nbs_monthly-2", err, sizeof(err)),
	    0);
	assert_string_equal(q.feed, "nbs_monthly-2");
	assert_false(mquery_all(&q));
	assert_int_equal(parse(&q, "of=3&shard=2&format=openmetrics", err,
	    sizeof(err)), 0);
	assert_int_equal(q.shard, 2);
	assert_int_equal(q.of, 3);
	assert_int_equal(q.om, 1);
	assert_int_equal(parse(&r, "shard=2&of=3", err, sizeof(err)), 0);
	assert_true(mquery_same(&q, &r));
	assert_int_equal(parse(&r, "shard=1&of=3", err, sizeof(err)), 0);
	assert_false(mquery_same(&q, &r));
	assert_int_equal(parse(&r, "shard=02&of=003", err, sizeof(err)), 0);
	assert_true(mquery_same(&q, &r));	/* a number, however spelt */
	assert_int_equal(parse(&q, "shard=4095&of=4096&feed=a", err,
	    sizeof(err)), 0);
	assert_int_equal(q.shard, 4095);
	assert_int_equal(parse(&r, "feed=a&shard=4095&of=4096", err,
	    sizeof(err)), 0);
	assert_true(mquery_same(&q, &r));
}

static void
bad(const char *query, const char *want)
{
	struct mquery	 q;
	char		 err[256];

	assert_int_equal(parse(&q, query, err, sizeof(err)), -1);
	assert_string_equal(err, want);
}

static void
test_bad(void **state)
{
	(void)state;
	bad("format=json", "bad parameter format: expected openmetrics or "
	    "prometheus");
	bad("feed=NBS", "bad parameter feed: expected a feed's name (1-64 of "
	    "a-z, 0-9, _ and -)");
	bad("feed=", "bad parameter feed: expected a feed's name (1-64 of "
	    "a-z, 0-9, _ and -)");
	bad("feed", "bad parameter feed: expected a feed's name (1-64 of "
	    "a-z, 0-9, _ and -)");
	bad("feed=a&feed=b", "bad parameter feed: given twice");
	bad("shard=1", "bad parameter of: shard and of go together");
	bad("of=2", "bad parameter shard: shard and of go together");
	bad("shard=2&of=2", "bad parameter shard: must be less than of");
	bad("shard=-1&of=2", "bad parameter shard: expected a number from 0");
	bad("shard=4096&of=4096", "bad parameter shard: expected a number "
	    "from 0");
	bad("shard=0&of=0", "bad parameter of: expected a number from 1 to "
	    "4096");
	bad("shard=0&of=4097", "bad parameter of: expected a number from 1 "
	    "to 4096");
	bad("shard=0&of=99999999999999999999", "bad parameter of: expected a "
	    "number from 1 to 4096");
	bad("shard=0&of=2x", "bad parameter of: expected a number from 1 to "
	    "4096");
	bad("x=1", "bad parameter: /metrics takes format, feed, shard and of");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
