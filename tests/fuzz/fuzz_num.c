/*
 * fuzz_num.c: libFuzzer target for num_parse, against strtod.
 * Invariants: when num_parse answers, strtod reads the whole input and
 * gives the same double, bit for bit; when it does not, *v is untouched.
 * And num_format's text of any answer reads back as that answer. num_read
 * accepts what a check of the characters [0-9+-.eE] and a whole, finite
 * strtod accept (the CSV parser's rule before num_read), with its value.
 * num_uint accepts exactly the all-digit texts whose value strtoull reads
 * as at most its bound, with that value, and leaves *out alone otherwise.
 */
#include <errno.h>
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

/* s is a C string (the input up to its first NUL, if any). */
static void
check_uint(const char *s)
{
	unsigned long long	 ref;
	unsigned int		 u = 7, max;
	size_t			 n = strlen(s), digits;
	int			 rc, want;

	for (digits = 0; digits < n && s[digits] >= '0' && s[digits] <= '9';
	    digits++)
		;
	/* The bound from the input's length: small, medium and UINT_MAX. */
	max = n % 3 == 0 ? 4096 : n % 3 == 1 ? 2200 : 4294967295U;
	rc = num_uint(s, max, &u);
	errno = 0;
	ref = strtoull(s, NULL, 10);
	want = n > 0 && digits == n && errno == 0 && ref <= max;
	if (rc != (want ? 0 : -1) || (want && u != ref) || (!want && u != 7))
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
	check_uint(s);
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
