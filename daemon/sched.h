/*
 * sched.h: runs every pulled feed (csv, exec, http) on its own thread, on
 * its interval, with exponential backoff after failures (capped at the
 * interval), so one slow or hung feed never delays another or the HTTP
 * server.
 */
#ifndef SCHED_H
#define SCHED_H

struct registry;
struct config;
struct sched;

/* Start one thread per pulled feed of conf. */
struct sched *sched_start(struct registry *, const struct config *);
/* Ask every feed thread to stop, and join them. */
void	 sched_stop(struct sched *);

#endif
