/*
 * page.c: what every HTML page shares (see page.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "confdata.h"
#include "page.h"
#include "view.h"

/*
 * The one stylesheet. Status colours pass WCAG AA (4.5:1) for white text;
 * the badge's symbol and words say the status without them. Below 600 px
 * the layout narrows and wide tables scroll inside their own box; print
 * drops the navigation and keeps each indicator's block on one page.
 */
static const char page_css[] =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,sans-serif,\"Noto Sans CJK SC\","
    "\"WenQuanYi Micro Hei\";margin:0;color:#1f2328;background:#f6f8fa;"
    "line-height:1.45}"
    "header.top{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:"
    "baseline;padding:.7em 1.2em;background:#fff;border-bottom:1px solid "
    "#d0d7de}"
    "header.top .plan{font-weight:600;color:#1f2328;text-decoration:none}"
    "header.top .asof{color:#57606a;font-size:.9em}"
    "header.top nav{margin-left:auto}"
    "header.top nav a,header.top nav span{margin-left:.6em}"
    "main{padding:1em 1.2em;max-width:1400px}"
    "h1{font-size:1.35em;margin:.2em 0 .6em}h2{font-size:1.1em}"
    "a{color:#0550ae}"
    ".wide{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}"
    "table{border-collapse:collapse;background:#fff}"
    "th,td{padding:.3em .7em;text-align:left;border-bottom:1px solid "
    "#d8dee4;vertical-align:top}"
    "th{background:#f0f3f6;font-weight:600}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".badge{display:inline-block;padding:.05em .55em;border-radius:1em;"
    "color:#fff;font-size:.85em;font-weight:600;white-space:nowrap}"
    ".achieved{background:#116329}.on_track{background:#1a7f37}"
    ".moderate{background:#7d4e00}.insufficient{background:#b3261e}"
    ".moving_away{background:#82071e}.missed{background:#424a53}"
    ".unknown{background:#6e7781}.stale{background:#6639ba}"
    ".dir_improving{background:#1a7f37}.dir_stable{background:#7d4e00}"
    ".dir_deteriorating{background:#b3261e}.dir_unknown{background:#6e7781}"
    ".why{color:#57606a;font-size:.9em;font-style:italic}"
    "img,svg{max-width:100%;height:auto}"
    "footer{padding:1em 1.2em;color:#57606a;font-size:.85em}"
    "@media (max-width:600px){main{padding:.6em}header.top{padding:.6em}"
    "th,td{padding:.25em .4em}h1{font-size:1.15em}}"
    "@media print{body{background:#fff;color:#000;font-size:10pt}"
    "header.top{border-bottom:2px solid #000;padding:0 0 .4em}"
    "header.top nav,footer,.noprint{display:none}"
    "main{padding:0;max-width:none}.wide{overflow:visible}"
    ".block{break-inside:avoid;page-break-inside:avoid}"
    "a{color:#000;text-decoration:none}"
    ".badge{border:1px solid #000;-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}}";

static const char *const page_symbols[EVAL_NSTATUS] = {
	[EVAL_ACHIEVED] = "\u2713",		/* check mark */
	[EVAL_ON_TRACK] = "\u25b2",		/* up-pointing triangle */
	[EVAL_MODERATE] = "\u25c6",		/* diamond */
	[EVAL_INSUFFICIENT] = "\u25bc",		/* down-pointing triangle */
	[EVAL_MOVING_AWAY] = "\u2715",		/* multiplication x */
	[EVAL_MISSED] = "\u2716",		/* heavy multiplication x */
	[EVAL_UNKNOWN] = "?",
};

void
page_html(struct buf *b, const char *s)
{
	const char	*run = s;

	for (; *s != '\0'; s++) {
		const char	*rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void
page_urlenc(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)s;
	char			 e[3];

	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			buf_add(b, p, 1);
			continue;
		}
		e[0] = '%';
		e[1] = hex[*p >> 4];
		e[2] = hex[*p & 15];
		buf_add(b, e, 3);
	}
}

