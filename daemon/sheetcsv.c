/*
 * sheetcsv.c: rows as CSV (see sheetcsv.h).
 */
#include <string.h>

#include "sheetcsv.h"

/* 1 if a spreadsheet could read s as a formula (OWASP, CSV injection). */
static int
sheetcsv_formula(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

void
sheetcsv_field(struct buf *b, const char *s)
{
	const char	*p;
	int		 quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_puts(b, "\"");
	if (sheetcsv_formula(s))
		buf_puts(b, "'");
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	while ((p = strchr(s, '"')) != NULL) {
		buf_add(b, s, (size_t)(p - s) + 1);
		buf_puts(b, "\"");
		s = p + 1;
	}
	buf_puts(b, s);
	buf_puts(b, "\"");
}

static void
sheetcsv_cell(void *arg, const struct sheet_cell *c)
{
	struct sheetcsv	*w = arg;

	if (w->col++ > 0)
		buf_puts(w->b, ",");
	switch (c->type) {
	case SHEET_HEAD:
	case SHEET_TEXT:
		sheetcsv_field(w->b, c->text);
		break;
	case SHEET_NUM:
		buf_double(w->b, c->num);
		break;
	case SHEET_BOOL:
		buf_puts(w->b, c->num != 0 ? "true" : "false");
		break;
	case SHEET_EMPTY:
		break;
	}
}

static void
sheetcsv_end_row(void *arg)
{
	struct sheetcsv	*w = arg;

	buf_puts(w->b, "\r\n");
	w->col = 0;
}

void
sheetcsv_start(struct sheetcsv *w, struct buf *b, struct sheet_out *o)
{
	w->b = b;
	w->col = 0;
	buf_puts(b, SHEETCSV_BOM);
	o->cell = sheetcsv_cell;
	o->end_row = sheetcsv_end_row;
	o->arg = w;
}
