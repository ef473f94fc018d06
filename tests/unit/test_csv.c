/* test_csv.c: unit tests for collectors/csv.c and daemon/obs.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"
#include "obs.h"

#define NERR	16

struct errs {
	size_t	 n;
	size_t	 line[NERR];
	char	 reason[NERR][256];
};

static void
collect(void *arg, size_t lineno, const char *reason)
{
	struct errs	*e = arg;

	if (e->n < NERR) {
		e->line[e->n] = lineno;
		snprintf(e->reason[e->n], sizeof(e->reason[0]), "%s", reason);
	}
	e->n++;
}

static struct obs_buf
line_ok(const char *s)
{
	struct obs_buf	 o;
	char		 err[256] = "";

	if (csv_parse_line(s, strlen(s), &o, err, sizeof(err)) != CSV_OBS)
		fail_msg("csv_parse_line(\"%s\") did not yield an obs: %s", s,
		    err);
	return o;
}

/* Parsing the line must fail with exactly the message want. */
static void
line_bad_len(const char *s, size_t len, const char *want)
{
	struct obs_buf	 o;
	char		 err[256] = "";

	assert_int_equal(csv_parse_line(s, len, &o, err, sizeof(err)),
	    CSV_ERROR);
	if (strcmp(err, want) != 0)
		fail_msg("error for \"%.*s\" is \"%s\", want \"%s\"",
		    (int)len, s, err, want);
}

static void
line_bad(const char *s, const char *want)
{
	line_bad_len(s, strlen(s), want);
}

static void
line_skip(const char *s)
{
	struct obs_buf	 o;
	char		 err[256] = "";

	assert_int_equal(csv_parse_line(s, strlen(s), &o, err, sizeof(err)),
	    CSV_SKIP);
}

static void
test_plain(void **state)
{
	struct obs_buf	 o;

	(void)state;
	o = line_ok("patent_authorizations,2024,241900");
	assert_string_equal(o.indicator, "patent_authorizations");
	assert_int_equal(o.period.kind, PERIOD_ANNUAL);
	assert_int_equal(o.period.year, 2024);
	assert_true(o.value == 241900.0);
	assert_string_equal(o.source, "");
	assert_int_equal(o.line, 0);

	o = line_ok("fdi_usd,2024-Q3,-1.5e3,SAMR");
	assert_string_equal(o.indicator, "fdi_usd");
	assert_int_equal(o.period.kind, PERIOD_QUARTERLY);
	assert_int_equal(o.period.sub, 3);
	assert_true(o.value == -1500.0);
	assert_string_equal(o.source, "SAMR");

	o = line_ok("a,2024-07-15,0,");	/* empty fourth field */
	assert_string_equal(o.indicator, "a");
	assert_int_equal(o.period.day, 15);
	assert_true(o.value == 0.0);
	assert_string_equal(o.source, "");
}

static void
test_values(void **state)
{
	(void)state;
	assert_true(line_ok("a,2024,+5").value == 5.0);
	assert_true(line_ok("a,2024,-5").value == -5.0);
	assert_true(line_ok("a,2024,.5").value == 0.5);
	assert_true(line_ok("a,2024,5.").value == 5.0);
	assert_true(line_ok("a,2024,1E3").value == 1000.0);
	assert_true(line_ok("a,2024,2.5e-1").value == 0.25);
	assert_true(line_ok("a,2024,0.77").value == 0.77);
	/* Underflow is still a finite number. */
	assert_true(isfinite(line_ok("a,2024,1e-400").value));
	assert_true(line_ok("a,2024,1.7976931348623157e308").value ==
	    1.7976931348623157e308);
}

static void
test_value_errors(void **state)
{
	(void)state;
	line_bad("a,2024,abc", "bad value \"abc\"");
	line_bad("a,2024,", "bad value \"\"");
	line_bad("a,2024,  ", "bad value \"\"");
	line_bad("a,2024,0x10", "bad value \"0x10\"");
	line_bad("a,2024,0X1p3", "bad value \"0X1p3\"");
	line_bad("a,2024,nan", "bad value \"nan\"");
	line_bad("a,2024,NaN", "bad value \"NaN\"");
	line_bad("a,2024,inf", "bad value \"inf\"");
	line_bad("a,2024,-Infinity", "bad value \"-Infinity\"");
	line_bad("a,2024,\"1,000\"", "bad value \"1,000\"");
	line_bad("a,2024,1 000", "bad value \"1 000\"");
	line_bad("a,2024,1e", "bad value \"1e\"");
	line_bad("a,2024,.", "bad value \".\"");
	line_bad("a,2024,+", "bad value \"+\"");
	line_bad("a,2024,-", "bad value \"-\"");
	line_bad("a,2024,e5", "bad value \"e5\"");
	line_bad("a,2024,1.2.3", "bad value \"1.2.3\"");
	line_bad("a,2024,--1", "bad value \"--1\"");
	line_bad("a,2024,1e5e5", "bad value \"1e5e5\"");
	line_bad("a,2024,1e999", "value is not finite");
	line_bad("a,2024,-1e999", "value is not finite");
	line_bad("a,2024,1\xc2\xa0", "bad value \"1\\xc2\\xa0\"");
}

