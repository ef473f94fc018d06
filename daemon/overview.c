/*
 * overview.c: the overview page (see overview.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "overview.h"
#include "ovsel.h"
#include "page.h"
#include "view.h"

static const char overview_css[] =
    ".links a{margin-right:1em}"
    ".counts{display:flex;flex-wrap:wrap;gap:.4em .8em;margin:.4em 0 .8em;"
    "padding:0;list-style:none}"
    ".counts a{text-decoration:none;color:#1f2328}"
    ".counts a[aria-current]{outline:2px solid #0550ae;border-radius:1em}"
    ".counts .n{font-weight:600;margin-left:.2em}"
    "form.filters{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;"
    "margin:0 0 .8em}"
    "form.filters label{display:flex;flex-direction:column;font-size:.85em;"
    "color:#57606a}"
    "form.filters input,form.filters select,form.filters button{font:inherit;"
    "font-size:1rem;padding:.25em .4em}"
    "table.ov{min-width:56em;width:100%}"
    "table.ov tbody{border-top:2px solid #d0d7de}"
    "table.ov th[scope=col] a{color:inherit;text-decoration:none}"
    "table.ov th[aria-sort=ascending] a::after{content:\" \\25b4\"}"
    "table.ov th[aria-sort=descending] a::after{content:\" \\25be\"}"
    "table.ov th[scope=row]{background:#fff;font-weight:600;min-width:12em;"
    "position:sticky;left:0;z-index:1}"
    "table.ov td.num{white-space:nowrap}"
    ".id{display:block;color:#57606a;font-size:.8em;font-weight:400}"
    ".feed{white-space:nowrap}.feed.up{color:#116329}"
    ".feed.down{color:#b3261e;font-weight:600}"
    ".shown{color:#57606a;font-size:.9em}"
    ".empty{padding:1em;background:#fff;border:1px solid #d0d7de}"
    "@media (max-width:600px){table.ov th[scope=row]{min-width:8em;"
    "max-width:10em;box-shadow:2px 0 0 #d0d7de}}"
    "@media print{table.ov th[scope=row]{position:static}table.ov{min-width:0}table.ov tbody{break-inside:avoid;"
    "page-break-inside:avoid}}";

/*
 * Sorting by a click on a heading and filtering as one types, on the rows
 * the server sent; "#sort=K&order=desc&q=S" in the address does the same
 * at load. Without it the links and the form ask the server.
 */
static const char overview_js[] =
    "(function(){var t=document.getElementById('ov');if(!t)return;"
    "var q=document.getElementById('q'),f=document.getElementById('filters'),"
    "e=document.getElementById('empty'),ns=document.getElementById('nshown');"
    "function cmp(a,b,k,d){var x=a.getAttribute('data-'+k),"
    "y=b.getAttribute('data-'+k),c;"
    "if(k==='name'||k==='feed'){x=x.toLowerCase();y=y.toLowerCase();"
    "c=x<y?-1:x>y?1:0;}else{if(x===''||y==='')"
    "return(x==='')-(y==='')||a.getAttribute('data-idx')-b.getAttribute('data-idx');"
    "c=x-y;}if(d)c=-c;return c||a.getAttribute('data-idx')-b.getAttribute('data-idx');}"
    "function sortBy(k,d){var bs=[].slice.call(t.tBodies);"
    "bs.sort(function(a,b){return cmp(a,b,k,d);});"
    "bs.forEach(function(b){t.appendChild(b);});"
    "[].forEach.call(t.tHead.rows[0].cells,function(h){h.setAttribute("
    "'aria-sort',h.getAttribute('data-k')===k?(d?'descending':'ascending'):"
    "'none');});}"
    "function filt(){var s=q.value.toLowerCase(),n=0;"
    "[].forEach.call(t.tBodies,function(b){var m=b.getAttribute('data-search')"
    ".indexOf(s)>=0;b.hidden=!m;if(m)n++;});ns.textContent=n;e.hidden=n>0;}"
    "[].forEach.call(t.tHead.rows[0].cells,function(h){var a=h.querySelector"
    "('a');a.addEventListener('click',function(ev){ev.preventDefault();"
    "sortBy(h.getAttribute('data-k'),h.getAttribute('aria-sort')==="
    "'ascending');});});"
    "q.addEventListener('input',filt);"
    "[].forEach.call(f.querySelectorAll('select'),function(s){"
    "s.addEventListener('change',function(){f.submit();});});"
    "var h={};location.hash.replace(/^#/,'').split('&').forEach(function(p){"
    "var i=p.indexOf('=');if(i>0)h[p.slice(0,i)]=decodeURIComponent("
    "p.slice(i+1));});"
    "if(h.q!==undefined){q.value=h.q;filt();}"
    "if(h.sort)sortBy(h.sort,h.order==='desc');})();";

