/*
 * period.c: observation periods ("2024", "2024-Q3", "2024-07", "2024-07-15").
 *
 * A period's timestamp is its end, the UTC start of the next period, so an
 * RRD GAUGE update at that time fills the whole period. All times are UTC
 * (timegm); nothing here depends on the locale or the time zone.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "period.h"
#include "quote.h"


static const char *period_kind_names[] = {
	"annual", "quarterly", "monthly", "daily"
};

static int	 period_digits(const char *, size_t);
static int	 period_leap(int);
static int	 period_mdays(int, int);
static int	 period_fail(const char *, size_t, const char *, char *,
		    size_t);
static time_t	 period_utc(int, int, int);

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

int
period_parse(const char *s, size_t len, struct period *p, char *err,
    size_t errlen)
{
	static const char	*form =
	    "expected YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD";
	struct period		 r;

	memset(&r, 0, sizeof(r));
	if ((len != 4 && len != 7 && len != 10) ||
	    (r.year = period_digits(s, 4)) == -1 || (len > 4 && s[4] != '-'))
		return period_fail(s, len, form, err, errlen);
	if (len == 7 && (s[5] == 'Q' || s[5] == 'q')) {
		r.kind = PERIOD_QUARTERLY;
		if ((r.sub = period_digits(s + 6, 1)) == -1)
			return period_fail(s, len, form, err, errlen);
	} else if (len >= 7) {
		r.kind = len == 7 ? PERIOD_MONTHLY : PERIOD_DAILY;
		if ((r.sub = period_digits(s + 5, 2)) == -1 ||
		    (len == 10 && (s[7] != '-' ||
		    (r.day = period_digits(s + 8, 2)) == -1)))
			return period_fail(s, len, form, err, errlen);
	}
	if (r.year < PERIOD_YEAR_MIN || r.year > PERIOD_YEAR_MAX)
		return period_fail(s, len, "year out of range", err, errlen);
	if (r.kind == PERIOD_QUARTERLY && (r.sub < 1 || r.sub > 4))
		return period_fail(s, len, "quarter out of range", err, errlen);
	if (r.kind >= PERIOD_MONTHLY && (r.sub < 1 || r.sub > 12))
		return period_fail(s, len, "month out of range", err, errlen);
	if (r.kind == PERIOD_DAILY &&
	    (r.day < 1 || r.day > period_mdays(r.year, r.sub)))
		return period_fail(s, len, "day out of range", err, errlen);
	*p = r;
	return 0;
}

void
period_format(const struct period *p, char *buf, size_t len)
{
	switch (p->kind) {
	case PERIOD_QUARTERLY:
		snprintf(buf, len, "%04d-Q%d", p->year, p->sub);
		break;
	case PERIOD_MONTHLY:
		snprintf(buf, len, "%04d-%02d", p->year, p->sub);
		break;
	case PERIOD_DAILY:
		snprintf(buf, len, "%04d-%02d-%02d", p->year, p->sub, p->day);
		break;
	default:
		snprintf(buf, len, "%04d", p->year);
		break;
	}
}

/* UTC midnight of y-m-d; timegm normalizes m == 13 and d past month end. */
static time_t
period_utc(int y, int m, int d)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return timegm(&tm);
}

time_t
period_start(const struct period *p)
{
	switch (p->kind) {
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
	struct tm	 tm;
	time_t		 start, next;

	if (gmtime_r(&t, &tm) == NULL)
		return 0.0;
	start = period_utc(tm.tm_year + 1900, 1, 1);
	next = period_utc(tm.tm_year + 1901, 1, 1);
	return tm.tm_year + 1900 + (double)(t - start) / (double)(next - start);
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
	if ((unsigned)k >= sizeof(period_kind_names) /
	    sizeof(period_kind_names[0]))
		return "unknown";
	return period_kind_names[k];
}

int
period_kind_parse(const char *s, enum period_kind *k)
{
	size_t	 i;

	for (i = 0; i < sizeof(period_kind_names) /
	    sizeof(period_kind_names[0]); i++) {
		if (strcmp(s, period_kind_names[i]) == 0) {
			*k = (enum period_kind)i;
			return 0;
		}
	}
	return -1;
}
