/*
 * export.h: every stored observation as OpenMetrics text, for backfilling
 * Prometheus with `promtool tsdb create-blocks-from openmetrics`. One
 * family, indicatord_indicator_value, with the labels of the live
 * exposition (indicator, unit, the configured labels), one sample per
 * period with its timestamp at the period's end (seconds), each series in
 * time order, then "# EOF". The renderers are pure: the HTTP API hands
 * them the registry's series; export_journal gathers them from a journal
 * on disk, read only, for `indicatord --export`.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "config.h"
#include "view.h"

#define EXPORT_CTYPE	"application/openmetrics-text; version=1.0.0; " \
			"charset=utf-8"

/* The family's HELP and TYPE lines. */
void	 export_head(struct buf *);
/* The n points of indicator ic (ascending period end) as samples. */
void	 export_series(struct buf *, const struct indicator_conf *ic,
	    const struct point *pts, size_t n);
/* "# EOF". */
void	 export_tail(struct buf *);
/*
 * Every observation of conf's indicators in the journal at path, as the
 * API gives it (a period's last record wins), written to out. The file is
 * only read: damaged lines are skipped and counted in *bad. -1 with err
 * when it cannot be read.
 */
int	 export_journal(const struct config *conf, const char *path, FILE *out,
	    size_t *bad, char *err, size_t errlen);

#endif
