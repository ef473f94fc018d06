/*
 * test_rec.c: rec_quote, how publishers' text reaches error messages and
 * the log: UTF-8 names kept, anything else escaped, REC_QUOTE_MAX bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "quote.h"
#include "rec.h"

static void
check_quote(const char *s, size_t len, const char *want)
{
	char	 buf[REC_QUOTE_MAX];

	assert_string_equal(rec_quote(s, len, buf), want);
	assert_true(strlen(buf) < REC_QUOTE_MAX);
	assert_true(quote_safe(buf));
}

static void
test_quote(void **state)
{
	char	 big[200], want[REC_QUOTE_MAX];
	size_t	 i;

	(void)state;
	check_quote("A.CN.GDP", 8, "A.CN.GDP");
	/* 深圳市, Åre, é: kept as written. */
	check_quote("\xe6\xb7\xb1\xe5\x9c\xb3\xe5\xb8\x82", 9,
	    "\xe6\xb7\xb1\xe5\x9c\xb3\xe5\xb8\x82");
	check_quote("\xc3\x85re", 4, "\xc3\x85re");
	check_quote("\xf0\x9f\x93\x88", 4, "\xf0\x9f\x93\x88");	/* U+1F4C8 */
	/*
	 * Controls, C1 controls (U+0085), stray, overlong ('/' and a 3-byte
	 * form), surrogate (U+D800), past U+10FFFF and cut short: \xNN.
	 */
	check_quote("a\tb\nc\x7f", 6, "a\\x09b\\x0ac\\x7f");
	check_quote("\xc2\x85x", 3, "\\xc2\\x85x");
	check_quote("\xc0\xaf", 2, "\\xc0\\xaf");
	check_quote("\xe0\x80\xaf", 3, "\\xe0\\x80\\xaf");
	check_quote("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");
	check_quote("\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80");
	check_quote("\xe6\xb7", 2, "\\xe6\\xb7");
	check_quote("a\0b", 3, "a\\x00b");
	/* Quotes and backslashes as written (a message may quote). */
	check_quote("near '\"a\\b'", 11, "near '\"a\\b'");
	/* Long text: cut on a character boundary, then "...". */
	for (i = 0; i + 3 <= sizeof(big); i += 3)
		memcpy(big + i, "\xe6\xb7\xb1", 3);
	memset(want, 0, sizeof(want));
	for (i = 0; i + 3 <= REC_QUOTE_MAX - 4; i += 3)
		memcpy(want + i, "\xe6\xb7\xb1", 3);
	memcpy(want + i, "...", 3);		/* 30 characters, 90 bytes */
	check_quote(big, 198, want);
	assert_int_equal(strlen(want), 93);
	memset(big, 'x', sizeof(big));
	memset(want, 'x', REC_QUOTE_MAX - 4);
	memcpy(want + REC_QUOTE_MAX - 4, "...", 4);
	check_quote(big, 96, want);		/* 92 bytes and "..." */
	memset(want, 'x', REC_QUOTE_MAX - 1);	/* 95 bytes fit whole */
	want[REC_QUOTE_MAX - 1] = '\0';
	check_quote(big, 95, want);
	/* 30 control bytes take 120: 23 of them (92 bytes) and "...". */
	memset(big, '\1', 30);
	memset(want, 0, sizeof(want));
	for (i = 0; i < 23; i++)
		memcpy(want + 4 * i, "\\x01", 4);
	memcpy(want + 92, "...", 3);
	check_quote(big, 30, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
