/* export.c: stored observations as OpenMetrics (see export.h). */

#include "export.h"
#include "promtext.h"

static const struct promtext_family export_family = {
	"indicatord_indicator_value", PROMTEXT_GAUGE, NULL,
	"Observed value of the indicator in its base unit, at the end of "
	"its period." };

void
export_head(struct buf *b)
{
	promtext_header(b, &export_family, 1);
}

void
export_series(struct buf *b, const struct indicator_conf *ic,
    const struct point *pts, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		promtext_begin(b, &export_family);
		promtext_label(b, 1, "indicator", ic->id);
		promtext_label(b, 0, "unit", ic->unit);
		for (j = 0; j < ic->nlabels; j++)
			promtext_label(b, 0, ic->labels[j].name,
			    ic->labels[j].value);
		buf_puts(b, "} ");
		buf_double(b, pts[i].value);
		buf_printf(b, " %lld\n", (long long)pts[i].end);
	}
}

void
export_tail(struct buf *b)
{
	buf_puts(b, "# EOF\n");
}
