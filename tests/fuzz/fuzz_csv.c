/*
 * fuzz_csv.c: libFuzzer target for csv_parse_body.
 * Invariants: every observation has a valid id, a valid period, a finite
 * value, a terminated source and increasing line numbers within the body; it
 * survives a round trip through csv_parse_line; every error reason is
 * printable and the count of reasons matches the return value.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "obs.h"
#include "period.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct ctx {
	size_t	 nerr;
	size_t	 lastline;
	size_t	 nlines;
};

static void
check_reason(void *arg, size_t lineno, const char *reason)
{
	struct ctx	*c = arg;
	size_t		 i;

	if (lineno == 0 || lineno > c->nlines || lineno <= c->lastline ||
	    reason[0] == '\0')
		abort();
	c->lastline = lineno;
	for (i = 0; reason[i] != '\0'; i++) {
		if ((unsigned char)reason[i] < 0x20 ||
		    (unsigned char)reason[i] >= 0x7f)
			abort();
	}
	c->nerr++;
}

/* Write o back as one CSV line, quoting the source. */
static size_t
serialize(const struct obs *o, char *buf, size_t size)
{
	char	 per[PERIOD_STRLEN];
	size_t	 n, i;

	period_format(&o->period, per, sizeof(per));
	n = (size_t)snprintf(buf, size, "%s,%s,%.17g,\"", o->indicator, per,
	    o->value);
	for (i = 0; o->source[i] != '\0'; i++) {
		if (o->source[i] == '"')
			buf[n++] = '"';
		buf[n++] = o->source[i];
	}
	buf[n++] = '"';
	return n;
}

static void
check_obs(const struct obs *o, const struct ctx *c, size_t prevline)
{
	struct obs_buf	 q;
	char		 buf[CSV_LINE_MAX], err[256];
	size_t		 len;

	if (!obs_valid_id(o->indicator, strlen(o->indicator)) ||
	    !isfinite(o->value) || strlen(o->source) >= OBS_SOURCE_MAX ||
	    o->line == 0 || o->line > c->nlines || o->line <= prevline ||
	    o->period.year < PERIOD_YEAR_MIN || o->period.year > PERIOD_YEAR_MAX)
		abort();
	len = serialize(o, buf, sizeof(buf));
	if (csv_parse_line(buf, len, &q, err, sizeof(err)) != CSV_OBS ||
	    strcmp(q.indicator, o->indicator) != 0 ||
	    memcmp(&q.period, &o->period, sizeof(q.period)) != 0 ||
	    memcmp(&q.value, &o->value, sizeof(q.value)) != 0 ||
	    strcmp(q.source, o->source) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obsvec	 ov;
	struct ctx	 c;
	size_t		 i, nbad, prev = 0;

	memset(&c, 0, sizeof(c));
	c.nlines = 1;
	for (i = 0; i < size; i++)
		c.nlines += data[i] == '\n';
	obsvec_init(&ov);
	nbad = csv_parse_body((const char *)data, size, &ov, check_reason, &c);
	if (nbad != c.nerr || ov.n + nbad > c.nlines)
		abort();
	for (i = 0; i < ov.n; i++) {
		check_obs(&ov.v[i], &c, prev);
		prev = ov.v[i].line;
	}
	obsvec_free(&ov);
	return 0;
}
