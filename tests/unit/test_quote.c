/*
 * test_quote.c: quote_text and quote_utf8 at the sizes callers give them,
 * and quote_safe, the check the fuzz targets make of what reaches the log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "quote.h"

static void
check_text(const char *s, size_t len, const char *want)
{
	char	 buf[QUOTE_BUFLEN];

	assert_ptr_equal(quote_text(s, len, buf, sizeof(buf)), buf);
	assert_string_equal(buf, want);
}

static void
test_text(void **state)
{
	char	 big[64], want[QUOTE_BUFLEN];
	size_t	 i;

	(void)state;
	check_text("2024-Q3", 7, "2024-Q3");
	check_text("", 0, "");
	check_text("a\"b\\c", 5, "a\\\"b\\\\c");
	/* Invisible and non-ASCII bytes show as \xNN: NBSP, BOM, 专. */
	check_text("1\xc2\xa0", 3, "1\\xc2\\xa0");
	check_text("\xef\xbb\xbf" "c", 4, "\\xef\\xbb\\xbfc");
	check_text("\xe4\xb8\x93", 3, "\\xe4\\xb8\\x93");
	check_text("\r\n\0\x7f", 4, "\\x0d\\x0a\\x00\\x7f");
	/* QUOTE_MAX bytes shown, then "...". */
	memset(big, 'x', sizeof(big));
	memset(want, 'x', QUOTE_MAX);
	want[QUOTE_MAX] = '\0';
	check_text(big, QUOTE_MAX, want);
	memcpy(want + QUOTE_MAX, "...", 4);
	check_text(big, QUOTE_MAX + 1, want);
	/* QUOTE_BUFLEN holds QUOTE_MAX escaped bytes and the mark. */
	memset(big, 0xff, sizeof(big));
	for (i = 0; i < QUOTE_MAX; i++)
		memcpy(want + 4 * i, "\\xff", 4);
	memcpy(want + 4 * QUOTE_MAX, "...", 4);
	check_text(big, sizeof(big), want);
	assert_int_equal(strlen(want), 4 * QUOTE_MAX + 3);
}

static void
test_utf8(void **state)
{
	char	 buf[16];

	(void)state;
	/* 专 and the quote kept, the tab escaped as in quote_text. */
	assert_string_equal(quote_utf8("\xe4\xb8\x93\t\"", 5, buf,
	    sizeof(buf)), "\xe4\xb8\x93\\x09\"");
	/* 15 bytes fit whole in 16; 16 do not: 12 and "...". */
	assert_string_equal(quote_utf8("abcdefghijklmno", 15, buf,
	    sizeof(buf)), "abcdefghijklmno");
	assert_string_equal(quote_utf8("abcdefghijklmnop", 16, buf,
	    sizeof(buf)), "abcdefghijkl...");
	/*
	 * Cut on a character boundary: with room for 2 bytes before "...",
	 * 深 (3) does not fit; in "a深圳b", 圳 is not split.
	 */
	assert_string_equal(quote_utf8("\xe6\xb7\xb1\xe5\x9c\xb3", 6, buf, 6),
	    "...");
	assert_string_equal(quote_utf8("a\xe6\xb7\xb1\xe5\x9c\xb3" "b", 8, buf,
	    8), "a\xe6\xb7\xb1...");
	/* An escape is never split either. */
	assert_string_equal(quote_utf8("ab\x01\x02", 4, buf, 10), "ab\\x01...");
	assert_string_equal(quote_utf8("ab\x01\x02", 4, buf, 9), "ab...");
}

/* Tiny buffers: NUL-terminated, never overrun, a mark only if it fits. */
static void
test_small(void **state)
{
	char	 buf[8];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	quote_text("abc", 3, buf, 0);
	assert_int_equal(buf[0], 'Z');
	quote_utf8("abc", 3, buf, 0);
	assert_int_equal(buf[0], 'Z');
	assert_string_equal(quote_text("abc", 3, buf, 1), "");
	assert_string_equal(quote_utf8("abc", 3, buf, 3), "");
	assert_int_equal(buf[3], 'Z');
	assert_string_equal(quote_utf8("abcdef", 6, buf, 4), "...");
	assert_string_equal(quote_text("abcdef", 6, buf, 5), "a...");
	assert_string_equal(quote_utf8("abcdef", 6, buf, 5), "a...");
	assert_int_equal(buf[5], 'Z');
}

static void
test_safe(void **state)
{
	char	 in[2], buf[QUOTE_BUFLEN];
	int	 c;

	(void)state;
	assert_true(quote_safe(""));
	assert_true(quote_safe("feed x series A.CN period 2024: bad"));
	assert_true(quote_safe("\xe5\x9c\xb0\xe5\x8c\xba (\xe4\xba\xbf)"));
	assert_false(quote_safe("a\nb"));
	assert_false(quote_safe("\xff"));
	assert_false(quote_safe("\xc2\x9f"));
	assert_false(quote_safe("\xe5\x9c"));
	/* Every byte comes out safe from both. */
	for (c = 0; c < 256; c++) {
		in[0] = (char)c;
		in[1] = (char)(255 - c);
		assert_true(quote_safe(quote_text(in, 2, buf, sizeof(buf))));
		assert_true(quote_safe(quote_utf8(in, 2, buf, sizeof(buf))));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
