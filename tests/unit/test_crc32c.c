/* test_crc32c.c: unit tests for daemon/crc32c.c against published vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "crc32c.h"

/* The catalogue check value of CRC-32C. */
static void
test_check_value(void **state)
{
	(void)state;
	assert_int_equal(crc32c(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(crc32c(0, "", 0), 0);
}

/* RFC 3720 appendix B.4: 32-byte iSCSI vectors. */
static void
test_rfc3720(void **state)
{
	unsigned char	 b[32];
	int		 i;

	(void)state;
	memset(b, 0, sizeof(b));
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x8A9136AAu);
	memset(b, 0xff, sizeof(b));
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x62A8AB43u);
	for (i = 0; i < 32; i++)
		b[i] = (unsigned char)i;
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x46DD794Eu);
	for (i = 0; i < 32; i++)
		b[i] = (unsigned char)(31 - i);
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x113FDB5Cu);
}

/* Any split, at any alignment, gives the CRC of the whole. */
static void
test_continue(void **state)
{
	const char	*s = "pat\t2024\t241900\tfile\tShenzhen AMR 2025-03";
	size_t		 len = strlen(s), k;
	uint32_t	 whole = crc32c(0, s, len);

	(void)state;
	for (k = 0; k <= len; k++)
		assert_int_equal(crc32c(crc32c(0, s, k), s + k, len - k), whole);
	/* One flipped digit changes it. */
	assert_int_not_equal(crc32c(0, "675674.789", 10),
	    crc32c(0, "665674.789", 10));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_rfc3720),
		cmocka_unit_test(test_continue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
