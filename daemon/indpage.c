/*
 * indpage.c: the page of one indicator (see indpage.h). Everything that
 * comes from the config, a feed or the request goes through page_html or
 * page_urlenc; numbers are formatted here.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "confdata.h"
#include "explain.h"
#include "fmt.h"
#include "indpage.h"
#include "page.h"
#include "view.h"

/* Sections as boxes; the facts as two columns, one below 600 px. */
static const char indpage_css[] =
    "section.box{background:#fff;border:1px solid #d0d7de;border-radius:6px;"
    "padding:.6em 1em .8em;margin:0 0 1em}"
    "section.box h2{margin:.2em 0 .5em}"
    "nav.links{display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:0 0 1em}"
    "nav.links a{white-space:nowrap}"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.25em 1.2em;margin:0}"
    "dl.facts dt{font-weight:600;color:#57606a}dl.facts dd{margin:0}"
    "form.range fieldset{border:0;padding:0;margin:0 0 .6em;display:flex;"
    "flex-wrap:wrap;gap:.5em 1em;align-items:center}"
    "form.range legend{font-weight:600;padding:0;margin-right:1em;"
    "float:left}"
    "form.range input{width:6.5em;font:inherit}"
    "form.range button{font:inherit}"
    "img.graph{display:block;border:1px solid #d8dee4}"
    "ul.explain li,ul.means li{margin:.3em 0}ul.means{color:#57606a}"
    ".feed_ok{background:#1a7f37}.feed_failing{background:#b3261e}"
    "tr.revised td{background:#fff8c5}"
    ".targets th,.targets td,.obs th,.obs td{white-space:nowrap}"
    ".targets .why{white-space:normal;display:inline-block;min-width:12em}"
    ".obs td.src{white-space:normal;min-width:14em}"
    "@media (max-width:600px){dl.facts{grid-template-columns:1fr;"
    "gap:0}dl.facts dd{margin:0 0 .4em}section.box{padding:.5em .6em}}"
    "@media print{section.box{border:0;padding:0}nav.links{display:none}"
    "img.graph{border:0;max-width:17cm}}";

/*
 * The range picker without JavaScript is a GET form; with it, the graph's
 * src changes in place and the address follows.
 */
static const char indpage_js[] =
    "(function(){var f=document.getElementById('range'),"
    "g=document.getElementById('graph');if(!f||!g||!window.URL||"
    "!f.checkValidity)return;f.addEventListener('submit',function(e){"
    "var a=f.elements.from.value,b=f.elements.to.value;"
    "if(!f.checkValidity()||+a>=+b)return;e.preventDefault();"
    "function y(s){var u=new URL(s,location.href);"
    "u.searchParams.set('from',a);u.searchParams.set('to',b);"
    "return u.pathname+u.search;}"
    "var p0=document.getElementById('graph-phone');"
    "if(p0)p0.srcset=y(p0.getAttribute('srcset'));"
    "g.src=y(g.getAttribute('src'));"
    "g.alt=g.alt.replace(/\\d{4}\\u2013\\d{4}/,a+'\\u2013'+b);"
    "var p=new URL(location.href);p.searchParams.set('from',a);"
    "p.searchParams.set('to',b);history.replaceState(null,'',"
    "p.pathname+p.search);});})();";

/* Punctuation between the parts of the alt text. */
static const char *const indpage_comma[LANG_NLANG] = { ", ", "，" };
static const char *const indpage_stop[LANG_NLANG] = { ". ", "。" };
static const char *const indpage_colon[LANG_NLANG] = { ": ", "：" };
static const char *const indpage_semi[LANG_NLANG] = { "; ", "；" };

static void
indpage_value(struct buf *b, const struct indicator_conf *ic, double v,
    enum lang l)
{
	char	 s[64];

	fmt_value_lang(v, ic->unit, l, s, sizeof(s));
	page_html(b, s);
}

