/*
 * fuzz_push.c: libFuzzer target for push bodies (CSV and JSON). The first
 * byte picks the parser. Invariants: on success every observation has a
 * valid id and a finite value and line numbers rise; on failure nothing is
 * left in the vector and the message is non-empty.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "push.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct obsvec	 ov;
	char		 err[512];
	size_t		 i;
	int		 json;

	if (size < 1)
		return 0;
	json = data[0] & 1;
	obsvec_init(&ov);
	err[0] = '\0';
	if (push_parse((const char *)data + 1, size - 1, json, &ov, err,
	    sizeof(err)) == 0) {
		for (i = 0; i < ov.n; i++)
			if (!obs_valid_id(ov.v[i].indicator,
			    strlen(ov.v[i].indicator)) ||
			    !isfinite(ov.v[i].value) ||
			    (i > 0 && ov.v[i].line <= ov.v[i - 1].line))
				abort();
	} else if (ov.n != 0 || err[0] == '\0')
		abort();
	obsvec_free(&ov);
	return 0;
}
