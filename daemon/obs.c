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
	e->indicator = strtab_intern(&ov->strs, o->indicator);
	e->source = strtab_intern(&ov->strs, o->source);
	return e;
}

struct obs *
obsvec_push(struct obsvec *ov, const struct obs_buf *b)
{
	struct obs	 o;

	obs_view(b, &o);
	return obsvec_add(ov, &o);
}

/* Forget the elements (and their strings), keep the array for reuse. */
void
obsvec_clear(struct obsvec *ov)
{
	ov->n = 0;
	strtab_free_strings(&ov->strs);
}

void
obsvec_free(struct obsvec *ov)
{
	if (ov == NULL)
		return;
	free(ov->v);
	strtab_free_strings(&ov->strs);
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
