/*
 * test_journal.c: unit tests for daemon/journal.c: append, replay, the
 * format 1 and 2 conversions to format 3, torn tails and each kind of
 * damage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "crc32c.h"
#include "journal.h"

/* A stored time: 2025-12-06T05:46:40Z. */
#define T0	1765000000

struct seen {
	struct obs_buf	 o[16];
	char		 feed[16][32];
	time_t		 stored[16];
	size_t		 n;
};

static void
collect(void *arg, const struct obs *o, const char *feed, time_t stored)
{
	struct seen	*s = arg;

	if (s->n < 16) {
		s->stored[s->n] = stored;
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
	char		 side[128];

	snprintf(p, sizeof(p), "/tmp/test_journal.%d", (int)getpid());
	unlink(p);
	snprintf(side, sizeof(side), "%s.tmp", p);
	unlink(side);
	return p;
}

/* The whole file; *len gets its length. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat	 st;
	char		*b;
	FILE		*f;

	assert_int_equal(stat(path, &st), 0);
	b = malloc((size_t)st.st_size + 1);
	assert_non_null(f = fopen(path, "r"));
	assert_int_equal(fread(b, 1, (size_t)st.st_size, f), st.st_size);
	fclose(f);
	b[st.st_size] = '\0';
	*len = (size_t)st.st_size;
	return b;
}

static void
spew(const char *path, const char *b, size_t len)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(b, 1, len, f), len);
	fclose(f);
}

/* A format 2 or 3 record line of fields (LF included) into buf. */
static size_t
rec(char *buf, size_t len, const char *fields)
{
	return (size_t)snprintf(buf, len, "%s\t%08x\n", fields,
	    crc32c(0, fields, strlen(fields)));
}

/* Open p, expect no error, and close: the report stays the caller's. */
static void
reopen(const char *p, struct seen *s, struct journal_report *rep)
{
	struct journal	*j;
	char		 err[256];

	memset(s, 0, sizeof(*s));
	j = journal_open(p, collect, s, rep, err, sizeof(err));
	if (j == NULL)
		fail_msg("%s", err);
	journal_close(j);
}

/* Remove p's side file named in rep and check its bytes. */
static void
side_is(const struct journal_report *rep, const char *want, size_t wantlen)
{
	char	*b;
	size_t	 len;

	assert_non_null(rep->damaged_path);
	b = slurp(rep->damaged_path, &len);
	assert_int_equal(len, wantlen);
	assert_memory_equal(b, want, len);
	free(b);
	unlink(rep->damaged_path);
}

static void
test_roundtrip(void **state)
{
	struct journal		*j;
	struct seen		 s = { 0 };
	struct obs		 a = mk("pat", "2024", 241900, "seed\t000\nx");
	struct obs		 b = mk("share", "2024-Q3", 0.1 + 0.2, "");
	const struct obs	*batch[] = { &a, &b };
	struct journal_report	 rep;
	char			 err[256], *p = tmppath(), *text, want[256];
	size_t			 len, n;

	(void)state;
	j = journal_open(p, collect, &s, &rep, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(s.n, 0);
	assert_int_equal(rep.created, 1);
	assert_int_equal(journal_size(j), strlen(JOURNAL_HEADER));
	assert_int_equal(journal_append(j, batch, 2, "push", T0, err,
	    sizeof(err)), 0);
	journal_close(j);
	/*
	 * The exact bytes: header, then each record, its stored time and its
	 * CRC-32C (here from a Python implementation, not crc32c.c).
	 */
	n = (size_t)snprintf(want, sizeof(want), "%s", JOURNAL_HEADER
	    "pat\t2024\t241900\tpush\tseed 000 x\t1765000000\tf1230407\n"
	    "share\t2024-Q3\t0.30000000000000004\tpush\t\t1765000000\t"
	    "03b23e9e\n");
	assert_string_equal(JOURNAL_HEADER, "# indicatord journal 3: "
	    "indicator period value feed source stored crc32c\n");
	text = slurp(p, &len);
	assert_int_equal(len, n);
	assert_memory_equal(text, want, n);
	free(text);
	j = journal_open(p, collect, &s, &rep, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(s.n, 2);
	assert_int_equal(rep.records, 2);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.corrupt, 0);
	assert_null(rep.damaged_path);
	assert_string_equal(s.o[0].indicator, "pat");
	assert_true(s.o[0].value == 241900);
	/* Tabs and newlines in a source cannot break the record. */
	assert_string_equal(s.o[0].source, "seed 000 x");
	assert_string_equal(s.feed[0], "push");
	assert_int_equal(s.stored[0], T0);
	assert_int_equal(s.stored[1], T0);
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
	struct journal_report	 rep;
	struct seen		 s;
	char			 buf[512], *p = tmppath(), *b;
	size_t			 n, len;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "%s", JOURNAL_HEADER);
	n += rec(buf + n, sizeof(buf) - n,
	    "pat\t2023\t235100\tfile\tnews\t1700000000");
	n += rec(buf + n, sizeof(buf) - n,
	    "pat\t2024\t241900\tfile\tseed\t1765000000");
	/* kill -9 in the middle of the next record's write: all but its crc */
	len = n + (size_t)snprintf(buf + n, sizeof(buf) - n,
	    "pat\t2025\t25\tfile\tseed\t1765000001\t12");
	spew(p, buf, len);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 2);
	assert_true(s.o[1].value == 241900);
	assert_int_equal(s.stored[0], 1700000000);
	assert_int_equal(s.stored[1], T0);
	assert_int_equal(rep.torn_off, n);
	assert_int_equal(rep.torn_len, len - n);
	assert_int_equal(rep.corrupt, 0);
	assert_null(rep.damaged_path);
	/* Cut, so that the next append starts a whole line. */
	b = slurp(p, &len);
	assert_int_equal(len, n);
	assert_memory_equal(b, buf, n);
	free(b);
	unlink(p);
}

