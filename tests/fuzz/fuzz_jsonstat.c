/*
 * fuzz_jsonstat.c: libFuzzer target for jsonstat_parse, reading every
 * dataset and then the one named "dataset" (the PxWeb bundle's name).
 * Invariants: records have terminated codes, empty areas and labels,
 * finite values and periods in range; records already in the vector
 * survive; each skipped record is counted once and has a printable,
 * non-empty place and reason; an error leaves the vector as it was,
 * skips nothing and gives a printable, non-empty reason.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "quote.h"
#include "rec.h"
#include "fuzz_rec.h"
#include "jsonstat.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_rec(const struct rec *r)
{
	if (memchr(r->code, '\0', sizeof(r->code)) == NULL ||
	    r->area[0] != '\0' || r->label[0] != '\0' || !isfinite(r->value) ||
	    r->period.year < PERIOD_YEAR_MIN ||
	    r->period.year > PERIOD_YEAR_MAX)
		abort();
}

static void
run(const uint8_t *data, size_t size, const char *dataset)
{
	struct recvec	 rv;
	struct rec	 sentinel;
	char		 err[512];
	size_t		 i, rejected = 0;

	memset(&sentinel, 0, sizeof(sentinel));
	memcpy(sentinel.code, "SENTINEL", 9);
	recvec_init(&rv);
	rv.reject = fuzz_reject;
	rv.reject_arg = &rejected;
	recvec_push(&rv, &sentinel);
	err[0] = '\0';
	if (jsonstat_parse((const char *)data, size, dataset, &rv, err,
	    sizeof(err)) == -1) {
		fuzz_text(err);
		if (rv.n != 1 || rejected != 0)
			abort();
	}
	if (rv.rejected != rejected ||
	    memcmp(&rv.v[0], &sentinel, sizeof(sentinel)) != 0)
		abort();
	for (i = 1; i < rv.n; i++)
		check_rec(&rv.v[i]);
	recvec_free(&rv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, NULL);
	run(data, size, "dataset");
	return 0;
}
