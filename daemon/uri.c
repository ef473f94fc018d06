/*
 * uri.c: request path and query parsing (see uri.h).
 */
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "num.h"
#include "quote.h"
#include "uri.h"

int
uri_match_id(const char *path, size_t pathlen, const char *prefix,
    const char *suffix, char *id)
{
	size_t	 pl = strlen(prefix), sl = strlen(suffix), n;

	if (pathlen < pl + sl || memcmp(path, prefix, pl) != 0 ||
	    memcmp(path + pathlen - sl, suffix, sl) != 0)
		return 0;
	n = pathlen - pl - sl;
	if (n == 0 || n > OBS_ID_MAX || !obs_valid_id(path + pl, n))
		return -1;
	memcpy(id, path + pl, n);
	id[n] = '\0';
	return 1;
}

int
uri_raw_check(const char *target)
{
	const char	*q = strchr(target, '?');
	size_t		 plen;

	plen = q != NULL ? (size_t)(q - target) : strlen(target);
	if (memmem(target, plen, "%00", 3) != NULL)
		return URI_RAW_BADPATH;
	if (q != NULL && strstr(q, "%00") != NULL)
		return URI_RAW_BADQUERY;
	return URI_RAW_OK;
}

void
uri_graph_defaults(struct graph_query *q)
{
	q->from = 2015;
	q->to = 2035;
	q->width = 800;
	q->height = 300;
	q->lang = -1;
}

int
uri_graph_param(struct graph_query *q, const char *key, const char *value,
    char *err, size_t errlen)
{
	static const struct {
		const char	*name;
		size_t		 off;
		int		 min, max;
	} params[] = {
		/* librrd 1.7.2 cannot fetch before 1980. */
		{ "from", offsetof(struct graph_query, from), 1980, 2200 },
		{ "to", offsetof(struct graph_query, to), 1980, 2200 },
		{ "width", offsetof(struct graph_query, width), 100, 4000 },
		{ "height", offsetof(struct graph_query, height), 80, 2000 },
	};
	char		 qk[QUOTE_BUFLEN], qv[QUOTE_BUFLEN];
	size_t		 i;
	unsigned int	 u;
	enum lang	 l;

	if (value == NULL)
		value = "";
	if (strcmp(key, "lang") == 0) {
		if (lang_parse(value, &l) == 0) {
			q->lang = (int)l;
			return 0;
		}
		snprintf(err, errlen, "bad parameter lang: expected en or zh");
		return -1;
	}
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		if (strcmp(key, params[i].name) != 0)
			continue;
		if (num_uint(value, (unsigned int)params[i].max, &u) == 0 &&
		    u >= (unsigned int)params[i].min) {
			*(int *)((char *)q + params[i].off) = (int)u;
			return 0;
		}
		quote_text(value, strlen(value), qv, sizeof(qv));
		snprintf(err, errlen, "bad parameter %s=\"%s\": expected an "
		    "integer from %d to %d", key, qv, params[i].min,
		    params[i].max);
		return -1;
	}
	quote_text(key, strlen(key), qk, sizeof(qk));
	snprintf(err, errlen, "unknown parameter \"%s\" (expected from, to, "
	    "width, height, lang)", qk);
	return -1;
}

int
uri_graph_check(const struct graph_query *q, char *err, size_t errlen)
{
	if (q->from >= q->to) {
		snprintf(err, errlen, "bad parameters: from=%d must be before "
		    "to=%d", q->from, q->to);
		return -1;
	}
	return 0;
}
