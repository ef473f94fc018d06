/*
 * jsonstat.h: JSON-stat documents as publishers emit them.
 *  - JSON-stat 2.0 dataset (class "dataset"):
 *      {"version":"2.0", "class":"dataset", "label":"...",
 *       "id":["geo","time"], "size":[2,3], "role":{"time":["time"]},
 *       "dimension":{"geo":{"category":{"index":["CN","HK"], "label":{...}}},
 *                    "time":{"category":{"index":{"2023":0,...}}}},
 *       "value":[1.5, null, ...] or {"0":1.5, "4":2}, "status":...}
 *  - JSON-stat 1.0 bundle (no class; the default of PxWeb APIs, e.g.
 *    Statistics Sweden, Denmark, Norway, Finland, Ireland's CSO), or a
 *    bundle of class "bundle": every member whose value is an object with
 *    a "dimension" is a dataset; id, size and role sit inside "dimension":
 *      {"dataset":{"label":"...", "value":[...],
 *                  "dimension":{"id":[...], "size":[...],
 *                               "role":{"time":["Tid"]}, "Tid":{...}}}}
 *  - JSON-stat 2.0 collection (class "collection"): the entries of
 *    link.item[] of class "dataset" that embed their data (a "dimension")
 *    are datasets; entries that are only links, and nested collections,
 *    are skipped.
 * A dataset's name is its member name in a bundle, its "label" as a
 * collection item or as a plain dataset (none without a label).
 * Pure functions: no logging.
 */
#ifndef JSONSTAT_H
#define JSONSTAT_H

#include <stddef.h>

#include "rec.h"

#define JSONSTAT_DIMS_MAX	64

/*
 * Parse a document of len bytes (NULs allowed; they make it invalid) into
 * records, appended to out. dataset NULL reads every dataset of the
 * document, in document order; a name reads the datasets with that name.
 * A plain dataset ignores the name if it has no name of its own (label),
 * else the name must match. Cells are in row-major order (the last
 * dimension varies fastest); one record per cell whose value is not null
 * (status is ignored):
 *  - the time dimension is the one role.time names, else the one whose id
 *    is time, year, TIME_PERIOD or Tid (case-insensitive); it must be
 *    unique; its category ids are periods (see rec_period_parse);
 *  - code = category ids of the other dimensions joined with '.', in id
 *    order (single-category dimensions included), e.g. "CN.GDP"; the
 *    dataset's name is not part of it;
 *  - area = "", label = "";
 *  - value: a number, or a string holding one.
 * A category index is an array of ids or an object {id: position}; it may
 * be left out for a single category named by its label. A size is a
 * count, or a string holding one (as CSO writes it).
 * A bad cell (value not a number, time category not a period, code too
 * long, sparse key not a cell number) is skipped with recvec_reject at a
 * place like "dataset oecd series UNR.AU period 2003" or "dataset oecd
 * value[12]" (no "dataset NAME" for a plain dataset). Returns 0, or -1
 * when the document is not JSON-stat or holds no such dataset, or a
 * selected dataset's structure is broken; err then names the place, e.g.
 * "dataset canada: dimension \"geo\": 3 categories, size 2" or
 * "no dataset \"x\" (the document has: oecd, canada)", nothing is
 * appended and nothing is rejected.
 */
int	 jsonstat_parse(const char *body, size_t len, const char *dataset,
	    struct recvec *out, char *err, size_t errlen);

#endif
