/*
 * notice.h: what one alert says, shared by the state machine (alert.h) and
 * the deliveries (hook.h): the observation an alert is about, its event,
 * and the helpers that name them. Below both; includes neither.
 */
#ifndef NOTICE_H
#define NOTICE_H

#include <time.h>

#include "eval.h"

#define ALERT_SLIPPING_NAME	"IndicatorTargetSlipping"
#define ALERT_STALE_NAME	"IndicatorDataStale"
#define ALERT_RESOLVED_KEEP	900	/* seconds a resolved alert is re-sent */

/* What an alert is about; its alertname. */
enum alert_rule {
	ALERT_RULE_SLIPPING = 0,	/* a target's status slips */
	ALERT_RULE_STALE		/* an indicator's data is stale */
};

/*
 * One target's current evaluation, or (rule ALERT_RULE_STALE, year 0) one
 * indicator's data age. Strings are borrowed (or see owned).
 */
struct alert_target {
	enum alert_rule	 rule;
	const char	*indicator;	/* id */
	const char	*name;		/* display name; NULL: the id */
	const char	*unit;		/* NULL: no unit known */
	const char	*period;	/* period of res.latest_v, or NULL */
	int		 year;		/* target year; stale: 0 */
	double		 value;		/* target value; stale: NAN */
	enum eval_kind	 kind;
	struct eval_result res;		/* status, growth, projection */
	double		 interval;	/* level of res's prediction interval */
	int		 stale;		/* the latest data is stale */
	double		 age;		/* seconds since the latest period's
					   end; NAN: no data */
	const char	*stale_after;	/* "18 months" */
};

enum alert_event {
	ALERT_NONE = 0,
	ALERT_FIRING,		/* entered a slipping status */
	ALERT_UPDATED,		/* moved to another slipping status */
	ALERT_RESOLVED		/* left the slipping statuses */
};

/*
 * What a hook is told: an event, or one alert of the set an Alertmanager
 * hook (re-)sends. The alert is identified by (indicator, year, labelled).
 */
struct alert_notice {
	enum alert_event event;
	struct alert_target t;		/* the target now */
	enum eval_status previous;	/* the target's status before */
	enum eval_status labelled;	/* the slipping status of the alert */
	time_t		 starts_at;	/* when the alert began */
	time_t		 ends_at;	/* when it was resolved; 0: firing */
	time_t		 at;		/* when the event happened */
	int		 replaces;	/* UPDATED: it ends an alert... */
	enum eval_status replaced;	/* ...labelled so... */
	time_t		 replaced_starts_at;	/* ...which began then */
	char		*owned;		/* t's strings, or NULL if borrowed */
};

/* Deep copy of src into dst (dst->owned holds the strings). */
void	 notice_copy(struct alert_notice *dst,
	    const struct alert_notice *src);
/* Free what notice_copy allocated. */
void	 notice_clear(struct alert_notice *);
/* Severity label of a slipping status: "warning" or "critical". */
const char *notice_status_severity(enum eval_status);
/* The severity of n's alert: a stale one is a "warning". */
const char *notice_severity(const struct alert_notice *n);
/* "firing", "updated", "resolved". */
const char *notice_event_name(enum alert_event);
/* "IndicatorTargetSlipping" or "IndicatorDataStale". */
const char *notice_rule_name(enum alert_rule);

#endif
