/*
 * fuzz_period.c: libFuzzer target for period_parse and rec_period_parse
 * (the forms statistics offices write).
 * Invariants: an accepted period is in range, formats to text that parses
 * back to the same period, and has start < end; a rejected one yields a
 * printable "bad period" message.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "quote.h"
#include "rec.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_ok(const struct period *p)
{
	struct period	 q;
	char		 buf[PERIOD_STRLEN], err[128];
	double		 y;

	if (p->year < PERIOD_YEAR_MIN || p->year > PERIOD_YEAR_MAX)
		abort();
	period_format(p, buf, sizeof(buf));
	if (period_parse(buf, strlen(buf), &q, err, sizeof(err)) != 0 ||
	    memcmp(p, &q, sizeof(q)) != 0 || period_cmp(p, &q) != 0)
		abort();
	if (period_start(p) >= period_end(p))
		abort();
	/* An ISO week-year's last week may end a few days into the next. */
	y = period_decimal_year(p);
	if (!isfinite(y) || y < p->year - 1 ||
	    y > p->year + (p->kind == PERIOD_WEEKLY ? 7.0 / 365 : 0))
		abort();
}

/*
 * A "bad period" message: printable ASCII from period_parse (it escapes),
 * printable ASCII or well-formed UTF-8 from rec_period_parse (utf8).
 */
static void
check_err(const char *err, int utf8)
{
	size_t	 i;

	if (strncmp(err, "bad period \"", 12) != 0)
		abort();
	if (utf8) {
		if (!quote_safe(err))
			abort();
		return;
	}
	for (i = 0; err[i] != '\0'; i++) {
		if ((unsigned char)err[i] < 0x20 ||
		    (unsigned char)err[i] >= 0x7f)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct period	 p;
	char		 err[256];

	if (period_parse((const char *)data, size, &p, err, sizeof(err)) == 0)
		check_ok(&p);
	else
		check_err(err, 0);
	if (rec_period_parse((const char *)data, size, &p, err,
	    sizeof(err)) == 0)
		check_ok(&p);
	else
		check_err(err, 1);
	return 0;
}
