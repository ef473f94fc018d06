/* test_num.c: short decimals that read back exactly, or none. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "num.h"

static void
expect(double v, const char *want)
{
	char	 buf[NUM_STRLEN];
	size_t	 n;

	n = num_format(v, buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void
test_known(void **state)
{
	(void)state;
	expect(0, "0");
	expect(241900, "241900");
	expect(-42, "-42");
	expect(0.7, "0.7");
	expect(0.77, "0.77");
	expect(1234.5678, "1234.5678");
	expect(-0.000123, "-0.000123");
	expect(1e-9, "0.000000001");
	expect(4.5e12, "4500000000000");
	expect(9007199254740991.0, "9007199254740991");
	expect(123456.123456789, "123456.123456789");
}

static void
test_none(void **state)
{
	char	 buf[NUM_STRLEN] = "untouched";

	(void)state;
	assert_int_equal(num_format(NAN, buf), 0);
	assert_int_equal(num_format(INFINITY, buf), 0);
	assert_int_equal(num_format(-INFINITY, buf), 0);
	assert_int_equal(num_format(-0.0, buf), 0);
	assert_int_equal(num_format(9007199254740992.0, buf), 0);
	assert_int_equal(num_format(1e300, buf), 0);
	assert_int_equal(num_format(1.0 / 3, buf), 0);
	assert_int_equal(num_format(1e-10, buf), 0);
	assert_int_equal(num_format(M_PI, buf), 0);
	assert_string_equal(buf, "untouched");
	/* num_format17 falls back to printf. */
	assert_int_equal(num_format17(1.0 / 3, buf), 19);
	assert_string_equal(buf, "0.33333333333333331");
	num_format17(-0.0, buf);
	assert_string_equal(buf, "-0");
	num_format17(2.5, buf);
	assert_string_equal(buf, "2.5");
}

/* Whatever num_format writes reads back as the same double. */
static void
roundtrip(double v, size_t *answered)
{
	char	 buf[NUM_STRLEN], ref[64];
	double	 back;

	if (num_format(v, buf) == 0)
		return;
	(*answered)++;
	back = strtod(buf, NULL);
	assert_memory_equal(&back, &v, sizeof(v));
	/* Never longer than printf's round-trip text. */
	snprintf(ref, sizeof(ref), "%.17g", v);
	assert_true(strlen(buf) <= strlen(ref));
}

static void
test_roundtrip(void **state)
{
	uint64_t	 x = 88172645463325252ULL, bits;
	size_t		 i, answered = 0, randbits = 0;
	double		 v;
	int		 k;

	(void)state;
	for (i = 0; i < 500000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* Decimals of k places, as feeds publish them. */
		k = (int)(x % 12);
		v = (double)(int64_t)(x >> 20) / 1e6;
		v = round(v * pow(10, k)) / pow(10, k);
		if (x & 1)
			v = -v;
		roundtrip(v, &answered);
		/* And any bit pattern at all. */
		bits = x * 0x9E3779B97F4A7C15ULL;
		memcpy(&v, &bits, sizeof(v));
		roundtrip(v, &randbits);
	}
	/* Decimals of up to 9 places all get an answer. */
	assert_true(answered > 375000);
	(void)randbits;
}

/* Within %.15g's plain range the text is what %.15g would print. */
static void
test_matches_g15(void **state)
{
	static const double	 v[] = { 0.7, 1234.5678, 241900, 0.0001,
	    77.25, 123456789012345.0, 1.5e-4, 3.0, 100 };
	char			 buf[NUM_STRLEN], ref[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_true(num_format(v[i], buf) > 0);
		snprintf(ref, sizeof(ref), "%.15g", v[i]);
		assert_string_equal(buf, ref);
	}
}

/* num_parse of s gives exactly what strtod gives. */
static void
parse_same(const char *s, int taken)
{
	double	 v = 12345, ref;
	char	*end;

	assert_int_equal(num_parse(s, strlen(s), &v), taken ? 0 : -1);
	if (!taken) {
		assert_true(v == 12345);	/* untouched */
		return;
	}
	ref = strtod(s, &end);
	assert_true(*end == '\0');
	assert_memory_equal(&v, &ref, sizeof(v));
}

static void
test_parse_known(void **state)
{
	double	 v;

	(void)state;
	assert_int_equal(num_parse("1234.5678", 9, &v), 0);
	assert_true(v == 1234.5678);
	assert_int_equal(num_parse("-0", 2, &v), 0);
	assert_true(v == 0 && signbit(v));
	/* Only len bytes count: "12" of "123". */
	assert_int_equal(num_parse("123", 2, &v), 0);
	assert_true(v == 12);
	parse_same("0", 1);
	parse_same("241900", 1);
	parse_same("+7", 1);
	parse_same("0.7", 1);
	parse_same(".5", 1);
	parse_same("5.", 1);
	parse_same("-0.000123", 1);
	parse_same("1e22", 1);
	parse_same("1E-22", 1);
	parse_same("4.5e+12", 1);
	parse_same("000000000000000000000000012.5", 1);
	parse_same("9007199254740991", 1);
	parse_same("0.1", 1);
	parse_same("123456.123456789", 1);
	/* Not this path's: strtod answers them (or rejects them). */
	parse_same("", 0);
	parse_same("-", 0);
	parse_same(".", 0);
	parse_same("e5", 0);
	parse_same("1e", 0);
	parse_same("1e+", 0);
	parse_same("1..2", 0);
	parse_same("1.2.3", 0);
	parse_same("+-1", 0);
	parse_same("1 ", 0);
	parse_same("0x10", 0);
	parse_same("nan", 0);
	parse_same("inf", 0);
	parse_same("1e23", 0);
	parse_same("1e-23", 0);
	parse_same("9007199254740993", 0);
	parse_same("0.12345678901234567", 0);
	parse_same("1e99999999", 0);
}