/* A last record whole but for its LF is kept, and gets the LF. */
static void
test_whole_without_lf(void **state)
{
	struct journal_report	 rep;
	struct seen		 s;
	char			 buf[512], *p = tmppath(), *b;
	size_t			 n, len;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "%s", JOURNAL_HEADER);
	n += rec(buf + n, sizeof(buf) - n, "pat\t2023\t235100\tfile\tnews\t0");
	spew(p, buf, n - 1);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.stored[0], 0);
	assert_int_equal(rep.completed, 1);
	assert_int_equal(rep.torn_off, -1);
	b = slurp(p, &len);
	assert_int_equal(len, n);
	assert_memory_equal(b, buf, n);
	free(b);
	unlink(p);
}

/*
 * A journal of format 1, as indicatord 0.1.0 wrote it, is read and
 * rewritten once with the header, the stored time 0 and a checksum on each
 * record; its malformed line is damage.
 */
static void
test_old_format(void **state)
{
	struct journal_report	 rep;
	struct seen		 s;
	const char		*v1 = "pat\t2023\t235100\tfile\tnews\n"
	    "not a record\n"
	    "pat\t2024\t241900\tfile\tseed 000\n"
	    "pat\t2025\t2500";
	const char		*v2 = JOURNAL_HEADER
	    "pat\t2023\t235100\tfile\tnews\t0\t98533aa2\n"
	    "pat\t2024\t241900\tfile\tseed 000\t0\tdba9099b\n";
	char			*p = tmppath(), *b;
	size_t			 len;

	(void)state;
	spew(p, v1, strlen(v1));
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 2);
	assert_int_equal(rep.converted, 1);
	assert_int_equal(rep.records, 2);
	assert_int_equal(s.stored[1], 0);
	assert_true(s.o[1].value == 241900);
	assert_string_equal(s.o[1].source, "seed 000");
	assert_int_equal(rep.torn_off, 69);
	assert_int_equal(rep.corrupt, 1);
	assert_int_equal(rep.ndamage, 1);
	assert_int_equal(rep.damage[0].off, 26);
	assert_int_equal(rep.damage[0].len, 13);
	b = slurp(p, &len);
	assert_int_equal(len, strlen(v2));
	assert_memory_equal(b, v2, len);
	free(b);
	side_is(&rep, "not a record\n", 13);
	journal_report_free(&rep);
	/* Once: the next open finds format 3 and changes nothing. */
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 2);
	assert_int_equal(rep.converted, 0);
	assert_int_equal(rep.corrupt, 0);
	b = slurp(p, &len);
	assert_int_equal(len, strlen(v2));
	free(b);
	unlink(p);
}

