/*
 * dashboard.c: the report (see dashboard.h). Rendered per request from a
 * view; it is small next to the graphs it embeds.
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
    ".ind{background:#fff;border:1px solid #d0d7de;border-radius:6px;"
    "padding:1em;margin:0 0 1.2em}"
    ".ind h2{margin:0 0 .3em}"
    ".meta{color:#57606a;font-size:.9em;margin:.2em 0 .6em}"
    "table{margin:.4em 0}"
    ".ind td,.ind th{white-space:nowrap}"
    ".ind td .why{white-space:normal;display:inline-block;min-width:9em}"
    ".summary span{margin-right:1em}"
    ".notes{color:#444;font-size:.85em;margin:.3em 0;padding-left:1.2em}"
    ".explain{font-size:.9em;margin:.3em 0;padding-left:1.2em}"
    "img{display:block;margin-top:.5em}"
    "@media print{.ind{border:0;border-top:1px solid #000;border-radius:0;"
    "padding:.5em 0;margin:0}img{max-height:9cm;width:auto}"
    ".summary{margin:.2em 0 .6em}}";

/*
 * One cell: the text of a defined number, else the reason in words, once
 * per row (*said: the reason already written in this row).
 */
static void
cell(struct buf *b, enum lang l, const char *text, enum eval_why why,
    enum eval_why *said)
{
	buf_puts(b, "<td>");
	if (why == EVAL_WHY_NONE)
		page_html(b, text);
	else if (why == *said)
		buf_puts(b, "&mdash;");
	else {
		buf_puts(b, "<span class=\"why\">");
		page_html(b, lang_why(l, why));
		buf_puts(b, "</span>");
		*said = why;
	}
	buf_puts(b, "</td>");
}

static void
target_row(struct buf *b, enum lang l, const struct iview *ind, size_t i)
{
	const struct indicator_conf	*ic = ind->conf;
	const struct target_conf	*tc = &ic->targets[i];
	const struct eval_result	*er = &ind->results[i];
	enum eval_why			 said = EVAL_WHY_NONE;
	char				 v[96], p[128], ga[96], gr[96], r[32];
	int				 lin = eval_linear(er);

	fmt_value_lang(tc->value, ic->unit, l, v, sizeof(v));
	fmt_value_lang(er->projected, ic->unit, l, p, sizeof(p));
	if (er->clamped)
		snprintf(p + strlen(p), sizeof(p) - strlen(p), " (%s)",
		    lang_text(l, LANG_K_OV_AT_BOUND));
	fmt_growth_lang(er->actual, lin, ic->unit, l, ga, sizeof(ga));
	fmt_growth_lang(er->required, lin, ic->unit, l, gr, sizeof(gr));
	snprintf(r, sizeof(r), "%.2f", er->ratio);
	buf_printf(b, "<tr><td>%d</td><td>%s ", tc->year,
	    tc->kind == EVAL_MIN ? "&ge;" : "&le;");
	page_html(b, v);
	buf_puts(b, "</td><td>");
	page_status(b, l, er->status);
	buf_puts(b, "</td>");
	cell(b, l, r, er->why_ratio, &said);
	cell(b, l, ga, er->why_actual, &said);
	cell(b, l, gr, er->why_required, &said);
	cell(b, l, p, er->why_projected, &said);
	buf_puts(b, "</tr>\n");
}

static void
latest(struct buf *b, enum lang l, const struct iview *ind)
{
	const struct point	*pt;
	const char		*src;
	char			 v[96], per[PERIOD_STRLEN], lag[32];

	if (ind->series->n == 0) {
		page_html(b, lang_why(l, EVAL_WHY_NO_DATA));
		return;
	}
	pt = &ind->series->pts[ind->series->n - 1];
	src = series_source(ind->series, ind->series->n - 1);
	fmt_value_lang(pt->value, ind->conf->unit, l, v, sizeof(v));
	period_format(&pt->period, per, sizeof(per));
	buf_printf(b, "%s <b>", lang_text(l, LANG_K_LATEST));
	page_html(b, v);
	buf_printf(b, "</b> (%s", per);
	if (src[0] != '\0') {
		buf_puts(b, ", ");
		page_html(b, src);
	}
	buf_puts(b, ")");
	if (!ind->stale)
		return;
	buf_puts(b, " ");
	page_stale(b, l);
	if (l == LANG_ZH)
		buf_printf(b, " <span class=\"why\">%.1f 年前的数据</span>",
		    ind->age / (365.2425 * 86400));
	else {
		period_lag_format(ind->conf->eval.stale_after, lag,
		    sizeof(lag));
		buf_printf(b, " <span class=\"why\">%.1f years old; expected "
		    "within %s of the period's end</span>",
		    ind->age / (365.2425 * 86400), lag);
	}
}

/* An indicator without targets: the direction of its recent trend. */
static void
direction(struct buf *b, enum lang l, const struct iview *ind)
{
	char	 g[96];

	fmt_growth_lang(ind->dir_growth, 0, ind->conf->unit, l, g, sizeof(g));
	if (l == LANG_ZH)
		buf_printf(b, "<p>%s。%s %d %s：", lang_text(l,
		    LANG_K_OV_NO_TARGET), lang_text(l, LANG_K_OV_OVER_LAST),
		    ind->conf->eval.trend_years, lang_text(l, LANG_K_YEARS));
	else
		buf_printf(b, "<p>No target. Over the last %d years: ",
		    ind->conf->eval.trend_years);
	buf_printf(b, "<span class=\"badge dir_%s\">%s</span>",
	    eval_direction_name(ind->direction),
	    lang_direction(l, ind->direction));
	if (!isnan(ind->dir_growth) && l == LANG_ZH)
		buf_printf(b, "（趋势 %s，&plusmn;%.1f %%/年以内为平稳）", g,
		    ind->conf->eval.tolerance * 100);
	else if (!isnan(ind->dir_growth))
		buf_printf(b, " (trend %s, stable within &plusmn;%.1f %%/yr)", g,
		    ind->conf->eval.tolerance * 100);
	buf_puts(b, "</p>\n");
}

