/*
 * dashboard.c: the HTML dashboard (see dashboard.h). Rendered per request
 * from a view; it is small next to the graphs it embeds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dashboard.h"
#include "explain.h"
#include "fmt.h"
#include "page.h"
#include "view.h"

static const char css[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;background:#fafafa}"
    "h1{font-size:1.4em}h2{font-size:1.1em;margin:0 0 .3em}"
    ".ind{background:#fff;border:1px solid #ddd;border-radius:6px;"
    "padding:1em;margin:0 0 1.2em}"
    ".meta{color:#555;font-size:.9em;margin:.2em 0 .6em}"
    "table{border-collapse:collapse;margin:.4em 0}"
    "td,th{padding:.25em .8em;text-align:left;border-bottom:1px solid #eee}"
    ".badge{display:inline-block;padding:.1em .6em;border-radius:1em;"
    "color:#fff;font-size:.85em;font-weight:bold}"
    ".achieved{background:#1a7f37}.on_track{background:#2da44e}"
    ".moderate{background:#bf8700}.insufficient{background:#d1242f}"
    ".moving_away{background:#8b0000}.missed{background:#57606a}"
    ".unknown{background:#8c959f}.stale{background:#6e40c9}"
    ".dir_improving{background:#2da44e}.dir_stable{background:#bf8700}"
    ".dir_deteriorating{background:#d1242f}.dir_unknown{background:#8c959f}"
    "img{max-width:100%;height:auto;display:block;margin-top:.5em}"
    ".summary span{margin-right:1em}"
    ".why{color:#666;font-size:.85em;font-style:italic}"
    ".notes{color:#444;font-size:.85em;margin:.3em 0;padding-left:1.2em}"
    ".explain{font-size:.9em;margin:.3em 0;padding-left:1.2em}";

static void
badge(struct buf *b, enum eval_status st)
{
	buf_printf(b, "<span class=\"badge %s\">%s</span>",
	    eval_status_name(st), eval_status_name(st));
}

/*
 * One cell: the text of a defined number, else the reason in words, once
 * per row (*said: the reason already written in this row).
 */
static void
cell(struct buf *b, const char *text, enum eval_why why, enum eval_why *said)
{
	buf_puts(b, "<td>");
	if (why == EVAL_WHY_NONE)
		page_html(b, text);
	else if (why == *said)
		buf_puts(b, "&mdash;");
	else {
		buf_puts(b, "<span class=\"why\">");
		page_html(b, eval_why_text(why));
		buf_puts(b, "</span>");
		*said = why;
	}
	buf_puts(b, "</td>");
}

static void
target_row(struct buf *b, const struct iview *ind, size_t i)
{
	const struct indicator_conf	*ic = ind->conf;
	const struct target_conf	*tc = &ic->targets[i];
	const struct eval_result	*er = &ind->results[i];
	enum eval_why			 said = EVAL_WHY_NONE;
	char				 v[64], p[80], ga[64], gr[64], r[32];
	int				 lin = eval_linear(er);

	fmt_value(tc->value, ic->unit, v, sizeof(v));
	fmt_value(er->projected, ic->unit, p, sizeof(p));
	if (er->clamped)
		snprintf(p + strlen(p), sizeof(p) - strlen(p), " (at its bound)");
	fmt_growth(er->actual, lin, ic->unit, ga, sizeof(ga));
	fmt_growth(er->required, lin, ic->unit, gr, sizeof(gr));
	snprintf(r, sizeof(r), "%.2f", er->ratio);
	buf_printf(b, "<tr><td>%d</td><td>%s ", tc->year,
	    tc->kind == EVAL_MIN ? "&ge;" : "&le;");
	page_html(b, v);
	buf_puts(b, "</td><td>");
	badge(b, er->status);
	buf_puts(b, "</td>");
	cell(b, r, er->why_ratio, &said);
	cell(b, ga, er->why_actual, &said);
	cell(b, gr, er->why_required, &said);
	cell(b, p, er->why_projected, &said);
	buf_puts(b, "</tr>\n");
}

static void
latest(struct buf *b, const struct iview *ind)
{
	const struct point	*pt;
	char			 v[64], per[PERIOD_STRLEN], lag[32];

	if (ind->series->n == 0) {
		buf_puts(b, "no data yet");
		return;
	}
	pt = &ind->series->pts[ind->series->n - 1];
	fmt_value(pt->value, ind->conf->unit, v, sizeof(v));
	period_format(&pt->period, per, sizeof(per));
	buf_puts(b, "latest <b>");
	page_html(b, v);
	buf_printf(b, "</b> (%s", per);
	if (pt->source[0] != '\0') {
		buf_puts(b, ", ");
		page_html(b, pt->source);
	}
	buf_puts(b, ")");
	if (ind->stale) {
		period_lag_format(ind->conf->eval.stale_after, lag,
		    sizeof(lag));
		buf_printf(b, " <span class=\"badge stale\">stale</span> "
		    "<span class=\"why\">%.1f years old; expected within %s "
		    "of the period's end</span>", ind->age / (365.2425 * 86400),
		    lag);
	}
}