/* Four records; *off gets each line's offset, then the file's size. */
static size_t
four(char *buf, size_t len, size_t off[5])
{
	const char	*f[] = { "pat\t2021\t222400\tpush\t\t1700000000",
	    "pat\t2022\t675674.789\tpush\t\t0",
	    "pat\t2023\t235100\tpush\t\t1765000000",
	    "pat\t2024\t241900\tpush\t\t1765000000" };
	size_t		 n, i;

	n = (size_t)snprintf(buf, len, "%s", JOURNAL_HEADER);
	for (i = 0; i < 4; i++) {
		off[i] = n;
		n += rec(buf + n, len - n, f[i]);
	}
	off[4] = n;
	return n;
}

/*
 * Damaged bytes [from, to) of the four records: the records outside them
 * are replayed and kept, the damaged ones moved to the side file.
 */
static void
check_damage(const char *p, const char *buf, size_t n, size_t from,
    size_t to, size_t lines, const double *want, size_t nwant)
{
	struct journal_report	 rep;
	struct seen		 s;
	char			 expect[1024], *b;
	size_t			 len, i;

	reopen(p, &s, &rep);
	assert_int_equal(s.n, nwant);
	for (i = 0; i < nwant; i++)
		assert_true(s.o[i].value == want[i]);
	assert_int_equal(rep.corrupt, lines);
	assert_int_equal(rep.corrupt_bytes, to - from);
	assert_int_equal(rep.ndamage, 1);
	assert_int_equal(rep.damage[0].off, from);
	assert_int_equal(rep.damage[0].len, to - from);
	assert_int_equal(rep.damage[0].records, lines);
	assert_int_equal(rep.torn_off, -1);
	side_is(&rep, buf + from, to - from);
	/* The journal: every byte but the damaged ones. */
	memcpy(expect, buf, from);
	memcpy(expect + from, buf + to, n - to);
	b = slurp(p, &len);
	assert_int_equal(len, n - (to - from));
	assert_memory_equal(b, expect, len);
	free(b);
	journal_report_free(&rep);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, nwant);
	assert_int_equal(rep.corrupt, 0);
	assert_null(rep.damaged_path);
	unlink(p);
}

/* 675674.789 became 665674.789: the checksum catches it. */
static void
test_flipped_digit(void **state)
{
	char		 buf[1024], *p = tmppath(), *d;
	size_t		 off[5], n;
	const double	 want[] = { 222400, 235100, 241900 };

	(void)state;
	n = four(buf, sizeof(buf), off);
	assert_non_null(d = strstr(buf, "675674.789"));
	d[1] = '6';
	spew(p, buf, n);
	check_damage(p, buf, n, off[1], off[2], 1, want, 3);
}

/*
 * A flipped LF merges two records into one damaged line: it is moved
 * aside and counted, and the two records, each whole with its checksum,
 * are kept.
 */
static void
test_flipped_newline(void **state)
{
	struct journal_report	 rep;
	struct seen		 s;
	char			 buf[1024], orig[1024], *p = tmppath(), *b;
	size_t			 off[5], n, len;

	(void)state;
	n = four(buf, sizeof(buf), off);
	memcpy(orig, buf, n);
	buf[off[2] - 1] = '\n' ^ 0x20;
	spew(p, buf, n);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 4);
	assert_true(s.o[1].value == 675674.789);
	assert_true(s.o[2].value == 235100);
	assert_int_equal(rep.corrupt, 1);
	assert_int_equal(rep.split, 1);
	assert_int_equal(rep.ndamage, 1);
	assert_int_equal(rep.damage[0].off, off[1]);
	assert_int_equal(rep.damage[0].len, off[3] - off[1]);
	side_is(&rep, buf + off[1], off[3] - off[1]);
	journal_report_free(&rep);
	/* The journal is as it was before the flip. */
	b = slurp(p, &len);
	assert_int_equal(len, n);
	assert_memory_equal(b, orig, n);
	free(b);
	/* Two flipped bytes in a line: no split is whole, both go. */
	buf[off[2] - 1] = '*';
	buf[off[2] + 1] = 'X';
	spew(p, buf, n);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 2);
	assert_int_equal(rep.split, 0);
	side_is(&rep, buf + off[1], off[3] - off[1]);
	journal_report_free(&rep);
	unlink(p);
}

