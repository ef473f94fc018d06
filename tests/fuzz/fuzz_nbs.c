/*
 * fuzz_nbs.c: libFuzzer target for nbs_parse. Invariants: records have
 * terminated codes, areas and labels, a non-empty code, finite values,
 * periods in range and labels that are whole UTF-8 (never cut inside a
 * character); records already in the vector survive; an error leaves the
 * vector and the count of skipped records as they were and gives a
 * printable, non-empty reason; every skipped record reaches the fuzz_reject with
 * a printable, non-empty place and reason.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nbs.h"
#include "period.h"
#include "quote.h"
#include "rec.h"
#include "fuzz_rec.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 1 if s ends inside a UTF-8 sequence. */
static int
cut_inside(const char *s)
{
	size_t	 n = strlen(s), k = 0;

	while (k < n && k < 4 &&
	    ((unsigned char)s[n - 1 - k] & 0xc0) == 0x80)
		k++;
	if (k == n)
		return k > 0;
	if (((unsigned char)s[n - 1 - k] & 0x80) == 0)
		return k > 0;
	/* a lead byte: 110xxxxx wants 1 more, 1110xxxx 2, 11110xxx 3 */
	if (((unsigned char)s[n - 1 - k] & 0xe0) == 0xc0)
		return k != 1;
	if (((unsigned char)s[n - 1 - k] & 0xf0) == 0xe0)
		return k != 2;
	return k != 3;
}

static void
check_rec(const struct rec *r)
{
	if (memchr(r->code, '\0', sizeof(r->code)) == NULL ||
	    memchr(r->area, '\0', sizeof(r->area)) == NULL ||
	    memchr(r->label, '\0', sizeof(r->label)) == NULL ||
	    r->code[0] == '\0' || !isfinite(r->value) ||
	    r->period.year < PERIOD_YEAR_MIN ||
	    r->period.year > PERIOD_YEAR_MAX || cut_inside(r->label))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recvec	 rv;
	struct rec	 sentinel;
	char		 err[512];
	size_t		 i, seen = 0;

	memset(&sentinel, 0, sizeof(sentinel));
	memcpy(sentinel.code, "SENTINEL", 9);
	recvec_init(&rv);
	rv.reject = fuzz_reject;
	rv.reject_arg = &seen;
	recvec_push(&rv, &sentinel);
	err[0] = '\0';
	if (nbs_parse((const char *)data, size, &rv, err, sizeof(err)) == -1) {
		fuzz_text(err);
		if (rv.n != 1 || rv.rejected != 0)
			abort();
	}
	if (rv.rejected != seen ||
	    memcmp(&rv.v[0], &sentinel, sizeof(sentinel)) != 0)
		abort();
	for (i = 1; i < rv.n; i++)
		check_rec(&rv.v[i]);
	recvec_free(&rv);
	return 0;
}