static void
test_quoting(void **state)
{
	struct obs_buf	 o;

	(void)state;
	o = line_ok("a,2024,1,\"Shenzhen, \"\"SAMR\"\" report\"");
	assert_string_equal(o.source, "Shenzhen, \"SAMR\" report");
	o = line_ok("\"a\",\"2024-Q3\",\"1.5\",\"x\"");
	assert_string_equal(o.indicator, "a");
	assert_int_equal(o.period.sub, 3);
	assert_true(o.value == 1.5);
	assert_string_equal(o.source, "x");
	o = line_ok("a,2024,1,\" x \"");	/* blanks inside quotes stay */
	assert_string_equal(o.source, " x ");
	o = line_ok("a,2024,1,\"\"");
	assert_string_equal(o.source, "");
	o = line_ok("a,2024,1, \"q\" \t");	/* blanks around quotes go */
	assert_string_equal(o.source, "q");
	o = line_ok("a,2024,1,\"\"\"\"");
	assert_string_equal(o.source, "\"");
	/* A quote inside an unquoted field is an ordinary byte. */
	o = line_ok("a,2024,1,5\" disk");
	assert_string_equal(o.source, "5\" disk");

	line_bad("a,2024,1,\"abc", "unterminated quote");
	line_bad("a,2024,1,\"abc\"\"", "unterminated quote");
	line_bad("\"a,2024,1", "unterminated quote");
	line_bad("a,2024,\"1\"x", "unexpected character after closing quote");
	line_bad("a,2024,\"1\" x,src",
	    "unexpected character after closing quote");
}

static void
test_trim(void **state)
{
	struct obs_buf	 o;

	(void)state;
	o = line_ok("  a , 2024 ,\t1e3\t, some source  ");
	assert_string_equal(o.indicator, "a");
	assert_int_equal(o.period.year, 2024);
	assert_true(o.value == 1000.0);
	assert_string_equal(o.source, "some source");
	/* Only spaces and tabs are trimmed: a stray CR is part of the value. */
	line_bad("a,2024,1\r", "bad value \"1\\x0d\"");
}

static void
test_skip(void **state)
{
	(void)state;
	line_skip("");
	line_skip("   \t ");
	line_skip("# a comment");
	line_skip("#");
	line_skip("  # indented comment, with, commas");
	line_skip("indicator,period,value,source");
	line_skip("indicator,period,value");
	line_skip("\"indicator\",\"period\",\"value\"");
	line_skip(" indicator , period , value ");
	line_skip("indicator");
	line_bad("Indicator,period,value", "bad indicator id \"Indicator\"");
	line_bad("indicators,period,value", "bad period \"period\": expected "
	    "YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, YYYY-Www or YYYY-MM-DD");
}

static void
test_fields(void **state)
{
	(void)state;
	line_bad("a,2024", "expected 3 or 4 fields, got 2");
	line_bad("a", "expected 3 or 4 fields, got 1");
	line_bad("a,2024,1,src,extra", "expected 3 or 4 fields, got 5");
	line_bad("a,2024,1,Shenzhen, SAMR", "expected 3 or 4 fields, got 5");
	line_bad("a,2024,1,,,,", "expected 3 or 4 fields, got 7");
	line_bad(",,", "bad indicator id \"\"");
}

