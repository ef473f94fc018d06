/*
 * sheetxlsx.c: rows as an Excel workbook (see sheetxlsx.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "num.h"
#include "sheetxlsx.h"
#include "xlsxso.h"
#include "xmalloc.h"

/* Columns whose width is fitted; later ones keep Excel's default. */
#define SHEETXLSX_COLS		32
#define SHEETXLSX_WMIN		6
#define SHEETXLSX_WMAX		60

struct sheetxlsx {
	const struct xlsxso *so;	/* the library's functions */
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	lxw_format	*bold;
	int		 fd;		/* the workbook's file */
	char		 path[PATH_MAX];
	lxw_row_t	 row;
	lxw_col_t	 col, ncol;
	lxw_error	 err;		/* the first write's error */
	int		 width[SHEETXLSX_COLS];
};

/* The columns a cell's text takes: two for each CJK (3- or 4-byte) one. */
static int
sheetxlsx_textwidth(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 w = 0;

	for (; *p != '\0'; p++) {
		if (*p >= 0xe0)
			w += 2;
		else if ((*p & 0xc0) != 0x80)
			w++;
	}
	return w;
}

static void
sheetxlsx_fit(struct sheetxlsx *x, int w)
{
	if (x->col < SHEETXLSX_COLS && w > x->width[x->col])
		x->width[x->col] = w;
}

static lxw_error
sheetxlsx_write(struct sheetxlsx *x, const struct sheet_cell *c)
{
	char	 s[NUM_STRLEN];

	switch (c->type) {
	case SHEET_HEAD:
		sheetxlsx_fit(x, sheetxlsx_textwidth(c->text) + 2);
		return x->so->write_string(x->ws, x->row, x->col, c->text,
		    x->bold);
	case SHEET_TEXT:
		sheetxlsx_fit(x, sheetxlsx_textwidth(c->text));
		if (c->text[0] == '\0')
			return LXW_NO_ERROR;
		return x->so->write_string(x->ws, x->row, x->col, c->text,
		    NULL);
	case SHEET_NUM:
		num_text(c->num, s);
		sheetxlsx_fit(x, (int)strlen(s));
		return x->so->write_number(x->ws, x->row, x->col, c->num,
		    NULL);
	case SHEET_BOOL:
		sheetxlsx_fit(x, 5);
		return x->so->write_boolean(x->ws, x->row, x->col,
		    c->num != 0, NULL);
	case SHEET_EMPTY:
		break;
	}
	return LXW_NO_ERROR;
}

static void
sheetxlsx_cell(void *arg, const struct sheet_cell *c)
{
	struct sheetxlsx	*x = arg;
	lxw_error		 e;

	if ((e = sheetxlsx_write(x, c)) != LXW_NO_ERROR && x->err ==
	    LXW_NO_ERROR)
		x->err = e;
	if (++x->col > x->ncol)
		x->ncol = x->col;
}

static void
sheetxlsx_end_row(void *arg)
{
	struct sheetxlsx	*x = arg;

	x->row++;
	x->col = 0;
}

struct sheetxlsx *
sheetxlsx_open(const char *dir, const char *name, struct sheet_out *o,
    char *err, size_t errlen)
{
	lxw_workbook_options	 opt = { 0 };
	const struct xlsxso	*so;
	struct sheetxlsx	*x;

	if ((so = xlsxso_get(err, errlen)) == NULL)
		return NULL;
	x = xcalloc(1, sizeof(*x));
	x->so = so;
	x->fd = -1;
	if ((size_t)snprintf(x->path, sizeof(x->path), "%s/.xlsx-XXXXXX",
	    dir) >= sizeof(x->path))
		errno = ENAMETOOLONG;
	else
		x->fd = mkstemp(x->path);
	if (x->fd == -1) {
		snprintf(err, errlen, "cannot make a workbook's file in %s: %s",
		    dir, strerror(errno));
		goto fail;
	}
	opt.tmpdir = (char *)dir;
	if ((x->wb = x->so->workbook_new_opt(x->path, &opt)) == NULL ||
	    (x->ws = x->so->workbook_add_worksheet(x->wb, name)) == NULL) {
		snprintf(err, errlen, "cannot start a workbook");
		goto fail;
	}
	x->bold = x->so->workbook_add_format(x->wb);
	x->so->format_set_bold(x->bold);
	x->so->freeze_panes(x->ws, 1, 0);
	/* Printed: landscape, one page wide, the header atop every page. */
	x->so->set_landscape(x->ws);
	x->so->fit_to_pages(x->ws, 1, 0);
	x->so->repeat_rows(x->ws, 0, 0);
	o->cell = sheetxlsx_cell;
	o->end_row = sheetxlsx_end_row;
	o->arg = x;
	return x;
fail:
	sheetxlsx_free(x);
	return NULL;
}

/* Append the bytes of fd, from its start, to out. */
static int
sheetxlsx_slurp(int fd, struct buf *out)
{
	char	 chunk[65536];
	ssize_t	 r;
	off_t	 off = 0;

	while ((r = pread(fd, chunk, sizeof(chunk), off)) > 0) {
		buf_add(out, chunk, (size_t)r);
		off += r;
	}
	return r == 0 ? 0 : -1;
}

/* The widths, and a filter on the header row for every column. */
static void
sheetxlsx_finish(struct sheetxlsx *x)
{
	lxw_col_t	 c;
	int		 w;

	for (c = 0; c < x->ncol && c < SHEETXLSX_COLS; c++) {
		w = x->width[c];
		w = w < SHEETXLSX_WMIN ? SHEETXLSX_WMIN : w > SHEETXLSX_WMAX ?
		    SHEETXLSX_WMAX : w;
		x->so->set_column(x->ws, c, c, w + 1, NULL);
	}
	if (x->row > 0 && x->ncol > 0)
		x->so->autofilter(x->ws, 0, 0, x->row - 1, x->ncol - 1);
}

int
sheetxlsx_close(struct sheetxlsx *x, struct buf *out, char *err,
    size_t errlen)
{
	lxw_error	 e;
	int		 rc = -1;

	sheetxlsx_finish(x);
	e = x->so->workbook_close(x->wb);
	x->wb = NULL;
	unlink(x->path);
	x->path[0] = '\0';
	if (x->err != LXW_NO_ERROR || e != LXW_NO_ERROR) {
		snprintf(err, errlen, "cannot write the workbook: %s",
		    x->so->strerror(x->err != LXW_NO_ERROR ? x->err : e));
		goto out;
	}
	if (sheetxlsx_slurp(x->fd, out) == -1) {
		snprintf(err, errlen, "cannot read the workbook back: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	sheetxlsx_free(x);
	return rc;
}

void
sheetxlsx_free(struct sheetxlsx *x)
{
	if (x == NULL)
		return;
	if (x->wb != NULL)
		x->so->workbook_free(x->wb);
	if (x->fd != -1 && x->path[0] != '\0')
		unlink(x->path);
	if (x->fd != -1)
		close(x->fd);
	free(x);
}
