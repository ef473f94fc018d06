/*
 * fixture.h: test fixtures for the parser unit tests. Include after
 * <cmocka.h>. Fixtures live in tests/fixtures/http (tests run from the
 * repository root), or in $FIXTURES.
 */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#define FIXTURES	"tests/fixtures/http"

/* The whole fixture file, NUL-terminated; the test fails if it is missing. */
static inline char *
fixture(const char *name, size_t *len)
{
	const char	*dir = getenv("FIXTURES");
	char		 path[1024];
	char		*buf;
	FILE		*f;
	long		 n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : FIXTURES, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
