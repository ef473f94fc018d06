/*
 * alert.h: the state machines behind the alert hooks.
 *
 * The registry reports every target's evaluation (alerts_observe). A target
 * entering a slipping status (config evaluation.slipping; by default
 * insufficient, moving_away, missed) fires IndicatorTargetSlipping, a change
 * from one slipping status to another updates, and leaving them resolves.
 * With evaluation.alert_stale, the registry also reports each indicator's
 * data age (rule ALERT_RULE_STALE, year 0): data turning stale fires
 * IndicatorDataStale and current data resolves it. The state (each alert's
 * last status, its open alert, and the alerts resolved in the last
 * ALERT_RESOLVED_KEEP seconds) lives in DATA_DIR/alerts.state (alertstate.h),
 * rewritten atomically whenever it changes, so a restart repeats nothing.
 *
 * Threads: alerts_observe only updates memory and queues; a keeper thread
 * writes the state file and then hands the events to the hooks, each of
 * which delivers from its own thread (hook.h). A dead receiver therefore
 * delays nothing but its own hook.
 */
#ifndef ALERT_H
#define ALERT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "alertstate.h"
#include "buf.h"
#include "config.h"
#include "eval.h"
#include "notice.h"

#define ALERT_QUEUE_MAX		10000	/* undispatched events before dropping */
#define ALERT_COALESCE_MS	100	/* wait for a burst to end before saving */
#define ALERT_STATE_FILE	"alerts.state"
#define ALERT_KEY_MAX		80	/* "id/year" and its NUL */

/* When alerts fire: the configured evaluation.slipping and alert_stale. */
struct alert_policy {
	int		 slipping[EVAL_NSTATUS];
	int		 stale;
};

/* The state of one alert: a target (indicator, year) or stale (id, 0). */
struct alert_entry {
	char		*indicator;
	char		*key;		/* "indicator/year", the table's */
	int		 year;
	enum alert_rule	 rule;
	int		 known;		/* status was observed (or loaded) */
	enum eval_status status;	/* slipping: last status */
	int		 stale;		/* stale: last flag */
	int		 firing;
	enum eval_status labelled;	/* firing: its status */
	time_t		 starts_at;	/* firing: since */
	struct alert_resolved *resolved;	/* nresolved, at most
						   ALERT_RESOLVED_MAX, oldest
						   first; NULL: none */
	size_t		 nresolved;
	int		 configured;	/* the target is in the running config */
	int		 observed;	/* last holds an observation */
	struct alert_notice last;	/* owned copy of the last observation */
};

struct alerts;

/*
 * Load DATA_DIR/alerts.state (if present) and resolve the alerts of
 * targets conf no longer has, in memory: no thread is started and no file
 * changed, so that this may run beside the registry's opening, which may
 * find the data_dir another daemon's (its journal locked). Then
 * alerts_start, or alerts_close, which then writes nothing.
 */
struct alerts *alerts_open(const struct config *conf);
/*
 * Move a damaged state file aside to alerts.state.bad with a warning,
 * then start the keeper and one delivery thread per configured hook; from
 * now on the state file is written. external_url prefixes the links sent
 * with alerts (EXTERNAL_URL/graph/ID.png). -1 with err set.
 */
int	 alerts_start(struct alerts *, const struct config *conf,
	    const char *external_url, char *err, size_t errlen);
/*
 * A target's current evaluation (called by the registry, holding its lock).
 * Never blocks on I/O: events are queued for the keeper.
 */
void	 alerts_observe(struct alerts *, const struct alert_target *);
/*
 * New hooks and slipping statuses. Open alerts of targets no longer in conf
 * are resolved; the last observations are judged again against the new
 * slipping set. Hooks whose settings did not change keep their queue and
 * thread. conf is only read during the call.
 */
void	 alerts_reconfigure(struct alerts *, const struct config *conf);
/*
 * indicatord_alerts_sent_total{hook} and indicatord_alert_failures_total{hook}
 * of the configured hooks, text 0.0.4 or OpenMetrics (om). a may be NULL.
 */
void	 alerts_metrics(struct alerts *a, struct buf *b, int om);
/* Changes whenever alerts_metrics would render something else. */
uint64_t alerts_metrics_gen(struct alerts *a);
/*
 * Wait until every event has been written to the state file, handed over
 * and delivered (or given up), at most timeout_ms. 0 when idle, -1 if not.
 */
int	 alerts_drain(struct alerts *, int timeout_ms);
/*
 * Stop: save the state, stop each hook (an attempt in flight runs out its
 * timeout; queued events are dropped and logged), free. Takes NULL.
 */
void	 alerts_close(struct alerts *);

/*
 * The transition for one observation of e's target (or data age), given
 * the policy: returns the event (ALERT_NONE if none) and, for an event,
 * fills n (n->t borrows t's strings). *changed is set when e's persisted
 * state changed. Pure; exposed for the unit tests.
 */
enum alert_event alert_step(struct alert_entry *e, const struct alert_target *t,
	    const struct alert_policy *p, time_t now, struct alert_notice *n,
	    int *changed);
/* Free what e's resolved alerts and last observation hold (not e). */
void	 alert_entry_clear(struct alert_entry *e);

#endif