/* Each target's note (its source, why it was set), then the data's notes. */
static void
notes(struct buf *b, enum lang l, const struct indicator_conf *ic)
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
		buf_printf(b, "<li>%d %s%s", ic->targets[i].year,
		    lang_text(l, LANG_K_OV_TARGET_NOTE),
		    l == LANG_ZH ? "：" : ": ");
		page_html(b, ic->targets[i].note);
		buf_puts(b, "</li>");
	}
	for (i = 0; i < ic->nnotes; i++) {
		period_format(&ic->notes[i].period, per, sizeof(per));
		buf_printf(b, "<li>%s%s", per, l == LANG_ZH ? "：" : ": ");
		page_html(b, ic->notes[i].text);
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>\n");
}

/* The graph, its alternative text the indicator's statuses in words. */
static void
graph(struct buf *b, enum lang l, const struct iview *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	size_t				 i;

	/* A phone gets the graph drawn at its width, not 800 px shrunk. */
	buf_printf(b, "<picture><source media=\"(max-width: 600px)\" "
	    "srcset=\"/graph/%s.png?lang=%s&amp;width=360&amp;height=420\">",
	    ind->id, lang_code(l));
	buf_printf(b, "<img src=\"/graph/%s.png?lang=%s\" width=\"800\" "
	    "height=\"300\" alt=\"%s: ", ind->id, lang_code(l),
	    lang_text(l, LANG_K_GRAPH));
	page_html(b, page_name(ic, l));
	if (ic->ntargets == 0)
		buf_printf(b, "; %s %s", lang_text(l, LANG_K_TREND),
		    lang_direction(l, ind->direction));
	for (i = 0; i < ic->ntargets; i++)
		buf_printf(b, "; %s %d: %s", lang_text(l, LANG_K_TARGET),
		    ic->targets[i].year, lang_status(l,
		    ind->results[i].status));
	buf_puts(b, "\" loading=\"lazy\"></picture>");
}

static void
targets(struct buf *b, enum lang l, const struct iview *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	char				 why[EXPLAIN_MAX];
	size_t				 i;

	buf_printf(b, "<div class=\"wide\"><table><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">"
	    "R</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr>\n", lang_text(l, LANG_K_TARGET),
	    lang_text(l, LANG_K_VALUE), lang_text(l, LANG_K_STATUS),
	    lang_text(l, LANG_K_ACTUAL_GROWTH),
	    lang_text(l, LANG_K_REQUIRED_GROWTH),
	    lang_text(l, LANG_K_PROJECTED));
	for (i = 0; i < ic->ntargets; i++)
		target_row(b, l, ind, i);
	buf_puts(b, "</table></div>\n");
	buf_puts(b, "<ul class=\"explain\">");
	for (i = 0; i < ic->ntargets; i++) {
		view_explain_lang(ind, i, l, why, sizeof(why));
		buf_printf(b, "<li><b>%d</b>%s", ic->targets[i].year,
		    l == LANG_ZH ? "\uff1a" : ": ");
		page_html(b, why);
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>\n");
}

/* One indicator's block: never split across printed pages. */
static void
indicator_section(struct buf *b, enum lang l, const struct iview *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	const char			*src = page_source(ic, l);

	buf_printf(b, "<section class=\"ind block\" id=\"%s\"><h2><a href=\""
	    "/indicator/%s?lang=%s\">", ind->id, ind->id, lang_code(l));
	page_html(b, page_name(ic, l));
	buf_puts(b, "</a></h2><div class=\"meta\">");
	latest(b, l, ind);
	buf_printf(b, " &middot; <a href=\"/api/v1/indicators/%s\">%s</a> "
	    "&middot; %s %s", ind->id, ind->id, lang_text(l, LANG_K_FEED),
	    ic->feed);
	if (src != NULL && src[0] != '\0') {
		buf_puts(b, " &middot; ");
		page_html(b, src);
	}
	buf_puts(b, "</div>\n");
	if (ic->ntargets == 0)
		direction(b, l, ind);
	else
		targets(b, l, ind);
	notes(b, l, ic);
	graph(b, l, ind);
	buf_puts(b, "</section>\n");
}

/* Count of targets per status, for the summary line. */
static void
summary(struct buf *b, enum lang l, const struct view *v)
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
			page_status(b, l, (enum eval_status)s);
			buf_printf(b, " %zu</span>", count[s]);
		}
	buf_puts(b, "</p>\n");
}

void
dashboard_render(const struct view *v, enum lang l, struct buf *b)
{
	size_t	 i;

	page_begin(b, v, l, lang_text(l, LANG_K_OV_REPORT_HEADING), "/report",
	    css);
	buf_printf(b, "<p class=\"noprint\"><a href=\"/?lang=%s\">%s</a></p>\n",
	    lang_code(l), lang_text(l, LANG_K_OVERVIEW));
	summary(b, l, v);
	for (i = 0; i < view_nconf(v); i++)
		indicator_section(b, l, v->ind[i]);
	page_end(b, l);
}
