/* export.c: stored observations as OpenMetrics (see export.h). */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "journal.h"
#include "promtext.h"
#include "strtab.h"
#include "xmalloc.h"

/* A record of the journal, and its place in it. */
struct export_rec {
	struct period	 period;
	double		 value;
	size_t		 seq;
};

/* One indicator's records from the journal. */
struct export_series {
	struct export_rec *recs;
	size_t		 n, cap;
};

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
		buf_printf(b, " %lld\n", (long long)point_end(&pts[i]));
	}
}

void
export_tail(struct buf *b)
{
	buf_puts(b, "# EOF\n");
}

/* By period; records of the same period in journal order. */
static int
rec_cmp(const void *a, const void *b)
{
	const struct export_rec	*x = a, *y = b;
	int			 c = period_cmp(&x->period, &y->period);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
export_add(struct strtab *t, const struct obs_buf *ob, size_t seq)
{
	struct export_series	*s;
	struct export_rec	*r;

	if ((s = strtab_get(t, ob->indicator)) == NULL)
		return;		/* not a configured indicator */
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 16 : s->cap * 2;
		s->recs = xreallocarray(s->recs, s->cap, sizeof(*s->recs));
	}
	r = &s->recs[s->n++];
	r->period = ob->period;
	r->value = ob->value;
	r->seq = seq;
}

/* s's points, each period's last record, in time order: *n of them. */
static struct point *
export_points(struct export_series *s, size_t *n)
{
	struct point	*pts;
	size_t		 i, k = 0;

	if (s->n > 0)
		qsort(s->recs, s->n, sizeof(*s->recs), rec_cmp);
	pts = xcalloc(s->n + 1, sizeof(*pts));
	for (i = 0; i < s->n; i++) {
		if (k > 0 && period_cmp(&pts[k - 1].period,
		    &s->recs[i].period) == 0)
			k--;
		pts[k].period = s->recs[i].period;
		pts[k].value = s->recs[i].value;
		k++;
	}
	*n = k;
	return pts;
}

/* Read path's records into the series of t; damaged lines into *bad. */
static int
export_read(const char *path, struct strtab *t, size_t *bad, char *err,
    size_t errlen)
{
	struct obs_buf	 ob;
	char		*line = NULL, feed[OBS_ID_MAX + 1];
	size_t		 cap = 0, seq = 0;
	ssize_t		 len;
	long		 n;
	time_t		 stored;
	FILE		*f;
	int		 format = 1;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		/* Formats 2 and 3 start with a header and have checksums. */
		if (seq == 0 && format == 1 && (strcmp(line, JOURNAL_HEADER) ==
		    0 || strcmp(line, JOURNAL_HEADER_2) == 0)) {
			format = line[strlen(JOURNAL_HEADER_PREFIX)] - '0';
			continue;
		}
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		n = format > 1 ? journal_check_line(line, (size_t)len) : len;
		if (n == -1 || journal_parse_line(line, (size_t)n, format, &ob,
		    feed, sizeof(feed), &stored) == -1) {
			(*bad)++;
			continue;
		}
		export_add(t, &ob, seq++);
	}
	free(line);
	fclose(f);
	return 0;
}

int
export_journal(const struct config *conf, const char *path, FILE *out,
    size_t *bad, char *err, size_t errlen)
{
	struct export_series	*v;
	struct point		*pts;
	struct strtab		 t;
	struct buf		 b;
	size_t			 i, n;
	int			 rc;

	*bad = 0;
	memset(&t, 0, sizeof(t));
	v = xcalloc(conf->nindicators + 1, sizeof(*v));
	for (i = 0; i < conf->nindicators; i++)
		strtab_put(&t, conf->indicators[i].id, &v[i]);
	if ((rc = export_read(path, &t, bad, err, errlen)) == 0) {
		buf_init(&b, 4096);
		export_head(&b);
		for (i = 0; i < conf->nindicators; i++) {
			pts = export_points(&v[i], &n);
			export_series(&b, &conf->indicators[i], pts, n);
			free(pts);
		}
		export_tail(&b);
		if (fwrite(b.data, 1, b.len, out) != b.len || fflush(out) != 0) {
			snprintf(err, errlen, "writing the export: %s",
			    strerror(errno));
			rc = -1;
		}
		free(b.data);
	}
	for (i = 0; i < conf->nindicators; i++)
		free(v[i].recs);
	free(v);
	strtab_free(&t);
	return rc;
}
