/*
 * jsonstat.h: JSON-stat 2.0 datasets.
 *   {"version":"2.0", "class":"dataset", "id":["geo","time"], "size":[2,3],
 *    "role":{"time":["time"]},
 *    "dimension":{"geo":{"category":{"index":["CN","HK"], "label":{...}}},
 *                 "time":{"category":{"index":{"2023":0,"2024":1,...}}}},
 *    "value":[1.5, null, ...] or {"0":1.5, "4":2}, "status":...}
 * Only class "dataset" is read; bundles (JSON-stat 1.x) and collections are
 * errors. Pure functions: no logging.
 */
#ifndef JSONSTAT_H
#define JSONSTAT_H

#include <stddef.h>

#include "rec.h"

#define JSONSTAT_DIMS_MAX	64

/*
 * Parse a dataset of len bytes (NULs allowed; they make it invalid). Cells
 * are in row-major order (the last dimension varies fastest); one record
 * per cell whose value is not null (status is ignored):
 *  - the time dimension is the one role.time names, else the one whose id
 *    is time, year, TIME_PERIOD or Tid (case-insensitive); it must be
 *    unique; its category ids are periods (see rec_period_parse);
 *  - code = category ids of the other dimensions joined with '.', in id
 *    order (single-category dimensions included), e.g. "CN.GDP";
 *  - area = "";
 *  - value: a number, or a string holding one.
 * A category index is an array of ids or an object {id: position}; it may
 * be left out for a single category named by its label. Returns 0, or -1
 * with err naming the place, e.g. "value[12]: not a number" or
 * "dimension \"geo\": 3 categories, size 2"; on error out is left as it was.
 */
int	 jsonstat_parse(const char *body, size_t len, struct recvec *out,
	    char *err, size_t errlen);

#endif
