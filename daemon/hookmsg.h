/*
 * hookmsg.h: what the alert hooks (hook.h) send for an alert notice, built
 * by pure functions: the exec hook's JSON event on stdin and INDICATORD_*
 * variables, Alertmanager's POST /api/v2/alerts body and the webhook v4
 * body, with the summary and description they share.
 */
#ifndef HOOKMSG_H
#define HOOKMSG_H

#include <stddef.h>
#include <time.h>

#include "notice.h"

/* Payloads: malloc'd, NUL-terminated; the caller frees. */
/* The exec hook's stdin: one JSON object describing the event. */
char	*hookmsg_event_json(const struct alert_notice *,
	    const char *external_url);
/*
 * The exec hook's variables: a NULL-terminated argv of "NAME=value"
 * (xstrv_free).
 */
char   **hookmsg_env(const struct alert_notice *, const char *external_url);
/* POST /api/v2/alerts body: firing alerts end at now + 4 x resend. */
char	*hookmsg_am_json(const struct alert_notice *, size_t n,
	    const char *external_url, time_t now, int resend);
/* Webhook v4 body for one event; receiver is the hook's name. */
char	*hookmsg_webhook_json(const struct alert_notice *,
	    const char *receiver, const char *external_url);
/* "patent_authorizations 2025 target slipping: insufficient" */
void	 hookmsg_summary(const struct alert_notice *, int resolved,
	    char *buf, size_t len);
/* "needs 8.2 %/yr, achieving 3.1 %/yr; projected 210,000 vs 250,000 in 2025" */
void	 hookmsg_description(const struct alert_target *, char *buf,
	    size_t len);

#endif
