/*
 * registry.h: the one owner of indicators, their series, target statuses and
 * feed states. Ingest is journal first, then RRD, then evaluation; after any
 * change the publisher thread re-renders the metrics exposition into a new
 * immutable snapshot that readers take a reference to (a reader that comes
 * after a change waits for it: what a push stored is in the next scrape).
 * Everything under one mutex; readers (HTTP, graphs, alerts) never write.
 */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "eval.h"
#include "metrics.h"
#include "obs.h"
#include "strtab.h"

struct alerts;

/*
 * 32 bytes: start and decimal year are worked out from period when needed;
 * the feed each came from is in the journal.
 */
struct point {
	struct period	 period;
	time_t		 end;		/* period_end */
	double		 value;
	const char	*source;	/* interned in registry strs */
};
_Static_assert(sizeof(struct point) <= 32, "a series point grew");

struct indicator {
	char		*id;
	const struct indicator_conf *conf;	/* NULL: in the journal only */
	struct point	*pts;		/* sorted by end */
	size_t		 npts, cappts;
	struct eval_result *results;	/* one per conf->targets */
	double		 growth;	/* eval_growth, NAN if unknown */
	double		 age;		/* seconds from the latest period's
					   end to registry.asof; NAN: no data */
	int		 stale;		/* older than its stale_after */
	int		 direction;	/* enum eval_direction, without targets */
	double		 dir_growth;	/* the growth it is judged by, or NAN */
	uint64_t	 generation;	/* bumped on every data or config change */
	int		 rrd_dirty;	/* the RRD must be rebuilt */
	int		 unflushed;	/* updated through rrdcached since the
					   last registry_recheck */
	int		 rrd_held;	/* it holds values the journal lacks:
					   never rebuilt (recover.h); 2 once
					   a refused rebuild was logged */
	unsigned	 touched;	/* ingest bookkeeping: */
	size_t		 adding;	/* new points of the batch, 0 between */
	int		 append_only;
	time_t		 prev_end;
};

struct feed_state {
	char		*name;
	int		 up;
	double		 last_success;	/* unix time, 0 = never */
	double		 last_attempt;
	uint64_t	 errors;	/* failed runs plus rejected records */
	uint64_t	 rejected;	/* records skipped (bad lines, cells) */
	uint64_t	 observations;	/* stored (new or changed) observations */
	char		 last_error[256];
	struct feed_map	*unmatched;	/* map entries the last good run did
					   not match: copies */
	size_t		 nunmatched;
};

struct registry {
	pthread_mutex_t	 lock;
	struct config	*conf;
	struct indicator **ind;		/* configured first, in config order */
	size_t		 nind;
	struct strtab	 ids;		/* id -> struct indicator */
	struct strtab	 strs;		/* sources, kept once (strtab_intern) */
	pthread_mutex_t	 feed_lock;	/* writers of feeds hold lock too */
	struct feed_state *feeds;
	size_t		 nfeeds;
	uint64_t	 feed_gen;	/* bumped at every change of feeds */
	struct journal	*journal;
	size_t		 journal_corrupt;	/* damaged records at start-up */
	struct store	*store;
	unsigned	 epoch;
	time_t		 asof;		/* the hour data ages are measured at */
	double		 start_time;
	unsigned	 nthreads;	/* for RRD writes and checks */
	struct metrics_cache *mcache;	/* the publisher's (metrics_render) */
	pthread_mutex_t	 snap_lock;	/* the fields below; after lock */
	struct snapshot	*snap;
	uint64_t	 changes;	/* bumped on every change to show */
	uint64_t	 published;	/* the changes snap shows */
	pthread_cond_t	 pub_wake;	/* changes > published, or stop */
	pthread_cond_t	 pub_done;	/* published moved */
	pthread_t	 pub_thread;
	int		 pub_running;
	int		 pub_stop;
	int		 pub_waiting;	/* scrapes waiting for a render */
	struct alerts	*alerts;	/* told every evaluation; NULL: none */
};

enum ingest_rc {
	INGEST_OK = 0,
	INGEST_STORAGE = -1,	/* journal write failed: nothing was stored */
	INGEST_INVALID = -2	/* atomic batch with a bad observation */
};

/* Reported for each rejected observation of a non-atomic batch. */
typedef void (*ingest_err_cb)(void *arg, const struct obs *o,
	    const char *reason);

struct ingest_result {
	size_t		 received;
	size_t		 stored;	/* new or changed */
	size_t		 unchanged;	/* identical duplicates: no-ops */
	size_t		 rejected;
};

/*
 * Open DATA_DIR (creating it), replay the journal and bring every RRD in
 * line with it. Returns NULL with err set.
 */
struct registry *registry_open(struct config *conf, char *err, size_t errlen);
void	 registry_free(struct registry *);
/*
 * Ingest a batch. feed names the feed the batch came from; NULL means the
 * push API (each indicator must belong to a push feed). atomic: any bad
 * observation rejects the whole batch (INGEST_INVALID, err = "line N:
 * reason"); otherwise bad ones are reported through cb and skipped. A
 * batch that stored anything has the exposition re-rendered. Once the
 * batch is in memory, before its RRD writes, ov is emptied (obsvec_free):
 * only res tells of it afterwards.
 */
enum ingest_rc registry_ingest(struct registry *, const char *feed,
	    struct obsvec *, int atomic, ingest_err_cb cb, void *cbarg,
	    struct ingest_result *res, char *err, size_t errlen);
/*
 * Record the outcome of one feed run (errors: failed run or bad lines).
 * /metrics renders the feed families per request (metrics_feeds).
 */
void	 registry_feed_result(struct registry *, const char *feed, int ok,
	    size_t rejected, const struct feed_map *const *unmatched,
	    size_t nunmatched, const char *error);
/* Swap in a new config (already validated). Takes ownership of conf. */
void	 registry_reconfigure(struct registry *, struct config *conf);
/* Rebuild RRDs whose last write failed. */
void	 registry_repair(struct registry *);
/*
 * If rrdcached restarted (store_daemon_restarted), check every file
 * updated through it since the last recheck against the journal, and
 * rebuild those that lost rows and those whose writes failed. Call often
 * (every second): without a restart it costs a poll.
 */
void	 registry_recheck(struct registry *);
/*
 * Target i of a configured indicator in one sentence (explain.h), with
 * its latest period and data age; caller holds the registry lock.
 */
void	 registry_explain(const struct indicator *, size_t i, char *buf,
	    size_t len);
/*
 * Once the hour turns, measure every indicator's data age again (and its
 * staleness) and have /metrics show it. Called every minute.
 */
void	 registry_tick(struct registry *);
/*
 * Readers: a counted reference to the exposition snapshot, once it shows
 * every change made before the call.
 */
struct snapshot *registry_snapshot(struct registry *);
struct snapshot *snapshot_ref(struct snapshot *);	/* another reference */
void	 snapshot_unref(struct snapshot *);
/* Look up an indicator by id (caller holds reg->lock). */
struct indicator *registry_find(struct registry *, const char *id);
void	 registry_lock(struct registry *);
void	 registry_unlock(struct registry *);
/*
 * Report every evaluation to a (NULL: stop reporting); a is told every
 * configured target at once. The caller closes the alerts after setting
 * NULL.
 */
void	 registry_set_alerts(struct registry *, struct alerts *a);

#endif
