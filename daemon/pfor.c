/*
 * pfor.c: a parallel for loop over independent items (see pfor.h).
 */
#include <pthread.h>
#include <unistd.h>

#include "pfor.h"

struct pfor_job {
	size_t	 n;
	size_t	 next;		/* the next item to take, atomically */
	pfor_fn	 fn;
	void	*arg;
};

static void *
pfor_worker(void *p)
{
	struct pfor_job	*job = p;
	size_t		 i;

	while ((i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED)) <
	    job->n)
		job->fn(job->arg, i);
	return NULL;
}

void
pfor(size_t n, unsigned nthreads, pfor_fn fn, void *arg)
{
	struct pfor_job	 job = { n, 0, fn, arg };
	pthread_t	 tid[PFOR_MAX_THREADS];
	unsigned	 i, started = 0;

	if (nthreads > PFOR_MAX_THREADS)
		nthreads = PFOR_MAX_THREADS;
	if (nthreads > n)
		nthreads = (unsigned)n;
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&tid[started], NULL, pfor_worker, &job) == 0)
			started++;
	pfor_worker(&job);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}

unsigned
pfor_cpus(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > PFOR_MAX_THREADS ? PFOR_MAX_THREADS : (unsigned)n;
}
