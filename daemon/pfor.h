/*
 * pfor.h: run a loop's iterations on several threads. Used where the work
 * items are independent files (one RRD per indicator), so that ingest and
 * start-up use every core instead of one. Kept because without it (one
 * ingest lane and one RRD writer) ingest is 0.66-0.96, median 0.75, of the
 * once-per-file anchor, goal >= 0.8 (bench/README.md, ingest;
 * bench/results.md, "Speed tricks, with and without").
 */
#ifndef PFOR_H
#define PFOR_H

#include <stddef.h>

typedef void (*pfor_fn)(void *arg, size_t i);

/*
 * Call fn(arg, i) once for each i in [0, n), on up to nthreads threads
 * counting the caller's; returns when all are done. Threads that cannot be
 * created are done without: the caller runs what is left.
 */
void	 pfor(size_t n, unsigned nthreads, pfor_fn fn, void *arg);
/* Online CPUs, at least 1 and at most PFOR_MAX_THREADS. */
unsigned pfor_cpus(void);

#define PFOR_MAX_THREADS	8

#endif
