/*
 * fuzz_sdmxcsv.c: libFuzzer target for sdmxcsv_parse. Invariants: records
 * have terminated codes, empty areas, finite values and periods in range;
 * records already in the vector survive; every skipped record is counted
 * once through the fuzz_reject with a printable place and reason; an error leaves
 * the vector as it was and gives a printable, non-empty reason.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "quote.h"
#include "rec.h"
#include "fuzz_rec.h"
#include "sdmxcsv.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_rec(const struct rec *r)
{
	if (memchr(r->code, '\0', sizeof(r->code)) == NULL ||
	    r->area[0] != '\0' || !isfinite(r->value) ||
	    r->period.year < PERIOD_YEAR_MIN ||
	    r->period.year > PERIOD_YEAR_MAX)
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
	if (sdmxcsv_parse((const char *)data, size, &rv, err,
	    sizeof(err)) == -1) {
		fuzz_text(err);
		if (rv.n != 1 || rv.rejected != 0)
			abort();
	}
	if (seen != rv.rejected ||
	    memcmp(&rv.v[0], &sentinel, sizeof(sentinel)) != 0)
		abort();
	for (i = 1; i < rv.n; i++)
		check_rec(&rv.v[i]);
	recvec_free(&rv);
	return 0;
}
