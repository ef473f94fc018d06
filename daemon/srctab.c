/*
 * srctab.c: append-only interned strings named by index (see srctab.h).
 * Index i is entry j - (CHUNK0 << k) of chunk k, for j = i + CHUNK0 and
 * k = log2(j / CHUNK0): chunk k holds the indexes i with j in
 * [CHUNK0 << k, CHUNK0 << (k + 1)), so chunks double and none is ever
 * copied. Entry 0 of chunk 0 (index 0, the empty string) is never written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "srctab.h"
#include "xmalloc.h"

#define SRCTAB_SHIFT	6	/* log2(SRCTAB_CHUNK0) */

_Static_assert(SRCTAB_CHUNK0 == 1 << SRCTAB_SHIFT, "chunk 0's size");
_Static_assert(((uint64_t)SRCTAB_CHUNK0 << SRCTAB_NCHUNKS) >
    (uint64_t)UINT32_MAX + SRCTAB_CHUNK0, "chunks for every index");

/* Chunk and slot of index i. */
static void
srctab_slot(uint32_t i, unsigned *k, size_t *off)
{
	uint64_t	 j = (uint64_t)i + SRCTAB_CHUNK0;
	unsigned	 hb = 63 - (unsigned)__builtin_clzll(j);

	*k = hb - SRCTAB_SHIFT;
	*off = (size_t)(j - ((uint64_t)1 << hb));
}

const char *
srctab_str(const struct srctab *t, uint32_t i)
{
	_Atomic(const char *)	*c;
	unsigned		 k;
	size_t			 off;

	if (i == 0 || t == NULL)
		return "";
	srctab_slot(i, &k, &off);
	c = atomic_load_explicit(&t->chunk[k], memory_order_acquire);
	return atomic_load_explicit(&c[off], memory_order_acquire);
}

uint32_t
srctab_find(const struct srctab *t, const char *s)
{
	return (uint32_t)(uintptr_t)strtab_get(&t->idx, s);
}

/* Slot for index i, its chunk made (and published) when it is the first. */
static _Atomic(const char *) *
srctab_room(struct srctab *t, uint32_t i)
{
	_Atomic(const char *)	*c;
	unsigned		 k;
	size_t			 off;

	srctab_slot(i, &k, &off);
	c = atomic_load_explicit(&t->chunk[k], memory_order_relaxed);
	if (c == NULL) {
		c = xcalloc((size_t)SRCTAB_CHUNK0 << k, sizeof(*c));
		atomic_store_explicit(&t->chunk[k], c, memory_order_release);
	}
	return &c[off];
}

uint32_t
srctab_intern(struct srctab *t, const char *s)
{
	uint32_t	 i;
	char		*copy;

	if (s[0] == '\0')
		return 0;
	if ((i = srctab_find(t, s)) != 0)
		return i;
	if (t->n == 0)
		t->n = 1;
	if (t->n == UINT32_MAX)
		fatalx("srctab: more than %u sources", UINT32_MAX - 1);
	i = t->n++;
	copy = xstrdup(s);
	atomic_store_explicit(srctab_room(t, i), copy, memory_order_release);
	strtab_put(&t->idx, copy, (void *)(uintptr_t)i);
	return i;
}

void
srctab_free(struct srctab *t)
{
	_Atomic(const char *)	*c;
	unsigned		 k;
	size_t			 off, n;

	for (k = 0; k < SRCTAB_NCHUNKS; k++) {
		if ((c = t->chunk[k]) == NULL)
			continue;
		n = (size_t)SRCTAB_CHUNK0 << k;
		for (off = 0; off < n; off++)
			free((char *)(uintptr_t)c[off]);
		free(c);
	}
	strtab_free(&t->idx);
	memset(t, 0, sizeof(*t));
}
