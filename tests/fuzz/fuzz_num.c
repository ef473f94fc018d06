/*
 * fuzz_num.c: libFuzzer target for num_parse, against strtod.
 * Invariants: when num_parse answers, strtod reads the whole input and
 * gives the same double, bit for bit; when it does not, *v is untouched.
 * And num_format's text of any answer reads back as that answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 s[128], buf[NUM_STRLEN], *end;
	double	 v = 12345.0, ref, back;

	if (size >= sizeof(s))
		return 0;
	if (num_parse((const char *)data, size, &v) == -1) {
		if (v != 12345.0)
			abort();
		return 0;
	}
	if (memchr(data, '\0', size) != NULL)
		abort();	/* the grammar has no NUL */
	memcpy(s, data, size);
	s[size] = '\0';
	ref = strtod(s, &end);
	if (end != s + size || memcmp(&v, &ref, sizeof(v)) != 0)
		abort();
	if (num_format(v, buf) > 0) {
		back = strtod(buf, NULL);
		if (memcmp(&back, &v, sizeof(v)) != 0)
			abort();
	}
	return 0;
}
