/*
 * sheetpath.h: the paths of the downloads (untrusted input):
 * /export.csv, /export.xlsx, /indicator/<id>.csv and /indicator/<id>.xlsx.
 * Pure: no logging.
 */
#ifndef SHEETPATH_H
#define SHEETPATH_H

#include "obs.h"

enum sheetpath_format {
	SHEETPATH_CSV = 0,
	SHEETPATH_XLSX
};

struct sheetpath {
	enum sheetpath_format format;
	int		 all;		/* /export.*: every indicator */
	char		 id[OBS_ID_MAX + 1];	/* else its id */
};

/*
 * 1 with *sp filled when path (as MHD decoded it) is a download; 0 when it
 * is not one; -1 when it is /indicator/<id>.csv or .xlsx with an id that
 * is not a valid indicator id (uri_match_id): a 404.
 */
int	 sheetpath_parse(const char *path, struct sheetpath *sp);
/* "csv" or "xlsx". */
const char *sheetpath_ext(enum sheetpath_format);

#endif
