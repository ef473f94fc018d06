/*
 * period.c: observation periods ("2024", "2024-S1", "2024-Q3", "2024-07",
 * "2024-W05", "2024-07-15").
 *
 * A period's timestamp is its end, the UTC start of the next period, so an
 * RRD GAUGE update at that time fills the whole period. All times are UTC
 * (plain calendar arithmetic); nothing here depends on the locale or the time zone.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "period.h"
#include "quote.h"


static const char *period_kind_names[PERIOD_NKINDS] = {
	"annual", "quarterly", "monthly", "daily", "semiannual", "weekly"
};

static int	 period_digits(const char *, size_t);
static int	 period_leap(int);
static int	 period_mdays(int, int);
static int	 period_fail(const char *, size_t, const char *, char *,
		    size_t);
static time_t	 period_utc(int, int, int);
static int	 period_weeks(int);

/* Value of len ASCII digits, or -1 if any byte is not a digit. */
static int
period_digits(const char *s, size_t len)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
period_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
period_mdays(int y, int m)
{
	static const int	 mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && period_leap(y))
		return 29;
	return mdays[m - 1];
}

/* Write `bad period "<s>": <why>` into err; always returns -1. */
static int
period_fail(const char *s, size_t len, const char *why, char *err,
    size_t errlen)
{
	char	 q[QUOTE_BUFLEN];

	if (err == NULL || errlen == 0)
		return -1;
	quote_text(s, len, q, sizeof(q));
	snprintf(err, errlen, "bad period \"%s\": %s", q, why);
	return -1;
}

/*
 * The part after "YYYY-" of a canonical form: its kind, sub-period and day
 * (left 0 where the kind has none); -1 if the text has no such form.
 */
static int
period_parse_sub(const char *s, size_t n, struct period *r, int *sub,
    int *day)
{
	char	 c = n > 0 ? s[0] : '\0';

	if (n == 2 && (c == 'Q' || c == 'q' || c == 'S' || c == 's')) {
		r->kind = (c == 'Q' || c == 'q') ? PERIOD_QUARTERLY :
		    PERIOD_SEMIANNUAL;
		return (*sub = period_digits(s + 1, 1)) == -1 ? -1 : 0;
	}
	if (n == 3 && (c == 'W' || c == 'w')) {
		r->kind = PERIOD_WEEKLY;
		return (*sub = period_digits(s + 1, 2)) == -1 ? -1 : 0;
	}
	if (n != 2 && n != 5)
		return -1;
	r->kind = n == 2 ? PERIOD_MONTHLY : PERIOD_DAILY;
	if ((*sub = period_digits(s, 2)) == -1 ||
	    (n == 5 && (s[2] != '-' || (*day = period_digits(s + 3, 2)) == -1)))
		return -1;
	return 0;
}

/* Why sub (and day) are out of range for r's kind in year, or NULL. */
static const char *
period_range(const struct period *r, int year, int sub, int day)
{
	switch (r->kind) {
	case PERIOD_SEMIANNUAL:
		return sub < 1 || sub > 2 ? "half-year out of range" : NULL;
	case PERIOD_QUARTERLY:
		return sub < 1 || sub > 4 ? "quarter out of range" : NULL;
	case PERIOD_WEEKLY:
		return sub < 1 || sub > period_weeks(year) ?
		    "week out of range" : NULL;
	case PERIOD_MONTHLY:
	case PERIOD_DAILY:
		if (sub < 1 || sub > 12)
			return "month out of range";
		if (r->kind == PERIOD_DAILY &&
		    (day < 1 || day > period_mdays(year, sub)))
			return "day out of range";
		return NULL;
	case PERIOD_ANNUAL:
		return NULL;
	}
	return NULL;
}

int
period_parse(const char *s, size_t len, struct period *p, char *err,
    size_t errlen)
{
	static const char	*form = "expected YYYY, YYYY-Sn, YYYY-Qn, "
	    "YYYY-MM, YYYY-Www or YYYY-MM-DD";
	struct period		 r;
	const char		*why;
	int			 year, sub = 0, day = 0;

	memset(&r, 0, sizeof(r));
	if (len < 4 || (year = period_digits(s, 4)) == -1 ||
	    (len > 4 && (s[4] != '-' ||
	    period_parse_sub(s + 5, len - 5, &r, &sub, &day) == -1)))
		return period_fail(s, len, form, err, errlen);
	if (year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX)
		return period_fail(s, len, "year out of range", err, errlen);
	if ((why = period_range(&r, year, sub, day)) != NULL)
		return period_fail(s, len, why, err, errlen);
	/* In range: they fit the packed fields. */
	r.year = (short)year;
	r.sub = (unsigned char)sub;
	r.day = (unsigned char)day;
	*p = r;
	return 0;
}

