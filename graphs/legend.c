/*
 * legend.c: a trend graph's legend in its language (see legend.h). The
 * longest wording of a line pads its label and figures to columns, so that
 * the lines read as a table in the monospaced legend font.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "legend.h"

static const char *legend_word(const struct plot *, enum lang_key);
static void	 legend_pad(char *, size_t, const char *, size_t);
static size_t	 legend_label_cols(const struct plot *);
static size_t	 legend_status_cols(const struct plot *);
static void	 legend_fmt_year(char *, size_t, double);
static void	 legend_line(struct rrdargs *, const struct plot *,
		    const char *, const char *, ...) __attribute__((sentinel));
static void	 legend_actual(struct rrdargs *, const struct plot *);
static void	 legend_projection(struct rrdargs *, const struct plot *);
static void	 legend_target(struct rrdargs *, const struct plot *,
		    const struct graph_target *);
static void	 legend_notes(struct rrdargs *, const struct plot *);

size_t
legend_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = 0;

	for (; *p != '\0'; p++)
		if (*p < 0x80 || (*p >= 0xc0 && *p < 0xe0))
			n++;
		else if (*p >= 0xe0)
			n += 2;
	return n;
}

static const char *
legend_word(const struct plot *c, enum lang_key k)
{
	return lang_text(c->spec->lang, k);
}

/* s, then spaces up to cols columns (at least one). */
static void
legend_pad(char *buf, size_t len, const char *s, size_t cols)
{
	size_t	 w = legend_width(s), n;

	n = (size_t)snprintf(buf, len, "%s ", s);
	for (w++; w < cols && n + 1 < len; w++)
		buf[n++] = ' ';
	if (n < len)
		buf[n] = '\0';
}

/* The label column: the widest label of the lines, and a space. */
static size_t
legend_label_cols(const struct plot *c)
{
	static const enum lang_key labels[] = { LANG_K_G_ACTUAL,
	    LANG_K_G_PROJECTION, LANG_K_G_REQUIRED, LANG_K_G_BAND };
	size_t	 i, w, cols = 0;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if ((w = legend_width(legend_word(c, labels[i]))) > cols)
			cols = w;
	return cols + 3;
}

/* The status column: the widest status in words, and a space. */
static size_t
legend_status_cols(const struct plot *c)
{
	size_t	 w, cols = 0;
	int	 st;

	for (st = 0; st < EVAL_NSTATUS; st++)
		if ((w = legend_width(lang_status(c->spec->lang,
		    (enum eval_status)st))) > cols)
			cols = w;
	return cols + 1;
}

