/*
 * sdmx.h: SDMX-JSON data messages.
 *  - 1.0: {"header":..., "dataSets":[...], "structure":{"dimensions":...}}
 *  - 2.x: {"meta":..., "data":{"dataSets":[...], "structures":[...]}}
 *    (a dataset's "structure" member picks its structure, default 0;
 *    "data" holding a single "structure" object is accepted too).
 * Datasets hold "series" ({"0:1:0": {"observations": {"4": [v, attr...]}}})
 * or flat "observations" ({"0:1:0:4": [v, ...]}, AllDimensions: then the
 * structure has no series dimensions). Key parts index
 * structure.dimensions.{dataSet,series,observation}[i].values.
 * Pure functions: no logging.
 */
#ifndef SDMX_H
#define SDMX_H

#include <stddef.h>

#include "rec.h"

#define SDMX_DIMS_MAX	64	/* dimensions of one structure, all levels */

/*
 * Parse a data message of len bytes (NULs allowed; they make it invalid).
 * One record per observation whose value is not null:
 *  - period from the time dimension's value id (the dimension with id
 *    TIME_PERIOD, role "time" or roles ["TIME_PERIOD"], else id TIME):
 *    "2024", "2024-A1", "2024-Q3", "2024-07", "2024-M07", "2024-07-15",
 *    "2024-D197"; half-years, weeks and time ranges are errors;
 *  - code = value ids of every other dimension joined with '.', in key
 *    order (keyPosition when all dimensions have one, else dataSet, series,
 *    then observation dimensions in structure order), e.g. "A.CN.GDP";
 *  - area = "";
 *  - value = the first element of the observation array: a number or a
 *    string holding one; null is skipped.
 * Datasets whose action is "Delete" are skipped. A message without data but
 * with "errors" reports the first one. Returns 0, or -1 with err naming the
 * place, e.g. "series 0:1:0 observation 4: value is not a number" (prefixed
 * by "dataSets[1] " when there are several datasets); on error out is left
 * as it was.
 */
int	 sdmx_parse(const char *body, size_t len, struct recvec *out,
	    char *err, size_t errlen);

#endif