/* "at least 250,000": a target's kind and value in words. */
static void
indpage_goal(struct buf *b, const struct indicator_conf *ic,
    const struct target_conf *tc, enum lang l)
{
	buf_puts(b, lang_text(l, tc->kind == EVAL_MAX ? LANG_K_AT_MOST :
	    LANG_K_AT_LEAST));
	buf_puts(b, " ");
	indpage_value(b, ic, tc->value, l);
}

static int
indpage_has_targets(const struct iview *ind)
{
	return ind->conf->ntargets > 0 && ind->results != NULL;
}

/* The query the page keeps in its own links: from and to when given. */
static void
indpage_self(struct buf *b, const struct iview *ind,
    const struct indquery *q)
{
	buf_puts(b, "/indicator/");
	page_urlenc(b, ind->id);
	if (q->has_range)
		buf_printf(b, "?from=%d&to=%d", q->from, q->to);
}

static void
indpage_links(struct buf *b, const struct iview *ind, enum lang l)
{
	buf_printf(b, "<nav class=\"links noprint\"><a href=\"/?lang=%s\">"
	    "&larr; %s</a>", lang_code(l), lang_text(l, LANG_K_IP_BACK));
	buf_puts(b, "<a href=\"/indicator/");
	page_urlenc(b, ind->id);
	buf_printf(b, ".csv?lang=%s\">%s</a>", lang_code(l),
	    lang_text(l, LANG_K_DOWNLOAD_CSV));
	buf_puts(b, "<a href=\"/indicator/");
	page_urlenc(b, ind->id);
	buf_printf(b, ".xlsx?lang=%s\">%s</a>", lang_code(l),
	    lang_text(l, LANG_K_DOWNLOAD_EXCEL));
	buf_puts(b, "<a href=\"/api/v1/indicators/");
	page_urlenc(b, ind->id);
	buf_printf(b, "\">%s</a></nav>\n", lang_text(l, LANG_K_API));
}

/*
 * The graph's alt text: what it shows and how each target stands, e.g.
 * "Graph of Patents, 2015–2035. Target 2025 (at least 250,000): on track."
 */
static void
indpage_alt(struct buf *b, const struct iview *ind,
    const struct indquery *q, enum lang l)
{
	const struct indicator_conf	*ic = ind->conf;
	size_t				 i;

	buf_printf(b, "%s%s", lang_text(l, LANG_K_IP_GRAPH_OF),
	    l == LANG_ZH ? "" : " ");
	page_html(b, page_name(ic, l));
	buf_printf(b, "%s%d\u2013%d", indpage_comma[l], q->from, q->to);
	if (!indpage_has_targets(ind)) {
		buf_printf(b, "%s%s%s%s", indpage_stop[l], lang_text(l,
		    LANG_K_DIRECTION), indpage_colon[l], lang_direction(l,
		    (enum eval_direction)ind->direction));
	}
	for (i = 0; indpage_has_targets(ind) && i < ic->ntargets; i++) {
		buf_printf(b, "%s%s %d%s", indpage_stop[l], lang_text(l,
		    LANG_K_TARGET), ic->targets[i].year, l == LANG_ZH ?
		    "（" : " (");
		indpage_goal(b, ic, &ic->targets[i], l);
		buf_printf(b, "%s%s%s", l == LANG_ZH ? "）" : ")",
		    indpage_colon[l], lang_status(l, ind->results[i].status));
	}
	buf_puts(b, l == LANG_ZH ? "。" : ".");
}