static void
test_ids(void **state)
{
	char	 line[128], id[70];

	(void)state;
	line_bad("A,2024,1", "bad indicator id \"A\"");
	line_bad("1a,2024,1", "bad indicator id \"1a\"");
	line_bad("_a,2024,1", "bad indicator id \"_a\"");
	line_bad("a-b,2024,1", "bad indicator id \"a-b\"");
	line_bad("a b,2024,1", "bad indicator id \"a b\"");
	line_bad("a\"b,2024,1", "bad indicator id \"a\\\"b\"");
	line_bad("\xe4\xb8\x93,2024,1", "bad indicator id \"\\xe4\\xb8\\x93\"");
	assert_string_equal(line_ok("a_1,2024,1").indicator, "a_1");
	/* 64 bytes is the longest id; 65 is rejected (and the quote cut). */
	memset(id, 'x', 64);
	id[64] = '\0';
	snprintf(line, sizeof(line), "%s,2024,1", id);
	assert_string_equal(line_ok(line).indicator, id);
	snprintf(line, sizeof(line), "%sy,2024,1", id);
	line_bad(line, "bad indicator id \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "...\"");
	assert_int_equal(obs_valid_id("abc", 3), 1);
	assert_int_equal(obs_valid_id("abcD", 3), 1);	/* only len bytes */
	assert_int_equal(obs_valid_id("", 0), 0);
}

static void
test_period_errors(void **state)
{
	(void)state;
	line_bad("a,2024-13,1", "bad period \"2024-13\": month out of range");
	line_bad("a,2023-02-29,1", "bad period \"2023-02-29\": day out of "
	    "range");
	line_bad("a,,1", "bad period \"\": expected YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, "
	    "YYYY-Www or "
	    "YYYY-MM-DD");
	assert_int_equal(line_ok("a, 2024-q1 ,1").period.sub, 1);
}

static void
test_long(void **state)
{
	char		*line;
	struct obs_buf	 o;

	(void)state;
	line = malloc(CSV_LINE_MAX + 2);
	assert_non_null(line);
	/* Exactly CSV_LINE_MAX bytes: accepted, the source truncated. */
	memcpy(line, "a,2024,1,", 9);
	memset(line + 9, 's', CSV_LINE_MAX - 9);
	line[CSV_LINE_MAX] = '\0';
	o = line_ok(line);
	assert_int_equal(strlen(o.source), OBS_SOURCE_MAX - 1);
	assert_true(o.value == 1.0);
	/* One byte more: an error, whatever the content. */
	line[CSV_LINE_MAX] = 's';
	line[CSV_LINE_MAX + 1] = '\0';
	line_bad(line, "line too long (4097 bytes, limit 4096)");
	line_bad_len(line, CSV_LINE_MAX + 1,
	    "line too long (4097 bytes, limit 4096)");
	memset(line, '#', CSV_LINE_MAX + 1);	/* even a comment */
	line_bad_len(line, CSV_LINE_MAX + 1,
	    "line too long (4097 bytes, limit 4096)");
	free(line);
}

static void
test_source_utf8(void **state)
{
	char		 line[400];
	struct obs_buf	 o;

	(void)state;
	/* 254 ASCII bytes then "é": the cut at 255 would split it. */
	memcpy(line, "a,2024,1,", 9);
	memset(line + 9, 'x', 254);
	memcpy(line + 9 + 254, "\xc3\xa9zz", 5);
	o = line_ok(line);
	assert_int_equal(strlen(o.source), 254);
	/* 253 ASCII bytes then "é" fits exactly in 255. */
	memset(line + 9, 'x', 253);
	memcpy(line + 9 + 253, "\xc3\xa9zz", 5);
	o = line_ok(line);
	assert_int_equal(strlen(o.source), 255);
	assert_memory_equal(o.source + 253, "\xc3\xa9", 2);
	/* A source of exactly 255 bytes is kept whole. */
	memset(line + 9, 'y', 255);
	line[9 + 255] = '\0';
	assert_int_equal(strlen(line_ok(line).source), 255);
}

static void
test_nul_and_errbuf(void **state)
{
	struct obs_buf	 o;
	char		 small[8];

	(void)state;
	line_bad_len("a,2024,1\0", 9, "NUL byte in line");
	line_bad_len("a,20\0" "24,1", 9, "NUL byte in line");
	assert_int_equal(csv_parse_line("a,2024,x", 8, &o, NULL, 0),
	    CSV_ERROR);
	assert_int_equal(csv_parse_line("a,2024-13,x", 11, &o, small,
	    sizeof(small)), CSV_ERROR);
	assert_string_equal(small, "bad per");
}

