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
/*
 * A reload to conf, in two steps around the registry's. sched_retire: end
 * the threads of feeds that conf removes or changes (their runs in progress
 * are cancelled); those whose settings are unchanged go on undisturbed.
 * sched_update, once the registry has conf: start threads for conf's new
 * and changed feeds; a kept feed whose set of indicators changed runs
 * again now (or right after its run in progress). conf is not kept.
 */
void	 sched_retire(struct sched *, const struct config *conf);
void	 sched_update(struct sched *, const struct config *conf);
/* Ask every feed thread to stop, and join them. */
void	 sched_stop(struct sched *);

#endif
