/*
 * period.h: observation periods ("2024", "2024-S1", "2024-Q3", "2024-07",
 * "2024-W05", "2024-07-15").
 * Pure functions: no logging, no daemon state. Years 1971..2200 are accepted.
 */
#ifndef PERIOD_H
#define PERIOD_H

#include <stddef.h>
#include <time.h>

#define PERIOD_YEAR_MIN	1971
#define PERIOD_YEAR_MAX	2200
#define PERIOD_STRLEN	16	/* "2024-07-15" + NUL, with room */


enum period_kind {
	PERIOD_ANNUAL = 0,	/* "2024" */
	PERIOD_QUARTERLY,	/* "2024-Q3" */
	PERIOD_MONTHLY,		/* "2024-07" */
	PERIOD_DAILY,		/* "2024-07-15" */
	PERIOD_SEMIANNUAL,	/* "2024-S1": January to June */
	PERIOD_WEEKLY		/* "2024-W05": ISO 8601, Monday to Sunday */
};
#define PERIOD_NKINDS	6

/* 6 bytes: a series holds one per point. */
struct period {
	unsigned char	 kind;	/* enum period_kind */
	short		 year;	/* PERIOD_YEAR_MIN..PERIOD_YEAR_MAX; for
				   weeks the ISO week-numbering year */
	unsigned char	 sub;	/* half 1..2, quarter 1..4, month 1..12,
				   ISO week 1..53, else 0 */
	unsigned char	 day;	/* day of month for daily, else 0 */
};

/*
 * Parse exactly len bytes of s, in a canonical form (no surrounding
 * spaces): YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, YYYY-Www or YYYY-MM-DD. Returns
 * 0, or -1 with a message such as "bad period \"2024-13\": month out of
 * range" in err.
 */
int	 period_parse(const char *s, size_t len, struct period *p,
	    char *err, size_t errlen);
/* Canonical text form into buf (at least PERIOD_STRLEN bytes). */
void	 period_format(const struct period *p, char *buf, size_t len);
/* UTC start of the period, and its end (the UTC start of the next one). */
time_t	 period_start(const struct period *p);
time_t	 period_end(const struct period *p);
/*
 * The period as a decimal year for evaluation: the end of the period minus
 * one year, so the annual period 2024 is 2024.0 and 2024-Q4 is 2024.0 too;
 * 2024-07 is 2023.58... (end 2024-08-01 minus one year).
 */
double	 period_decimal_year(const struct period *p);
/* Decimal year of a UTC timestamp (2025-01-01T00:00Z = 2025.0). */
double	 period_time_to_year(time_t t);
/* -1, 0, 1 comparing by end time, then by kind. */
int	 period_cmp(const struct period *a, const struct period *b);
/*
 * A publication lag: how long after a period's end its figure is due at
 * the latest, in calendar months and days.
 */
struct period_lag {
	int	 months;
	int	 days;
};

/*
 * Parse "18 months", "1 month", "2 years", "6 weeks", "7 days" (a count
 * 1..1200 of months or years, 1..36500 of days or weeks). -1 with
 * "stale_after \"x\": expected a count and months, years, weeks or days"
 * in err.
 */
int	 period_lag_parse(const char *s, struct period_lag *l, char *err,
	    size_t errlen);
/* "18 months", "7 days": the lag as period_lag_parse reads it. */
void	 period_lag_format(struct period_lag l, char *buf, size_t len);
/*
 * The usual lag of a kind: annual 18 months, semiannual 9, quarterly 6,
 * monthly 3, weekly 1 month, daily 7 days.
 */
struct period_lag period_lag_default(enum period_kind k);
/* When p's figure is due at the latest: its end plus the lag. */
time_t	 period_due(const struct period *p, struct period_lag l);
/* Name of a kind as written in config files: annual, quarterly, ... */
const char *period_kind_name(enum period_kind k);
/* Parse "annual" | "semiannual" | "quarterly" | "monthly" | "weekly" |
   "daily"; -1 if none. */
int	 period_kind_parse(const char *s, enum period_kind *k);

#endif
