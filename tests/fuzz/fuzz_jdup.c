/*
 * fuzz_jdup.c: libFuzzer target for jdup_loadb, differential against
 * jansson. Invariants: jdup_loadb accepts exactly what json_loadb (flags 0,
 * which keeps the last of duplicate keys) accepts, except that a body with
 * a NUL byte is always rejected (jansson skips a NUL after a number or
 * literal); when both reject, the error (line, column, position, text,
 * code) is the same; when both accept, the position is; and when
 * json_loadb with JSON_REJECT_DUPLICATES accepts, the trees are json_equal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jdup.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_same_error(const json_error_t *a, const json_error_t *b)
{
	if (a->line != b->line || a->column != b->column ||
	    a->position != b->position || strcmp(a->text, b->text) != 0 ||
	    json_error_code(a) != json_error_code(b) ||
	    strcmp(a->source, b->source) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*body = (const char *)data;
	json_error_t	 ej, ed, er;
	json_t		*j, *d, *r;
	int		 nul = memchr(data, '\0', size) != NULL;

	j = json_loadb(body, size, 0, &ej);
	d = jdup_loadb(body, size, &ed);
	r = json_loadb(body, size, JSON_REJECT_DUPLICATES, &er);
	if (nul) {
		if (d != NULL || ed.text[0] == '\0')
			abort();
	} else if ((d == NULL) != (j == NULL))
		abort();
	else if (d == NULL)
		check_same_error(&ej, &ed);
	else if (ed.position != ej.position)
		abort();
	if (r != NULL && !nul && !json_equal(r, d))
		abort();
	json_decref(j);
	json_decref(d);
	json_decref(r);
	return 0;
}
