/*
 * sheetxlsx.h: rows (sheet.h) as an Excel workbook of one worksheet, made
 * with libxlsxwriter: numbers and booleans as Excel numbers and booleans,
 * text (periods too: "2024-03" must not become a date) as strings, never
 * formulas; the header row bold, frozen and with a filter; each column
 * as wide as its widest cell (CJK characters count two), between 6 and
 * 60; printed landscape, one page wide, the header on every page.
 * libxlsxwriter 1.1.4 (Debian 12) writes only to a named file (its
 * output_buffer option came with 1.1.5): the workbook goes to a private
 * file (mode 0600, mkstemp) in dir, which is unlinked as soon as the
 * workbook is closed and is then read back through its descriptor; the
 * library's own temporary files go to dir as well and are unlinked at
 * once by it.
 */
#ifndef SHEETXLSX_H
#define SHEETXLSX_H

#include <stddef.h>

#include "buf.h"
#include "sheet.h"

#define SHEETXLSX_CTYPE	"application/vnd.openxmlformats-" \
			"officedocument.spreadsheetml.sheet"

struct sheetxlsx;

/*
 * A workbook of one worksheet called name (at most 31 characters, none of
 * []:*?/\), and o pointed at it. NULL with err when its file cannot be
 * made in dir.
 */
struct sheetxlsx *sheetxlsx_open(const char *dir, const char *name,
	    struct sheet_out *o, char *err, size_t errlen);
/*
 * Close the workbook and append its bytes to out: 0, or -1 with err (a
 * write error, a string over Excel's 32,767 characters). Frees x.
 */
int	 sheetxlsx_close(struct sheetxlsx *x, struct buf *out, char *err,
	    size_t errlen);
/* Free an open workbook without writing it out; NULL is fine. */
void	 sheetxlsx_free(struct sheetxlsx *x);

#endif
