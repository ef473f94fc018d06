/*
 * fuzz_sheetpath.c: libFuzzer target for the download paths. Input: a
 * path (cut at its first NUL, as MHD hands it over). Invariants: a
 * matched path is /export.csv, /export.xlsx or /indicator/<id>.<ext>
 * with a valid indicator id (never '/' or ".."), and writing its file
 * name gives back the path's last element.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "download.h"
#include "sheetpath.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sheetpath	 sp;
	char			*path, name[128];
	const char		*last;

	path = malloc(size + 1);
	memcpy(path, data, size);
	path[size] = '\0';
	if (sheetpath_parse(path, &sp) == 1) {
		if (!sp.all && (!obs_valid_id(sp.id, strlen(sp.id)) ||
		    strncmp(path, "/indicator/", 11) != 0))
			abort();
		if (sp.all && strcmp(path, "/export.csv") != 0 &&
		    strcmp(path, "/export.xlsx") != 0)
			abort();
		download_filename(&sp, 0, name, sizeof(name));
		last = strrchr(path, '/') + 1;
		if (!sp.all && strcmp(name, last) != 0)
			abort();
		if (strcmp(strrchr(name, '.'), strrchr(path, '.')) != 0)
			abort();
	}
	free(path);
	return 0;
}
