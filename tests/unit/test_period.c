/* test_period.c: unit tests for daemon/period.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "period.h"

/* cmocka 1.1.5 has no assert_near. */
#define assert_near(a, b, eps) do {					\
	double	 a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= (eps)))					\
		fail_msg("%s = %.17g, want %.17g", #a, a_, b_);		\
} while (0)

static struct period
parse_ok(const char *s)
{
	struct period	 p;
	char		 err[256] = "";

	if (period_parse(s, strlen(s), &p, err, sizeof(err)) != 0)
		fail_msg("period_parse(\"%s\") failed: %s", s, err);
	return p;
}

/* Parsing s must fail with a message containing want. */
static void
parse_bad(const char *s, size_t len, const char *want)
{
	struct period	 p;
	char		 err[256] = "";

	assert_int_equal(period_parse(s, len, &p, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("error for \"%.*s\" is \"%s\", want \"%s\"",
		    (int)len, s, err, want);
}

static void
test_annual(void **state)
{
	struct period	 p = parse_ok("2024");

	(void)state;
	assert_int_equal(p.kind, PERIOD_ANNUAL);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.sub, 0);
	assert_int_equal(p.day, 0);
	assert_int_equal(period_start(&p), 1704067200);	/* 2024-01-01 */
	assert_int_equal(period_end(&p), 1735689600);	/* 2025-01-01 */
	assert_true(period_decimal_year(&p) == 2024.0);
}

static void
test_quarterly(void **state)
{
	struct period	 p = parse_ok("2024-Q3"), q;

	(void)state;
	assert_int_equal(p.kind, PERIOD_QUARTERLY);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.sub, 3);
	assert_int_equal(period_start(&p), 1719792000);	/* 2024-07-01 */
	assert_int_equal(period_end(&p), 1727740800);	/* 2024-10-01 */
	q = parse_ok("2024-q4");
	assert_int_equal(q.kind, PERIOD_QUARTERLY);
	assert_int_equal(q.sub, 4);
	assert_int_equal(period_start(&q), 1727740800);
	assert_int_equal(period_end(&q), 1735689600);
	assert_true(period_decimal_year(&q) == 2024.0);
	q = parse_ok("2024-Q1");
	assert_int_equal(period_start(&q), 1704067200);
	assert_int_equal(period_end(&q), 1711929600);	/* 2024-04-01 */
}

static void
test_monthly(void **state)
{
	struct period	 p = parse_ok("2024-02");

	(void)state;
	assert_int_equal(p.kind, PERIOD_MONTHLY);
	assert_int_equal(p.sub, 2);
	assert_int_equal(period_start(&p), 1706745600);	/* 2024-02-01 */
	assert_int_equal(period_end(&p), 1709251200);	/* 2024-03-01 */
	assert_int_equal(period_end(&p) - period_start(&p), 29 * 86400);
	p = parse_ok("2023-02");
	assert_int_equal(period_end(&p) - period_start(&p), 28 * 86400);
	p = parse_ok("2024-12");
	assert_int_equal(period_start(&p), 1733011200);	/* 2024-12-01 */
	assert_int_equal(period_end(&p), 1735689600);
	/* 2024-07 ends 2024-08-01: 213 days into leap 2024, minus a year. */
	p = parse_ok("2024-07");
	assert_near(period_decimal_year(&p), 2023.0 + 213.0 / 366.0,
	    1e-12);
}

static void
test_daily(void **state)
{
	struct period	 p = parse_ok("2024-12-31");

	(void)state;
	assert_int_equal(p.kind, PERIOD_DAILY);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.sub, 12);
	assert_int_equal(p.day, 31);
	assert_int_equal(period_start(&p), 1735603200);
	assert_int_equal(period_end(&p), 1735689600);
	assert_true(period_decimal_year(&p) == 2024.0);
	p = parse_ok("2024-02-29");
	assert_int_equal(period_start(&p), 1709164800);
	assert_int_equal(period_end(&p), 1709251200);
	p = parse_ok("2000-02-29");	/* divisible by 400: leap */
	assert_int_equal(p.day, 29);
	p = parse_ok("1971-01-01");
	assert_int_equal(period_start(&p), 365 * 86400);
	p = parse_ok("2200-12-31");
	assert_int_equal(period_end(&p), 7289654400LL);	/* 2201-01-01 */
}

