/*
 * rrdw.h: RRD writer processes. rrd_update_r opens, mmaps and munmaps the
 * file on every call, and each munmap of a multi-threaded process sends a
 * TLB shootdown to every CPU running its other threads. A writer is a
 * single-threaded process that calls rrd_update_r for the daemon over a
 * socketpair; the writers' munmaps interrupt no one, and an ingest thread
 * formats its next update while its writer applies the last one.
 * A writer is this program started anew (posix_spawn of the file that
 * /proc/self/exe links to, its socket as fd 3, the command line
 * "indicatord-rrd" and INDICATORD_RRD_WRITER_FD=3 in its environment,
 * which a constructor in rrdw.c reads before main), not a fork: a fork
 * of the daemon after its config is parsed would share hundreds of MB of
 * its heap copy-on-write, and each page the daemon then wrote cost it a
 * fault and a copy (the journal replay at 100,000 indicators: 3.9 s
 * instead of 2.2-2.7 s).
 * Kept because without it (rrd_update_r in the ingest threads) ingest is
 * 0.57-0.64 of the once-per-file anchor, goal >= 0.8 (bench/README.md,
 * ingest; bench/results.md, "Speed tricks, with and without").
 *
 * rrdw_update may be called from several threads at once: each call takes
 * a free writer, waiting for one if all are busy; rrdw_acquire and the
 * calls after it keep one writer for a caller's queue of requests. A
 * writer that dies (or a broken socket) is retired with a warning; once
 * none is left, calls return RRDW_GONE and the caller writes in-process.
 */
#ifndef RRDW_H
#define RRDW_H

#include <stddef.h>

#define RRDW_GONE	(-2)	/* no writer left: write in-process */

struct rrdw;

/*
 * Start n writers. NULL with err set when a socketpair or a spawn fails
 * (none is left running).
 */
struct rrdw *rrdw_start(unsigned n, char *err, size_t errlen);
/* Close the writers' sockets and reap them. NULL is ignored. */
void	 rrdw_stop(struct rrdw *);
/*
 * rrd_update_r(path, NULL, argc, argv) in a writer: 0, or -1 with err set
 * ("update PATH: librrd's message"), or RRDW_GONE when no writer is left
 * or this call's writer died. A writer that died may have written part of
 * the update: librrd refuses an update older than the file's last one, so
 * the caller's in-process retry then fails instead of writing twice.
 */
int	 rrdw_update(struct rrdw *, const char *path, int argc,
	    char *const *argv, char *err, size_t errlen);
/*
 * rrdw_update in steps, to keep requests in flight so that a writer finds
 * the next one queued when it finishes one. rrdw_acquire: a writer of the
 * caller's own until rrdw_release (waiting for a free one), or -1 when
 * none is left. rrdw_send: queue a request, 0 or RRDW_GONE (then the
 * caller writes that one itself, and receives nothing for it). rrdw_recv:
 * the result of the oldest request sent and not yet received, as
 * rrdw_update's. rrdw_release retires the writer if a step found it gone.
 */
int	 rrdw_acquire(struct rrdw *);
int	 rrdw_send(struct rrdw *, int k, const char *path, int argc,
	    char *const *argv);
int	 rrdw_recv(struct rrdw *, int k, const char *path, char *err,
	    size_t errlen);
void	 rrdw_release(struct rrdw *, int k);
/* Writers still running. */
unsigned rrdw_alive(struct rrdw *);
/*
 * The reason of the librrd failure just seen, into buf, and librrd's error
 * cleared: rrd_get_error()'s text, completed with ": " and strerror(e)
 * when e (the errno saved after the call) is set and the text lacks it
 * ("Cannot create temporary file: Not a directory"); never empty ("librrd
 * gave no reason", with strerror(e) when set).
 */
const char *rrdw_reason(char *buf, size_t size, int e);

#endif
