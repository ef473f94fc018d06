/*
 * download.h: the downloads as HTTP answers: /export.csv|.xlsx (every
 * indicator and target, sheet_overview) and /indicator/<id>.csv|.xlsx
 * (one indicator's observations, sheet_series), with their content type
 * and file name (Content-Disposition: attachment).
 */
#ifndef DOWNLOAD_H
#define DOWNLOAD_H

#include <time.h>

#include "api.h"
#include "lang.h"
#include "sheetpath.h"

struct view;

/*
 * The download sp of v in l into ar: 0, or -1 (ar untouched) when sp names
 * an indicator that is not configured. A workbook that cannot be written
 * (its file in the data directory) is a 500 naming the cause.
 */
int	 download_reply(const struct view *v, const struct sheetpath *sp,
	    enum lang l, struct api_reply *ar);
/*
 * The file's name: "<id>.csv", or "indicatord-export-YYYY-MM-DD.xlsx"
 * for the day (UTC) of asof.
 */
void	 download_filename(const struct sheetpath *sp, time_t asof,
	    char *buf, size_t len);

#endif