static void
test_semiannual(void **state)
{
	struct period	 p = parse_ok("2024-S2");

	(void)state;
	assert_int_equal(p.kind, PERIOD_SEMIANNUAL);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.sub, 2);
	assert_int_equal(period_start(&p), 1719792000);	/* 2024-07-01 */
	assert_int_equal(period_end(&p), 1735689600);	/* 2025-01-01 */
	assert_true(period_decimal_year(&p) == 2024.0);
	p = parse_ok("2024-S1");
	assert_int_equal(period_start(&p), 1704067200);	/* 2024-01-01 */
	assert_int_equal(period_end(&p), 1719792000);	/* 2024-07-01 */
	parse_bad("2024-S3", 7, "bad period \"2024-S3\": half-year out of "
	    "range");
	parse_bad("2024-S0", 7, "half-year out of range");
}

/* ISO 8601 weeks: week 1 holds January 4; some years have 53 weeks. */
static void
test_weekly(void **state)
{
	struct period	 p = parse_ok("2024-W01");

	(void)state;
	assert_int_equal(p.kind, PERIOD_WEEKLY);
	assert_int_equal(p.year, 2024);
	assert_int_equal(p.sub, 1);
	assert_int_equal(period_start(&p), 1704067200);	/* Mon 2024-01-01 */
	assert_int_equal(period_end(&p), 1704672000);	/* Mon 2024-01-08 */
	p = parse_ok("2020-W53");			/* 2020-12-28..2021-01-03 */
	assert_int_equal(period_start(&p), 1609113600);
	assert_int_equal(period_end(&p), 1609718400);
	p = parse_ok("2021-W01");			/* starts 2021-01-04 */
	assert_int_equal(period_start(&p), 1609718400);
	p = parse_ok("2025-W01");			/* starts Mon 2024-12-30 */
	assert_int_equal(period_start(&p), 1735516800);
	p = parse_ok("2026-W53");			/* 2026 has 53 weeks */
	assert_int_equal(period_start(&p), 1798416000);	/* 2026-12-28 */
	parse_bad("2021-W53", 8, "bad period \"2021-W53\": week out of range");
	parse_bad("2024-W53", 8, "week out of range");
	parse_bad("2024-W00", 8, "week out of range");
	parse_bad("2024-W5", 7, "expected YYYY");
}

static void
check_lag(const char *s, int months, int days, const char *back)
{
	struct period_lag	 l;
	char			 err[256], buf[32];

	if (period_lag_parse(s, &l, err, sizeof(err)) == -1)
		fail_msg("period_lag_parse(\"%s\"): %s", s, err);
	assert_int_equal(l.months, months);
	assert_int_equal(l.days, days);
	period_lag_format(l, buf, sizeof(buf));
	assert_string_equal(buf, back);
}

