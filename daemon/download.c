/*
 * download.c: the downloads as HTTP answers (see download.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "download.h"
#include "log.h"
#include "sheet.h"
#include "sheetcsv.h"
#include "sheetxlsx.h"
#include "view.h"

/* The rows of sp into o. */
static void
download_rows(const struct view *v, const struct iview *ind, enum lang l,
    const struct sheet_out *o)
{
	if (ind == NULL)
		sheet_overview(v, l, o);
	else
		sheet_series(ind, l, o);
}

static void
download_csv(const struct view *v, const struct iview *ind, enum lang l,
    struct api_reply *ar)
{
	struct sheetcsv		 w;
	struct sheet_out	 o;

	buf_init(&ar->body, ind != NULL ? 256 + ind->series->n * 96 :
	    4096 + view_nconf(v) * 400);
	sheetcsv_start(&w, &ar->body, &o);
	download_rows(v, ind, l, &o);
	ar->status = 200;
	ar->ctype = SHEETCSV_CTYPE;
}

static void
download_xlsx(const struct view *v, const struct iview *ind, enum lang l,
    struct api_reply *ar)
{
	struct sheetxlsx	*x;
	struct sheet_out	 o;
	char			 err[512];

	buf_init(&ar->body, 16384);
	x = sheetxlsx_open(v->conf->data_dir, ind != NULL ?
	    sheet_series_name(l) : sheet_overview_name(l), &o, err,
	    sizeof(err));
	if (x != NULL) {
		download_rows(v, ind, l, &o);
		if (sheetxlsx_close(x, &ar->body, err, sizeof(err)) == 0) {
			ar->status = 200;
			ar->ctype = SHEETXLSX_CTYPE;
			return;
		}
	}
	log_warnx("%s", err);
	ar->body.len = 0;
	buf_printf(&ar->body, "%s\n", err);
	ar->status = 500;
	ar->ctype = "text/plain; charset=utf-8";
}

void
download_filename(const struct sheetpath *sp, time_t asof, char *buf,
    size_t len)
{
	struct tm	 tm;
	char		 day[16] = "";

	if (!sp->all) {
		snprintf(buf, len, "%s.%s", sp->id, sheetpath_ext(sp->format));
		return;
	}
	if (gmtime_r(&asof, &tm) != NULL)
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	snprintf(buf, len, "indicatord-export-%s.%s", day,
	    sheetpath_ext(sp->format));
}

int
download_reply(const struct view *v, const struct sheetpath *sp,
    enum lang l, struct api_reply *ar)
{
	const struct iview	*ind = NULL;

	if (!sp->all && (ind = view_find(v, sp->id)) == NULL)
		return -1;
	if (sp->format == SHEETPATH_CSV)
		download_csv(v, ind, l, ar);
	else
		download_xlsx(v, ind, l, ar);
	if (ar->status == 200)
		download_filename(sp, v->asof, ar->filename,
		    sizeof(ar->filename));
	return 0;
}
