/*
 * graph.c: a trend graph rendered by rrd_graph_v, PNG in memory: the spec
 * checked, the data's range probed, librrd run; plot.c lays the graph out
 * and writes its arguments.
 *
 * librrd 1.7.2's graphing (and the pango/fontconfig under it) is not
 * thread-safe, so every rrd_graph_v call holds graph_lock. librrd 1.7 parses
 * its argv with its own optparse, not getopt(3): optind needs no reset and is
 * not touched (it is process-wide and would race with other getopt users).
 *
 * A render is two rrd_graph_v calls under the lock: a probe with only PRINT
 * elements (librrd draws nothing then) for the data's range, which decides
 * the y scale and the "no data" note; then the graph. In full-size mode
 * rrdtool fits the plot into what the title and legend leave of the image
 * and reports its height (graph_height); when that is too small the graph
 * is drawn again without the legend, then without the title.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rrd.h>

#include "buf.h"
#include "graph.h"
#include "legend.h"
#include "plot.h"
#include "rrdargs.h"
#include "svg.h"
#include "xmalloc.h"

/* The plot's least height in full-size mode: a third, and 40 pixels. */
#define GRAPH_MIN_PLOT(h)	((h) / 3 > 40 ? (h) / 3 : 40)

static pthread_mutex_t	 graph_lock;
static pthread_once_t	 graph_once = PTHREAD_ONCE_INIT;

static void	 graph_once_init(void);
static int	 graph_check_target(const struct graph_target *, size_t,
		    char *, size_t);
static int	 graph_probe(struct plot *, char *, size_t);
static rrd_info_t *graph_run(struct rrdargs *, char *, size_t);
static long	 graph_plot_height(rrd_info_t *);
static rrd_info_t *graph_draw(struct plot *, char *, size_t);
static int	 graph_take_image(rrd_info_t *, struct graph_image *,
		    char *, size_t);
static int	 graph_finish_svg(const struct graph_spec *,
		    struct graph_image *, char *, size_t);

static void
graph_once_init(void)
{
	pthread_mutex_init(&graph_lock, NULL);
}

void
graph_init(void)
{
	pthread_once(&graph_once, graph_once_init);
}

static int
graph_check_target(const struct graph_target *t, size_t i, char *err,
    size_t errlen)
{
	if (t->year < 1 || t->year > 9999)
		snprintf(err, errlen, "target %zu: year %d out of range", i,
		    t->year);
	else if (!isfinite(t->value))
		snprintf(err, errlen, "target %zu: value is not finite", i);
	else if (t->kind != 0 && t->kind != 1)
		snprintf(err, errlen, "target %zu: kind must be 0 (min) or "
		    "1 (max)", i);
	else if (isinf(t->projected) || isinf(t->ratio))
		snprintf(err, errlen, "target %zu: infinite projection or "
		    "ratio", i);
	else if (isnan(t->base_t) != isnan(t->base_v) ||
	    isinf(t->base_t) || isinf(t->base_v))
		snprintf(err, errlen, "target %zu: baseline needs a finite "
		    "year and value", i);
	else if (t->base_t < 1 || t->base_t > 9999)
		snprintf(err, errlen, "target %zu: baseline year out of range",
		    i);
	else
		return 0;
	return -1;
}

