/* explain.c: a target's standing in one sentence (see explain.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "fmt.h"

/*
 * The parts of the sentence in one language. Each takes its arguments in
 * the same order in every language, so that one call fills any of them.
 */
struct explain_words {
	const char	*no_data;	/* goal, year */
	const char	*achieved;	/* latest, period, goal, year */
	const char	*missed;	/* latest, period, goal, year */
	const char	*needs;		/* growth, base, base year, goal, year */
	const char	*why_goal;	/* why, goal, year */
	const char	*why;		/* why */
	const char	*trend_since;	/* base year, growth */
	const char	*achieving;	/* growth, base year */
	const char	*trend;		/* growth */
	const char	*no_projection;	/* why */
	const char	*projected;	/* value, at_bound or "" */
	const char	*at_bound;
	const char	*interval;	/* level in %, lower, upper */
	const char	*probability;	/* probability in % */
	const char	*latest;	/* period, stale or current */
	const char	*stale;
	const char	*current;
	const char	*expected;	/* stale_after */
};

static const struct explain_words explain_words[LANG_NLANG] = {
	[LANG_EN] = {
		"no data yet; target %s by %d",
		"achieved: %s in %s meets the target of %s for %d",
		"missed: %s in %s against the target of %s for %d",
		"needs %s from %s (%s) to reach %s by %d",
		"%s; target %s by %d",
		"; %s",
		"; the trend since %s is %s",
		"; achieving %s since %s",
		" (trend %s)",
		"; no projection: %s",
		"; projected %s%s",
		" (at its bound)",
		" (%.0f %%: %s-%s)",
		", probability %.0f %%",
		"; latest data %s, %s",
		"stale",
		"current",
		" (expected within %s)",
	},
	[LANG_ZH] = {
		"尚无数据；目标 %s（%d 年）",
		"已实现：%s（%s）达到目标 %s（%d 年）",
		"到期未实现：%s（%s）未达到目标 %s（%d 年）",
		"所需增速 %s：从 %s（%s 年）到 %s（%d 年）",
		"%s；目标 %s（%d 年）",
		"；%s",
		"；%s 年以来的趋势为 %s",
		"；%2$s 年以来实际增速 %1$s",
		"（趋势 %s）",
		"；无法预测：%s",
		"；预计 %s%s",
		"（取边界值）",
		"（%.0f %% 区间：%s 至 %s）",
		"，实现概率 %.0f %%",
		"；最新数据 %s，%s",
		"数据过时",
		"数据及时",
		"（应在 %s内更新）",
	},
};

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

static enum lang
explain_lang(const struct explain *e)
{
	return (unsigned)e->lang < LANG_NLANG ? e->lang : LANG_EN;
}

static const struct explain_words *
explain_in(const struct explain *e)
{
	return &explain_words[explain_lang(e)];
}

static void
explain_value(const struct explain *e, double v, char *buf, size_t len)
{
	fmt_value_lang(v, e->unit, explain_lang(e), buf, len);
}

static void
explain_growth(const struct explain *e, double g, int lin, char *buf,
    size_t len)
{
	fmt_growth_lang(g, lin, e->unit, explain_lang(e), buf, len);
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
	const struct explain_words	*w = explain_in(e);
	const struct eval_result	*r = e->res;
	char				 g[64], v0[64], vt[64], t0[16];

	explain_value(e, e->value, vt, sizeof(vt));
	if (r->why_required == EVAL_WHY_NONE) {
		explain_growth(e, r->required, lin, g, sizeof(g));
		explain_value(e, r->base_v, v0, sizeof(v0));
		explain_year(r->base_t, t0, sizeof(t0));
		explain_add(buf, len, w->needs, g, v0, t0, vt, e->year);
	} else
		explain_add(buf, len, w->why_goal, lang_why(explain_lang(e),
		    r->why_required), vt, e->year);
}

/* "; achieving A (trend G)", "; the trend since T0 is G", or why not. */
static void
explain_actual(const struct explain *e, int lin, char *buf, size_t len)
{
	const struct explain_words	*w = explain_in(e);
	const struct eval_result	*r = e->res;
	char				 a[64], g[64], t0[16];

	explain_year(r->base_t, t0, sizeof(t0));
	explain_growth(e, r->trend_growth, !r->trend_log, g, sizeof(g));
	if (r->why_actual != EVAL_WHY_NONE) {
		if (r->why_actual != r->why_required)
			explain_add(buf, len, w->why, lang_why(explain_lang(e),
			    r->why_actual));
	} else if (r->method == EVAL_TREND)
		explain_add(buf, len, w->trend_since, t0, g);
	else {
		explain_growth(e, r->actual, lin, a, sizeof(a));
		explain_add(buf, len, w->achieving, a, t0);
		if (!isnan(r->trend_growth))
			explain_add(buf, len, w->trend, g);
	}
}

/* "; projected P (90 %: L-U), probability N %", or why there is none. */
static void
explain_projected(const struct explain *e, char *buf, size_t len)
{
	const struct explain_words	*w = explain_in(e);
	const struct eval_result	*r = e->res;
	char				 p[64], lo[64], hi[64];

	if (r->why_projected != EVAL_WHY_NONE) {
		if (r->why_projected != r->why_actual)
			explain_add(buf, len, w->no_projection, lang_why(
			    explain_lang(e), r->why_projected));
		return;
	}
	explain_value(e, r->projected, p, sizeof(p));
	explain_add(buf, len, w->projected, p, r->clamped ? w->at_bound : "");
	if (r->method == EVAL_TREND && !isnan(r->trend_lower)) {
		explain_value(e, r->trend_lower, lo, sizeof(lo));
		explain_value(e, r->trend_upper, hi, sizeof(hi));
		explain_add(buf, len, w->interval, e->interval * 100, lo, hi);
	}
	if (r->method == EVAL_TREND && !isnan(r->probability))
		explain_add(buf, len, w->probability, r->probability * 100);
}

void
explain_target(const struct explain *e, char *buf, size_t len)
{
	const struct explain_words	*w = explain_in(e);
	const struct eval_result	*r = e->res;
	char				 last[64], goal[64];
	int				 lin = eval_linear(r);

	buf[0] = '\0';
	explain_value(e, e->value, goal, sizeof(goal));
	explain_value(e, r->latest_v, last, sizeof(last));
	if (isnan(r->latest_v) || e->period == NULL) {
		explain_add(buf, len, w->no_data, goal, e->year);
		return;
	}
	if (r->status == EVAL_ACHIEVED)
		explain_add(buf, len, w->achieved, last, e->period, goal,
		    e->year);
	else if (r->status == EVAL_MISSED)
		explain_add(buf, len, w->missed, last, e->period, goal,
		    e->year);
	else {
		explain_need(e, lin, buf, len);
		explain_actual(e, lin, buf, len);
		explain_projected(e, buf, len);
	}
	explain_add(buf, len, w->latest, e->period, e->stale ? w->stale :
	    w->current);
	if (e->stale && e->stale_after != NULL)
		explain_add(buf, len, w->expected, e->stale_after);
}

void
explain_lag(struct period_lag lag, enum lang l, char *buf, size_t len)
{
	if (l != LANG_ZH)
		period_lag_format(lag, buf, len);
	else if (lag.months > 0)
		snprintf(buf, len, "%d 个月", lag.months);
	else
		snprintf(buf, len, "%d 天", lag.days);
}
