/*
 * csv.h: the observation CSV format shared by csv files, exec feeds and push
 * bodies: one observation per line, `indicator,period,value[,source]`.
 *  - fields may be double-quoted ("a, b" and "" for a literal quote);
 *  - blank lines, lines starting with '#', and a header line whose first
 *    field is "indicator" are skipped;
 *  - CRLF and LF line ends are accepted; a UTF-8 BOM at the start is skipped;
 *  - value is a finite decimal number (strtod syntax, no hex, no NaN/Inf,
 *    an optional thousands separator is NOT accepted);
 *  - a source longer than OBS_SOURCE_MAX-1 bytes is truncated;
 *  - lines longer than CSV_LINE_MAX bytes are errors.
 * Pure functions: no logging.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>

#include "obs.h"

#define CSV_LINE_MAX	4096

enum csv_result {
	CSV_ERROR = -1,	/* err holds the reason (without the line number) */
	CSV_SKIP = 0,	/* blank, comment or header */
	CSV_OBS = 1	/* *o holds the observation */
};

/* Parse one line (len bytes, without its line end). */
enum csv_result csv_parse_line(const char *line, size_t len, struct obs_buf *o,
	    char *err, size_t errlen);

/*
 * Called for each bad line of a body: line number (1-based) and the reason.
 */
typedef void (*csv_error_cb)(void *arg, size_t lineno, const char *reason);

/*
 * Parse a whole body. Good lines are appended to out with o->line set; each
 * bad line is reported through cb (may be NULL) and skipped. Returns the
 * number of bad lines.
 */
size_t	 csv_parse_body(const char *body, size_t len, struct obsvec *out,
	    csv_error_cb cb, void *arg);

#endif
