/* explain.c: a target's standing in one sentence (see explain.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "fmt.h"

/* Append to buf (len bytes) what fmt says, keeping it terminated. */
static void __attribute__((format(printf, 3, 4)))
explain_add(char *buf, size_t len, const char *fmt, ...)
{
	size_t	 n = strlen(buf);
	va_list	 ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* A decimal year as people read it: "2018", or "2023.6" within a year. */
static void
explain_year(double t, char *buf, size_t len)
{
	if (t == floor(t))
		snprintf(buf, len, "%.0f", t);
	else
		snprintf(buf, len, "%.1f", t);
}

/* "needs R from Y0 (T0) to reach YT by T", or why no growth is needed. */
static void
explain_need(const struct explain *e, int lin, char *buf, size_t len)
{
	const struct eval_result	*r = e->res;
	char				 g[64], v0[64], vt[64], t0[16];

	fmt_value(e->value, e->unit, vt, sizeof(vt));
	if (r->why_required == EVAL_WHY_NONE) {
		fmt_growth(r->required, lin, e->unit, g, sizeof(g));
		fmt_value(r->base_v, e->unit, v0, sizeof(v0));
		explain_year(r->base_t, t0, sizeof(t0));
		explain_add(buf, len, "needs %s from %s (%s) to reach %s by "
		    "%d", g, v0, t0, vt, e->year);
	} else
		explain_add(buf, len, "%s; target %s by %d",
		    eval_why_text(r->why_required), vt, e->year);
}

/*
 * "; achieving A (trend G)" or, for the trend method, "; the trend since T0
 * is G"; then "; projected P (90 %: L-U), probability N %".
 */
static void
explain_trend(const struct explain *e, int lin, char *buf, size_t len)
{
	const struct eval_result	*r = e->res;
	char				 a[64], g[64], p[64], lo[64], hi[64];
	char				 t0[16];

	explain_year(r->base_t, t0, sizeof(t0));
	fmt_growth(r->trend_growth, !r->trend_log, e->unit, g, sizeof(g));
	if (r->why_actual != EVAL_WHY_NONE) {
		if (r->why_actual != r->why_required)
			explain_add(buf, len, "; %s",
			    eval_why_text(r->why_actual));
	} else if (r->method == EVAL_TREND)
		explain_add(buf, len, "; the trend since %s is %s", t0, g);
	else {
		fmt_growth(r->actual, lin, e->unit, a, sizeof(a));
		explain_add(buf, len, "; achieving %s since %s", a, t0);
		if (!isnan(r->trend_growth))
			explain_add(buf, len, " (trend %s)", g);
	}
	if (r->why_projected != EVAL_WHY_NONE) {
		if (r->why_projected != r->why_actual)
			explain_add(buf, len, "; no projection: %s",
			    eval_why_text(r->why_projected));
		return;
	}
	fmt_value(r->projected, e->unit, p, sizeof(p));
	explain_add(buf, len, "; projected %s%s", p,
	    r->clamped ? " (at its bound)" : "");
	if (r->method == EVAL_TREND && !isnan(r->trend_lower)) {
		fmt_value(r->trend_lower, e->unit, lo, sizeof(lo));
		fmt_value(r->trend_upper, e->unit, hi, sizeof(hi));
		explain_add(buf, len, " (%.0f %%: %s-%s)", e->interval * 100,
		    lo, hi);
	}
	if (r->method == EVAL_TREND && !isnan(r->probability))
		explain_add(buf, len, ", probability %.0f %%",
		    r->probability * 100);
}

void
explain_target(const struct explain *e, char *buf, size_t len)
{
	const struct eval_result	*r = e->res;
	char				 last[64], goal[64];
	int				 lin = eval_linear(r);

	buf[0] = '\0';
	fmt_value(e->value, e->unit, goal, sizeof(goal));
	fmt_value(r->latest_v, e->unit, last, sizeof(last));
	if (isnan(r->latest_v) || e->period == NULL) {
		explain_add(buf, len, "no data yet; target %s by %d", goal,
		    e->year);
		return;
	}
	if (r->status == EVAL_ACHIEVED)
		explain_add(buf, len, "achieved: %s in %s meets the target "
		    "of %s for %d", last, e->period, goal, e->year);
	else if (r->status == EVAL_MISSED)
		explain_add(buf, len, "missed: %s in %s against the target "
		    "of %s for %d", last, e->period, goal, e->year);
	else {
		explain_need(e, lin, buf, len);
		explain_trend(e, lin, buf, len);
	}
	explain_add(buf, len, "; latest data %s, %s", e->period, e->stale ?
	    "stale" : "current");
	if (e->stale && e->stale_after != NULL)
		explain_add(buf, len, " (expected within %s)", e->stale_after);
}