/* Garbage appended: damage, not a torn record, even without an LF. */
static void
test_garbage_appended(void **state)
{
	char		 buf[1024], *p = tmppath();
	size_t		 off[5], n, g;
	const double	 want[] = { 222400, 675674.789, 235100, 241900 };
	const char	 garbage[] = "\x1b[31mERROR\tsomething\n\x7f\x01";

	(void)state;
	n = four(buf, sizeof(buf), off);
	g = sizeof(garbage) - 1;
	memcpy(buf + n, garbage, g);
	spew(p, buf, n + g);
	check_damage(p, buf, n + g, n, n + g, 2, want, 4);
}

/* Every good record before and after a damaged one is kept. */
static void
test_damage_in_middle(void **state)
{
	char		 buf[1024], *p = tmppath();
	size_t		 off[5], n;
	const double	 want[] = { 222400, 675674.789, 241900 };

	(void)state;
	n = four(buf, sizeof(buf), off);
	memset(buf + off[2] + 3, 0, 6);		/* zeroed bytes */
	spew(p, buf, n);
	check_damage(p, buf, n, off[2], off[3], 1, want, 3);
}

/* The last 4 KB zeroed: damage from the first record it reaches on. */
static void
test_zeroed_tail(void **state)
{
	struct journal		*j;
	struct journal_report	 rep;
	struct seen		 s;
	struct obs		 o[400];
	const struct obs	*batch[400];
	char			 err[256], ids[400][16], *p = tmppath(), *b;
	size_t			 i, len, cut, kept, whole, lines = 0;

	(void)state;
	j = journal_open(p, NULL, NULL, &rep, err, sizeof(err));
	assert_non_null(j);
	for (i = 0; i < 400; i++) {
		snprintf(ids[i], sizeof(ids[i]), "ind_%zu", i);
		o[i] = mk(ids[i], "2024", (double)i, "src");
		batch[i] = &o[i];
	}
	assert_int_equal(journal_append(j, batch, 400, "push", T0, err,
	    sizeof(err)), 0);
	journal_close(j);
	b = slurp(p, &whole);
	cut = whole - 4096;
	memset(b + cut, 0, 4096);
	spew(p, b, whole);
	/* The records whose LF comes before the zeroes stay. */
	for (kept = cut; b[kept - 1] != '\n'; kept--)
		;
	for (i = 0; i < kept; i++)
		lines += b[i] == '\n';
	reopen(p, &s, &rep);
	assert_int_equal(s.n, lines - 1);	/* the header */
	assert_true(s.n <= 311);	/* 4096 bytes hit 89 records of <= 46 */
	assert_int_equal(rep.records, s.n);
	assert_true(s.o[15].value == 15);
	assert_int_equal(rep.corrupt, 1);
	assert_int_equal(rep.ndamage, 1);
	assert_int_equal(rep.damage[0].off, kept);
	assert_int_equal(rep.damage[0].len, whole - kept);
	assert_int_equal(rep.torn_off, -1);
	side_is(&rep, b + kept, whole - kept);
	journal_report_free(&rep);
	free(b);
	b = slurp(p, &len);
	assert_int_equal(len, kept);
	free(b);
	unlink(p);
}

/* An empty file: a new journal, header written, nothing replayed. */
static void
test_empty_file(void **state)
{
	struct journal_report	 rep;
	struct seen		 s;
	char			*p = tmppath(), *b;
	size_t			 len;

	(void)state;
	spew(p, "", 0);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 0);
	assert_int_equal(rep.created, 1);
	assert_int_equal(rep.corrupt, 0);
	b = slurp(p, &len);
	assert_int_equal(len, strlen(JOURNAL_HEADER));
	assert_memory_equal(b, JOURNAL_HEADER, len);
	free(b);
	unlink(p);
}

/* Format 3 records without the header line: it is put back, nothing lost. */
static void
test_header_lost(void **state)
{
	struct journal_report	 rep;
	struct seen		 s;
	char			 buf[1024], *p = tmppath(), *b;
	size_t			 off[5], n, len, h = strlen(JOURNAL_HEADER);

	(void)state;
	n = four(buf, sizeof(buf), off);
	spew(p, buf + h, n - h);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 4);
	assert_int_equal(rep.converted, 0);
	assert_int_equal(rep.corrupt, 0);
	b = slurp(p, &len);
	assert_int_equal(len, n);
	assert_memory_equal(b, buf, n);
	free(b);
	unlink(p);
}

