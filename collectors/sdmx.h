/*
 * sdmx.h: SDMX-JSON data messages.
 *  - 1.0: {"header":..., "dataSets":[...], "structure":{"dimensions":...}},
 *    or the same members inside "data" (the specification's samples);
 *  - 2.x: {"meta":..., "data":{"dataSets":[...], "structures":[...]}}
 *    (a dataset's "structure" member picks its structure, default 0).
 * Either version may name its structures "structure" (one object) or
 * "structures" (an array, or one object). Datasets hold "series"
 * ({"0:1:0": {"observations": {"4": [v, attr...]}}}) or flat
 * "observations" ({"0:1:0:4": [v, ...]}, AllDimensions: the key spans the
 * series dimensions, if the structure has any, then the observation ones).
 * Key parts index structure.dimensions.{dataSet,series,observation}[i].values.
 * Member names are matched exactly, else case-insensitively, because
 * publishers and the specification's own samples differ ("dataset" and
 * "dataSet", "datasets", "keyposition"). Duplicate object keys are merged
 * (rec_json_load): a series repeated under one key, as ILOSTAT sends it, is
 * one series. Pure functions: no logging.
 */
#ifndef SDMX_H
#define SDMX_H

#include <stddef.h>

#include "rec.h"

#define SDMX_DIMS_MAX	64	/* dimensions of one structure, all levels */

/*
 * Parse a data message of len bytes (NULs allowed; they make it invalid; a
 * leading UTF-8 byte order mark is skipped).
 * One record per observation with a value:
 *  - period from the time dimension's value id (the dimension with id
 *    TIME_PERIOD, role or roles "time" or "TIME_PERIOD" as a string or in
 *    an array, else id TIME), in any form rec_period_parse knows;
 *  - code = value ids of every other dimension joined with '.', in key
 *    order (keyPosition when all dimensions have one, else dataSet, series,
 *    then observation dimensions in structure order), e.g. "A.CN.GDP";
 *  - area = "";
 *  - value = the first element of the observation array, or the bare
 *    value: a number or a string holding one. Null or an empty array is no
 *    value and is skipped silently; duplicates of one observation that
 *    agree on the value and differ only in attributes give that value.
 * One bad cell never fails the message: a bad series or observation key, a
 * key index out of range, a series that is not an object, a value that is
 * not a number, a time value that is not a period, a code too long, or
 * differing duplicates of a series or of an observation skip that record
 * or series through recvec_reject(out, place, why). place is
 * "series A.CN.GDP period 2024" when the code and period are known, else
 * the publisher's key ("series 0:1:0 observation 4", "series 0:5",
 * "observation 0:0:4" in a flat dataset), prefixed by "dataSets[1] " when
 * there are several datasets.
 * Datasets whose action is "Delete" are skipped. A message without data but
 * with "errors" reports the first one. Returns 0, or -1 with err naming the
 * place when the body is not an SDMX-JSON data message or its structure is
 * unusable: no dataSets, dataSets not an array, a dataset without
 * structure, no dimensions, no time dimension, differing keyPosition
 * duplicates, a dataset whose series or observations member is not an
 * object. On -1 out is left as it was and nothing was rejected.
 */
int	 sdmx_parse(const char *body, size_t len, struct recvec *out,
	    char *err, size_t errlen);

#endif