/* An indicator without targets: the direction of its recent trend. */
static void
direction(struct buf *b, const struct iview *ind)
{
	char	 g[64];

	fmt_growth(ind->dir_growth, 0, ind->conf->unit, g, sizeof(g));
	buf_printf(b, "<p>No target. Over the last %d years: <span class=\"badge "
	    "dir_%s\">%s</span>", ind->conf->eval.trend_years,
	    eval_direction_name(ind->direction),
	    eval_direction_name(ind->direction));
	if (!isnan(ind->dir_growth))
		buf_printf(b, " (trend %s, stable within &plusmn;%.1f %%/yr)", g,
		    ind->conf->eval.tolerance * 100);
	buf_puts(b, "</p>\n");
}

/* Each target's note (its source, why it was set), then the data's notes. */
static void
notes(struct buf *b, const struct indicator_conf *ic)
{
	char	 per[PERIOD_STRLEN];
	size_t	 i, n = 0;

	for (i = 0; i < ic->ntargets; i++)
		n += ic->targets[i].note != NULL;
	if (n + ic->nnotes == 0)
		return;
	buf_puts(b, "<ul class=\"notes\">");
	for (i = 0; i < ic->ntargets; i++) {
		if (ic->targets[i].note == NULL)
			continue;
		buf_printf(b, "<li>%d target: ", ic->targets[i].year);
		page_html(b, ic->targets[i].note);
		buf_puts(b, "</li>");
	}
	for (i = 0; i < ic->nnotes; i++) {
		period_format(&ic->notes[i].period, per, sizeof(per));
		buf_printf(b, "<li>%s: ", per);
		page_html(b, ic->notes[i].text);
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>\n");
}

static void
indicator_section(struct buf *b, const struct iview *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	char				 why[EXPLAIN_MAX];
	size_t				 i;

	buf_printf(b, "<section class=\"ind\" id=\"%s\"><h2>", ind->id);
	page_html(b, ic->name);
	buf_puts(b, "</h2><div class=\"meta\">");
	latest(b, ind);
	buf_printf(b, " &middot; <a href=\"/api/v1/indicators/%s\">%s</a> "
	    "&middot; feed %s", ind->id, ind->id, ic->feed);
	if (ic->source[0] != '\0') {
		buf_puts(b, " &middot; ");
		page_html(b, ic->source);
	}
	buf_puts(b, "</div>\n");
	if (ic->ntargets == 0)
		direction(b, ind);
	if (ic->ntargets > 0) {
		buf_puts(b, "<table><tr><th>target</th><th>value</th>"
		    "<th>status</th><th>R</th><th>actual growth</th>"
		    "<th>required growth</th><th>projected</th></tr>\n");
		for (i = 0; i < ic->ntargets; i++)
			target_row(b, ind, i);
		buf_puts(b, "</table>\n<ul class=\"explain\">");
		for (i = 0; i < ic->ntargets; i++) {
			view_explain(ind, i, why, sizeof(why));
			buf_printf(b, "<li><b>%d</b>: ", ic->targets[i].year);
			page_html(b, why);
			buf_puts(b, "</li>");
		}
		buf_puts(b, "</ul>\n");
	}
	notes(b, ic);
	buf_printf(b, "<img src=\"/graph/%s.png\" width=\"800\" "
	    "alt=\"trend of %s\" loading=\"lazy\"></section>\n", ind->id,
	    ind->id);
}

/* Count of targets per status, for the summary line. */
static void
summary(struct buf *b, const struct view *v)
{
	size_t	 count[EVAL_NSTATUS] = { 0 }, i, j;
	int	 s;

	for (i = 0; i < view_nconf(v); i++)
		for (j = 0; j < v->ind[i]->conf->ntargets; j++)
			count[v->ind[i]->results[j].status]++;
	buf_puts(b, "<p class=\"summary\">");
	for (s = 0; s < EVAL_NSTATUS; s++)
		if (count[s] > 0) {
			buf_puts(b, "<span>");
			badge(b, (enum eval_status)s);
			buf_printf(b, " %zu</span>", count[s]);
		}
	buf_puts(b, "</p>\n");
}

void
dashboard_render(const struct view *v, enum lang l, struct buf *b)
{
	size_t	 i;

	page_begin(b, v, l, "indicatord: indicators against plan targets",
	    "/", css);
	summary(b, v);
	for (i = 0; i < view_nconf(v); i++)
		indicator_section(b, v->ind[i]);
	page_end(b, l);
}
