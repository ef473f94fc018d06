/* export.c: stored observations as OpenMetrics (see export.h). */
#include <stdio.h>

#include "export.h"
#include "metrics.h"

#define EXPORT_FAMILY	"indicatord_indicator_value"

void
export_head(struct buf *b)
{
	buf_puts(b, "# HELP " EXPORT_FAMILY " Observed value of the indicator "
	    "in its base unit, at the end of its period.\n"
	    "# TYPE " EXPORT_FAMILY " gauge\n");
}

static void
export_label(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, ",%s=\"", name);
	metrics_label_escape(b, value);
	buf_puts(b, "\"");
}

void
export_series(struct buf *b, const struct indicator_conf *ic,
    const struct point *pts, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		buf_puts(b, EXPORT_FAMILY "{indicator=\"");
		metrics_label_escape(b, ic->id);
		buf_puts(b, "\"");
		export_label(b, "unit", ic->unit);
		for (j = 0; j < ic->nlabels; j++)
			export_label(b, ic->labels[j].name,
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
