/*
 * pfor.h: run a loop's iterations on several threads. Used where the work
 * items are independent: the RRD files' start-up checks, the judging of
 * every indicator at start and reload, the /metrics render of many blocks,
 * the registry's and the alert state's opening side by side. Kept for the
 * start-up goal at 100,000 indicators (bench/README.md, growth: the first
 * /metrics within 10 s, 8.4-9.3 s after a kill -9 with it; the render
 * alone on one CPU 0.8 s longer, bench/manual.md). The ingest's RRD
 * updates no longer use it: on 2 CPUs two lanes were no faster than one
 * (bench/manual.md, "Ingest since the 2-archive RRD layout").
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