/* The range picker and the graph of the years q asks for. */
static void
indpage_graph(struct buf *b, const struct iview *ind,
    const struct indquery *q, enum lang l)
{
	buf_printf(b, "<section class=\"box block\" aria-labelledby=\"h-graph\">"
	    "<h2 id=\"h-graph\">%s</h2>\n<form id=\"range\" class=\"range "
	    "noprint\" method=\"get\" action=\"/indicator/",
	    lang_text(l, LANG_K_GRAPH));
	page_urlenc(b, ind->id);
	buf_printf(b, "\"><fieldset><legend>%s</legend><input type=\"hidden\" "
	    "name=\"lang\" value=\"%s\">", lang_text(l, LANG_K_IP_RANGE),
	    lang_code(l));
	buf_printf(b, "<label>%s <input type=\"number\" name=\"from\" "
	    "min=\"1980\" max=\"2199\" step=\"1\" required value=\"%d\">"
	    "</label>", lang_text(l, LANG_K_FROM), q->from);
	buf_printf(b, "<label>%s <input type=\"number\" name=\"to\" "
	    "min=\"1981\" max=\"2200\" step=\"1\" required value=\"%d\">"
	    "</label><button type=\"submit\">%s</button></fieldset></form>\n",
	    lang_text(l, LANG_K_TO), q->to, lang_text(l, LANG_K_IP_REDRAW));
	/* A phone gets the graph drawn at its width, not 800 px shrunk. */
	buf_puts(b, "<picture><source id=\"graph-phone\" media=\"(max-width: "
	    "600px)\" srcset=\"/graph/");
	page_urlenc(b, ind->id);
	buf_printf(b, ".png?lang=%s&amp;from=%d&amp;to=%d&amp;width=360&amp;"
	    "height=420\">", lang_code(l), q->from, q->to);
	buf_puts(b, "<img id=\"graph\" class=\"graph\" width=\"800\" "
	    "height=\"300\" src=\"/graph/");
	page_urlenc(b, ind->id);
	buf_printf(b, ".png?lang=%s&amp;from=%d&amp;to=%d\" alt=\"",
	    lang_code(l), q->from, q->to);
	indpage_alt(b, ind, q, l);
	buf_printf(b, "\"></picture>\n<script>%s</script>\n</section>\n",
	    indpage_js);
}

/*
 * One figure's cell: text when it is defined, else the reason in words,
 * said once per row (*said: the reason this row already gave).
 */
static void
indpage_cell(struct buf *b, const char *text, enum eval_why why,
    enum eval_why *said, enum lang l)
{
	if (why == EVAL_WHY_NONE) {
		buf_puts(b, "<td class=\"num\">");
		page_html(b, text);
	} else if (why == *said)
		buf_puts(b, "<td class=\"num\">\u2014");
	else {
		buf_printf(b, "<td><span class=\"why\">%s</span>",
		    lang_why(l, why));
		*said = why;
	}
	buf_puts(b, "</td>");
}

static void
indpage_target_row(struct buf *b, const struct iview *ind, size_t i,
    enum lang l)
{
	const struct indicator_conf	*ic = ind->conf;
	const struct eval_result	*er = &ind->results[i];
	enum eval_why			 said = EVAL_WHY_NONE;
	char				 r[32], ga[64], gr[64], p[64];
	int				 lin = eval_linear(er);

	snprintf(r, sizeof(r), "%.2f", er->ratio);
	fmt_growth_lang(er->actual, lin, ic->unit, l, ga, sizeof(ga));
	fmt_growth_lang(er->required, lin, ic->unit, l, gr, sizeof(gr));
	fmt_value_lang(er->projected, ic->unit, l, p, sizeof(p));
	buf_printf(b, "<tr><th scope=\"row\">%d</th><td>",
	    ic->targets[i].year);
	indpage_goal(b, ic, &ic->targets[i], l);
	buf_puts(b, "</td><td>");
	page_status(b, l, er->status);
	buf_puts(b, "</td>");
	indpage_cell(b, r, er->why_ratio, &said, l);
	indpage_cell(b, ga, er->why_actual, &said, l);
	indpage_cell(b, gr, er->why_required, &said, l);
	indpage_cell(b, p, er->why_projected, &said, l);
	buf_printf(b, "<td>%s</td></tr>\n", lang_method(l, er->method));
}

