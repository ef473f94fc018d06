/*
 * clock.h: time arithmetic in one place, in the manner of OpenBSD's
 * timespecadd/timespeccmp. Deadlines and durations count on
 * CLOCK_MONOTONIC, which does not jump when the date is set; dates on
 * CLOCK_REALTIME. A struct timespec here is always normalised (tv_nsec in
 * 0..999999999).
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* *ts += ms (ms >= 0). */
void	 clock_add_ms(struct timespec *ts, long ms);
/* -1, 0 or 1 as a is before, at or after b. */
int	 clock_cmp(const struct timespec *a, const struct timespec *b);
/* a - b in milliseconds, with the fraction (negative if a is before b). */
double	 clock_diff_ms(const struct timespec *a,
	    const struct timespec *b);

/*
 * The monotonic time ms (>= 0) from now, as pthread_cond_timedwait takes
 * it on a condition made by clock_cond_init.
 */
void	 clock_deadline(struct timespec *ts, long ms);
/* 1 once the monotonic clock has reached deadline (from clock_deadline). */
int	 clock_passed(const struct timespec *deadline);
/* Initialise c so that its timed waits count on CLOCK_MONOTONIC. */
void	 clock_cond_init(pthread_cond_t *c);

/* CLOCK_MONOTONIC in whole milliseconds: deadlines as numbers. */
uint64_t clock_ms(void);
/* The same with its fraction, for timing steps in logs. */
double	 clock_ms_exact(void);
/*
 * Milliseconds from now to deadline (a clock_ms() value): 0 once it has
 * passed, at most INT_MAX. A poll(2) timeout.
 */
int	 clock_left_ms(uint64_t deadline);
/* Sleep ms milliseconds (less if a signal is caught). */
void	 clock_sleep_ms(long ms);

/* CLOCK_REALTIME in seconds since the epoch, with the fraction. */
double	 clock_real(void);

#endif