/* The columns: the sort each heading asks for, and its words. */
static const struct {
	enum ovq_sort	 sort;
	enum lang_key	 text;
	int		 num;
} overview_cols[] = {
	{ OVQ_SORT_NAME, LANG_K_INDICATOR, 0 },
	{ OVQ_SORT_VALUE, LANG_K_LATEST, 1 },
	{ OVQ_SORT_PERIOD, LANG_K_PERIOD, 0 },
	{ OVQ_SORT_AGE, LANG_K_DATA_AGE, 0 },
	{ OVQ_SORT_TARGET, LANG_K_TARGET, 1 },
	{ OVQ_SORT_STATUS, LANG_K_STATUS, 0 },
	{ OVQ_SORT_PROJECTED, LANG_K_PROJECTED, 1 },
	{ OVQ_SORT_FEED, LANG_K_FEED, 0 },
};
#define OVERVIEW_NCOLS	(sizeof(overview_cols) / sizeof(overview_cols[0]))

/* "/?QUERY&lang=xx" for q, escaped for an attribute. */
static void
overview_href(struct buf *b, const struct ovquery *q, enum lang l)
{
	struct buf	 c;

	buf_init(&c, 256);
	ovquery_canon(q, &c);
	buf_puts(b, "/?");
	page_html(b, c.data);
	buf_printf(b, "%slang=%s", c.len > 0 ? "&amp;" : "", lang_code(l));
	buf_free(&c);
}

/* A number for a data-* attribute: "" when it is not one. */
static void
overview_data(struct buf *b, const char *name, double v)
{
	if (isnan(v) || isinf(v))
		buf_printf(b, " data-%s=\"\"", name);
	else
		buf_printf(b, " data-%s=\"%.17g\"", name, v);
}

/* id, name and name_zh for the filter as one types: ASCII in lower case. */
static void
overview_search(struct buf *b, const struct iview *iv)
{
	char		 s[1024];
	size_t		 i;
	const char	*zh = iv->conf->name_zh;

	snprintf(s, sizeof(s), "%s | %s | %s", iv->id, iv->conf->name,
	    zh != NULL ? zh : "");
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	buf_puts(b, " data-search=\"");
	page_html(b, s);
	buf_puts(b, "\"");
}

/* The group's sort keys, as ovsel.c computes them, for the script. */
static void
overview_tbody(struct buf *b, const struct view *v, enum lang l,
    const struct ovsel *sel, const struct ovsel_group *g)
{
	const struct iview	*iv = v->ind[g->ind];
	const struct series	*s = iv->series;
	const size_t		*row = sel->row + g->first;
	double			 st = NAN, tg = NAN, pr = NAN;
	size_t			 i;

	for (i = 0; i < g->n && row[0] != OVSEL_NO_TARGET; i++)
		if (isnan(st) || iv->results[row[i]].status > st)
			st = iv->results[row[i]].status;
	if (row[0] != OVSEL_NO_TARGET) {
		tg = iv->conf->targets[row[0]].year;
		if (iv->conf->targets[row[0]].value != 0)
			pr = iv->results[row[0]].projected /
			    iv->conf->targets[row[0]].value;
	}
	buf_printf(b, "<tbody id=\"i-%s\" data-idx=\"%zu\" data-name=\"", iv->id,
	    g->ind);
	page_html(b, page_name(iv->conf, l));
	buf_printf(b, "\" data-feed=\"%s\"", iv->conf->feed);
	overview_data(b, "value", s->n > 0 ? s->pts[s->n - 1].value : NAN);
	overview_data(b, "period", s->n > 0 ?
	    (double)point_end(&s->pts[s->n - 1]) : NAN);
	overview_data(b, "age", iv->age);
	overview_data(b, "status", st);
	overview_data(b, "target", tg);
	overview_data(b, "projected", pr);
	overview_search(b, iv);
	buf_puts(b, ">\n");
}

