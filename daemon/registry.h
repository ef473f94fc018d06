/*
 * registry.h: the one owner of indicators, their series, target statuses and
 * feed states; the only writer of the journal and the RRD files. Ingest is
 * journal first, then RRD, then evaluation. After every change (an ingest,
 * a feed's result, a reconfiguration, the hourly re-ageing) the registry
 * makes a new immutable view (view.h) and announces it to its subscribers;
 * readers take the current view (registry_view) and never the registry's
 * lock. Writers are serialised by that lock.
 * A series point's stored time is its latest record's (journal.h): after a
 * revision, when the value it shows was stored, not when the period first
 * was; it is revised once a later record changed its value, and stays so.
 * Replay at start-up applies the records as the ingests did, in journal
 * order, so a restart shows the same times and flags.
 */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <stddef.h>

#include "config.h"
#include "obs.h"
#include "view.h"

struct registry;
struct store;

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
	size_t		 skipped;	/* of indicators other shards own */
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
 * reason"); otherwise bad ones are reported through cb and skipped.
 * Observations of indicators another shard owns are skipped and counted
 * (res->skipped), never an error, atomic or not. A
 * batch that stored anything makes a new view. Once the
 * batch is in memory, before its RRD writes, ov is emptied (obsvec_free):
 * only res tells of it afterwards.
 */
enum ingest_rc registry_ingest(struct registry *, const char *feed,
	    struct obsvec *, int atomic, ingest_err_cb cb, void *cbarg,
	    struct ingest_result *res, char *err, size_t errlen);
/*
 * Record the outcome of one feed run (errors: failed run or bad lines) in a
 * new view.
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
 * Once the hour turns, measure every indicator's data age again (and its
 * staleness) in a new view. Called every minute.
 */
void	 registry_tick(struct registry *);
/* The current view, a reference of the caller's (view_unref). */
struct view	*registry_view(struct registry *);
/*
 * Call fn(arg, view) with every new view, in order, and once now with the
 * current one. fn runs in the writer's thread with the registry's lock
 * held: it must be quick, take its own reference to keep the view, and
 * not call into the registry.
 */
typedef void	(*registry_cb)(void *arg, struct view *);
void		 registry_subscribe(struct registry *, registry_cb fn,
		    void *arg);
void		 registry_unsubscribe(struct registry *, registry_cb fn,
		    void *arg);
/* The RRD files' store, for readers of the files (graphs). */
struct store	*registry_store(struct registry *);

#endif
