/*
 * xlsxso.h: libxlsxwriter, loaded with dlopen() at the first Excel
 * download rather than linked, so that a daemon nobody downloads a
 * workbook from neither maps it nor what it pulls in (libcrypto,
 * libminizip): linked, peak RSS at 1,000 indicators grew by 1.7 MB (26.9
 * against 25.2 MB serving /metrics, make bench's growth section at
 * BENCH_SIZES=1000), past the 30 MB goal with the JSON API and graphs.
 * <xlsxwriter.h> still gives the types; the functions are called through
 * the table below, as collectors/curlso.h does for libcurl.
 */
#ifndef XLSXSO_H
#define XLSXSO_H

#include <stddef.h>

#include <xlsxwriter.h>

#define XLSXSO_FILE	"libxlsxwriter.so.4"

/* Each member has exactly the type xlsxwriter.h declares for its name. */
struct xlsxso {
	__typeof__(workbook_new_opt)		*workbook_new_opt;
	__typeof__(workbook_add_worksheet)	*workbook_add_worksheet;
	__typeof__(workbook_add_format)		*workbook_add_format;
	__typeof__(workbook_close)		*workbook_close;
	__typeof__(lxw_workbook_free)		*workbook_free;
	__typeof__(format_set_bold)		*format_set_bold;
	__typeof__(worksheet_write_string)	*write_string;
	__typeof__(worksheet_write_number)	*write_number;
	__typeof__(worksheet_write_boolean)	*write_boolean;
	__typeof__(worksheet_freeze_panes)	*freeze_panes;
	__typeof__(worksheet_set_landscape)	*set_landscape;
	__typeof__(worksheet_fit_to_pages)	*fit_to_pages;
	__typeof__(worksheet_repeat_rows)	*repeat_rows;
	__typeof__(worksheet_set_column)	*set_column;
	__typeof__(worksheet_autofilter)	*autofilter;
	__typeof__(lxw_strerror)		*strerror;
};

/*
 * The table, XLSXSO_FILE loaded and every function resolved at the first
 * call (thread-safe, once); NULL with err set to "cannot load
 * libxlsxwriter.so.4: " and the reason when the library is missing or
 * lacks a function (every later call says the same). Never unloaded.
 */
const struct xlsxso *xlsxso_get(char *err, size_t errlen);

#endif
