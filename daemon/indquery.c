/* indquery.c: an indicator page's query (see indquery.h). */
#include <stdio.h>
#include <string.h>

#include "indquery.h"
#include "quote.h"
#include "uri.h"

void
indquery_defaults(struct indquery *q)
{
	struct graph_query	 gq;

	uri_graph_defaults(&gq);
	memset(q, 0, sizeof(*q));
	q->from = gq.from;
	q->to = gq.to;
	q->lang = LANG_EN;
}

/*
 * err with the bytes HTML gives a meaning to (<, >, &) written as \xNN,
 * as quote_text writes invisible ones: a message that names a hostile
 * value stays inert wherever it is shown.
 */
static void
indquery_inert(char *err, size_t errlen)
{
	char	 tmp[512];
	size_t	 i, n = 0;

	for (i = 0; err[i] != '\0' && n + 5 < sizeof(tmp); i++) {
		if (strchr("<>&", err[i]) != NULL)
			n += (size_t)snprintf(tmp + n, sizeof(tmp) - n,
			    "\\x%02x", (unsigned char)err[i]);
		else
			tmp[n++] = err[i];
	}
	tmp[n] = '\0';
	snprintf(err, errlen, "%s", tmp);
}

/* from or to, judged as the graph judges them. */
static int
indquery_year(struct indquery *q, const char *key, const char *value,
    char *err, size_t errlen)
{
	struct graph_query	 gq;

	uri_graph_defaults(&gq);
	if (uri_graph_param(&gq, key, value, err, errlen) == -1) {
		indquery_inert(err, errlen);
		return -1;
	}
	if (strcmp(key, "from") == 0)
		q->from = gq.from;
	else
		q->to = gq.to;
	q->has_range = 1;
	return 0;
}

int
indquery_param(struct indquery *q, const char *key, const char *value,
    char *err, size_t errlen)
{
	char	 qk[QUOTE_BUFLEN];

	if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0)
		return indquery_year(q, key, value, err, errlen);
	if (strcmp(key, "lang") == 0) {
		if (value == NULL || lang_parse(value, &q->lang) == -1) {
			snprintf(err, errlen, "bad parameter lang: expected en "
			    "or zh");
			return -1;
		}
		q->has_lang = 1;
		return 0;
	}
	quote_text(key, strlen(key), qk, sizeof(qk));
	snprintf(err, errlen, "unknown parameter \"%s\" (expected lang, from, "
	    "to)", qk);
	indquery_inert(err, errlen);
	return -1;
}

int
indquery_check(const struct indquery *q, char *err, size_t errlen)
{
	struct graph_query	 gq;

	uri_graph_defaults(&gq);
	gq.from = q->from;
	gq.to = q->to;
	return uri_graph_check(&gq, err, errlen);
}