/* Publication lags, and when a period's figure is due. */
static void
test_lag(void **state)
{
	struct period_lag	 l;
	struct period		 p;
	char			 err[256];

	(void)state;
	check_lag("18 months", 18, 0, "18 months");
	check_lag("1 month", 1, 0, "1 month");
	check_lag("2 years", 24, 0, "24 months");
	check_lag("1 year", 12, 0, "12 months");
	check_lag("6 weeks", 0, 42, "42 days");
	check_lag("1 day", 0, 1, "1 day");
	assert_int_equal(period_lag_parse("18months", &l, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "stale_after \"18months\": expected a count "
	    "and months, years, weeks or days, e.g. \"18 months\"");
	assert_int_equal(period_lag_parse("0 days", &l, err, sizeof(err)), -1);
	assert_int_equal(period_lag_parse("-1 days", &l, err, sizeof(err)),
	    -1);
	assert_int_equal(period_lag_parse("1201 months", &l, err, sizeof(err)),
	    -1);
	assert_int_equal(period_lag_parse("99999999999 days", &l, err,
	    sizeof(err)), -1);
	assert_int_equal(period_lag_parse("3 fortnights", &l, err,
	    sizeof(err)), -1);
	/* Defaults by kind. */
	l = period_lag_default(PERIOD_ANNUAL);
	assert_int_equal(l.months, 18);
	l = period_lag_default(PERIOD_QUARTERLY);
	assert_int_equal(l.months, 6);
	l = period_lag_default(PERIOD_MONTHLY);
	assert_int_equal(l.months, 3);
	l = period_lag_default(PERIOD_DAILY);
	assert_int_equal(l.months * 100 + l.days, 7);
	/* 2021 ends 2022-01-01: due 18 months later, 2023-07-01. */
	p = parse_ok("2021");
	l = period_lag_default(PERIOD_ANNUAL);
	assert_int_equal(period_due(&p, l), 1688169600);
	/* 2024-11 ends 2024-12-01: three months later is 2025-03-01. */
	p = parse_ok("2024-11");
	l = period_lag_default(PERIOD_MONTHLY);
	assert_int_equal(period_due(&p, l), 1740787200);
	/* 2024-07-15 ends on the 16th: 7 days later, the 23rd. */
	p = parse_ok("2024-07-15");
	l = period_lag_default(PERIOD_DAILY);
	assert_int_equal(period_due(&p, l), 1721692800);
}

static void
test_exact_len(void **state)
{
	struct period	 p;
	char		 err[128];

	(void)state;
	/* Only len bytes are read: no NUL needed, trailing bytes ignored. */
	assert_int_equal(period_parse("2024-07xyz", 7, &p, err, sizeof(err)),
	    0);
	assert_int_equal(p.kind, PERIOD_MONTHLY);
	assert_int_equal(p.sub, 7);
	assert_int_equal(period_parse("2024", 4, &p, NULL, 0), 0);
	assert_int_equal(period_parse("20x4", 4, &p, NULL, 0), -1);
}

static void
test_errors(void **state)
{
	(void)state;
	parse_bad("2024-13", 7, "bad period \"2024-13\": month out of range");
	parse_bad("2024-00", 7, "month out of range");
	parse_bad("2024-00-10", 10, "month out of range");
	parse_bad("2024-Q5", 7, "bad period \"2024-Q5\": quarter out of range");
	parse_bad("2024-Q0", 7, "quarter out of range");
	parse_bad("1970", 4, "bad period \"1970\": year out of range");
	parse_bad("2201", 4, "year out of range");
	parse_bad("0000-01", 7, "year out of range");
	parse_bad("2023-02-29", 10, "day out of range");
	parse_bad("2100-02-29", 10, "day out of range");
	parse_bad("2024-04-31", 10, "day out of range");
	parse_bad("2024-01-00", 10, "day out of range");
	parse_bad("2024-01-32", 10, "day out of range");
	parse_bad("", 0, "bad period \"\": expected YYYY, YYYY-Sn, YYYY-Qn, "
	    "YYYY-MM, YYYY-Www or YYYY-MM-DD");
	parse_bad("24", 2, "expected YYYY");
	parse_bad("2024-1", 6, "expected YYYY");
	parse_bad("2024-7-15", 9, "expected YYYY");
	parse_bad("2024/07", 7, "expected YYYY");
	parse_bad("2024-07/15", 10, "expected YYYY");
	parse_bad(" 2024", 5, "expected YYYY");
	parse_bad("2024 ", 5, "expected YYYY");
	parse_bad("+024", 4, "expected YYYY");
	parse_bad("2024-Qx", 7, "expected YYYY");
	parse_bad("2024-Q-1", 8, "expected YYYY");
	parse_bad("2024-M3", 7, "expected YYYY");
	parse_bad("2024-1a", 7, "expected YYYY");
	parse_bad("2024-01-1a", 10, "expected YYYY");
	parse_bad("2024-Q310", 9, "expected YYYY");
	parse_bad("20240715", 8, "expected YYYY");
}

static void
test_error_quoting(void **state)
{
	struct period	 p;
	char		 err[256], big[300], small[20];
	size_t		 i;

	(void)state;
	/* Control bytes, NUL, quotes and high bytes are escaped. */
	parse_bad("2\x01\"\\\n\xff\0", 7,
	    "bad period \"2\\x01\\\"\\\\\\x0a\\xff\\x00\": expected");
	/* Long input is cut after 32 bytes with "...". */
	memset(big, 'a', sizeof(big));
	assert_int_equal(period_parse(big, sizeof(big), &p, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "bad period \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "...\": expected YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, "
	    "YYYY-Www or YYYY-MM-DD");
	/* The message is always safe to log: printable ASCII only. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 37);
	assert_int_equal(period_parse(big, 40, &p, err, sizeof(err)), -1);
	for (i = 0; err[i] != '\0'; i++)
		assert_true(err[i] >= 0x20 && err[i] < 0x7f);
	/* A short buffer gets a truncated, terminated message. */
	memset(small, 'X', sizeof(small));
	assert_int_equal(period_parse("2024-13", 7, &p, small, 10), -1);
	assert_string_equal(small, "bad perio");
	assert_int_equal(small[10], 'X');
}

static void
test_format(void **state)
{
	static const char	*in[] = {
		"2024", "2024-Q3", "2024-07", "2024-07-15", "1971-01-01",
		"2200-Q4", "2024-S1", "2024-W05", "2020-W53", "2200-S2"
	};
	struct period		 p;
	char			 buf[PERIOD_STRLEN];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		p = parse_ok(in[i]);
		period_format(&p, buf, sizeof(buf));
		assert_string_equal(buf, in[i]);
	}
	p = parse_ok("2024-q2");
	period_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "2024-Q2");
}