static void
overview_age(struct buf *b, const struct iview *iv, enum lang l)
{
	page_age(b, iv->age, l);
	if (iv->stale) {
		buf_puts(b, " ");
		page_stale(b, l);
	}
}

/* The cells of the indicator, spanning its rows. */
static void
overview_head_cells(struct buf *b, const struct iview *iv, enum lang l,
    size_t n)
{
	const struct series	*s = iv->series;
	char			 v[96], per[PERIOD_STRLEN];

	buf_printf(b, "<th scope=\"row\" rowspan=\"%zu\"><a href=\"/indicator/"
	    "%s?lang=%s\">", n, iv->id, lang_code(l));
	page_html(b, page_name(iv->conf, l));
	buf_printf(b, "</a><span class=\"id\">%s</span></th>", iv->id);
	if (s->n > 0) {
		fmt_value_lang(s->pts[s->n - 1].value, iv->conf->unit, l, v,
		    sizeof(v));
		period_format(&s->pts[s->n - 1].period, per, sizeof(per));
	} else {
		snprintf(v, sizeof(v), "%s", lang_text(l, LANG_K_NO_DATA));
		snprintf(per, sizeof(per), "&mdash;");
	}
	buf_printf(b, "<td class=\"num\" rowspan=\"%zu\">", n);
	page_html(b, v);
	buf_printf(b, "</td><td rowspan=\"%zu\">%s</td><td rowspan=\"%zu\">", n,
	    per, n);
	overview_age(b, iv, l);
	buf_puts(b, "</td>");
}

/* Target t's cells: year and value, status, projection. */
static void
overview_target_cells(struct buf *b, const struct iview *iv, enum lang l,
    size_t t)
{
	const struct target_conf	*tc = &iv->conf->targets[t];
	const struct eval_result	*er = &iv->results[t];
	char				 v[96];

	fmt_value_lang(tc->value, iv->conf->unit, l, v, sizeof(v));
	buf_printf(b, "<td class=\"num\">%d: %s ", tc->year,
	    tc->kind == EVAL_MIN ? "&ge;" : "&le;");
	page_html(b, v);
	buf_puts(b, "</td><td>");
	page_status(b, l, er->status);
	buf_puts(b, "</td><td class=\"num\">");
	if (isnan(er->projected))
		buf_puts(b, "&mdash;");
	else {
		fmt_value_lang(er->projected, iv->conf->unit, l, v, sizeof(v));
		page_html(b, v);
	}
	buf_puts(b, "</td>");
}

/* An indicator without targets: its trend's direction in words. */
static void
overview_direction_cells(struct buf *b, const struct iview *iv, enum lang l)
{
	buf_printf(b, "<td><span class=\"why\">%s</span></td><td><span "
	    "class=\"badge dir_%s\">%s %s</span></td><td class=\"num\">&mdash;"
	    "</td>", lang_text(l, LANG_K_OV_NO_TARGET),
	    eval_direction_name(iv->direction), lang_text(l, LANG_K_TREND),
	    lang_direction(l, iv->direction));
}

/* The feed's name and health: colour and words. */
static void
overview_feed_cell(struct buf *b, const struct view *v, const char *feed,
    enum lang l, size_t n)
{
	const struct feed_state	*fs = view_feed(v, feed);
	int			 up = fs != NULL && fs->up;

	buf_printf(b, "<td rowspan=\"%zu\">", n);
	page_html(b, feed);
	buf_printf(b, "<br><span class=\"feed %s\">%s %s</span></td>",
	    up ? "up" : "down", up ? "\u2713" : "\u2717",
	    lang_text(l, up ? LANG_K_FEED_OK : LANG_K_FEED_FAILING));
}

