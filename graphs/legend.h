/*
 * legend.h: the legend of a trend graph in the spec's language, one line
 * per thing drawn, each the longest of its wordings that fits the image's
 * width (rrdtool cuts legend lines, it does not wrap them). Pure: builds
 * strings, calls no librrd. Internal to graphs/.
 */
#ifndef LEGEND_H
#define LEGEND_H

#include <stddef.h>

#include "plot.h"
#include "rrdargs.h"

/*
 * The columns s takes in the legend's monospaced font: 1 for an ASCII
 * character, 2 for a character of three or four UTF-8 bytes (CJK, drawn
 * full-width), 1 for the rest.
 */
size_t	 legend_width(const char *s);
/*
 * A value as people read it, in l: 250,000 / 4.6 trillion / 0.77 in
 * English (three significant digits), in Chinese as the pages write a
 * count (fmt_value_lang): 25 万 / 4.82 万亿 / 0.77; "n/a" or 无数据 for
 * NaN.
 */
void	 legend_fmt_value(char *buf, size_t len, double v, enum lang l);
/*
 * The legend and the notes' lines after plot_build, in reading order:
 * actual, projection, required path (when drawn: PLOT_* of plot_build),
 * each target, the band's interval (when drawn), the notes inside the
 * window. Drawn with an all-unknown CDEF "nil" so that it does not change
 * which line lies on top.
 */
void	 legend_add(struct rrdargs *, const struct plot *, int drawn);

#endif
