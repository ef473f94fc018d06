/*
 * confdata.c: the look-ups over a parsed configuration (see confdata.h).
 */
#include <stdlib.h>
#include <string.h>

#include "confdata.h"

const struct feed_conf *
confdata_find_feed(const struct config *conf, const char *name)
{
	size_t	 i;

	for (i = 0; i < conf->nfeeds; i++)
		if (conf->feeds[i].name != NULL &&
		    strcmp(conf->feeds[i].name, name) == 0)
			return &conf->feeds[i];
	return NULL;
}

const struct indicator_conf *
confdata_find_indicator(const struct config *conf, const char *id)
{
	return strtab_get(&conf->ids, id);
}

int
confdata_not_owned(const struct config *conf, const char *id)
{
	return strtab_get(&conf->others, id) != NULL;
}

void
confdata_maps_free(struct feed_map *m, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(m[i].code);
		free(m[i].area);
		free(m[i].indicator);
	}
	free(m);
}

const char *
confdata_feed_type_name(enum feed_type t)
{
	static const char *const names[] = { "csv", "exec", "http", "push" };

	return names[t];
}
