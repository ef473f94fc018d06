/*
 * fixture.h: test fixtures for the parser unit tests. Include after
 * <cmocka.h>. Fixtures live in tests/fixtures/http (tests run from the
 * repository root), or in $FIXTURES.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec.h"

#define FIXTURES	"tests/fixtures/http"

/* The whole fixture file, NUL-terminated; the test fails if it is missing. */
static inline char *
fixture(const char *name, size_t *len)
{
	const char	*dir = getenv("FIXTURES");
	char		 path[1024];
	char		*buf;
	FILE		*f;
	long		 n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : FIXTURES, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A record parser: body, length, records out, error buffer (rec.h). */
typedef int (*fixture_parser)(const char *, size_t, struct recvec *, char *,
	    size_t);

/* Parse fixture name with fn (or body when name is NULL). */
static inline int
fixture_parse(fixture_parser fn, const char *name, const char *body,
    struct recvec *rv, char *err, size_t errlen)
{
	size_t	 len;
	char	*buf;
	int	 rc;

	if (name == NULL)
		return fn(body, strlen(body), rv, err, errlen);
	buf = fixture(name, &len);
	rc = fn(buf, len, rv, err, errlen);
	free(buf);
	return rc;
}

/* A record with exactly this code, no area, this period and value. */
static inline void
fixture_check_rec(const struct rec *r, const char *code, const char *period,
    double value)
{
	char	 p[PERIOD_STRLEN];

	period_format(&r->period, p, sizeof(p));
	assert_string_equal(r->code, code);
	assert_string_equal(r->area, "");
	assert_string_equal(p, period);
	if (r->value != value)
		fail_msg("%s %s: value %.17g, expected %.17g", code, period,
		    r->value, value);
}

/* Expect an error with exactly msg from fn, and out left as it was. */
static inline void
fixture_check_error(fixture_parser fn, const char *name, const char *body,
    const char *msg)
{
	struct recvec	 rv;
	struct rec	 keep;
	char		 err[512];

	recvec_init(&rv);
	memset(&keep, 0, sizeof(keep));
	memcpy(keep.code, "KEEP", 5);
	recvec_push(&rv, &keep);
	if (fixture_parse(fn, name, body, &rv, err, sizeof(err)) != -1)
		fail_msg("parsed, expected \"%s\"", msg);
	assert_string_equal(err, msg);
	assert_int_equal(rv.n, 1);
	assert_string_equal(rv.v[0].code, "KEEP");
	recvec_free(&rv);
}

#define FIXTURE_SINK_MAX	16

/* The records a parse skipped, as rec_reject_fn received them. */
struct fixture_sink {
	size_t	 n;			/* every one, also past the kept */
	char	 place[FIXTURE_SINK_MAX][REC_PLACE_MAX];
	char	 why[FIXTURE_SINK_MAX][256];
};

/* A rec_reject_fn keeping the first FIXTURE_SINK_MAX places and reasons. */
static inline void
fixture_sink_add(void *arg, const char *place, const char *why)
{
	struct fixture_sink	*k = arg;

	if (k->n < FIXTURE_SINK_MAX) {
		snprintf(k->place[k->n], sizeof(k->place[0]), "%s", place);
		snprintf(k->why[k->n], sizeof(k->why[0]), "%s", why);
	}
	k->n++;
}

/* The i-th skipped record had exactly this place and reason. */
static inline void
fixture_check_reject(const struct fixture_sink *k, size_t i,
    const char *place, const char *why)
{
	assert_true(i < k->n && i < FIXTURE_SINK_MAX);
	assert_string_equal(k->place[i], place);
	assert_string_equal(k->why[i], why);
}

#endif
