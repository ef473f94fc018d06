/* test_journal.c: unit tests for daemon/journal.c (append, replay, torn tails). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "journal.h"

struct seen {
	struct obs_buf	 o[16];
	char		 feed[16][32];
	size_t		 n;
};

static void
collect(void *arg, const struct obs *o, const char *feed)
{
	struct seen	*s = arg;

	if (s->n < 16) {
		snprintf(s->o[s->n].indicator, sizeof(s->o[0].indicator), "%s",
		    o->indicator);
		snprintf(s->o[s->n].source, sizeof(s->o[0].source), "%s",
		    o->source);
		s->o[s->n].period = o->period;
		s->o[s->n].value = o->value;
		s->o[s->n].line = o->line;
		snprintf(s->feed[s->n], sizeof(s->feed[0]), "%s", feed);
	}
	s->n++;
}

static struct obs
mk(const char *id, const char *per, double v, const char *src)
{
	struct obs	 o;
	char		 err[128];

	memset(&o, 0, sizeof(o));
	o.indicator = id;
	assert_int_equal(period_parse(per, strlen(per), &o.period, err,
	    sizeof(err)), 0);
	o.value = v;
	o.source = src;
	return o;
}

static char *
tmppath(void)
{
	static char	 p[64];

	snprintf(p, sizeof(p), "/tmp/test_journal.%d", (int)getpid());
	unlink(p);
	return p;
}

static void
test_roundtrip(void **state)
{
	struct journal		*j;
	struct seen		 s = { 0 };
	struct obs		 a = mk("pat", "2024", 241900, "seed\t000\nx");
	struct obs		 b = mk("share", "2024-Q3", 0.1 + 0.2, "");
	const struct obs	*batch[] = { &a, &b };
	char			 err[256], *p = tmppath();
	size_t			 bad;

	(void)state;
	j = journal_open(p, collect, &s, &bad, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(s.n, 0);
	assert_int_equal(journal_append(j, batch, 2, "push", err,
	    sizeof(err)), 0);
	journal_close(j);
	j = journal_open(p, collect, &s, &bad, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(s.n, 2);
	assert_int_equal(bad, 0);
	assert_string_equal(s.o[0].indicator, "pat");
	assert_true(s.o[0].value == 241900);
	/* Tabs and newlines in a source cannot break the record. */
	assert_string_equal(s.o[0].source, "seed 000 x");
	assert_string_equal(s.feed[0], "push");
	assert_int_equal(s.o[1].period.kind, PERIOD_QUARTERLY);
	/* %.17g: the exact double comes back. */
	assert_true(s.o[1].value == 0.1 + 0.2);
	assert_int_equal(s.o[1].line, 2);
	journal_close(j);
	unlink(p);
}

static void
test_torn_tail(void **state)
{
	struct journal	*j;
	struct seen	 s = { 0 };
	struct stat	 st;
	char		 err[256], *p = tmppath();
	size_t		 bad;
	FILE		*f;

	(void)state;
	f = fopen(p, "w");
	fputs("pat\t2023\t235100\tfile\tnews\n", f);
	fputs("not a record\n", f);
	fputs("pat\t2024\t241900\tfile\tseed 000\n", f);
	fputs("pat\t2025\t2500", f);		/* kill -9 mid-write */
	fclose(f);
	j = journal_open(p, collect, &s, &bad, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(s.n, 2);
	assert_int_equal(bad, 1);
	assert_true(s.o[1].value == 241900);
	/* The torn tail is cut so the next append starts a whole line. */
	stat(p, &st);
	assert_int_equal(st.st_size, journal_size(j));
	assert_int_equal(st.st_size, 26 + 13 + 30);
	journal_close(j);
	unlink(p);
}

/* Replay checks each record against the order it was written in. */
struct seq {
	size_t	 n;
	size_t	 wrong;
};

static void
check_seq(void *arg, const struct obs *o, const char *feed)
{
	struct seq	*q = arg;
	char		 id[32];

	snprintf(id, sizeof(id), "ind_%zu", q->n % 1000);
	if (strcmp(o->indicator, id) != 0 || o->value != (double)q->n * 0.25 ||
	    o->period.year != 2000 + (int)(q->n / 1000) ||
	    strcmp(feed, "bulk") != 0 || strcmp(o->source, "a source") != 0 ||
	    o->line != q->n + 1)
		q->wrong++;
	q->n++;
}

/* A journal far larger than the replay's read chunk, with a torn tail. */
static void
test_large(void **state)
{
	struct journal	*j;
	struct obs	*o;
	const struct obs **batch;
	struct seq	 q = { 0, 0 };
	struct stat	 st;
	char		 err[256], (*ids)[32], *p = tmppath();
	size_t		 bad, i, n = 70000;	/* three rounds (JOURNAL_ROUND) */
	off_t		 whole;
	FILE		*f;

	(void)state;
	j = journal_open(p, NULL, NULL, &bad, err, sizeof(err));
	assert_non_null(j);
	o = calloc(n, sizeof(*o));
	batch = calloc(n, sizeof(*batch));
	ids = calloc(n, sizeof(*ids));
	for (i = 0; i < n; i++) {
		snprintf(ids[i], sizeof(ids[i]), "ind_%zu", i % 1000);
		o[i].indicator = ids[i];
		o[i].source = "a source";
		o[i].period.kind = PERIOD_ANNUAL;
		o[i].period.year = 2000 + (int)(i / 1000);
		o[i].value = (double)i * 0.25;
		batch[i] = &o[i];
	}
	assert_int_equal(journal_append(j, batch, n, "bulk", err,
	    sizeof(err)), 0);
	journal_close(j);
	stat(p, &st);
	whole = st.st_size;
	assert_true(whole > 3 * 256 * 1024);
	f = fopen(p, "a");
	fputs("ind_1\t2031\t12", f);
	fclose(f);
	j = journal_open(p, check_seq, &q, &bad, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(q.n, n);
	assert_int_equal(q.wrong, 0);
	assert_int_equal(bad, 0);
	assert_int_equal(journal_size(j), whole);
	journal_close(j);
	stat(p, &st);
	assert_int_equal(st.st_size, whole);
	free(o);
	free(batch);
	free(ids);
	unlink(p);
}

static int
parse(const char *line)
{
	struct obs_buf	 o;
	char		 feed[32];

	return journal_parse_line(line, strlen(line), &o, feed, sizeof(feed));
}

static void
test_parse_line(void **state)
{
	(void)state;
	assert_int_equal(parse("a\t2024\t1\tf\ts"), 0);
	assert_int_equal(parse("a\t2024\tnan\tf\ts"), -1);
	assert_int_equal(parse("a\t2024\t1e999\tf\ts"), -1);
	assert_int_equal(parse("A\t2024\t1\tf\ts"), -1);
	assert_int_equal(parse("a\t2024-13\t1\tf\ts"), -1);
	assert_int_equal(parse("a\t2024\t1\tf"), -1);
	assert_int_equal(parse("a\t2024\t\tf\ts"), -1);
}

static void
test_unwritable(void **state)
{
	struct seen	 s = { 0 };
	char		 err[256];
	size_t		 bad;

	(void)state;
	assert_null(journal_open("/nonexistent/dir/journal", collect, &s,
	    &bad, err, sizeof(err)));
	assert_string_equal(err,
	    "/nonexistent/dir/journal: No such file or directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_torn_tail),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_unwritable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
