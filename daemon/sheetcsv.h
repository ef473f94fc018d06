/*
 * sheetcsv.h: rows (sheet.h) as CSV, RFC 4180: fields separated by
 * commas, lines ended by CRLF, a field holding a comma, a quote, CR or LF
 * enclosed in quotes with its quotes doubled. UTF-8, with a byte order
 * mark first: without it Excel reads a CSV in the system's code page (GBK
 * or Windows-1252), which garbles every Chinese name; LibreOffice, pandas
 * and Python's csv (utf-8-sig) take the mark as it is meant. Numbers are
 * written with buf_double (the shortest form that reads back as the same
 * double), booleans as true and false. A text field that a spreadsheet
 * could take for a formula (it starts with =, +, -, @, TAB or CR) gets a
 * single quote in front, as OWASP advises against CSV injection.
 */
#ifndef SHEETCSV_H
#define SHEETCSV_H

#include "buf.h"
#include "sheet.h"

#define SHEETCSV_CTYPE	"text/csv; charset=utf-8"
#define SHEETCSV_BOM	"\xef\xbb\xbf"

struct sheetcsv {
	struct buf	*b;
	size_t		 col;	/* cells written in this row */
};

/* Write the byte order mark to b and point o at a writer of rows into b. */
void	 sheetcsv_start(struct sheetcsv *, struct buf *b,
	    struct sheet_out *o);
/* One text field, guarded and quoted. */
void	 sheetcsv_field(struct buf *b, const char *s);

#endif