int
graph_check(const struct graph_spec *s, char *err, size_t errlen)
{
	size_t	 i;

	if (s == NULL || s->rrd_path == NULL || *s->rrd_path == '\0')
		snprintf(err, errlen, "no RRD file");
	else if (s->width < 100 || s->width > 4000)
		snprintf(err, errlen, "width %d not in 100..4000", s->width);
	else if (s->height < 80 || s->height > 2000)
		snprintf(err, errlen, "height %d not in 80..2000", s->height);
	else if ((unsigned)s->lang >= LANG_NLANG)
		snprintf(err, errlen, "language %d unknown", (int)s->lang);
	else if (s->format != GRAPH_PNG && s->format != GRAPH_SVG)
		snprintf(err, errlen, "format %d unknown", (int)s->format);
	else if (s->from_year < GRAPH_MIN_YEAR || s->to_year > GRAPH_MAX_YEAR)
		snprintf(err, errlen, "years %d..%d not within %d..%d",
		    s->from_year, s->to_year, GRAPH_MIN_YEAR, GRAPH_MAX_YEAR);
	else if (s->from_year >= s->to_year)
		snprintf(err, errlen, "from year %d not before to year %d",
		    s->from_year, s->to_year);
	else if (isnan(s->latest_t) != isnan(s->latest_v) ||
	    isinf(s->latest_t) || isinf(s->latest_v))
		snprintf(err, errlen, "latest point needs a finite year and "
		    "value");
	else if (s->latest_t < 1 || s->latest_t > 9999)
		snprintf(err, errlen, "latest year out of range");
	else if (isinf(s->growth) || (!s->linear && s->growth <= -1.0))
		snprintf(err, errlen, "growth rate out of range");
	else if (s->ntargets > GRAPH_MAX_TARGETS)
		snprintf(err, errlen, "%zu targets, at most %d", s->ntargets,
		    GRAPH_MAX_TARGETS);
	else if (s->ntargets > 0 && s->targets == NULL)
		snprintf(err, errlen, "targets missing");
	else {
		for (i = 0; i < s->ntargets; i++)
			if (graph_check_target(&s->targets[i], i, err,
			    errlen) == -1)
				return -1;
		return 0;
	}
	return -1;
}

/* Fill dmin/dmax with the data's range in the window (NAN: no data). */
static int
graph_probe(struct plot *c, char *err, size_t errlen)
{
	struct rrdargs	 a = { NULL, 0, 0 };
	rrd_info_t	*info, *i;
	int		 n;

	rrdargs_add(&a, "graphv");
	rrdargs_add(&a, "-");
	plot_add_window(&a, c);
	plot_add_def(&a, c);
	rrdargs_add(&a, "VDEF:dmin=raw,MINIMUM");
	rrdargs_add(&a, "VDEF:dmax=raw,MAXIMUM");
	rrdargs_add(&a, "PRINT:dmin:%%.17lg");
	rrdargs_add(&a, "PRINT:dmax:%%.17lg");
	info = graph_run(&a, err, errlen);
	rrdargs_free(&a);
	if (info == NULL)
		return -1;
	c->dmin = c->dmax = NAN;
	for (i = info; i != NULL; i = i->next) {
		if (i->type != RD_I_STR ||
		    sscanf(i->key, "print[%d]", &n) != 1)
			continue;
		if (n == 0)
			c->dmin = strtod(i->value.u_str, NULL);
		else if (n == 1)
			c->dmax = strtod(i->value.u_str, NULL);
	}
	rrd_info_free(info);
	if (isnan(c->dmin) || isnan(c->dmax))
		c->dmin = c->dmax = NAN;
	return 0;
}

/* Call rrd_graph_v; the caller holds graph_lock. */
static rrd_info_t *
graph_run(struct rrdargs *a, char *err, size_t errlen)
{
	rrd_info_t	*info;

	rrd_clear_error();
	info = rrd_graph_v((int)a->n, a->v);
	if (rrd_test_error()) {
		snprintf(err, errlen, "rrd_graph: %s", rrd_get_error());
		rrd_info_free(info);
		info = NULL;
	} else if (info == NULL)
		snprintf(err, errlen, "rrd_graph: no result");
	rrd_clear_error();
	return info;
}

/* The height rrdtool gave the plot, or -1. */
static long
graph_plot_height(rrd_info_t *info)
{
	for (; info != NULL; info = info->next)
		if (strcmp(info->key, "graph_height") == 0 &&
		    info->type == RD_I_CNT)
			return (long)info->value.u_cnt;
	return -1;
}

/*
 * The graph of c, with the legend and then the title left out while the
 * plot is too small; the caller holds graph_lock.
 */
