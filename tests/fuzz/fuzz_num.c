/*
 * fuzz_num.c: libFuzzer target for num_parse, against strtod.
 * Invariants: when num_parse answers, strtod reads the whole input and
 * gives the same double, bit for bit; when it does not, *v is untouched.
 * And num_format's text of any answer reads back as that answer. num_read
 * accepts what a check of the characters [0-9+-.eE] and a whole, finite
 * strtod accept (the CSV parser's rule before num_read), with its value.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The CSV parser's rule before num_read: 0, -1 (not a number), -2. */
static int
old_rule(const char *s, size_t size, double *v)
{
	char	*end;
	size_t	 i;

	if (size == 0)
		return -1;
	for (i = 0; i < size; i++)
		if (s[i] == '\0' || strchr("0123456789+-.eE", s[i]) == NULL)
			return -1;
	*v = strtod(s, &end);
	if (end != s + size)
		return -1;
	return isfinite(*v) ? 0 : -2;
}

static void
check_read(const char *s, size_t size)
{
	double	 a = 0, b = 0;
	int	 ra, rb;

	ra = num_read(s, size, &a);
	rb = old_rule(s, size, &b);
	if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof(a)) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 s[128], buf[NUM_STRLEN], *end;
	double	 v = 12345.0, ref, back;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_read(s, size);
	if (num_parse((const char *)data, size, &v) == -1) {
		if (v != 12345.0)
			abort();
		return 0;
	}
	if (memchr(data, '\0', size) != NULL)
		abort();	/* the grammar has no NUL */
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