/* n (0 <= n < 10^w) as exactly w digits at b; returns the end. */
static char *
period_put(char *b, int n, int w)
{
	int	 i;

	for (i = w - 1; i >= 0; i--, n /= 10)
		b[i] = (char)('0' + n % 10);
	return b + w;
}

/*
 * The canonical forms written by hand when they fit: snprintf cost
 * 180 ns a period, more than the rest of a journal record's formatting.
 */
static int
period_format_fast(const struct period *p, char *buf, size_t len)
{
	char	*b = buf;

	if (len < PERIOD_STRLEN || p->year < 0 || p->year > 9999 ||
	    p->sub > 99 || p->day > 99)
		return -1;
	b = period_put(b, p->year, 4);
	switch (p->kind) {
	case PERIOD_QUARTERLY:
		if (p->sub > 9)
			return -1;
		*b++ = '-';
		*b++ = 'Q';
		b = period_put(b, p->sub, 1);
		break;
	case PERIOD_SEMIANNUAL:
		if (p->sub > 9)
			return -1;
		*b++ = '-';
		*b++ = 'S';
		b = period_put(b, p->sub, 1);
		break;
	case PERIOD_MONTHLY:
		*b++ = '-';
		b = period_put(b, p->sub, 2);
		break;
	case PERIOD_WEEKLY:
		*b++ = '-';
		*b++ = 'W';
		b = period_put(b, p->sub, 2);
		break;
	case PERIOD_DAILY:
		*b++ = '-';
		b = period_put(b, p->sub, 2);
		*b++ = '-';
		b = period_put(b, p->day, 2);
		break;
	default:
		break;
	}
	*b = '\0';
	return 0;
}

void
period_format(const struct period *p, char *buf, size_t len)
{
	if (period_format_fast(p, buf, len) == 0)
		return;
	switch (p->kind) {
	case PERIOD_SEMIANNUAL:
		snprintf(buf, len, "%04d-S%d", p->year, p->sub);
		break;
	case PERIOD_QUARTERLY:
		snprintf(buf, len, "%04d-Q%d", p->year, p->sub);
		break;
	case PERIOD_MONTHLY:
		snprintf(buf, len, "%04d-%02d", p->year, p->sub);
		break;
	case PERIOD_WEEKLY:
		snprintf(buf, len, "%04d-W%02d", p->year, p->sub);
		break;
	case PERIOD_DAILY:
		snprintf(buf, len, "%04d-%02d-%02d", p->year, p->sub, p->day);
		break;
	default:
		snprintf(buf, len, "%04d", p->year);
		break;
	}
}

