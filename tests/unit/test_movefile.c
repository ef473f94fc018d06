/*
 * test_movefile.c: unit tests for daemon/movefile.c, the parser of the
 * files --journal-import reads: formats 3 and 2, and every way a line
 * fails the whole file with its line number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "crc32c.h"
#include "journal.h"
#include "movefile.h"

/* Append the record of fields, with its checksum and LF, to buf. */
static void
add(char *buf, size_t len, const char *fields)
{
	size_t	 n = strlen(buf);

	snprintf(buf + n, len - n, "%s\t%08x\n", fields,
	    crc32c(0, fields, strlen(fields)));
}

/* Parse buf as "f"; expect success. */
static void
parse_ok(struct movefile *m, const char *buf, size_t len)
{
	char	 err[256];

	memset(m, 0, sizeof(*m));
	if (movefile_parse(m, "f", buf, len, err, sizeof(err)) == -1)
		fail_msg("%s", err);
}

/* Parse buf as "f"; expect the error want. */
static void
parse_fails(const char *buf, size_t len, const char *want)
{
	struct movefile	 m;
	char		 err[256];

	memset(&m, 0, sizeof(m));
	assert_int_equal(movefile_parse(&m, "f", buf, len, err, sizeof(err)),
	    -1);
	assert_string_equal(err, want);
	movefile_free(&m);
}

static void
check_rec(const struct movefile *m, size_t i, const char *id,
    const char *per, double v, const char *feed, const char *src,
    time_t stored, size_t lineno)
{
	struct movefile_fields	 f;
	char			 buf[PERIOD_STRLEN];

	movefile_fields(m, i, &f);
	assert_string_equal(f.o.indicator, id);
	period_format(&f.o.period, buf, sizeof(buf));
	assert_string_equal(buf, per);
	assert_true(f.o.value == v);
	assert_string_equal(f.feed, feed);
	assert_string_equal(f.o.source, src);
	assert_int_equal(f.stored, stored);
	assert_int_equal(m->recs[i].lineno, lineno);
}

/* Format 3: every record kept byte for byte, its fields parsed. */
static void
test_format3(void **state)
{
	struct movefile	 m;
	char		 buf[1024];

	(void)state;
	snprintf(buf, sizeof(buf), "%s", JOURNAL_HEADER);
	add(buf, sizeof(buf), "x\t2019\t20\tmanual\tpush\t1765000000");
	add(buf, sizeof(buf), "x\t2020-Q3\t1e-07\twb\tWorld Bank\t0");
	parse_ok(&m, buf, strlen(buf));
	assert_int_equal(m.format, 3);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.textlen, strlen(buf) - strlen(JOURNAL_HEADER));
	assert_memory_equal(m.text, buf + strlen(JOURNAL_HEADER), m.textlen);
	check_rec(&m, 0, "x", "2019", 20, "manual", "push", 1765000000, 2);
	check_rec(&m, 1, "x", "2020-Q3", 1e-7, "wb", "World Bank", 0, 3);
	assert_int_equal(m.recs[0].off, 0);
	assert_int_equal(m.recs[1].off, m.recs[0].len);
	assert_int_equal(m.recs[0].len + m.recs[1].len, m.textlen);
	movefile_free(&m);
	assert_null(m.text);
	assert_int_equal(m.n, 0);
}

/*
 * Format 2: a record of five fields gets the stored time 0 and the
 * checksum of its fields and "\t0", as journal_open converts it; one of
 * six (format 3's, in a format 2 file) stays as it is.
 */
static void
test_format2(void **state)
{
	struct movefile	 m;
	char		 buf[1024], want[256];

	(void)state;
	snprintf(buf, sizeof(buf), "%s", JOURNAL_HEADER_2);
	add(buf, sizeof(buf), "pat\t2022\t100\tfile\tnews");
	add(buf, sizeof(buf), "pat\t2023\t120\tmanual\t\t1765000000");
	parse_ok(&m, buf, strlen(buf));
	assert_int_equal(m.format, 2);
	assert_int_equal(m.n, 2);
	/* The bytes t_stored.sh sees journal_open write for that record. */
	snprintf(want, sizeof(want), "%s",
	    "pat\t2022\t100\tfile\tnews\t0\t7db97921\n");
	add(want, sizeof(want), "pat\t2023\t120\tmanual\t\t1765000000");
	assert_int_equal(m.textlen, strlen(want));
	assert_memory_equal(m.text, want, m.textlen);
	check_rec(&m, 0, "pat", "2022", 100, "file", "news", 0, 2);
	check_rec(&m, 1, "pat", "2023", 120, "manual", "", 1765000000, 3);
	assert_int_equal(m.recs[1].off, m.recs[0].len);
	movefile_free(&m);
}

/*
 * A last record without its LF is taken, with one; a header alone is a
 * file of no records.
 */