const char *
page_title(const struct config *conf, enum lang l)
{
	if (l == LANG_ZH && conf->http.title_zh != NULL)
		return conf->http.title_zh;
	if (conf->http.title != NULL)
		return conf->http.title;
	return lang_text(l, LANG_K_PLAN);
}

const char *
page_name(const struct indicator_conf *ic, enum lang l)
{
	return l == LANG_ZH && ic->name_zh != NULL ? ic->name_zh : ic->name;
}

const char *
page_source(const struct indicator_conf *ic, enum lang l)
{
	return l == LANG_ZH && ic->source_zh != NULL ? ic->source_zh :
	    ic->source;
}

/* The switch: a link to self in each language but l, which is marked. */
static void
page_switch(struct buf *b, enum lang l, const char *self)
{
	int	 i;

	buf_printf(b, "<nav aria-label=\"%s\">",
	    lang_text(l, LANG_K_LANGUAGE));
	for (i = 0; i < LANG_NLANG; i++) {
		if ((enum lang)i == l) {
			buf_printf(b, "<span aria-current=\"true\" lang=\"%s\">"
			    "%s</span>", lang_tag(l), lang_name(l));
			continue;
		}
		buf_puts(b, "<a href=\"");
		page_html(b, self);
		buf_printf(b, "%slang=%s\" hreflang=\"%s\" lang=\"%s\">%s</a>",
		    strchr(self, '?') != NULL ? "&amp;" : "?",
		    lang_code((enum lang)i), lang_tag((enum lang)i),
		    lang_tag((enum lang)i), lang_name((enum lang)i));
	}
	buf_puts(b, "</nav>");
}

void
page_begin(struct buf *b, const struct view *v, enum lang l,
    const char *heading, const char *self, const char *css)
{
	const char	*title = page_title(v->conf, l);
	char		 when[32];
	struct tm	 tm;

	gmtime_r(&v->asof, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><title>", lang_tag(l));
	page_html(b, heading);
	buf_puts(b, " \u2014 ");
	page_html(b, title);
	buf_printf(b, "</title><meta name=\"viewport\" content=\"width="
	    "device-width, initial-scale=1\"><style>%s%s</style></head>"
	    "<body>\n<header class=\"top\"><a class=\"plan\" href=\"/?lang=%s\">",
	    page_css, css != NULL ? css : "", lang_code(l));
	page_html(b, title);
	buf_printf(b, "</a><span class=\"asof\">%s %s</span>",
	    lang_text(l, LANG_K_AS_OF), when);
	page_switch(b, l, self);
	buf_puts(b, "</header>\n<main>\n<h1>");
	page_html(b, heading);
	buf_puts(b, "</h1>\n");
}

void
page_end(struct buf *b, enum lang l)
{
	buf_printf(b, "</main>\n<footer><a href=\"/api/v1/indicators\">%s</a> "
	    "&middot; <a href=\"/metrics\">/metrics</a> &middot; indicatord "
	    INDICATORD_VERSION "</footer>\n</body></html>\n",
	    lang_text(l, LANG_K_API));
}

void
page_status(struct buf *b, enum lang l, enum eval_status st)
{
	if ((unsigned)st >= EVAL_NSTATUS)
		st = EVAL_UNKNOWN;
	buf_printf(b, "<span class=\"badge %s\"><span aria-hidden=\"true\">%s"
	    "</span> %s</span>", eval_status_name(st), page_symbols[st],
	    lang_status(l, st));
}

void
page_stale(struct buf *b, enum lang l)
{
	buf_printf(b, "<span class=\"badge stale\"><span aria-hidden=\"true\">"
	    "\u231b</span> %s</span>", lang_text(l, LANG_K_STALE));
}

void
page_age(struct buf *b, double age, enum lang l)
{
	double	 days = age / 86400;

	if (isnan(age))
		page_html(b, lang_text(l, LANG_K_NO_DATA));
	else if (days < 90)
		buf_printf(b, "%.0f %s", days < 0 ? 0 : floor(days),
		    lang_text(l, LANG_K_DAYS));
	else
		buf_printf(b, "%.1f %s", days / 365.2425,
		    lang_text(l, LANG_K_YEARS));
}
