/*
 * sdmxcsv.h: SDMX-CSV data messages (sdmx-twg/sdmx-csv), as SDMX REST APIs
 * return them for Accept: application/vnd.sdmx.data+csv or format=csvdata.
 *  - 1.0: the first column is DATAFLOW ("ESTAT:NAMA_10_GDP(1.0)");
 *  - 2.0 and 2.1: STRUCTURE (or "STRUCTURE[;]"), STRUCTURE_ID, then
 *    optionally STRUCTURE_NAME, ACTION, SERIES_KEY, OBS_KEY.
 * Text is RFC 4180: fields may be double-quoted ("" for a quote, line ends
 * inside quotes); rows end with LF or CRLF; a UTF-8 BOM is skipped; the last
 * row may lack its line end. The delimiter is the byte after the first
 * header term: ',' or ';' (the specification lets a publisher follow the
 * reader's locale; with ';' a decimal comma in OBS_VALUE is read as a point).
 * Header names are matched case-insensitively, each taken up to its first
 * ':' (labels=both writes "FREQ: Frequency", values "A: Annual"; the value
 * of a column whose header carries a label is cut at its first ':' too).
 *
 * The dimension columns, whose values make the series code, are decided
 * from the header alone. Candidates are the columns after the structure
 * column(s) and before the first TIME_PERIOD or OBS_VALUE column (web
 * services write the dimensions first, in DSD order, TIME_PERIOD last).
 * Among them these are not dimensions:
 *  - STRUCTURE_NAME, ACTION, SERIES_KEY and OBS_KEY;
 *  - publisher extras, recognised because their header is not an SDMX
 *    identifier (letters, digits, '_', '-', '@', '$'): Eurostat's
 *    "LAST UPDATE";
 *  - name columns of labels=name: when the header has STRUCTURE_NAME, or a
 *    non-identifier header follows a dimension column or TIME_PERIOD (OECD
 *    and ABS "csvfilewithlabels", .Stat "FREQ,Frequency of observation"),
 *    the column right after each dimension column is its name; a header
 *    "X_LABEL" right after dimension X is one in any mode.
 * Pure functions: no logging.
 */
#ifndef SDMXCSV_H
#define SDMXCSV_H

#include <stddef.h>

#include "rec.h"

/*
 * Parse a message of len bytes (NULs allowed; a row holding one is
 * rejected). One record per row:
 *  - code = the row's dimension values joined with '.', in column order,
 *    e.g. "A.CLV05_MEUR.B1GQ.EL" (as sdmx_parse keys the same series);
 *  - area = "";
 *  - period = rec_period_parse(TIME_PERIOD);
 *  - value = OBS_VALUE, a strict number (rec_strtod).
 * Skipped silently: rows with ACTION "D" (delete), rows whose OBS_VALUE is
 * empty, "NaN" or "#N/A" (no observation; this also drops 2.0 rows that
 * carry only attributes of a partial key), and empty lines. Rejected
 * through recvec_reject(out, "line N", why), N the 1-based physical line
 * where the row starts: a field count other than the header's, an unknown
 * action, a bad period or value, an empty dimension value, a NUL byte, a
 * code longer than REC_CODE_MAX - 1 bytes. Returns 0 (a header alone gives
 * no records), or -1 with err set and out unchanged for an empty body or a
 * header without DATAFLOW/STRUCTURE first, STRUCTURE_ID after STRUCTURE,
 * TIME_PERIOD or OBS_VALUE ("not SDMX-CSV: no TIME_PERIOD column").
 */
int	 sdmxcsv_parse(const char *body, size_t len, struct recvec *out,
	    char *err, size_t errlen);

#endif