/* The hand-written forms are printf's, for every period parse accepts. */
static void
test_format_all(void **state)
{
	struct period	 p;
	char		 buf[PERIOD_STRLEN], ref[32], small[8];
	int		 y, m, d;
	size_t		 n = 0;

	(void)state;
	memset(&p, 0, sizeof(p));
	for (y = PERIOD_YEAR_MIN; y <= PERIOD_YEAR_MAX; y++) {
		p.year = (short)y;
		p.kind = PERIOD_ANNUAL;
		p.sub = p.day = 0;
		period_format(&p, buf, sizeof(buf));
		snprintf(ref, sizeof(ref), "%04d", y);
		assert_string_equal(buf, ref);
		for (m = 1; m <= 4; m++) {
			p.kind = PERIOD_QUARTERLY;
			p.sub = (unsigned char)m;
			period_format(&p, buf, sizeof(buf));
			snprintf(ref, sizeof(ref), "%04d-Q%d", y, m);
			assert_string_equal(buf, ref);
		}
		for (m = 1; m <= 12; m++) {
			p.kind = PERIOD_MONTHLY;
			p.sub = (unsigned char)m;
			p.day = 0;
			period_format(&p, buf, sizeof(buf));
			snprintf(ref, sizeof(ref), "%04d-%02d", y, m);
			assert_string_equal(buf, ref);
			for (d = 1; d <= 31; d++, n++) {
				p.kind = PERIOD_DAILY;
				p.day = (unsigned char)d;
				period_format(&p, buf, sizeof(buf));
				snprintf(ref, sizeof(ref), "%04d-%02d-%02d", y,
				    m, d);
				assert_string_equal(buf, ref);
			}
		}
	}
	assert_true(n == (size_t)(PERIOD_YEAR_MAX - PERIOD_YEAR_MIN + 1) *
	    12 * 31);
	/* A buffer too small for the form is cut as snprintf cuts. */
	p.year = 2024;
	p.kind = PERIOD_DAILY;
	p.sub = 7;
	p.day = 15;
	period_format(&p, small, sizeof(small));
	assert_string_equal(small, "2024-07");
}

static void
test_time_to_year(void **state)
{
	(void)state;
	assert_true(period_time_to_year(1735689600) == 2025.0);
	assert_true(period_time_to_year(1704067200) == 2024.0);
	/* Half of 2023 (365 days): 2023-07-02T12:00Z. */
	assert_near(period_time_to_year(1672531200 + 365 * 43200),
	    2023.5, 1e-12);
}

/* What the calendar arithmetic must agree with: libc's timegm. */
static time_t
ref_utc(int y, int m, int d)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return timegm(&tm);
}

