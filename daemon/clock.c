/* clock.c: deadlines and time arithmetic (see clock.h). */
#include <limits.h>
#include <pthread.h>
#include <time.h>

#include "clock.h"

#define NSEC_PER_SEC	1000000000L
#define NSEC_PER_MSEC	1000000L

void
clock_add_ms(struct timespec *ts, long ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * NSEC_PER_MSEC;
	if (ts->tv_nsec >= NSEC_PER_SEC) {
		ts->tv_sec++;
		ts->tv_nsec -= NSEC_PER_SEC;
	}
}

int
clock_cmp(const struct timespec *a, const struct timespec *b)
{
	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec ? -1 : 1;
	if (a->tv_nsec != b->tv_nsec)
		return a->tv_nsec < b->tv_nsec ? -1 : 1;
	return 0;
}

double
clock_diff_ms(const struct timespec *a, const struct timespec *b)
{
	long long	 ns;

	/* In whole nanoseconds first: exact for 292 years either way. */
	ns = (long long)(a->tv_sec - b->tv_sec) * NSEC_PER_SEC +
	    (a->tv_nsec - b->tv_nsec);
	return (double)ns / NSEC_PER_MSEC;
}

void
clock_deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	clock_add_ms(ts, ms);
}

int
clock_passed(const struct timespec *deadline)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return clock_cmp(&now, deadline) >= 0;
}

void
clock_cond_init(pthread_cond_t *c)
{
	pthread_condattr_t	 ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(c, &ca);
	pthread_condattr_destroy(&ca);
}

uint64_t
clock_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec /
	    NSEC_PER_MSEC;
}

double
clock_ms_exact(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
clock_left_ms(uint64_t deadline)
{
	uint64_t	 now = clock_ms();

	if (deadline <= now)
		return 0;
	return deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now);
}

void
clock_sleep_ms(long ms)
{
	struct timespec	 ts = { 0, 0 };

	clock_add_ms(&ts, ms);
	nanosleep(&ts, NULL);
}

double
clock_real(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
