/* promtext.c: Prometheus text format pieces (see promtext.h). */
#include "promtext.h"

void
promtext_escape(struct buf *b, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\\')
			buf_puts(b, "\\\\");
		else if (*p == '"')
			buf_puts(b, "\\\"");
		else if (*p == '\n')
			buf_puts(b, "\\n");
		else
			buf_add(b, p, 1);
	}
}

void
promtext_header(struct buf *b, const struct promtext_family *f, int om)
{
	const char	*sfx = f->type == PROMTEXT_COUNTER && !om ? "_total" :
			    "";

	buf_printf(b, "# HELP %s%s %s\n", f->name, sfx, f->help);
	buf_printf(b, "# TYPE %s%s %s\n", f->name, sfx,
	    f->type == PROMTEXT_COUNTER ? "counter" : "gauge");
	if (om && f->unit != NULL)
		buf_printf(b, "# UNIT %s %s\n", f->name, f->unit);
}

/* A sample's name: a counter's with _total. */
static void
sample_name(struct buf *b, const struct promtext_family *f)
{
	buf_puts(b, f->name);
	if (f->type == PROMTEXT_COUNTER)
		buf_puts(b, "_total");
}

void
promtext_begin(struct buf *b, const struct promtext_family *f)
{
	sample_name(b, f);
	buf_puts(b, "{");
}

void
promtext_sample(struct buf *b, const struct promtext_family *f, double v)
{
	sample_name(b, f);
	buf_puts(b, " ");
	buf_double(b, v);
	buf_puts(b, "\n");
}

void
promtext_label(struct buf *b, int first, const char *name, const char *value)
{
	buf_printf(b, "%s%s=\"", first ? "" : ",", name);
	promtext_escape(b, value);
	buf_puts(b, "\"");
}

void
promtext_end(struct buf *b, double v)
{
	buf_puts(b, "} ");
	buf_double(b, v);
	buf_puts(b, "\n");
}
