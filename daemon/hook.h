/*
 * hook.h: delivery of alert notices (alert.h) to one configured hook, from
 * a thread of its own:
 *  - exec: the command (argv, no shell) with the event as JSON on stdin and
 *    INDICATORD_* variables in its environment; it must exit 0 in time.
 *  - alertmanager: POST URL/api/v2/alerts with the whole current set (open
 *    alerts with endsAt = now + 4 x resend, alerts resolved in the last
 *    ALERT_RESOLVED_KEEP seconds with their endsAt), at once after an event
 *    and then every resend seconds.
 *  - webhook: POST URL with one event in Alertmanager's webhook v4 shape.
 * Every delivery gets HOOK_ATTEMPTS attempts, 1 s then 2 s apart, each
 * bounded by the hook's timeout; a delivery that fails them all is logged
 * and counted. What each type sends is built by hookmsg.h.
 */
#ifndef HOOK_H
#define HOOK_H

#include <stdint.h>
#include <time.h>

#include "notice.h"
#include "config.h"

#define HOOK_ATTEMPTS	3
#define HOOK_AM_PATH	"/api/v2/alerts"
#define HOOK_ENV	"/usr/bin/env"	/* sets INDICATORD_* for exec hooks */
#define HOOK_QUEUE_MAX	10000		/* queued events before dropping */

/* Per hook name; outlives the hook across reloads. Updated atomically. */
struct hook_counters {
	uint64_t	 sent;		/* deliveries that succeeded */
	uint64_t	 failures;	/* deliveries that failed every attempt */
};

/*
 * The Alertmanager set as of now: a malloc'd array of *n owned notices
 * (notice_copy), or NULL with *n = 0. Called without the hook's lock.
 */
typedef struct alert_notice *(*hook_set_fn)(void *arg, time_t now, size_t *n);

struct hook;

/*
 * Start delivering for ac. counters must outlive the hook; set_fn is used
 * by alertmanager hooks only. Never fails (out of memory is fatal).
 */
struct hook *hook_start(const struct alert_conf *ac, const char *external_url,
	    struct hook_counters *counters, hook_set_fn set_fn, void *arg);
const char *hook_name(const struct hook *);
enum alert_type hook_type(const struct hook *);
/* 1 if h was started from settings equal to ac's. */
int	 hook_matches(const struct hook *h, const struct alert_conf *ac);
/* Queue a copy of an event (exec and webhook; alertmanager: a send now). */
void	 hook_enqueue(struct hook *, const struct alert_notice *);
/* Alertmanager: send the set now (no-op for the other types). */
void	 hook_poke(struct hook *);
/* Move the events queued in from (not yet being delivered) to to. */
void	 hook_move_queue(struct hook *from, struct hook *to);
/* Ask the thread to stop: no new attempt starts. Does not wait. */
void	 hook_stop(struct hook *);
/* 1 once a stopped hook's thread has returned (hook_free will not block). */
int	 hook_finished(struct hook *);
/* Wait until nothing is queued or in flight; 0, or -1 after timeout_ms. */
int	 hook_drain(struct hook *, int timeout_ms);
/* Stop, wait for the attempt in flight, drop the queue (logged). NULL ok. */
void	 hook_free(struct hook *);

/*
 * One POST of a JSON body; 0 on a 2xx answer within timeout seconds, else
 * -1 with err ("HTTP 500 from URL", "timeout after 5 s", libcurl's reason,
 * or fetch_init's: "cannot load libcurl.so.4: ..."). No redirects are
 * followed. Loads and sets libcurl up on first use (fetch_init).
 */
int	 hook_post(const char *url, const char *body, int timeout, char *err,
	    size_t errlen);

#endif
