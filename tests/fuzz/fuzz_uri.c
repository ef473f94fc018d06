/*
 * fuzz_uri.c: libFuzzer target for request paths and graph query
 * parameters. Input: a path, a NUL, then key=value pairs separated by '&'.
 * Invariants: a matched id (of /graph/<id>.png or .svg, or the API's) is a
 * valid indicator id (so never a path with '/' or ".."); an accepted query
 * is within its documented ranges, its lang -1 (not given) or a language,
 * and a refused one's message never holds the value of lang; a raw
 * target (the whole input up to its first NUL) is refused exactly when it
 * holds %00.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "uri.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_path(const char *path, size_t len)
{
	char	 id[OBS_ID_MAX + 1];

	if (uri_match_id(path, len, "/graph/", ".png", id) == 1 &&
	    (!obs_valid_id(id, strlen(id)) || strchr(id, '/') != NULL ||
	    strstr(id, "..") != NULL))
		abort();
	if (uri_match_id(path, len, "/graph/", ".svg", id) == 1 &&
	    (!obs_valid_id(id, strlen(id)) || strchr(id, '/') != NULL ||
	    strstr(id, "..") != NULL))
		abort();
	if (uri_match_id(path, len, "/api/v1/indicators/", "", id) == 1 &&
	    !obs_valid_id(id, strlen(id)))
		abort();
	if (uri_match_id(path, len, "/indicator/", "", id) == 1 &&
	    (!obs_valid_id(id, strlen(id)) || strchr(id, '/') != NULL ||
	    strchr(id, '.') != NULL))
		abort();
}

static void
check_query(char *q)
{
	struct graph_query	 gq;
	char			 err[256], *kv, *save = NULL, *eq;
	int			 bad = 0;

	uri_graph_defaults(&gq);
	for (kv = strtok_r(q, "&", &save); kv != NULL;
	    kv = strtok_r(NULL, "&", &save)) {
		if ((eq = strchr(kv, '=')) != NULL)
			*eq++ = '\0';
		if (uri_graph_param(&gq, kv, eq, err, sizeof(err)) == -1) {
			if (strcmp(kv, "lang") == 0 && strcmp(err,
			    "bad parameter lang: expected en or zh") != 0)
				abort();
			bad = 1;
			break;
		}
	}
	if (!bad && uri_graph_check(&gq, err, sizeof(err)) == 0 &&
	    (gq.from < 1980 || gq.to > 2200 || gq.from >= gq.to ||
	    gq.width < 100 || gq.width > 4000 || gq.height < 80 ||
	    gq.height > 2000 || gq.lang < -1 || gq.lang >= LANG_NLANG))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*buf;
	size_t	 plen;

	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	plen = strlen(buf);
	if ((uri_raw_check(buf) != URI_RAW_OK) != (strstr(buf, "%00") != NULL))
		abort();
	check_path(buf, plen);
	if (plen < size)
		check_query(buf + plen + 1);
	free(buf);
	return 0;
}