static void
test_ends(void **state)
{
	struct movefile	 m;
	char		 buf[1024];

	(void)state;
	snprintf(buf, sizeof(buf), "%s", JOURNAL_HEADER);
	add(buf, sizeof(buf), "y\t2019\t7\tmanual\tpush\t5");
	parse_ok(&m, buf, strlen(buf) - 1);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.textlen, strlen(buf) - strlen(JOURNAL_HEADER));
	assert_memory_equal(m.text, buf + strlen(JOURNAL_HEADER), m.textlen);
	check_rec(&m, 0, "y", "2019", 7, "manual", "push", 5, 2);
	movefile_free(&m);
	parse_ok(&m, JOURNAL_HEADER, strlen(JOURNAL_HEADER));
	assert_int_equal(m.n, 0);
	assert_int_equal(m.textlen, 0);
	movefile_free(&m);
	parse_ok(&m, JOURNAL_HEADER, strlen(JOURNAL_HEADER) - 1);
	assert_int_equal(m.n, 0);
	movefile_free(&m);
}

/* The header: anything but format 2's or 3's fails at line 1. */
static void
test_bad_header(void **state)
{
	const char	*h4 = "# indicatord journal 4: something new\n", *p;
	char		 want[256];

	(void)state;
	parse_fails("", 0, "f: empty: not a journal export");
	snprintf(want, sizeof(want), "f:1: not a journal export: the first "
	    "line must be \"%.*s\"", (int)strlen(JOURNAL_HEADER) - 1,
	    JOURNAL_HEADER);
	p = "x\t2019\t20\tmanual\tpush\t0\t00000000\n";
	parse_fails(p, strlen(p), want);
	/* Format 1 (no header, no checksums) cannot be checked. */
	p = "x\t2019\t20\tmanual\tpush\n";
	parse_fails(p, strlen(p), want);
	parse_fails(JOURNAL_HEADER, strlen(JOURNAL_HEADER) - 2, want);
	parse_fails(h4, strlen(h4), "f:1: journal format 4, newer than this "
	    "indicatord reads (2 or 3): import it with the indicatord that "
	    "wrote it");
}

/* One bad line fails the file, naming its line. */
static void
test_bad_lines(void **state)
{
	char	 buf[1100], good[1024], *p;

	(void)state;
	snprintf(good, sizeof(good), "%s", JOURNAL_HEADER);
	add(good, sizeof(good), "x\t2018\t10.5\tmanual\tpush\t1");
	add(good, sizeof(good), "x\t2019\t20\tmanual\tpush\t1");

	/* One digit changed in line 3. */
	snprintf(buf, sizeof(buf), "%s", good);
	p = strstr(buf, "\t20\t");
	p[2] = '9';
	parse_fails(buf, strlen(buf), "f:3: the checksum does not match the "
	    "record (changed or damaged): nothing imported");
	/* The checksum changed, the record intact. */
	snprintf(buf, sizeof(buf), "%s", good);
	p = buf + strlen(buf) - 2;
	*p = *p == '0' ? '1' : '0';
	parse_fails(buf, strlen(buf), "f:3: the checksum does not match the "
	    "record (changed or damaged): nothing imported");
	/* An empty line. */
	snprintf(buf, sizeof(buf), "%s\n%s", JOURNAL_HEADER,
	    good + strlen(JOURNAL_HEADER));
	parse_fails(buf, strlen(buf), "f:2: an empty line, not a journal "
	    "record: nothing imported");
	/* A torn last record. */
	parse_fails(good, strlen(good) - 4, "f:3: the checksum does not match "
	    "the record (changed or damaged): nothing imported");
	/* A NUL byte in a field. */
	memcpy(buf, good, strlen(good) + 1);
	buf[strlen(JOURNAL_HEADER) + 1] = '\0';
	parse_fails(buf, strlen(good), "f:2: the checksum does not match the "
	    "record (changed or damaged): nothing imported");
	/* Five fields with a matching checksum in a format 3 file. */
	snprintf(buf, sizeof(buf), "%s", good);
	add(buf, sizeof(buf), "x\t2020\t30\tmanual\tpush");
	parse_fails(buf, strlen(buf), "f:4: not a journal record of format 3: "
	    "nothing imported");
	/* A matching checksum over fields that are no record. */
	snprintf(buf, sizeof(buf), "%s", good);
	add(buf, sizeof(buf), "X\t2020\t30\tmanual\tpush\t1");
	parse_fails(buf, strlen(buf), "f:4: not a journal record of format 3: "
	    "nothing imported");
	snprintf(buf, sizeof(buf), "%s", good);
	add(buf, sizeof(buf), "x\t2020\tnan\tmanual\tpush\t1");
	parse_fails(buf, strlen(buf), "f:4: not a journal record of format 3: "
	    "nothing imported");
	snprintf(buf, sizeof(buf), "%s", good);
	add(buf, sizeof(buf), "x\t2020\t30\tmanual\tpush\t01");
	parse_fails(buf, strlen(buf), "f:4: not a journal record of format 3: "
	    "nothing imported");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format3),
		cmocka_unit_test(test_format2),
		cmocka_unit_test(test_ends),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
