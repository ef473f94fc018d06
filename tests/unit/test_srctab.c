/*
 * test_srctab.c: the append-only source table: index 0, many sources
 * across its chunks, and readers resolving indexes while the writer adds
 * (run under ThreadSanitizer too: clang -fsanitize=thread).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "srctab.h"

#define NSRC		100000
#define NREADERS	2

static void
name(char *buf, size_t len, uint32_t i)
{
	snprintf(buf, len, "Bureau of Statistics, table %u", i);
}

/* "" is index 0 with a table, without one, and when zeroed. */
static void
test_empty(void **state)
{
	struct srctab	 t;

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_string_equal(srctab_str(NULL, 0), "");
	assert_string_equal(srctab_str(&t, 0), "");
	assert_int_equal(srctab_intern(&t, ""), 0);
	assert_int_equal(srctab_find(&t, ""), 0);
	assert_int_equal(srctab_find(&t, "a"), 0);
	assert_int_equal(srctab_intern(&t, "a"), 1);
	assert_int_equal(srctab_intern(&t, ""), 0);
	assert_int_equal(srctab_intern(&t, "a"), 1);
	assert_string_equal(srctab_str(&t, 0), "");
	assert_string_equal(srctab_str(&t, 1), "a");
	srctab_free(&t);
	assert_null(t.chunk[0]);
	assert_int_equal(t.n, 0);
}

/*
 * 100,000 sources take indexes 1, 2, ... in order of arrival, through
 * chunks 0 to 10 (64, 128, ... 65,536 entries: indexes 0..63, 64..191,
 * ..., 65,472..131,007), each interned once.
 */
static void
test_many(void **state)
{
	struct srctab	 t;
	char		 buf[64];
	uint32_t	 i;
	unsigned	 k;

	(void)state;
	memset(&t, 0, sizeof(t));
	for (i = 1; i <= NSRC; i++) {
		name(buf, sizeof(buf), i);
		assert_int_equal(srctab_intern(&t, buf), i);
	}
	for (i = 1; i <= NSRC; i++) {
		name(buf, sizeof(buf), i);
		assert_string_equal(srctab_str(&t, i), buf);
		assert_int_equal(srctab_intern(&t, buf), i);
		assert_int_equal(srctab_find(&t, buf), i);
	}
	/* Index i is in chunk k when i + 64 < 64 << (k + 1). */
	for (k = 0; k < SRCTAB_NCHUNKS; k++)
		if (k <= 10)
			assert_non_null(t.chunk[k]);
		else
			assert_null(t.chunk[k]);
	assert_string_equal(srctab_str(&t, 63), "Bureau of Statistics, "
	    "table 63");
	assert_string_equal(srctab_str(&t, 64), "Bureau of Statistics, "
	    "table 64");
	assert_string_equal(srctab_str(&t, 65), "Bureau of Statistics, "
	    "table 65");
	srctab_free(&t);
}

struct race {
	struct srctab	 t;
	_Atomic uint32_t published;	/* indexes 1 .. published taken */
	_Atomic int	 done;
	size_t		 checked;
};

/* The writer: each index handed to the readers once interned. */
static void *
writer(void *arg)
{
	struct race	*r = arg;
	char		 buf[64];
	uint32_t	 i;

	for (i = 1; i <= NSRC; i++) {
		name(buf, sizeof(buf), i);
		if (srctab_intern(&r->t, buf) != i)
			abort();
		atomic_store_explicit(&r->published, i, memory_order_release);
	}
	atomic_store_explicit(&r->done, 1, memory_order_release);
	return NULL;
}

/*
 * A reader: resolves the latest index and a few older ones (chunks made
 * before) while the writer adds; any wrong string aborts.
 */
static void *
reader(void *arg)
{
	struct race	*r = arg;
	char		 buf[64];
	uint32_t	 n, j;
	size_t		 checked = 0;
	int		 last = 0;

	while (!last) {
		last = atomic_load_explicit(&r->done, memory_order_acquire);
		n = atomic_load_explicit(&r->published, memory_order_acquire);
		for (j = n; j > 0 && n - j < 200; j--) {
			name(buf, sizeof(buf), j);
			if (strcmp(srctab_str(&r->t, j), buf) != 0)
				abort();
			checked++;
		}
		if (n > 0 && strcmp(srctab_str(&r->t, n / 2 + 1), "") == 0)
			abort();
	}
	return (void *)checked;
}

static void
test_concurrent(void **state)
{
	struct race	 r;
	pthread_t	 w, rd[NREADERS];
	void		*res;
	size_t		 i, checked = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	for (i = 0; i < NREADERS; i++)
		assert_int_equal(pthread_create(&rd[i], NULL, reader, &r), 0);
	assert_int_equal(pthread_create(&w, NULL, writer, &r), 0);
	assert_int_equal(pthread_join(w, NULL), 0);
	for (i = 0; i < NREADERS; i++) {
		assert_int_equal(pthread_join(rd[i], &res), 0);
		checked += (size_t)res;
	}
	/* Each reader's last pass saw every index published: 200 each. */
	assert_true(checked >= 200 * NREADERS);
	assert_int_equal(r.t.n, NSRC + 1);
	srctab_free(&r.t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
