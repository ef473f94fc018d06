/*
 * alertstate.h: the alert state file, DATA_DIR/alerts.state. It keeps, for
 * each alert the daemon tracks, the last status seen, the open alert and the
 * alerts resolved recently, so that a restart neither repeats nor forgets
 * an event. The file is JSON:
 *   { "version": 1, "targets": [
 *     { "indicator": "pat", "target_year": 2025, "status": "missed",
 *       "firing": { "status": "missed", "starts_at": 1700000000 },
 *       "resolved": [ { "status": "insufficient", "starts_at": ...,
 *                       "ends_at": ... } ] },
 *     { "indicator": "pat", "alertname": "IndicatorDataStale",
 *       "status": "stale", "firing": { "status": "stale", ... } } ] }
 * A stale alert (an indicator's data, not a target) has no target_year and
 * the statuses "stale" and "current". Rendering and parsing are pure.
 */
#ifndef ALERTSTATE_H
#define ALERTSTATE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "eval.h"
#include "notice.h"

#define ALERT_RESOLVED_MAX	8	/* resolved alerts kept per target */

struct alert_resolved {
	enum eval_status status;	/* stale alerts: EVAL_UNKNOWN */
	time_t		 starts_at, ends_at;
};

/* One alert's persisted state. */
struct alert_saved {
	char			*indicator;
	enum alert_rule		 rule;
	int			 year;		/* stale: 0 */
	enum eval_status	 status;	/* slipping: the last status */
	int			 stale;		/* stale: the last flag */
	int			 firing;
	enum eval_status	 labelled;	/* firing slipping alert's */
	time_t			 starts_at;
	struct alert_resolved	 resolved[ALERT_RESOLVED_MAX];
	size_t			 nresolved;	/* oldest first */
};

/*
 * The file's text, made one alert at a time: begin, add each (first: the
 * first), then end, which returns b's text (malloc'd, NUL-terminated; n:
 * how many).
 */
void	 alertstate_begin(struct buf *b);
void	 alertstate_add(struct buf *b, const struct alert_saved *s, int first);
char	*alertstate_end(struct buf *b, size_t n);
/* Given each alert of the file in turn; s is the caller's for the call. */
typedef void	(*alertstate_cb)(void *arg, const struct alert_saved *s);
/*
 * Parse text[0, len), the file called name: each alert is given to cb as it
 * is read, one at a time, so the file is never held parsed whole. The
 * members "version" (1) then "targets"; others are skipped. -1 with
 * "NAME:LINE: why" or "NAME: not an alert state of version 1" in err if the
 * text is damaged: cb may have been given alerts before, which the caller
 * then drops.
 */
int	 alertstate_parse(const char *text, size_t len, const char *name,
	    alertstate_cb cb, void *arg, char *err, size_t errlen);
/* alertstate_parse of the file at path (mapped); 0 if there is none. */
int	 alertstate_load(const char *path, alertstate_cb cb, void *arg,
	    char *err, size_t errlen);
/*
 * Replace path with text and a newline: a temporary file, fsync, rename,
 * fsync of the directory. -1 with err ("PATH.tmp: write: reason").
 */
int	 alertstate_write(const char *path, const char *text, char *err,
	    size_t errlen);

#endif