static void
overview_group(struct buf *b, const struct view *v, enum lang l,
    const struct ovsel *sel, const struct ovsel_group *g)
{
	const struct iview	*iv = v->ind[g->ind];
	const size_t		*row = sel->row + g->first;
	size_t			 i;

	overview_tbody(b, v, l, sel, g);
	for (i = 0; i < g->n; i++) {
		buf_puts(b, "<tr>");
		if (i == 0)
			overview_head_cells(b, iv, l, g->n);
		if (row[i] == OVSEL_NO_TARGET)
			overview_direction_cells(b, iv, l);
		else
			overview_target_cells(b, iv, l, row[i]);
		if (i == 0)
			overview_feed_cell(b, v, iv->conf->feed, l, g->n);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n");
}

/* The headings: each a link sorting by it (the other way if it is on). */
static void
overview_thead(struct buf *b, enum lang l, const struct ovquery *q)
{
	struct ovquery	 s = *q;
	size_t		 i;
	const char	*on;

	buf_puts(b, "<thead><tr>");
	for (i = 0; i < OVERVIEW_NCOLS; i++) {
		on = q->sort != overview_cols[i].sort ? "none" : q->desc ?
		    "descending" : "ascending";
		s.sort = overview_cols[i].sort;
		s.desc = q->sort == s.sort && !q->desc;
		buf_printf(b, "<th scope=\"col\"%s data-k=\"%s\" aria-sort=\"%s\">"
		    "<a href=\"", overview_cols[i].num ? " class=\"num\"" : "",
		    ovquery_sort_name(s.sort), on);
		overview_href(b, &s, l);
		buf_printf(b, "\">%s</a></th>", lang_text(l,
		    overview_cols[i].text));
	}
	buf_puts(b, "</tr></thead>\n");
}

/* One link of the counts: filter by status st (-1: any). */
static void
overview_count(struct buf *b, enum lang l, const struct ovquery *q, int st,
    size_t n)
{
	struct ovquery	 f = *q;

	f.statuses = st < 0 ? 0 : 1u << st;
	buf_puts(b, "<li><a href=\"");
	overview_href(b, &f, l);
	buf_puts(b, "\"");
	if (f.statuses == q->statuses)
		buf_puts(b, " aria-current=\"true\"");
	buf_puts(b, ">");
	if (st < 0)
		buf_puts(b, lang_text(l, LANG_K_ALL));
	else
		page_status(b, l, (enum eval_status)st);
	buf_printf(b, "<span class=\"n\">%zu</span></a></li>", n);
}

static void
overview_counts(struct buf *b, enum lang l, const struct ovquery *q,
    const struct ovsel *sel)
{
	size_t	 all = 0;
	int	 s;

	for (s = 0; s < EVAL_NSTATUS; s++)
		all += sel->count[s];
	buf_printf(b, "<nav aria-label=\"%s\"><ul class=\"counts\">",
	    lang_text(l, LANG_K_OV_COUNTS));
	overview_count(b, l, q, -1, all);
	for (s = 0; s < EVAL_NSTATUS; s++)
		if (sel->count[s] > 0 || (q->statuses & (1u << s)))
			overview_count(b, l, q, s, sel->count[s]);
	buf_puts(b, "</ul></nav>\n");
}

static void
overview_option(struct buf *b, const char *value, const char *text, int on)
{
	buf_printf(b, "<option value=\"%s\"%s>", value, on ? " selected" : "");
	page_html(b, text);
	buf_puts(b, "</option>");
}

/* The search form: q, feed, status; sort and order kept. */
static void
overview_form(struct buf *b, const struct view *v, enum lang l,
    const struct ovquery *q)
{
	size_t	 i;
	int	 s;

	buf_printf(b, "<form id=\"filters\" class=\"filters noprint\" "
	    "method=\"get\" action=\"/\" role=\"search\"><input type=\"hidden\" "
	    "name=\"lang\" value=\"%s\">", lang_code(l));
	if (q->sort != OVQ_SORT_CONFIG)
		buf_printf(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\">",
		    ovquery_sort_name(q->sort));
	if (q->desc)
		buf_puts(b, "<input type=\"hidden\" name=\"order\" value=\"desc\">");
	buf_printf(b, "<label>%s <input id=\"q\" type=\"search\" name=\"q\" "
	    "maxlength=\"%d\" value=\"", lang_text(l, LANG_K_SEARCH), OVQ_Q_MAX);
	page_html(b, q->q);
	buf_printf(b, "\"></label><label>%s <select name=\"feed\">",
	    lang_text(l, LANG_K_FEED));
	overview_option(b, "", lang_text(l, LANG_K_ALL), q->feed[0] == '\0');
	for (i = 0; i < v->nfeeds; i++)
		overview_option(b, v->feeds[i].name, v->feeds[i].name,
		    strcmp(q->feed, v->feeds[i].name) == 0);
	buf_printf(b, "</select></label><label>%s <select name=\"status\">",
	    lang_text(l, LANG_K_STATUS));
	overview_option(b, "", lang_text(l, LANG_K_ALL), q->statuses == 0);
	for (s = 0; s < EVAL_NSTATUS; s++)
		overview_option(b, eval_status_name((enum eval_status)s),
		    lang_status(l, (enum eval_status)s),
		    q->statuses == 1u << s);
	buf_printf(b, "</select></label><button type=\"submit\">%s</button>"
	    "</form>\n", lang_text(l, LANG_K_OV_APPLY));
}

static void
overview_links(struct buf *b, enum lang l)
{
	const char	*c = lang_code(l);

	buf_printf(b, "<p class=\"links noprint\"><a href=\"/report?lang=%s\">"
	    "%s</a><a href=\"/export.csv?lang=%s\">%s</a><a href=\"/export.xlsx"
	    "?lang=%s\">%s</a></p>\n", c, lang_text(l, LANG_K_OV_REPORT), c,
	    lang_text(l, LANG_K_DOWNLOAD_CSV), c,
	    lang_text(l, LANG_K_DOWNLOAD_EXCEL));
}

static void
overview_table(struct buf *b, const struct view *v, enum lang l,
    const struct ovquery *q, const struct ovsel *sel)
{
	size_t	 i;

	buf_printf(b, "<p class=\"shown\">%s: <span id=\"nshown\">%zu</span> / "
	    "%zu</p>\n<p id=\"empty\" class=\"empty\"%s>%s <a href=\"/?lang=%s\">"
	    "%s</a></p>\n", lang_text(l, LANG_K_OV_SHOWN), sel->ngroups,
	    sel->total, sel->ngroups > 0 ? " hidden" : "",
	    lang_text(l, LANG_K_OV_NO_MATCH), lang_code(l),
	    lang_text(l, LANG_K_OV_CLEAR));
	if (sel->ngroups == 0)
		return;
	buf_puts(b, "<div class=\"wide\"><table id=\"ov\" class=\"ov\">");
	overview_thead(b, l, q);
	for (i = 0; i < sel->ngroups; i++)
		overview_group(b, v, l, sel, &sel->groups[i]);
	buf_printf(b, "</table></div>\n<script>%s</script>\n", overview_js);
}

void
overview_render(const struct view *v, enum lang l, const struct ovquery *q,
    struct buf *b)
{
	struct ovsel	 sel;
	struct buf	 canon, self;

	buf_init(&canon, 256);
	buf_init(&self, 256);
	ovquery_canon(q, &canon);
	buf_printf(&self, "/%s%s", canon.len > 0 ? "?" : "", canon.data);
	ovsel_make(&sel, v, l, q);
	page_begin(b, v, l, lang_text(l, LANG_K_OVERVIEW), self.data,
	    overview_css);
	overview_links(b, l);
	overview_counts(b, l, q, &sel);
	overview_form(b, v, l, q);
	overview_table(b, v, l, q, &sel);
	page_end(b, l);
	ovsel_free(&sel);
	buf_free(&canon);
	buf_free(&self);
}