/* Replay checks each record against the order it was written in. */
struct seq {
	size_t	 n;
	size_t	 wrong;
};

static void
check_seq(void *arg, const struct obs *o, const char *feed, time_t stored)
{
	struct seq	*q = arg;
	char		 id[32];

	snprintf(id, sizeof(id), "ind_%zu", q->n % 1000);
	if (strcmp(o->indicator, id) != 0 || o->value != (double)q->n * 0.25 ||
	    stored != 99999999999 ||
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
	struct journal_report rep;
	char		 err[256], (*ids)[32], *p = tmppath();
	size_t		 i, n = 70000;	/* three rounds (JOURNAL_ROUND) */
	off_t		 whole;
	FILE		*f;

	(void)state;
	j = journal_open(p, NULL, NULL, &rep, err, sizeof(err));
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
	assert_int_equal(journal_append(j, batch, n, "bulk", 99999999999, err,
	    sizeof(err)), 0);
	journal_close(j);
	stat(p, &st);
	whole = st.st_size;
	assert_true(whole > 3 * 256 * 1024);
	f = fopen(p, "a");
	fputs("ind_1\t2031\t12", f);
	fclose(f);
	j = journal_open(p, check_seq, &q, &rep, err, sizeof(err));
	assert_non_null(j);
	assert_int_equal(q.n, n);
	assert_int_equal(q.wrong, 0);
	assert_int_equal(rep.corrupt, 0);
	assert_int_equal(rep.torn_off, whole);
	assert_int_equal(journal_size(j), whole);
	journal_close(j);
	stat(p, &st);
	assert_int_equal(st.st_size, whole);
	free(o);
	free(batch);
	free(ids);
	unlink(p);
}

/* journal_parse_line's count of fields; *t gets the stored time. */
static int
parse(int format, const char *line, time_t *t)
{
	struct obs_buf	 o;
	char		 feed[32];

	*t = -1;
	return journal_parse_line(line, strlen(line), format, &o, feed,
	    sizeof(feed), t);
}

static void
test_parse_line(void **state)
{
	time_t	 t;
	int	 f;

	(void)state;
	for (f = 1; f <= 2; f++) {
		assert_int_equal(parse(f, "a\t2024\t1\tf\ts", &t), 5);
		assert_int_equal(t, 0);
		assert_int_equal(parse(f, "a\t2024\tnan\tf\ts", &t), -1);
		assert_int_equal(parse(f, "a\t2024\t1e999\tf\ts", &t), -1);
		assert_int_equal(parse(f, "A\t2024\t1\tf\ts", &t), -1);
		assert_int_equal(parse(f, "a\t2024-13\t1\tf\ts", &t), -1);
		assert_int_equal(parse(f, "a\t2024\t1\tf", &t), -1);
		assert_int_equal(parse(f, "a\t2024\t\tf\ts", &t), -1);
	}
	/* Format 3: six fields, the sixth a stored time in one spelling. */
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t1765000000", &t), 6);
	assert_int_equal(t, T0);
	assert_int_equal(parse(3, "a\t2024\t1\tf\t\t0", &t), 6);
	assert_int_equal(t, 0);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t999999999999", &t), 6);
	assert_int_equal(t, 999999999999);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t01", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t-1", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t+1", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t1 ", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t1000000000000", &t), -1);
	assert_int_equal(parse(3, "a\t2024\t1\tf\ts\t1\t2", &t), -1);
	assert_int_equal(parse(3, "a\t2024\tnan\tf\ts\t1", &t), -1);
	/* Format 2 takes a format 3 record; format 1 has five fields only. */
	assert_int_equal(parse(2, "a\t2024\t1\tf\ts\t1765000000", &t), 6);
	assert_int_equal(t, T0);
	assert_int_equal(parse(2, "a\t2024\t1\tf\ts\tx", &t), -1);
	assert_int_equal(parse(1, "a\t2024\t1\tf\ts\t1765000000", &t), -1);
}

/*
 * A journal of format 2 is rewritten in format 3 once: each record's bytes
 * kept, then the stored time 0 and a new checksum; a format 3 record in it
 * (an older indicatord kept it) stays as it is; a damaged line is moved
 * aside, two records merged by a flipped LF are both converted, and a torn
 * last record is cut.
 */
static void
test_format2(void **state)
{
	struct journal_report	 rep;
	struct seen		 s;
	char			 in[1024], want[1024], *p = tmppath(), *b;
	size_t			 n, w, two, len, bad;

	(void)state;
	n = (size_t)snprintf(in, sizeof(in), "%s", JOURNAL_HEADER_2);
	n += rec(in + n, sizeof(in) - n, "pat\t2023\t235100\tfile\tnews");
	n += rec(in + n, sizeof(in) - n,
	    "pat\t2024\t241900\tpush\tseed 000 x\t1765000000");
	bad = n;
	n += (size_t)snprintf(in + n, sizeof(in) - n,
	    "pat\t2022\t1\tfile\tnews\t00000000\n");
	n += rec(in + n, sizeof(in) - n, "pat\t2021\t2\tfile\t");
	in[n - 1] = '~';	/* the LF between two records flipped */
	n += rec(in + n, sizeof(in) - n, "pat\t2020\t3\tfile\t");
	len = n + (size_t)snprintf(in + n, sizeof(in) - n, "pat\t2025\t9");
	spew(p, in, len);
	reopen(p, &s, &rep);
	assert_int_equal(rep.converted, 2);
	assert_int_equal(rep.records, 4);
	assert_int_equal(rep.corrupt, 2);
	assert_int_equal(rep.split, 1);
	assert_int_equal(rep.torn_off, n);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.stored[0], 0);
	assert_int_equal(s.stored[1], T0);
	assert_string_equal(s.o[1].source, "seed 000 x");
	assert_true(s.o[2].value == 2 && s.o[3].value == 3);
	assert_int_equal(s.stored[2], 0);
	w = (size_t)snprintf(want, sizeof(want), "%s%s", JOURNAL_HEADER,
	    "pat\t2023\t235100\tfile\tnews\t0\t98533aa2\n"
	    "pat\t2024\t241900\tpush\tseed 000 x\t1765000000\tf1230407\n");
	two = w;
	w += rec(want + w, sizeof(want) - w, "pat\t2021\t2\tfile\t\t0");
	w += rec(want + w, sizeof(want) - w, "pat\t2020\t3\tfile\t\t0");
	b = slurp(p, &len);
	assert_int_equal(len, w);
	assert_memory_equal(b, want, w);
	free(b);
	side_is(&rep, in + bad, n - bad);
	journal_report_free(&rep);
	/* Once: format 3 now, nothing to do. */
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.stored[1], T0);
	assert_int_equal(rep.converted, 0);
	assert_int_equal(rep.corrupt, 0);
	assert_null(rep.damaged_path);
	b = slurp(p, &len);
	assert_int_equal(len, w);
	free(b);
	/* A format 2 file that lost its header is converted the same. */
	spew(p, in + strlen(JOURNAL_HEADER_2), bad - strlen(JOURNAL_HEADER_2));
	reopen(p, &s, &rep);
	assert_int_equal(rep.converted, 2);
	assert_int_equal(s.n, 2);
	b = slurp(p, &len);
	assert_int_equal(len, two);
	assert_memory_equal(b, want, len);
	free(b);
	unlink(p);
}

