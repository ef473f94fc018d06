/*
 * alertview.c: views told to the alerts (see alertview.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alertview.h"
#include "xmalloc.h"

struct alertview {
	struct alerts	*alerts;
	struct view	*last;		/* the view told before, a reference */
};

struct alertview *
alertview_new(struct alerts *a)
{
	struct alertview	*av = xcalloc(1, sizeof(*av));

	av->alerts = a;
	return av;
}

void
alertview_free(struct alertview *av)
{
	if (av == NULL)
		return;
	view_unref(av->last);
	free(av);
}

/* Tell the alerts the age of iv's data. */
static void
observe_stale(struct alerts *a, const struct iview *iv)
{
	const struct indicator_conf	*ic = iv->conf;
	const struct series		*s = iv->series;
	struct alert_target		 t;
	char				 per[PERIOD_STRLEN], lag[32];

	memset(&t, 0, sizeof(t));
	t.rule = ALERT_RULE_STALE;
	t.indicator = iv->id;
	t.name = ic->name;
	t.unit = ic->unit;
	t.value = NAN;
	eval_result_unknown(&t.res, ic->eval.method);
	if (s->n > 0) {
		period_format(&s->pts[s->n - 1].period, per, sizeof(per));
		t.period = per;
		t.res.latest_v = s->pts[s->n - 1].value;
	}
	t.stale = iv->stale;
	t.age = iv->age;
	period_lag_format(ic->eval.stale_after, lag, sizeof(lag));
	t.stale_after = lag;
	alerts_observe(a, &t);
}

/* Tell the alerts each target's evaluation, and the data's age. */
static void
observe(struct alerts *a, const struct iview *iv, int stale_rule)
{
	const struct indicator_conf	*ic = iv->conf;
	struct alert_target		 t;
	char				 per[PERIOD_STRLEN], lag[32];
	size_t				 i;

	if (ic == NULL || iv->results == NULL)
		return;
	period_lag_format(ic->eval.stale_after, lag, sizeof(lag));
	for (i = 0; i < ic->ntargets; i++) {
		memset(&t, 0, sizeof(t));
		t.indicator = iv->id;
		t.name = ic->name;
		t.unit = ic->unit;
		t.year = ic->targets[i].year;
		t.value = ic->targets[i].value;
		t.kind = ic->targets[i].kind;
		t.res = iv->results[i];
		t.period = view_latest_period(iv, &t.res, per, sizeof(per));
		t.interval = ic->eval.interval;
		t.stale = iv->stale;
		t.age = iv->age;
		t.stale_after = lag;
		alerts_observe(a, &t);
	}
	if (stale_rule)
		observe_stale(a, iv);
}

void
alertview_update(void *arg, struct view *v)
{
	struct alertview	*av = arg;
	const struct view	*last = av->last;
	size_t			 i;
	int			 all;

	/* Another config: other indicators, in another order. */
	all = last == NULL || last->conf != v->conf;
	for (i = 0; i < v->nind; i++)
		if (all || v->ind[i]->alert_gen != last->ind[i]->alert_gen)
			observe(av->alerts, v->ind[i], v->conf->alert_stale);
	view_unref(av->last);
	av->last = view_ref(v);
}
