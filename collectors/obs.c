/*
 * obs.c: observations and a growable vector of them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "obs.h"
#include "xmalloc.h"

#define OBSVEC_MINCAP	16

void
obs_view(const struct obs_buf *b, struct obs *o)
{
	o->indicator = b->indicator;
	o->source = b->source;
	o->period = b->period;
	o->value = b->value;
	o->line = b->line;
}

void
obsvec_init(struct obsvec *ov)
{
	memset(ov, 0, sizeof(*ov));
}

static uint64_t
str_hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
strs_grow(struct obsvec *ov)
{
	char	**old = ov->strs;
	size_t	 oldcap = ov->strcap, i, j;

	ov->strcap = oldcap == 0 ? 64 : oldcap * 2;
	ov->strs = xcalloc(ov->strcap, sizeof(*ov->strs));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		j = str_hash(old[i]) & (ov->strcap - 1);
		while (ov->strs[j] != NULL)
			j = (j + 1) & (ov->strcap - 1);
		ov->strs[j] = old[i];
	}
	free(old);
}

/* The vector's copy of s. */
static const char *
obsvec_str(struct obsvec *ov, const char *s)
{
	size_t	 i;

	if ((ov->nstrs + 1) * 2 > ov->strcap)
		strs_grow(ov);
	i = str_hash(s) & (ov->strcap - 1);
	for (; ov->strs[i] != NULL; i = (i + 1) & (ov->strcap - 1))
		if (strcmp(ov->strs[i], s) == 0)
			return ov->strs[i];
	ov->nstrs++;
	return ov->strs[i] = xstrdup(s);
}

void
obsvec_reserve(struct obsvec *ov, size_t n)
{
	if (ov->cap - ov->n >= n)
		return;
	ov->cap = ov->n + n;
	ov->v = xreallocarray(ov->v, ov->cap, sizeof(*ov->v));
}

struct obs *
obsvec_add(struct obsvec *ov, const struct obs *o)
{
	struct obs	*e;

	if (ov->n == ov->cap) {
		ov->cap = ov->cap == 0 ? OBSVEC_MINCAP : ov->cap * 2;
		ov->v = xreallocarray(ov->v, ov->cap, sizeof(*ov->v));
	}
	e = &ov->v[ov->n++];
	*e = *o;
	e->indicator = obsvec_str(ov, o->indicator);
	e->source = obsvec_str(ov, o->source);
	return e;
}

struct obs *
obsvec_push(struct obsvec *ov, const struct obs_buf *b)
{
	struct obs	 o;

	obs_view(b, &o);
	return obsvec_add(ov, &o);
}

static void
strs_free(struct obsvec *ov)
{
	size_t	 i;

	for (i = 0; i < ov->strcap; i++)
		free(ov->strs[i]);
	free(ov->strs);
	ov->strs = NULL;
	ov->nstrs = ov->strcap = 0;
}

/* Forget the elements (and their strings), keep the array for reuse. */
void
obsvec_clear(struct obsvec *ov)
{
	ov->n = 0;
	strs_free(ov);
}

void
obsvec_free(struct obsvec *ov)
{
	if (ov == NULL)
		return;
	free(ov->v);
	strs_free(ov);
	obsvec_init(ov);
}

int
obs_valid_id(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > OBS_ID_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] < 'a' || s[i] > 'z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '_')
			return 0;
	}
	return 1;
}