/* A format after 3 is refused, with nothing read or changed. */
static void
test_newer_format(void **state)
{
	struct journal_report	 rep;
	struct seen		 s = { 0 };
	const char		*text = "# indicatord journal 4: whatever\n"
	    "pat\t2023\t235100\tfile\tnews\t0\t98533aa2\n";
	char			 err[256], want[512], *p = tmppath(), *b;
	size_t			 len;

	(void)state;
	spew(p, text, strlen(text));
	assert_null(journal_open(p, collect, &s, &rep, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s: journal format 4, newer than this "
	    "indicatord reads (1 to 3): run the indicatord that wrote it; "
	    "nothing was changed", p);
	assert_string_equal(err, want);
	assert_int_equal(s.n, 0);
	assert_null(rep.damaged_path);
	b = slurp(p, &len);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(b, text, len);
	free(b);
	unlink(p);
}

/* A stored time before 1970 is written as 0: the parser takes no sign. */
static void
test_negative_stored(void **state)
{
	struct journal		*j;
	struct journal_report	 rep;
	struct seen		 s;
	struct obs		 a = mk("pat", "2024", 1, "");
	const struct obs	*batch[] = { &a };
	char			 err[256], *p = tmppath();

	(void)state;
	assert_non_null(j = journal_open(p, NULL, NULL, &rep, err,
	    sizeof(err)));
	assert_int_equal(journal_append(j, batch, 1, "f", -5, err,
	    sizeof(err)), 0);
	journal_close(j);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.stored[0], 0);
	assert_int_equal(rep.corrupt, 0);
	unlink(p);
}