/*
 * Random decimals of every shape the grammar has, against glibc's
 * correctly rounded strtod: the same double, bit for bit, whenever this
 * path answers; and it answers every short one.
 */
static void
test_parse_random(void **state)
{
	uint64_t	 x = 0x2545F4914F6CDD1DULL, y;
	char		 s[64], *end;
	double		 v, ref;
	size_t		 i, n, taken = 0;
	int		 nd, k, e, j, rc, expo;

	(void)state;
	for (i = 0; i < 1000000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		nd = 1 + (int)(x % 19);		/* significand digits */
		k = (int)((x >> 8) % (unsigned)(nd + 1));	/* after the point */
		expo = (x >> 22) & 1;
		n = 0;
		if (x & (1 << 20))
			s[n++] = (x & (1 << 21)) ? '-' : '+';
		for (j = 0, y = x; j < nd; j++) {
			if (j == nd - k)
				s[n++] = '.';
			y = y * 6364136223846793005ULL + 1442695040888963407ULL;
			s[n++] = (char)('0' + (y >> 33) % 10);
		}
		if (k == 0 && (x & (1 << 24)))
			s[n++] = '.';			/* "5." */
		if (expo) {
			e = (int)((x >> 30) % 61) - 30;
			n += (size_t)snprintf(s + n, sizeof(s) - n, "%c%d",
			    (x & (1 << 23)) ? 'E' : 'e', e);
		}
		s[n] = '\0';
		ref = strtod(s, &end);
		assert_true(*end == '\0');
		rc = num_parse(s, n, &v);
		if (rc == 0) {
			taken++;
			assert_memory_equal(&v, &ref, sizeof(v));
		}
		/* Up to 15 digits without an exponent: always this path. */
		if (nd <= 15 && !expo)
			assert_int_equal(rc, 0);
	}
	assert_true(taken > 500000);
}

static void
test_read(void **state)
{
	char	 big[600];
	double	 v;

	(void)state;
	assert_int_equal(num_read("1234.5678", 9, &v), 0);
	assert_true(v == 1234.5678);
	/* Past num_parse: strtod's answer. */
	assert_int_equal(num_read("1e300", 5, &v), 0);
	assert_true(v == 1e300);
	assert_int_equal(num_read("0.12345678901234567", 19, &v), 0);
	assert_true(v == strtod("0.12345678901234567", NULL));
	assert_int_equal(num_read("1e-400", 6, &v), 0);	/* underflow */
	assert_true(v == 0);
	assert_int_equal(num_read("-1e400", 6, &v), -2);
	assert_int_equal(num_read("1e999999", 8, &v), -2);
	/* Not decimals. */
	assert_int_equal(num_read("", 0, &v), -1);
	assert_int_equal(num_read("1e", 2, &v), -1);
	assert_int_equal(num_read(".", 1, &v), -1);
	assert_int_equal(num_read("0x10", 4, &v), -1);
	assert_int_equal(num_read("nan", 3, &v), -1);
	assert_int_equal(num_read("inf", 3, &v), -1);
	assert_int_equal(num_read(" 1", 2, &v), -1);
	assert_int_equal(num_read("1e5.", 4, &v), -1);
	/* Only len bytes count, and a long one goes through the heap copy. */
	assert_int_equal(num_read("12x", 2, &v), 0);
	assert_true(v == 12);
	memset(big, '0', sizeof(big));
	big[sizeof(big) - 3] = '.';
	big[sizeof(big) - 2] = '2';
	big[sizeof(big) - 1] = '5';
	assert_int_equal(num_read(big, sizeof(big), &v), 0);
	assert_true(v == 0.25);
	big[0] = '1';
	assert_int_equal(num_read(big, sizeof(big), &v), -2);
}

/* A query's whole number: digits only, at most max. */
static void
test_uint(void **state)
{
	unsigned int	 u = 7;

	(void)state;
	assert_int_equal(num_uint("0", 10, &u), 0);
	assert_int_equal(u, 0);
	assert_int_equal(num_uint("4096", 4096, &u), 0);
	assert_int_equal(u, 4096);
	assert_int_equal(num_uint("4294967295", 4294967295U, &u), 0);
	assert_int_equal(u, 4294967295U);
	assert_int_equal(num_uint("00000000000000000000000000042", 42, &u), 0);
	assert_int_equal(u, 42);
	assert_int_equal(num_uint("00", 10, &u), 0);
	assert_int_equal(u, 0);
	u = 7;
	assert_int_equal(num_uint("4097", 4096, &u), -1);
	assert_int_equal(num_uint("99999999999999999999999", 4096, &u), -1);
	assert_int_equal(num_uint("4294967296", 4294967295U, &u), -1);
	assert_int_equal(num_uint("", 10, &u), -1);
	assert_int_equal(num_uint("+1", 10, &u), -1);
	assert_int_equal(num_uint("-0", 10, &u), -1);
	assert_int_equal(num_uint(" 1", 10, &u), -1);
	assert_int_equal(num_uint("1 ", 10, &u), -1);
	assert_int_equal(num_uint("1e1", 100, &u), -1);
	assert_int_equal(u, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_matches_g15),
		cmocka_unit_test(test_parse_known),
		cmocka_unit_test(test_parse_random),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_uint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
