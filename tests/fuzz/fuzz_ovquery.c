/*
 * fuzz_ovquery.c: libFuzzer target for the overview's query parser.
 * Input: parameters one a line, "key=value" (a line without "=" is a key
 * without a value), up to the first NUL.
 * Invariants: a parameter is taken or refused with an error naming a
 * parameter ("bad parameter " or "unknown parameter"); the error never
 * holds the value's bytes past the fixed text; a query that parsed has a
 * UTF-8 q without control characters that matches itself; its canonical
 * form, decoded and parsed again, gives the same canonical form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovquery.h"
#include "ovsel.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s in place (the canonical form uses %XX only). */
static void
decode(char *s)
{
	char	*o = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o++ = (char)(hexval(s[1]) << 4 | hexval(s[2]));
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* Parse "k=v&k=v" (the canonical form): 0, or -1. */
static int
reparse(struct ovquery *q, char *s)
{
	char	*p, *v, err[256];

	ovquery_init(q);
	for (p = strtok(s, "&"); p != NULL; p = strtok(NULL, "&")) {
		if ((v = strchr(p, '=')) != NULL)
			*v++ = '\0';
		if (v != NULL)
			decode(v);
		if (ovquery_add(q, p, v, err, sizeof(err)) == -1)
			return -1;
	}
	return 0;
}

static void
check_query(const struct ovquery *q)
{
	struct ovquery	 r;
	struct buf	 a, b;
	const unsigned char *p;

	if (!ovquery_utf8(q->q) || !ovsel_contains(q->q, q->q))
		abort();
	for (p = (const unsigned char *)q->q; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	buf_init(&a, 64);
	buf_init(&b, 64);
	ovquery_canon(q, &a);
	if (reparse(&r, a.data) == -1)
		abort();
	buf_free(&a);
	buf_init(&a, 64);
	ovquery_canon(q, &a);
	ovquery_canon(&r, &b);
	if (strcmp(a.data, b.data) != 0)
		abort();
	buf_free(&a);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovquery	 q;
	char		*s, *line, *next, *v, err[256];
	int		 ok = 1;

	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	ovquery_init(&q);
	for (line = s; ok && line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((v = strchr(line, '=')) != NULL)
			*v++ = '\0';
		err[0] = '\0';
		if (ovquery_add(&q, line, v, err, sizeof(err)) == 0)
			continue;
		if (strncmp(err, "bad parameter ", 14) != 0 &&
		    strncmp(err, "unknown parameter", 17) != 0)
			abort();
		ok = 0;
	}
	if (ok)
		check_query(&q);
	free(s);
	return 0;
}