static void
indpage_target_table(struct buf *b, const struct iview *ind, enum lang l)
{
	static const enum lang_key	 cols[] = { LANG_K_TARGET,
	    LANG_K_VALUE, LANG_K_STATUS, LANG_K_R, LANG_K_ACTUAL_GROWTH,
	    LANG_K_REQUIRED_GROWTH, LANG_K_PROJECTED, LANG_K_METHOD };
	size_t				 i;

	buf_puts(b, "<div class=\"wide\"><table class=\"targets\"><thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		buf_printf(b, "<th scope=\"col\"%s>%s</th>", i >= 3 && i <= 6 ?
		    " class=\"num\"" : "", lang_text(l, cols[i]));
	buf_puts(b, "</tr></thead><tbody>\n");
	for (i = 0; i < ind->conf->ntargets; i++)
		indpage_target_row(b, ind, i, l);
	buf_puts(b, "</tbody></table></div>\n");
}

/* Each target's sentence, then what R and the growth figures mean. */
static void
indpage_explain(struct buf *b, const struct iview *ind, enum lang l)
{
	char	 why[EXPLAIN_MAX];
	size_t	 i;

	buf_printf(b, "<h3>%s</h3><ul class=\"explain\">",
	    lang_text(l, LANG_K_IP_STANDING));
	for (i = 0; i < ind->conf->ntargets; i++) {
		view_explain_lang(ind, i, l, why, sizeof(why));
		buf_printf(b, "<li><b>%d</b>%s", ind->conf->targets[i].year,
		    indpage_colon[l]);
		page_html(b, why);
		buf_puts(b, "</li>");
	}
	buf_printf(b, "</ul>\n<h3>%s</h3><ul class=\"means\"><li>%s</li>"
	    "<li>%s</li><li>%s</li></ul>\n", lang_text(l, LANG_K_IP_MEANING),
	    lang_text(l, LANG_K_R_MEANS), lang_text(l, LANG_K_ACTUAL_MEANS),
	    lang_text(l, LANG_K_REQUIRED_MEANS));
}

/* Without targets: the direction of the recent trend. */
static void
indpage_direction(struct buf *b, const struct iview *ind, enum lang l)
{
	const struct indicator_conf	*ic = ind->conf;
	char				 g[64];

	buf_printf(b, "<p>%s <span class=\"badge dir_%s\">%s</span>",
	    lang_text(l, LANG_K_IP_NO_TARGET), eval_direction_name(
	    (enum eval_direction)ind->direction), lang_direction(l,
	    (enum eval_direction)ind->direction));
	if (!isnan(ind->dir_growth)) {
		fmt_growth_lang(ind->dir_growth, 0, ic->unit, l, g, sizeof(g));
		buf_printf(b, " (%s ", lang_text(l, LANG_K_TREND));
		page_html(b, g);
		buf_puts(b, ")");
	}
	buf_puts(b, "</p>\n");
}

static void
indpage_targets(struct buf *b, const struct iview *ind, enum lang l)
{
	buf_printf(b, "<section class=\"box block\" aria-labelledby="
	    "\"h-targets\"><h2 id=\"h-targets\">%s</h2>\n",
	    lang_text(l, LANG_K_TARGETS));
	if (indpage_has_targets(ind)) {
		indpage_target_table(b, ind, l);
		indpage_explain(b, ind, l);
	} else
		indpage_direction(b, ind, l);
	buf_puts(b, "</section>\n");
}