static void
test_check_line(void **state)
{
	const char	*good = "pat\t2023\t235100\tfile\tnews\t4127c451";

	(void)state;
	assert_int_equal(journal_check_line(good, strlen(good)), 25);
	assert_int_equal(journal_check_line(good, strlen(good) - 1), -1);
	assert_int_equal(journal_check_line(
	    "pat\t2023\t235100\tfile\tnews\t4127C451", 34), -1);
	assert_int_equal(journal_check_line(
	    "pat\t2023\t235101\tfile\tnews\t4127c451", 34), -1);
	assert_int_equal(journal_check_line("pat\t2023\t235100", 15), -1);
}

/*
 * A write cut short by the file size limit (as by a full disk): -1 with
 * the reason, the journal cut back to its whole records, and the next
 * append after the limit is lifted lands after them.
 */
static void
test_short_write(void **state)
{
	struct journal		*j;
	struct journal_report	 rep;
	struct seen		 s;
	struct rlimit		 old, lim;
	struct obs		 o[100];
	const struct obs	*batch[100];
	char			 err[256], want[320], *p = tmppath();
	long long		 size;
	size_t			 i;

	(void)state;
	signal(SIGXFSZ, SIG_IGN);
	o[0] = mk("a", "2015", 1, "src");
	batch[0] = &o[0];
	assert_non_null(j = journal_open(p, NULL, NULL, &rep, err,
	    sizeof(err)));
	assert_int_equal(journal_append(j, batch, 1, "f", T0, err,
	    sizeof(err)), 0);
	size = journal_size(j);
	for (i = 0; i < 100; i++) {
		o[i] = mk("b", "2016", (double)i, "src");
		batch[i] = &o[i];
	}
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)size + 100;	/* a record and a bit more */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(journal_append(j, batch, 100, "f", T0, err,
	    sizeof(err)), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	snprintf(want, sizeof(want), "journal %s: File too large", p);
	assert_string_equal(err, want);
	assert_int_equal(journal_size(j), size);
	assert_int_equal(journal_append(j, batch + 99, 1, "f", T0 + 1, err,
	    sizeof(err)), 0);
	journal_close(j);
	reopen(p, &s, &rep);
	assert_int_equal(s.n, 2);
	assert_int_equal(rep.corrupt, 0);
	assert_string_equal(s.o[0].indicator, "a");
	assert_string_equal(s.o[1].indicator, "b");
	assert_true(s.o[1].value == 99.0);
	assert_int_equal(s.stored[1], T0 + 1);
	journal_report_free(&rep);
	signal(SIGXFSZ, SIG_DFL);
	unlink(p);
}

static void
test_unwritable(void **state)
{
	struct seen		 s = { 0 };
	struct journal_report	 rep;
	char			 err[256];

	(void)state;
	assert_null(journal_open("/nonexistent/dir/journal", collect, &s,
	    &rep, err, sizeof(err)));
	assert_string_equal(err,
	    "/nonexistent/dir/journal: No such file or directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_torn_tail),
		cmocka_unit_test(test_whole_without_lf),
		cmocka_unit_test(test_old_format),
		cmocka_unit_test(test_flipped_digit),
		cmocka_unit_test(test_flipped_newline),
		cmocka_unit_test(test_garbage_appended),
		cmocka_unit_test(test_damage_in_middle),
		cmocka_unit_test(test_zeroed_tail),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_header_lost),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_format2),
		cmocka_unit_test(test_newer_format),
		cmocka_unit_test(test_negative_stored),
		cmocka_unit_test(test_check_line),
		cmocka_unit_test(test_short_write),
		cmocka_unit_test(test_unwritable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