static rrd_info_t *
graph_draw(struct plot *c, char *err, size_t errlen)
{
	struct rrdargs	 a = { NULL, 0, 0 };
	rrd_info_t	*info;

	for (;;) {
		legend_add(&a, c, plot_build(&a, c));
		info = graph_run(&a, err, errlen);
		rrdargs_free(&a);
		if (info == NULL || c->spec->canvas || c->no_title ||
		    graph_plot_height(info) >= GRAPH_MIN_PLOT(c->spec->height))
			return info;
		rrd_info_free(info);
		if (c->no_legend)
			c->no_title = 1;
		c->no_legend = 1;
	}
}

static int
graph_take_image(rrd_info_t *info, struct graph_image *img, char *err,
    size_t errlen)
{
	rrd_info_t	*i;

	for (i = info; i != NULL; i = i->next) {
		if (strcmp(i->key, "image_width") == 0 && i->type == RD_I_CNT)
			img->width = (long)i->value.u_cnt;
		else if (strcmp(i->key, "image_height") == 0 &&
		    i->type == RD_I_CNT)
			img->height = (long)i->value.u_cnt;
		else if (strcmp(i->key, "image") == 0 && i->type == RD_I_BLO &&
		    img->data == NULL && i->value.u_blo.size > 0) {
			img->len = i->value.u_blo.size;
			img->data = xmalloc(img->len);
			memcpy(img->data, i->value.u_blo.ptr, img->len);
		}
	}
	if (img->data != NULL)
		return 0;
	snprintf(err, errlen, "rrd_graph: no image produced");
	return -1;
}

/* The SVG's size in pixels, its title, and its targets' statuses. */
static int
graph_finish_svg(const struct graph_spec *s, struct graph_image *img,
    char *err, size_t errlen)
{
	struct buf	 desc;
	char		*out;
	size_t		 i, len;
	int		 rv;

	buf_init(&desc, 256);
	for (i = 0; i < s->ntargets; i++)
		buf_printf(&desc, "%s%d %s: %s", i > 0 ? "; " : "",
		    s->targets[i].year, lang_text(s->lang, LANG_K_G_TARGET),
		    s->targets[i].status_text != NULL ?
		    s->targets[i].status_text : s->targets[i].status != NULL ?
		    s->targets[i].status : "unknown");
	rv = svg_finish((const char *)img->data, img->len, s->title,
	    desc.data, &out, &len, err, errlen);
	buf_free(&desc);
	if (rv == -1)
		return -1;
	free(img->data);
	img->data = (unsigned char *)out;
	img->len = len;
	return 0;
}

int
graph_render_image(const struct graph_spec *s, struct graph_image *img,
    char *err, size_t errlen)
{
	struct plot	 c;
	rrd_info_t	*info = NULL;
	int		 rv = -1;

	memset(img, 0, sizeof(*img));
	if (graph_check(s, err, errlen) == -1)
		return -1;
	graph_init();
	memset(&c, 0, sizeof(c));
	c.spec = s;
	c.start = plot_year_time(s->from_year);
	c.end = plot_year_time(s->to_year + 1);
	c.legend_chars = plot_legend_chars(s);
	pthread_mutex_lock(&graph_lock);
	if (graph_probe(&c, err, errlen) == -1)
		goto out;
	plot_choose_scale(&c);
	plot_choose_range(&c);
	if ((info = graph_draw(&c, err, errlen)) == NULL)
		goto out;
	rv = graph_take_image(info, img, err, errlen);
 out:
	pthread_mutex_unlock(&graph_lock);
	rrd_info_free(info);
	if (rv == 0 && s->format == GRAPH_SVG &&
	    (rv = graph_finish_svg(s, img, err, errlen)) == -1) {
		free(img->data);
		img->data = NULL;
	}
	return rv;
}

int
graph_render(const struct graph_spec *s, unsigned char **data, size_t *len,
    char *err, size_t errlen)
{
	struct graph_image	 img;

	*data = NULL;
	*len = 0;
	if (graph_render_image(s, &img, err, errlen) == -1)
		return -1;
	*data = img.data;
	*len = img.len;
	return 0;
}