/* A unix time as "2026-12-04 20:00 UTC", or an em dash for 0. */
static void
indpage_time(struct buf *b, time_t t)
{
	char		 s[32];
	struct tm	 tm;

	if (t == 0) {
		buf_puts(b, "\u2014");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M UTC", &tm);
	buf_puts(b, s);
}

/* The feed's name, whether it is up, its last success and error. */
static void
indpage_feed_health(struct buf *b, const struct view *v,
    const struct indicator_conf *ic, enum lang l)
{
	const struct feed_state	*fs = view_feed(v, ic->feed);

	buf_printf(b, "<dt>%s</dt><dd>", lang_text(l, LANG_K_FEED));
	page_html(b, ic->feed);
	if (fs == NULL) {
		buf_puts(b, "</dd>\n");
		return;
	}
	if (fs->up)
		buf_printf(b, " <span class=\"badge feed_ok\"><span "
		    "aria-hidden=\"true\">\u2713</span> %s</span>",
		    lang_text(l, LANG_K_FEED_OK));
	else
		buf_printf(b, " <span class=\"badge feed_failing\"><span "
		    "aria-hidden=\"true\">\u2715</span> %s</span>",
		    lang_text(l, LANG_K_FEED_FAILING));
	buf_printf(b, "%s%s ", indpage_semi[l],
	    lang_text(l, LANG_K_IP_LAST_SUCCESS));
	if (fs->last_success > 0)
		indpage_time(b, (time_t)fs->last_success);
	else
		buf_puts(b, lang_text(l, LANG_K_IP_NEVER));
	if (!fs->up && fs->last_error[0] != '\0') {
		buf_printf(b, "%s%s%s<span class=\"why\">", indpage_semi[l],
		    lang_text(l, LANG_K_IP_LAST_ERROR), indpage_colon[l]);
		page_html(b, fs->last_error);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</dd>\n");
}

/* The latest value, the data's age in days or years, stale or current. */
static void
indpage_age(struct buf *b, const struct iview *ind, enum lang l)
{
	const struct series	*s = ind->series;
	char			 per[PERIOD_STRLEN], lag[32];

	buf_printf(b, "<dt>%s</dt><dd>", lang_text(l, LANG_K_LATEST));
	if (s->n == 0)
		buf_puts(b, lang_text(l, LANG_K_NO_DATA));
	else {
		indpage_value(b, ind->conf, s->pts[s->n - 1].value, l);
		period_format(&s->pts[s->n - 1].period, per, sizeof(per));
		buf_printf(b, " (%s)", per);
	}
	buf_printf(b, "</dd>\n<dt>%s</dt><dd>", lang_text(l, LANG_K_DATA_AGE));
	page_age(b, ind->age, l);
	if (ind->stale) {
		buf_puts(b, " ");
		page_stale(b, l);
	} else if (!isnan(ind->age))
		buf_printf(b, " (%s)", lang_text(l, LANG_K_IP_CURRENT));
	explain_lag(ind->conf->eval.stale_after, l, lag, sizeof(lag));
	buf_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n",
	    lang_text(l, LANG_K_IP_STALE_AFTER), lag);
}

/* Source, unit, direction, method, feed and data age. */
static void
indpage_about(struct buf *b, const struct view *v, const struct iview *ind,
    enum lang l)
{
	const struct indicator_conf	*ic = ind->conf;
	const char			*src = page_source(ic, l);

	buf_printf(b, "<section class=\"box block\" aria-labelledby=\"h-about\">"
	    "<h2 id=\"h-about\">%s</h2><dl class=\"facts\">\n",
	    lang_text(l, LANG_K_IP_ABOUT));
	indpage_age(b, ind, l);
	buf_printf(b, "<dt>%s</dt><dd>", lang_text(l, LANG_K_SOURCE));
	page_html(b, src != NULL && src[0] != '\0' ? src : "\u2014");
	buf_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n",
	    lang_text(l, LANG_K_METHOD), lang_method(l, ic->eval.method));
	buf_printf(b, "<dt>%s</dt><dd>", lang_text(l, LANG_K_UNIT));
	page_html(b, lang_unit(l, ic->unit));
	buf_printf(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n",
	    lang_text(l, LANG_K_DIRECTION), lang_text(l, ic->decrease ?
	    LANG_K_DECREASE : LANG_K_INCREASE));
	indpage_feed_health(b, v, ic, l);
	buf_puts(b, "</dl></section>\n");
}