/* Days from 1970-01-01 to y-m-01 in the proleptic Gregorian calendar. */
static long long
days_from_civil(long long y, int m)
{
	long long	 era, yoe, doy, doe;

	if (m > 12) {
		y += (m - 1) / 12;
		m = (m - 1) % 12 + 1;
	}
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * UTC midnight of y-m-d; m may be 13 (January of y + 1) and d may run
 * past the month's end, as timegm would normalize them. Plain arithmetic:
 * no time zone lock, and called for every point stored.
 */
static time_t
period_utc(int y, int m, int d)
{
	return (time_t)((days_from_civil(y, m) + d - 1) * 86400);
}

/* Monday of ISO week 1 of year y: the week that holds January 4. */
static time_t
period_week1(int y)
{
	long long	 jan4 = days_from_civil(y, 1) + 3;

	/* 1970-01-01 was a Thursday: (days + 3) % 7 is 0 on Mondays. */
	return (time_t)((jan4 - (jan4 + 3) % 7) * 86400);
}

/* 53 when the year's ISO week 1 and the next year's are 53 weeks apart. */
static int
period_weeks(int y)
{
	return (int)((period_week1(y + 1) - period_week1(y)) / (7 * 86400));
}

time_t
period_start(const struct period *p)
{
	switch (p->kind) {
	case PERIOD_SEMIANNUAL:
		return period_utc(p->year, (p->sub - 1) * 6 + 1, 1);
	case PERIOD_WEEKLY:
		return period_week1(p->year) + (time_t)(p->sub - 1) * 7 * 86400;
	case PERIOD_QUARTERLY:
		return period_utc(p->year, (p->sub - 1) * 3 + 1, 1);
	case PERIOD_MONTHLY:
		return period_utc(p->year, p->sub, 1);
	case PERIOD_DAILY:
		return period_utc(p->year, p->sub, p->day);
	default:
		return period_utc(p->year, 1, 1);
	}
}

time_t
period_end(const struct period *p)
{
	switch (p->kind) {
	case PERIOD_SEMIANNUAL:
		return period_utc(p->year, p->sub * 6 + 1, 1);
	case PERIOD_WEEKLY:
		return period_start(p) + 7 * 86400;
	case PERIOD_QUARTERLY:
		return period_utc(p->year, p->sub * 3 + 1, 1);
	case PERIOD_MONTHLY:
		return period_utc(p->year, p->sub + 1, 1);
	case PERIOD_DAILY:
		return period_utc(p->year, p->sub, p->day + 1);
	default:
		return period_utc(p->year + 1, 1, 1);
	}
}

double
period_decimal_year(const struct period *p)
{
	return period_time_to_year(period_end(p)) - 1.0;
}

double
period_time_to_year(time_t t)
{
	long long	 days, y;
	time_t		 start, next;

	/* The year of t: a first guess from the mean year, then exact. */
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	y = 1970 + days * 400 / 146097;
	while (period_utc((int)y, 1, 1) > t)
		y--;
	while (period_utc((int)y + 1, 1, 1) <= t)
		y++;
	start = period_utc((int)y, 1, 1);
	next = period_utc((int)y + 1, 1, 1);
	return (double)y + (double)(t - start) / (double)(next - start);
}

int
period_cmp(const struct period *a, const struct period *b)
{
	time_t	 ea = period_end(a), eb = period_end(b);

	if (ea != eb)
		return ea < eb ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return 0;
}

const char *
period_kind_name(enum period_kind k)
{
	if ((unsigned)k >= PERIOD_NKINDS)
		return "unknown";
	return period_kind_names[k];
}

int
period_kind_parse(const char *s, enum period_kind *k)
{
	size_t	 i;

	for (i = 0; i < PERIOD_NKINDS; i++) {
		if (strcmp(s, period_kind_names[i]) == 0) {
			*k = (enum period_kind)i;
			return 0;
		}
	}
	return -1;
}

int
period_lag_parse(const char *s, struct period_lag *l, char *err,
    size_t errlen)
{
	static const struct {
		const char	*unit;
		int		 max, months, days;
	} units[] = {
		{ "month", 1200, 1, 0 }, { "year", 100, 12, 0 },
		{ "week", 5200, 0, 7 }, { "day", 36500, 0, 1 }
	};
	char		 q[QUOTE_BUFLEN];
	const char	*u;
	size_t		 i, n;
	long		 v = 0;

	for (u = s; *u >= '0' && *u <= '9' && v <= 100000; u++)
		v = v * 10 + (*u - '0');
	if (u > s && *u == ' ') {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			n = strlen(units[i].unit);
			if (strncmp(u + 1, units[i].unit, n) != 0 ||
			    (strcmp(u + 1 + n, "") != 0 &&
			    strcmp(u + 1 + n, "s") != 0) ||
			    v < 1 || v > units[i].max)
				continue;
			l->months = (int)v * units[i].months;
			l->days = (int)v * units[i].days;
			return 0;
		}
	}
	quote_text(s, strlen(s), q, sizeof(q));
	snprintf(err, errlen, "stale_after \"%s\": expected a count and "
	    "months, years, weeks or days, e.g. \"18 months\"", q);
	return -1;
}

void
period_lag_format(struct period_lag l, char *buf, size_t len)
{
	if (l.months > 0)
		snprintf(buf, len, "%d month%s", l.months,
		    l.months == 1 ? "" : "s");
	else
		snprintf(buf, len, "%d day%s", l.days, l.days == 1 ? "" : "s");
}

struct period_lag
period_lag_default(enum period_kind k)
{
	static const struct period_lag	 lags[PERIOD_NKINDS] = {
		[PERIOD_ANNUAL] = { 18, 0 }, [PERIOD_SEMIANNUAL] = { 9, 0 },
		[PERIOD_QUARTERLY] = { 6, 0 }, [PERIOD_MONTHLY] = { 3, 0 },
		[PERIOD_WEEKLY] = { 1, 0 }, [PERIOD_DAILY] = { 0, 7 }
	};

	return (unsigned)k < PERIOD_NKINDS ? lags[k] : lags[PERIOD_ANNUAL];
}

time_t
period_due(const struct period *p, struct period_lag l)
{
	time_t		 end = period_end(p);
	struct tm	 tm;

	gmtime_r(&end, &tm);
	return period_utc(tm.tm_year + 1900, tm.tm_mon + 1 + l.months,
	    tm.tm_mday) + (time_t)l.days * 86400;
}
