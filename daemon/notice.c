/* notice.c: what one alert says (see notice.h). */
#include <stdlib.h>
#include <string.h>

#include "notice.h"
#include "xmalloc.h"

const char *
notice_status_severity(enum eval_status s)
{
	return s == EVAL_MOVING_AWAY || s == EVAL_MISSED ? "critical" :
	    "warning";
}

const char *
notice_severity(const struct alert_notice *n)
{
	return n->t.rule == ALERT_RULE_STALE ? "warning" :
	    notice_status_severity(n->labelled);
}

const char *
notice_event_name(enum alert_event ev)
{
	switch (ev) {
	case ALERT_FIRING:
		return "firing";
	case ALERT_UPDATED:
		return "updated";
	case ALERT_RESOLVED:
		return "resolved";
	default:
		return "none";
	}
}

void
notice_copy(struct alert_notice *dst, const struct alert_notice *src)
{
	const char	*s[5] = { src->t.indicator, src->t.name, src->t.unit,
			    src->t.period, src->t.stale_after };
	const char	**d[5];
	size_t		 len = 1, i, n;
	char		*p;

	*dst = *src;
	d[0] = &dst->t.indicator;
	d[1] = &dst->t.name;
	d[2] = &dst->t.unit;
	d[3] = &dst->t.period;
	d[4] = &dst->t.stale_after;
	for (i = 0; i < 5; i++)
		if (s[i] != NULL)
			len += strlen(s[i]) + 1;
	p = dst->owned = xmalloc(len);
	for (i = 0; i < 5; i++) {
		if (s[i] == NULL)
			continue;
		n = strlen(s[i]) + 1;
		memcpy(p, s[i], n);
		*d[i] = p;
		p += n;
	}
}

void
notice_clear(struct alert_notice *n)
{
	free(n->owned);
	n->owned = NULL;
}

const char *
notice_rule_name(enum alert_rule rule)
{
	return rule == ALERT_RULE_STALE ? ALERT_STALE_NAME :
	    ALERT_SLIPPING_NAME;
}
