/*
 * fuzz_worldbank.c: libFuzzer target for worldbank_parse and
 * worldbank_page_url. Invariants: records have terminated codes and areas,
 * a non-empty code, finite values and periods in range; records already in
 * the vector survive; an error leaves the vector as it was, rejects nothing
 * and gives a printable, non-empty reason; every rejected record reaches
 * the fuzz_reject with a printable place and reason that fit REC_PLACE_MAX; pages
 * is set only on success and is >= 0.
 * The input, read as a URL, yields a page URL holding page=N exactly once
 * where the original had none or others, and no fragment.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "quote.h"
#include "rec.h"
#include "fuzz_rec.h"
#include "worldbank.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_rec(const struct rec *r)
{
	if (memchr(r->code, '\0', sizeof(r->code)) == NULL ||
	    memchr(r->area, '\0', sizeof(r->area)) == NULL ||
	    r->code[0] == '\0' || !isfinite(r->value) ||
	    r->period.year < PERIOD_YEAR_MIN ||
	    r->period.year > PERIOD_YEAR_MAX)
		abort();
}

static void
check_url(const uint8_t *data, size_t size)
{
	char	*url, *out, want[32];
	int	 page = 1 + (size > 0 ? data[0] : 0) * 1000;

	if ((url = malloc(size + 1)) == NULL)
		abort();
	memcpy(url, data, size);
	url[size] = '\0';
	out = worldbank_page_url(url, page);
	snprintf(want, sizeof(want), "page=%d", page);
	if (strchr(out, '#') != NULL || strstr(out, want) == NULL ||
	    strstr(out, "format=") == NULL || strchr(out, '?') == NULL)
		abort();
	free(out);
	free(url);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct recvec	 rv;
	struct rec	 sentinel;
	char		 err[512];
	size_t		 i, nsink = 0;
	int		 pages = -7;

	memset(&sentinel, 0, sizeof(sentinel));
	memcpy(sentinel.code, "SENTINEL", 9);
	recvec_init(&rv);
	recvec_push(&rv, &sentinel);
	rv.reject = fuzz_reject;
	rv.reject_arg = &nsink;
	err[0] = '\0';
	if (worldbank_parse((const char *)data, size, &rv, &pages, err,
	    sizeof(err)) == -1) {
		fuzz_text(err);
		if (rv.n != 1 || rv.rejected != 0 || pages != -7)
			abort();
	} else if (pages < 0)
		abort();
	if (memcmp(&rv.v[0], &sentinel, sizeof(sentinel)) != 0 ||
	    rv.rejected != nsink)
		abort();
	for (i = 1; i < rv.n; i++)
		check_rec(&rv.v[i]);
	recvec_free(&rv);
	check_url(data, size);
	return 0;
}
