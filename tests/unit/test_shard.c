/*
 * test_shard.c: the shard hash against FNV-1a's published test vectors
 * (the empty string, "a", "foobar": the 32-bit FNV-1a values of
 * draft-eastlake-fnv), and the owner of a few ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "shard.h"

static void
test_vectors(void **state)
{
	(void)state;
	assert_int_equal(shard_hash(""), 0x811c9dc5u);
	assert_int_equal(shard_hash("a"), 0xe40c292cu);
	assert_int_equal(shard_hash("foobar"), 0xbf9cf968u);
}

static void
test_owner(void **state)
{
	char		 id[32];
	unsigned	 count[3] = { 0, 0, 0 }, i;

	(void)state;
	/* 830410184 % 3, 1355827065 % 3; UTF-8 bytes hash as bytes. */
	assert_int_equal(shard_of("patents_granted", 3), 2);
	assert_int_equal(shard_of("bench_00001", 3), 0);
	assert_int_equal(shard_hash("\xe6\xb7\xb1\xe5\x9c\xb3"), 2805301657u);
	assert_int_equal(shard_of("anything", 1), 0);
	/* 30,000 bench ids spread within 2 % of a third each. */
	for (i = 1; i <= 30000; i++) {
		snprintf(id, sizeof(id), "bench_%05u", i);
		count[shard_of(id, 3)]++;
	}
	for (i = 0; i < 3; i++) {
		assert_true(count[i] > 9800);
		assert_true(count[i] < 10200);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_owner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
