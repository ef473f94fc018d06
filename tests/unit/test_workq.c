/*
 * test_workq.c: unit tests for daemon/workq.c (the fair bounded work
 * queue) with real threads: clients take turns, bounds refuse, closing
 * cancels what waits.
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "workq.h"

/* A job that waits at the gate until the test opens it. */
static pthread_mutex_t	 gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 gate_cv = PTHREAD_COND_INITIALIZER;
static int		 gate_open, gate_entered;

static void
gate_run(void *arg, int cancelled)
{
	(void)arg;
	(void)cancelled;
	pthread_mutex_lock(&gate_lock);
	gate_entered = 1;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void
gate_reset(void)
{
	gate_open = gate_entered = 0;
}

/* Wait until the gate job runs, so the queue's one thread is busy. */
static void
gate_wait_entered(void)
{
	pthread_mutex_lock(&gate_lock);
	while (!gate_entered)
		pthread_cond_wait(&gate_cv, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
}

static void
gate_release(void)
{
	pthread_mutex_lock(&gate_lock);
	gate_open = 1;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_lock);
}

/* Wait until n jobs in all have run. */
static void
wait_done(struct workq *q, uint64_t n)
{
	struct workq_stats	 st;

	for (;;) {
		workq_stats(q, &st);
		if (st.done >= n)
			return;
		sched_yield();
	}
}

/* Jobs that write their name into a log, in the order they ran. */
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;
static char		 run_log[64];

static void
log_run(void *arg, int cancelled)
{
	pthread_mutex_lock(&log_lock);
	strcat(run_log, cancelled ? "!" : "");
	strcat(run_log, arg);
	pthread_mutex_unlock(&log_lock);
}

static void
test_turns(void **state)
{
	struct workq		*q;
	struct workq_stats	 st;

	(void)state;
	gate_reset();
	run_log[0] = '\0';
	q = workq_new(1, 8, 16);
	assert_non_null(q);
	assert_int_equal(workq_submit(q, "g", gate_run, NULL), 0);
	gate_wait_entered();
	assert_int_equal(workq_submit(q, "10.0.0.1", log_run, "a1"), 0);
	assert_int_equal(workq_submit(q, "10.0.0.1", log_run, "a2"), 0);
	assert_int_equal(workq_submit(q, "10.0.0.1", log_run, "a3"), 0);
	assert_int_equal(workq_submit(q, "10.0.0.2", log_run, "b1"), 0);
	assert_int_equal(workq_submit(q, "10.0.0.3", log_run, "c1"), 0);
	workq_stats(q, &st);
	assert_int_equal(st.waiting, 5);
	assert_int_equal(st.running, 1);
	gate_release();
	wait_done(q, 6);
	workq_free(q);
	/* a's burst does not hold b and c back: one job per client a turn. */
	assert_string_equal(run_log, "a1b1c1a2a3");
}

static void
test_bounds(void **state)
{
	struct workq		*q;
	struct workq_stats	 st;

	(void)state;
	gate_reset();
	run_log[0] = '\0';
	q = workq_new(1, 2, 3);
	assert_int_equal(workq_submit(q, "g", gate_run, NULL), 0);
	gate_wait_entered();
	assert_int_equal(workq_submit(q, "a", log_run, "a1"), 0);
	assert_int_equal(workq_submit(q, "a", log_run, "a2"), 0);
	assert_int_equal(workq_submit(q, "a", log_run, "a3"), -1);	/* share */
	assert_int_equal(workq_submit(q, "b", log_run, "b1"), 0);
	assert_int_equal(workq_submit(q, "c", log_run, "c1"), -1);	/* total */
	workq_stats(q, &st);
	assert_int_equal(st.rejected, 2);
	assert_int_equal(st.waiting, 3);
	/* Nothing has run yet (no mean): retry in the minimum, 1 s. */
	assert_int_equal(workq_retry_after(q), 1);
	gate_release();
	wait_done(q, 4);
	workq_free(q);
	assert_string_equal(run_log, "a1b1a2");
}


static void *
close_main(void *arg)
{
	workq_close(arg);
	return NULL;
}

static void
test_close_cancels(void **state)
{
	struct workq		*q;
	struct workq_stats	 st;
	pthread_t		 t;

	(void)state;
	gate_reset();
	run_log[0] = '\0';
	q = workq_new(1, 8, 16);
	assert_int_equal(workq_submit(q, "g", gate_run, NULL), 0);
	gate_wait_entered();
	assert_int_equal(workq_submit(q, "a", log_run, "x"), 0);
	assert_int_equal(workq_submit(q, "b", log_run, "y"), 0);
	/* The close cancels x and y at once, then waits for the gate job. */
	assert_int_equal(pthread_create(&t, NULL, close_main, q), 0);
	for (;;) {
		pthread_mutex_lock(&log_lock);
		if (strlen(run_log) == 4) {
			pthread_mutex_unlock(&log_lock);
			break;
		}
		pthread_mutex_unlock(&log_lock);
		sched_yield();
	}
	assert_string_equal(run_log, "!x!y");
	assert_int_equal(workq_submit(q, "a", log_run, "z"), -1);
	gate_release();
	pthread_join(t, NULL);
	workq_stats(q, &st);
	assert_int_equal(st.done, 1);		/* the gate job */
	assert_int_equal(st.waiting, 0);
	workq_free(q);
	assert_string_equal(run_log, "!x!y");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_turns),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_close_cancels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