static double
ref_year(time_t t)
{
	struct tm	 tm;
	time_t		 a, b;

	gmtime_r(&t, &tm);
	a = ref_utc(tm.tm_year + 1900, 1, 1);
	b = ref_utc(tm.tm_year + 1901, 1, 1);
	return tm.tm_year + 1900 + (double)(t - a) / (double)(b - a);
}

static void
check_period(const struct period *p, time_t start, time_t end)
{
	if (period_start(p) != start || period_end(p) != end ||
	    period_decimal_year(p) != ref_year(end) - 1.0)
		fail_msg("%d %d-%d-%d: start %lld/%lld end %lld/%lld",
		    (int)p->kind, p->year, p->sub, p->day,
		    (long long)period_start(p), (long long)start,
		    (long long)period_end(p), (long long)end);
}

/* Every period of every kind and year, against timegm. */
static void
test_against_timegm(void **state)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	struct period	 p;
	struct tm	 tm;
	time_t		 t;
	int		 y, q, m, d;

	(void)state;
	for (y = PERIOD_YEAR_MIN; y <= PERIOD_YEAR_MAX; y++) {
		p = (struct period){ PERIOD_ANNUAL, y, 0, 0 };
		check_period(&p, ref_utc(y, 1, 1), ref_utc(y + 1, 1, 1));
		for (q = 1; q <= 4; q++) {
			p = (struct period){ PERIOD_QUARTERLY, y, q, 0 };
			check_period(&p, ref_utc(y, q * 3 - 2, 1),
			    ref_utc(y, q * 3 + 1, 1));
		}
		for (m = 1; m <= 12; m++) {
			p = (struct period){ PERIOD_MONTHLY, y, m, 0 };
			check_period(&p, ref_utc(y, m, 1),
			    ref_utc(y, m + 1, 1));
			for (d = 1; d <= mdays[m - 1]; d++) {
				memset(&tm, 0, sizeof(tm));
				t = ref_utc(y, m, d);
				gmtime_r(&t, &tm);
				if (tm.tm_mday != d)
					continue;	/* 29 Feb, not a leap year */
				p = (struct period){ PERIOD_DAILY, y, m, d };
				check_period(&p, t, ref_utc(y, m, d + 1));
			}
		}
	}
	/* Times before 1970 and within a day, too. */
	for (t = -2000000000LL; t < 7300000000LL; t += 86400 * 37 + 3607)
		assert_true(period_time_to_year(t) == ref_year(t));
}

static void
test_cmp(void **state)
{
	struct period	 a, b;

	(void)state;
	a = parse_ok("2024");
	b = parse_ok("2024-Q4");
	assert_int_equal(period_cmp(&a, &b), -1);	/* same end: by kind */
	assert_int_equal(period_cmp(&b, &a), 1);
	assert_int_equal(period_cmp(&a, &a), 0);
	a = parse_ok("2023");
	b = parse_ok("2024-01");
	assert_int_equal(period_cmp(&a, &b), -1);
	a = parse_ok("2024-07-15");
	b = parse_ok("2024-Q3");
	assert_int_equal(period_cmp(&a, &b), -1);
	assert_int_equal(period_cmp(&b, &a), 1);
}

static void
test_kind_names(void **state)
{
	static const char	*names[PERIOD_NKINDS] = {
		"annual", "quarterly", "monthly", "daily", "semiannual",
		"weekly"
	};
	enum period_kind	 k;
	int			 i;

	(void)state;
	for (i = 0; i < PERIOD_NKINDS; i++) {
		assert_string_equal(period_kind_name((enum period_kind)i),
		    names[i]);
		assert_int_equal(period_kind_parse(names[i], &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(period_kind_parse("Annual", &k), -1);
	assert_int_equal(period_kind_parse("", &k), -1);
	assert_int_equal(period_kind_parse("yearly", &k), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_annual),
		cmocka_unit_test(test_quarterly),
		cmocka_unit_test(test_monthly),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_semiannual),
		cmocka_unit_test(test_weekly),
		cmocka_unit_test(test_lag),
		cmocka_unit_test(test_exact_len),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_quoting),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_all),
		cmocka_unit_test(test_time_to_year),
		cmocka_unit_test(test_against_timegm),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
