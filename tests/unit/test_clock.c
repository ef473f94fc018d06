/*
 * test_clock.c: the time arithmetic of clock.c with exact values, and its
 * clocks against clock_gettime read around each call.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "clock.h"

static void
check_add(time_t s, long ns, long ms, time_t want_s, long want_ns)
{
	struct timespec	 ts = { s, ns };

	clock_add_ms(&ts, ms);
	assert_int_equal(ts.tv_sec, want_s);
	assert_int_equal(ts.tv_nsec, want_ns);
}

static void
test_add(void **state)
{
	(void)state;
	check_add(5, 800000000, 1500, 7, 300000000);
	check_add(5, 800000000, 0, 5, 800000000);
	check_add(5, 800000000, 200, 6, 0);
	check_add(0, 999999999, 1, 1, 999999);
	check_add(0, 999999999, 999, 1, 998999999);
	check_add(10, 0, 86400000, 86410, 0);
	check_add(0, 0, 2147483647, 2147483, 647000000);
}

static void
test_cmp_diff(void **state)
{
	struct timespec	 a = { 7, 300000000 }, b = { 5, 800000000 };
	struct timespec	 c = { 10, 0 }, d = { 9, 999999999 };
	struct timespec	 e = { 7, 300000001 };

	(void)state;
	assert_int_equal(clock_cmp(&a, &b), 1);
	assert_int_equal(clock_cmp(&b, &a), -1);
	assert_int_equal(clock_cmp(&a, &a), 0);
	assert_int_equal(clock_cmp(&a, &e), -1);
	assert_int_equal(clock_cmp(&e, &a), 1);
	assert_int_equal(clock_cmp(&c, &d), 1);
	assert_true(clock_diff_ms(&a, &b) == 1500.0);
	assert_true(clock_diff_ms(&b, &a) == -1500.0);
	assert_true(clock_diff_ms(&a, &a) == 0.0);
	assert_true(clock_diff_ms(&c, &d) == 1e-6);
	assert_true(clock_diff_ms(&e, &a) == 1e-6);
}

/* clock_deadline(ms) lies between the monotonic times around the call + ms. */
static void
test_deadline(void **state)
{
	struct timespec	 lo, hi, d;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &lo);
	clock_deadline(&d, 60000);
	clock_gettime(CLOCK_MONOTONIC, &hi);
	clock_add_ms(&lo, 60000);
	clock_add_ms(&hi, 60000);
	assert_true(clock_cmp(&lo, &d) <= 0);
	assert_true(clock_cmp(&d, &hi) <= 0);
	assert_int_equal(clock_passed(&d), 0);
	clock_deadline(&d, 0);
	assert_int_equal(clock_passed(&d), 1);
	d.tv_sec = 0;
	d.tv_nsec = 0;
	assert_int_equal(clock_passed(&d), 1);
}

static uint64_t
mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
test_ms(void **state)
{
	uint64_t	 lo, now, hi;
	int		 left;

	(void)state;
	lo = mono_ms();
	now = clock_ms();
	hi = mono_ms();
	assert_true(lo <= now && now <= hi);
	/* A deadline that has passed, or is now, leaves 0. */
	assert_int_equal(clock_left_ms(0), 0);
	assert_int_equal(clock_left_ms(now - 5), 0);
	assert_int_equal(clock_left_ms(now), 0);
	left = clock_left_ms(now + 60000);
	assert_true(left <= 60000 && left >= 60000 - (int)(mono_ms() - now));
	/* Far deadlines are clamped for poll(2). */
	assert_int_equal(clock_left_ms(UINT64_MAX), INT_MAX);
	assert_int_equal(clock_left_ms(now + (uint64_t)INT_MAX * 2), INT_MAX);
}

/* The sleep and the condition's timed wait both last at least their time. */
static void
test_waits(void **state)
{
	pthread_mutex_t	 m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t	 c;
	struct timespec	 d;
	uint64_t	 t0;

	(void)state;
	t0 = clock_ms();
	clock_sleep_ms(30);
	assert_true(clock_ms() >= t0 + 30);
	/*
	 * A condition on CLOCK_REALTIME would take this monotonic deadline
	 * for a time long past and return at once, before it has passed.
	 */
	clock_cond_init(&c);
	clock_deadline(&d, 30);
	pthread_mutex_lock(&m);
	assert_int_equal(pthread_cond_timedwait(&c, &m, &d), ETIMEDOUT);
	pthread_mutex_unlock(&m);
	assert_int_equal(clock_passed(&d), 1);
	pthread_cond_destroy(&c);
}

static void
test_real(void **state)
{
	time_t	 lo, hi;
	double	 r;

	(void)state;
	lo = time(NULL);
	r = clock_real();
	hi = time(NULL);
	assert_true(r >= (double)lo && r < (double)hi + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_cmp_diff),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_ms),
		cmocka_unit_test(test_waits),
		cmocka_unit_test(test_real),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