void
legend_fmt_value(char *buf, size_t len, double v, enum lang l)
{
	static const struct { double div; enum lang_key name; } big[] = {
		{ 1e12, LANG_K_G_TRILLION }, { 1e9, LANG_K_G_BILLION },
		{ 1e6, LANG_K_G_MILLION }
	};
	char		 digits[32], *o;
	const char	*sign = v < 0 ? "-" : "";
	double		 a = fabs(v);
	size_t		 i, n;

	if (l == LANG_ZH) {
		/* as the pages write it: 24.19 万, 4.82 万亿 */
		fmt_value_lang(v, "count", l, buf, len);
		return;
	}
	if (isnan(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		if (a >= big[i].div) {
			snprintf(buf, len, "%s%.3g %s", sign, a / big[i].div,
			    lang_text(l, big[i].name));
			return;
		}
	if (a < 1000) {
		snprintf(buf, len, "%s%.3g", sign, a);
		return;
	}
	n = (size_t)snprintf(digits, sizeof(digits), "%.0f", a);
	o = buf;
	o += snprintf(o, len, "%s", sign);
	for (i = 0; i < n && (size_t)(o - buf) + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*o++ = ',';
		*o++ = digits[i];
	}
	*o = '\0';
}

/* A decimal year as a period: 2024, or 2023.75 for a partial year. */
static void
legend_fmt_year(char *buf, size_t len, double y)
{
	if (y == floor(y))
		snprintf(buf, len, "%d", (int)y);
	else
		snprintf(buf, len, "%.2f", y);
}

/*
 * One legend line with a swatch: the first of the texts that fits the
 * image width, else the last. The list ends with NULL.
 */
static void
legend_line(struct rrdargs *a, const struct plot *c, const char *swatch,
    const char *text, ...)
{
	va_list		 ap;
	const char	*next;

	va_start(ap, text);
	while (legend_width(text) > c->legend_chars &&
	    (next = va_arg(ap, const char *)) != NULL)
		text = next;
	va_end(ap);
	rrdargs_add(a, "%s:%s\\l", swatch, text);
}

static void
legend_actual(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec	*s = c->spec;
	const char		*actual = legend_word(c, LANG_K_G_ACTUAL);
	char			 v[48], y[16], lab[64], full[160];
	char			 brief[128];

	if (isnan(s->latest_t)) {
		legend_line(a, c, "LINE2:nil" PLOT_C_SERIES, actual,
		    (char *)NULL);
		return;
	}
	legend_fmt_value(v, sizeof(v), s->latest_v, s->lang);
	legend_fmt_year(y, sizeof(y), s->latest_t);
	legend_pad(lab, sizeof(lab), actual, legend_label_cols(c));
	snprintf(full, sizeof(full), "%s%s %s (%s)", lab,
	    legend_word(c, LANG_K_G_LATEST), v, y);
	snprintf(brief, sizeof(brief), "%s %s (%s)", actual, v, y);
	legend_line(a, c, "LINE2:nil" PLOT_C_SERIES, full, brief, actual,
	    (char *)NULL);
}

static void
legend_projection(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec	*s = c->spec;
	const char		*proj = legend_word(c, LANG_K_G_PROJECTION);
	char			 g[48], rate[64], lab[64], full[192];
	char			 brief[128];

	if (s->linear) {
		legend_fmt_value(g, sizeof(g), s->growth, s->lang);
		snprintf(rate, sizeof(rate), "%s%s", s->growth >= 0 ? "+" :
		    "", g);
	} else
		snprintf(rate, sizeof(rate), "%+.1f%%", s->growth * 100);
	legend_pad(lab, sizeof(lab), proj, legend_label_cols(c));
	snprintf(full, sizeof(full), "%s%s %s (%s)", lab, rate,
	    legend_word(c, LANG_K_G_PER_YEAR), legend_word(c, s->linear ?
	    LANG_K_G_LINEAR : LANG_K_G_COMPOUND));
	snprintf(brief, sizeof(brief), "%s %s %s", proj, rate,
	    legend_word(c, LANG_K_G_PER_YEAR));
	legend_line(a, c, "LINE2:nil" PLOT_C_PROJ, full, brief, proj,
	    (char *)NULL);
}

static void
legend_target(struct rrdargs *a, const struct plot *c,
    const struct graph_target *t)
{
	char	 val[48], ratio[16], proj[96], vcol[64], scol[96], rcol[32];
	char	 full[320], brief[192], tiny[96], swatch[32], *status;

	legend_fmt_value(val, sizeof(val), t->value, c->spec->lang);
	if (isnan(t->ratio))
		snprintf(ratio, sizeof(ratio), "R=n/a");
	else
		snprintf(ratio, sizeof(ratio), "R=%.2f", t->ratio);
	proj[0] = '\0';
	if (!isnan(t->projected)) {
		snprintf(proj, sizeof(proj), "%s ",
		    legend_word(c, LANG_K_G_PROJECTED));
		legend_fmt_value(proj + strlen(proj), sizeof(proj) -
		    strlen(proj), t->projected, c->spec->lang);
	}
	status = rrdargs_escape(t->status_text != NULL ? t->status_text :
	    t->status != NULL ? t->status : "unknown", 0);
	legend_pad(vcol, sizeof(vcol), val, 16);
	legend_pad(scol, sizeof(scol), status, legend_status_cols(c));
	if (proj[0] != '\0')
		legend_pad(rcol, sizeof(rcol), ratio, 8);
	else
		snprintf(rcol, sizeof(rcol), "%s", ratio);
	snprintf(full, sizeof(full), "%d %s %s %s%s%s%s", t->year,
	    legend_word(c, LANG_K_G_TARGET), t->kind ? "<" : ">", vcol, scol,
	    rcol, proj);
	snprintf(brief, sizeof(brief), "%d %s%s %s %s", t->year,
	    t->kind ? "<" : ">", val, status, ratio);
	snprintf(tiny, sizeof(tiny), "%d %s", t->year, status);
	snprintf(swatch, sizeof(swatch), "LINE4:nil%s",
	    plot_status_color(t->status));
	legend_line(a, c, swatch, full, brief, tiny, (char *)NULL);
	free(status);
}

/* Each note inside the window: a dashed vertical line, its text in the
   legend. */
static void
legend_notes(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec	*s = c->spec;
	const char		*word = legend_word(c, LANG_K_G_NOTE);
	char			*text, cut[256];
	size_t			 i, n, room;

	room = legend_width(word) + 1;
	if (c->legend_chars <= room + 3)
		return;
	room = c->legend_chars - room;
	for (i = 0; i < s->nnotes; i++) {
		if (s->notes[i].t < c->start || s->notes[i].t > c->end)
			continue;
		/* Cut to the legend's width, on a character boundary. */
		n = strlen(s->notes[i].text);
		if (n > sizeof(cut) - 1)
			n = sizeof(cut) - 1;
		memcpy(cut, s->notes[i].text, n);
		cut[n] = '\0';
		while (n > 0 && (legend_width(cut) > room ||
		    ((unsigned char)s->notes[i].text[n] & 0xc0) == 0x80))
			cut[--n] = '\0';
		text = rrdargs_escape(cut, 0);
		rrdargs_add(a, "VRULE:%.0f%s:%s %s\\l:dashes=3,3",
		    s->notes[i].t, PLOT_C_NOTE, word, text);
		free(text);
	}
}

void
legend_add(struct rrdargs *a, const struct plot *c, int drawn)
{
	const struct graph_spec	*s = c->spec;
	char			 lab[64], full[192];
	size_t			 i;

	rrdargs_add(a, "CDEF:nil=raw,POP,UNKN");
	if (isnan(c->dmax))
		rrdargs_add(a, "COMMENT:%s %d-%d\\l",
		    legend_word(c, LANG_K_G_NO_DATA), s->from_year, s->to_year);
	legend_actual(a, c);
	if (drawn & PLOT_PROJ)
		legend_projection(a, c);
	if (drawn & PLOT_REQUIRED) {
		legend_pad(lab, sizeof(lab), legend_word(c, LANG_K_G_REQUIRED),
		    legend_label_cols(c));
		snprintf(full, sizeof(full), "%s%s", lab,
		    legend_word(c, LANG_K_G_REQUIRED_FULL));
		legend_line(a, c, "LINE1:nil" PLOT_C_REQUIRED, full,
		    legend_word(c, LANG_K_G_REQUIRED_PATH),
		    legend_word(c, LANG_K_G_REQUIRED), (char *)NULL);
	}
	for (i = 0; i < s->ntargets; i++)
		legend_target(a, c, &s->targets[i]);
	if (drawn & PLOT_BAND) {
		legend_pad(lab, sizeof(lab), legend_word(c, LANG_K_G_BAND),
		    legend_label_cols(c));
		rrdargs_add(a, "AREA:nil%s:%s%.0f %% %s\\l", PLOT_C_BAND, lab,
		    s->interval * 100, legend_word(c, LANG_K_G_INTERVAL));
	}
	legend_notes(a, c);
}