/* Each target's note, then the notes on the data, by period. */
static void
indpage_notes(struct buf *b, const struct indicator_conf *ic, enum lang l)
{
	char	 per[PERIOD_STRLEN];
	size_t	 i, n = 0;

	for (i = 0; i < ic->ntargets; i++)
		n += ic->targets[i].note != NULL;
	if (n + ic->nnotes == 0)
		return;
	buf_printf(b, "<section class=\"box block\" aria-labelledby=\"h-notes\">"
	    "<h2 id=\"h-notes\">%s</h2><ul class=\"notes\">",
	    lang_text(l, LANG_K_NOTES));
	for (i = 0; i < ic->ntargets; i++) {
		if (ic->targets[i].note == NULL)
			continue;
		buf_printf(b, "<li>%s %d%s", lang_text(l, LANG_K_TARGET),
		    ic->targets[i].year, indpage_colon[l]);
		page_html(b, ic->targets[i].note);
		buf_puts(b, "</li>");
	}
	for (i = 0; i < ic->nnotes; i++) {
		period_format(&ic->notes[i].period, per, sizeof(per));
		buf_printf(b, "<li>%s%s", per, indpage_colon[l]);
		page_html(b, ic->notes[i].text);
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul></section>\n");
}

/* Point i of s. */
static void
indpage_obs_row(struct buf *b, const struct indicator_conf *ic,
    const struct series *s, size_t i, enum lang l)
{
	const struct point	*pt = &s->pts[i];
	const char		*src = series_source(s, i);
	char			 per[PERIOD_STRLEN];

	period_format(&pt->period, per, sizeof(per));
	buf_printf(b, "<tr%s><th scope=\"row\">%s</th><td class=\"num\">",
	    pt->revised ? " class=\"revised\"" : "", per);
	indpage_value(b, ic, pt->value, l);
	buf_puts(b, "</td><td class=\"src\">");
	page_html(b, src[0] != '\0' ? src : "\u2014");
	buf_puts(b, "</td><td>");
	indpage_time(b, pt->stored);
	buf_printf(b, "</td><td>%s</td></tr>\n", lang_text(l, pt->revised ?
	    LANG_K_YES : LANG_K_NO));
}

/* Every observation, oldest first. */
static void
indpage_observations(struct buf *b, const struct iview *ind, enum lang l)
{
	static const enum lang_key	 cols[] = { LANG_K_PERIOD,
	    LANG_K_VALUE, LANG_K_SOURCE, LANG_K_STORED, LANG_K_REVISED };
	const struct series		*s = ind->series;
	size_t				 i;

	buf_printf(b, "<section class=\"box\" aria-labelledby=\"h-obs\">"
	    "<h2 id=\"h-obs\">%s</h2>\n", lang_text(l, LANG_K_IP_OBSERVATIONS));
	if (s->n == 0) {
		buf_printf(b, "<p>%s</p></section>\n",
		    lang_text(l, LANG_K_NO_DATA));
		return;
	}
	buf_puts(b, "<div class=\"wide\"><table class=\"obs\"><thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		buf_printf(b, "<th scope=\"col\"%s>%s</th>", cols[i] ==
		    LANG_K_VALUE ? " class=\"num\"" : "",
		    lang_text(l, cols[i]));
	buf_puts(b, "</tr></thead><tbody>\n");
	for (i = 0; i < s->n; i++)
		indpage_obs_row(b, ind->conf, s, i, l);
	buf_puts(b, "</tbody></table></div></section>\n");
}

int
indpage_render(const struct view *v, const char *id,
    const struct indquery *q, enum lang l, struct buf *b)
{
	const struct iview	*ind;
	struct buf		 self;

	if ((ind = view_find(v, id)) == NULL || ind->conf == NULL)
		return -1;
	if ((unsigned)l >= LANG_NLANG)
		l = LANG_EN;
	buf_init(&self, 64);
	indpage_self(&self, ind, q);
	page_begin(b, v, l, page_name(ind->conf, l), self.data, indpage_css);
	buf_free(&self);
	indpage_links(b, ind, l);
	indpage_graph(b, ind, q, l);
	indpage_targets(b, ind, l);
	indpage_about(b, v, ind, l);
	indpage_notes(b, ind->conf, l);
	indpage_observations(b, ind, l);
	page_end(b, l);
	return 0;
}
