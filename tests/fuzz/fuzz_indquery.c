/*
 * fuzz_indquery.c: libFuzzer target for the query of an indicator's page.
 * Input: key=value pairs separated by '&' (a pair without '=' has no
 * value), up to the first NUL.
 * Invariants: an accepted query has years in 1980..2200 with from before
 * to, and a language only when lang was en or zh; a refused one has a
 * message that names a parameter and holds no control byte, '<', '>' or
 * '&' (it may be shown anywhere).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indquery.h"
#include "quote.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_err(const char *err)
{
	if (strncmp(err, "bad parameter", 13) != 0 &&
	    strncmp(err, "unknown parameter", 17) != 0)
		abort();
	if (strpbrk(err, "<>&") != NULL || !quote_safe(err))
		abort();
}

/* An accepted query: within the graph's years, a language it can name. */
static void
check_ok(const struct indquery *q)
{
	if (q->from < 1980 || q->to > 2200 || q->from >= q->to)
		abort();
	if (q->has_lang && q->lang != LANG_EN && q->lang != LANG_ZH)
		abort();
	if (!q->has_lang && q->lang != LANG_EN)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct indquery	 q;
	char		*buf, *kv, *save = NULL, *eq, err[256];
	int		 bad = 0;

	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	indquery_defaults(&q);
	for (kv = strtok_r(buf, "&", &save); kv != NULL;
	    kv = strtok_r(NULL, "&", &save)) {
		if ((eq = strchr(kv, '=')) != NULL)
			*eq++ = '\0';
		if (indquery_param(&q, kv, eq, err, sizeof(err)) == -1) {
			check_err(err);
			bad = 1;
			break;
		}
	}
	if (!bad && indquery_check(&q, err, sizeof(err)) == 0)
		check_ok(&q);
	else if (!bad && strncmp(err, "bad parameters", 14) != 0)
		abort();
	free(buf);
	return 0;
}
