/* test_strtab.c: the string-keyed hash table, through its growth. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "strtab.h"

#define NKEYS	100000

static void
test_empty(void **state)
{
	struct strtab	 t = { 0 };

	(void)state;
	assert_null(strtab_get(&t, "a"));
	strtab_free(&t);
	assert_null(t.slot);
	assert_int_equal(t.cap, 0);
}

static void
test_put_get(void **state)
{
	struct strtab	 t = { 0 };
	int		 a = 1, b = 2;

	(void)state;
	assert_null(strtab_put(&t, "alpha", &a));
	assert_null(strtab_put(&t, "beta", &b));
	/* An existing key keeps its value; the one it has comes back. */
	assert_ptr_equal(strtab_put(&t, "alpha", &b), &a);
	assert_ptr_equal(strtab_get(&t, "alpha"), &a);
	assert_ptr_equal(strtab_get(&t, "beta"), &b);
	assert_null(strtab_get(&t, "alph"));
	assert_null(strtab_get(&t, "alphaa"));
	assert_null(strtab_get(&t, ""));
	assert_int_equal(t.n, 2);
	strtab_free(&t);
}

/* 100,000 keys that share a long prefix, as generated ids do. */
static void
test_many(void **state)
{
	struct strtab	 t = { 0 };
	char		(*keys)[32];
	size_t		 i;

	(void)state;
	keys = malloc(NKEYS * sizeof(*keys));
	assert_non_null(keys);
	for (i = 0; i < NKEYS; i++) {
		snprintf(keys[i], sizeof(keys[i]), "indicator_%06zu", i);
		assert_null(strtab_put(&t, keys[i], keys[i]));
	}
	assert_int_equal(t.n, NKEYS);
	/* At most half full, a power of two. */
	assert_true(t.cap >= 2 * NKEYS);
	assert_int_equal(t.cap & (t.cap - 1), 0);
	for (i = 0; i < NKEYS; i++) {
		char	 k[32];

		/* Looked up through a different copy of the key. */
		snprintf(k, sizeof(k), "indicator_%06zu", i);
		assert_ptr_equal(strtab_get(&t, k), keys[i]);
		assert_ptr_equal(strtab_put(&t, k, k), keys[i]);
	}
	assert_int_equal(t.n, NKEYS);
	assert_null(strtab_get(&t, "indicator_100000"));
	assert_null(strtab_get(&t, "indicator_"));
	strtab_free(&t);
	free(keys);
}

/* A set of owned strings: one copy each, freed with the table. */
static void
test_intern(void **state)
{
	struct strtab	 t = { 0 };
	const char	*a, *b;
	char		 s[8] = "source";

	(void)state;
	a = strtab_intern(&t, s);
	assert_ptr_not_equal(a, s);
	assert_string_equal(a, "source");
	s[0] = 'S';
	assert_string_equal(a, "source");
	assert_ptr_equal(strtab_intern(&t, "source"), a);
	b = strtab_intern(&t, s);
	assert_ptr_not_equal(b, a);
	assert_string_equal(b, "Source");
	assert_int_equal(t.n, 2);
	strtab_free_strings(&t);
	assert_int_equal(t.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_intern),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