static void
test_body(void **state)
{
	static const char	 body[] =
	    "\xef\xbb\xbf" "indicator,period,value,source\r\n"	/* 1 */
	    "a,2024,1\r\n"					/* 2 */
	    "\r\n"						/* 3 */
	    "# comment\n"					/* 4 */
	    "b,2024,x\n"					/* 5 */
	    "c,2025-Q1,3,\"src, quoted\"";			/* 6, no LF */
	struct obsvec		 ov;
	struct errs		 e;

	(void)state;
	memset(&e, 0, sizeof(e));
	obsvec_init(&ov);
	assert_int_equal(csv_parse_body(body, sizeof(body) - 1, &ov, collect,
	    &e), 1);
	assert_int_equal(ov.n, 2);
	assert_string_equal(ov.v[0].indicator, "a");
	assert_int_equal(ov.v[0].line, 2);
	assert_true(ov.v[0].value == 1.0);
	assert_string_equal(ov.v[1].indicator, "c");
	assert_int_equal(ov.v[1].line, 6);
	assert_string_equal(ov.v[1].source, "src, quoted");
	assert_int_equal(e.n, 1);
	assert_int_equal(e.line[0], 5);
	assert_string_equal(e.reason[0], "bad value \"x\"");
	obsvec_free(&ov);
	assert_null(ov.v);
	assert_int_equal(ov.n, 0);
	obsvec_free(NULL);
}

static void
test_body_lines(void **state)
{
	static const char	 body[] =
	    "a,2024,1\r\r\n"		/* 1: only one CR is stripped */
	    "b,20\0" "24,2\n"		/* 2: NUL */
	    "\xef\xbb\xbf" "c,2024,3\n"	/* 3: a BOM is skipped only at 0 */
	    "d,2024,4\n"		/* 4 */
	    "\n";			/* 5: blank; no line 6 */
	struct obsvec		 ov;
	struct errs		 e;

	(void)state;
	memset(&e, 0, sizeof(e));
	obsvec_init(&ov);
	assert_int_equal(csv_parse_body(body, sizeof(body) - 1, &ov, collect,
	    &e), 3);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.line[0], 1);
	assert_string_equal(e.reason[0], "bad value \"1\\x0d\"");
	assert_int_equal(e.line[1], 2);
	assert_string_equal(e.reason[1], "NUL byte in line");
	assert_int_equal(e.line[2], 3);
	assert_string_equal(e.reason[2],
	    "bad indicator id \"\\xef\\xbb\\xbfc\"");
	assert_int_equal(ov.n, 1);
	assert_string_equal(ov.v[0].indicator, "d");
	assert_int_equal(ov.v[0].line, 4);
	/* A NULL callback only counts. */
	obsvec_clear(&ov);
	assert_int_equal(csv_parse_body(body, sizeof(body) - 1, &ov, NULL,
	    NULL), 3);
	assert_int_equal(ov.n, 1);
	obsvec_free(&ov);
}

static void
test_body_edges(void **state)
{
	struct obsvec	 ov;
	struct errs	 e;

	(void)state;
	memset(&e, 0, sizeof(e));
	obsvec_init(&ov);
	assert_int_equal(csv_parse_body("", 0, &ov, collect, &e), 0);
	assert_int_equal(csv_parse_body("\xef\xbb\xbf", 3, &ov, collect, &e),
	    0);
	assert_int_equal(csv_parse_body("\n\n\r\n", 4, &ov, collect, &e), 0);
	assert_int_equal(ov.n, 0);
	assert_int_equal(e.n, 0);
	/* A final line without LF is parsed; its number counts the LFs. */
	assert_int_equal(csv_parse_body("\n\nx,2024", 8, &ov, collect, &e), 1);
	assert_int_equal(e.line[0], 3);
	assert_string_equal(e.reason[0], "expected 3 or 4 fields, got 2");
	/* A lone CR before EOF is stripped like CRLF. */
	assert_int_equal(csv_parse_body("a,2024,7\r", 9, &ov, collect, &e), 0);
	assert_int_equal(ov.n, 1);
	assert_true(ov.v[0].value == 7.0);
	obsvec_free(&ov);
}

static void
test_body_many(void **state)
{
	struct obsvec	 ov;
	char		*body, *p;
	size_t		 i, n = 1000;

	(void)state;
	body = malloc(n * 32);
	assert_non_null(body);
	for (p = body, i = 0; i < n; i++)
		p += sprintf(p, "x%zu,%zu,%zu\n", i, 1971 + i % 200, i);
	obsvec_init(&ov);
	assert_int_equal(csv_parse_body(body, p - body, &ov, NULL, NULL), 0);
	assert_int_equal(ov.n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(ov.v[i].line, i + 1);
		assert_true(ov.v[i].value == (double)i);
		assert_int_equal(ov.v[i].period.year, 1971 + i % 200);
	}
	obsvec_free(&ov);
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_value_errors),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_period_errors),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_source_utf8),
		cmocka_unit_test(test_nul_and_errbuf),
		cmocka_unit_test(test_body),
		cmocka_unit_test(test_body_lines),
		cmocka_unit_test(test_body_edges),
		cmocka_unit_test(test_body_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
