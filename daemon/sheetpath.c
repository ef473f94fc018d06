/*
 * sheetpath.c: the paths of the downloads (see sheetpath.h).
 */
#include <string.h>

#include "sheetpath.h"
#include "uri.h"

static const char *const sheetpath_exts[] = { "csv", "xlsx" };
static const char *const sheetpath_suffixes[] = { ".csv", ".xlsx" };

int
sheetpath_parse(const char *path, struct sheetpath *sp)
{
	size_t	 len = strlen(path), f;
	int	 rc;

	for (f = 0; f < 2; f++) {
		sp->format = (enum sheetpath_format)f;
		sp->all = 0;
		sp->id[0] = '\0';
		if (strncmp(path, "/export", 7) == 0 &&
		    strcmp(path + 7, sheetpath_suffixes[f]) == 0) {
			sp->all = 1;
			return 1;
		}
		if ((rc = uri_match_id(path, len, "/indicator/",
		    sheetpath_suffixes[f], sp->id)) != 0)
			return rc;
	}
	return 0;
}

const char *
sheetpath_ext(enum sheetpath_format f)
{
	return sheetpath_exts[f == SHEETPATH_XLSX];
}
