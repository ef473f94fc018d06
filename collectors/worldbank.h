/*
 * worldbank.h: the World Bank Indicators API v2 JSON format.
 *   [ {"page":1,"pages":2,"per_page":50,"total":80,...},
 *     [ {"indicator":{"id":"NY.GDP.MKTP.CD","value":"..."},
 *        "country":{"id":"CN","value":"China"}, "countryiso3code":"CHN",
 *        "date":"2024", "value":18.7e12, ...}, ... ] ]
 * and the error form [{"message":[{"id":"120","key":"Invalid value",
 * "value":"..."}]}]. Pure functions: no logging.
 */
#ifndef WORLDBANK_H
#define WORLDBANK_H

#include <stddef.h>

#include "rec.h"

/*
 * Parse one page of len bytes (NULs allowed; they make it invalid JSON; a
 * leading UTF-8 byte order mark, as the API puts before its HTML error
 * pages, is skipped).
 * Appends a record per row with a non-null value: code = indicator.id,
 * area = countryiso3code, or country.id when that is empty ("" if both are),
 * period from date ("2024", "2024Q3", "2024M07": see rec_period_parse).
 * A row with a null value is skipped silently. One bad row never fails the
 * page: a row that is not an object, lacks indicator.id, has a bad area,
 * date or value, or differing duplicates of its date or value is a
 * rejected record, recvec_reject(out, place, why), with place "row 3" and
 * what is known of it, e.g. "row 3 (NY.GDP.MKTP.CD CHN 2024)" (rows count
 * from 0, as JSON indices do), and why e.g. "value is not a number".
 * Sets *pages from the meta object (a number or a digit string; 0 for an
 * empty result). Returns 0, or -1 with err naming the place when the body
 * is not a World Bank API page: not the [meta, rows] form, an API error
 * message ("World Bank API error 120 (Invalid value): The provided
 * parameter value is not valid"), no usable meta.pages, rows that are not
 * an array. On -1 out is left as it was, nothing was rejected and *pages
 * is untouched.
 */
int	 worldbank_parse(const char *body, size_t len, struct recvec *out,
	    int *pages, char *err, size_t errlen);
/*
 * The URL of page (>= 1) of a query: url with its page parameter replaced
 * (or added) and format=json added unless a format parameter with a value
 * is present (a format without a value is dropped). Empty parameters and a
 * fragment are dropped. Returns a string for free(3).
 */
char	*worldbank_page_url(const char *url, int page);

#endif
