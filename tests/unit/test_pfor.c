/* test_pfor.c: every item runs exactly once, whatever the thread count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pfor.h"

struct counts {
	unsigned	*hits;
	size_t		 sum;
};

static void
count(void *arg, size_t i)
{
	struct counts	*c = arg;

	__atomic_add_fetch(&c->hits[i], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->sum, i, __ATOMIC_RELAXED);
}

static void
test_each_once(void **state)
{
	static const size_t	 sizes[] = { 0, 1, 2, 7, 1000, 100003 };
	struct counts		 c;
	size_t			 s, i, n;
	unsigned		 t;

	(void)state;
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		n = sizes[s];
		for (t = 0; t <= PFOR_MAX_THREADS + 2; t++) {
			c.hits = calloc(n + 1, sizeof(*c.hits));
			c.sum = 0;
			pfor(n, t, count, &c);
			for (i = 0; i < n; i++)
				if (c.hits[i] != 1)
					fail_msg("n %zu threads %u: item %zu "
					    "ran %u times", n, t, i, c.hits[i]);
			assert_int_equal(c.sum, n == 0 ? 0 : n * (n - 1) / 2);
			free(c.hits);
		}
	}
}

static void
test_cpus(void **state)
{
	unsigned	 n = pfor_cpus();

	(void)state;
	assert_true(n >= 1 && n <= PFOR_MAX_THREADS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_once),
		cmocka_unit_test(test_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
