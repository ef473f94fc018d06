/*
 * fuzz_alertstate.c: libFuzzer target for the alert state file's parser
 * (alertstate_parse), which reads the file one alert at a time.
 * Invariants: it returns 0 or -1, and -1 with an error naming the file;
 * each alert given has a valid id, a year of 1..9999 (slipping) or 0
 * (stale) and at most ALERT_RESOLVED_MAX resolved alerts; text it takes
 * is JSON that jansson reads whole (unless nested past its depth limit),
 * with as many "targets" as alerts were given; and the alerts given, rendered again and parsed, are the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alertstate.h"
#include "xmalloc.h"

#define NAME	"alerts.state"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct got {
	struct alert_saved	*v;
	size_t			 n;
};

static void
keep(void *arg, const struct alert_saved *s)
{
	struct got	*g = arg;
	size_t		 n = strlen(s->indicator);

	if (n < 1 || n > 64 || strspn(s->indicator,
	    "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		abort();
	if (s->rule == ALERT_RULE_STALE ? s->year != 0 :
	    s->year < 1 || s->year > 9999)
		abort();
	if (s->nresolved > ALERT_RESOLVED_MAX)
		abort();
	g->v = xreallocarray(g->v, g->n + 1, sizeof(*g->v));
	g->v[g->n] = *s;
	g->v[g->n++].indicator = xstrdup(s->indicator);
}

static void
got_free(struct got *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++)
		free(g->v[i].indicator);
	free(g->v);
}

static int
same(const struct alert_saved *a, const struct alert_saved *b)
{
	size_t	 i;

	if (strcmp(a->indicator, b->indicator) != 0 || a->rule != b->rule ||
	    a->year != b->year || a->firing != b->firing ||
	    a->nresolved != b->nresolved)
		return 0;
	if (a->rule == ALERT_RULE_STALE ? a->stale != b->stale :
	    a->status != b->status)
		return 0;
	if (a->firing && (a->labelled != b->labelled ||
	    a->starts_at != b->starts_at))
		return 0;
	for (i = 0; i < a->nresolved; i++)
		if (a->resolved[i].status != b->resolved[i].status ||
		    a->resolved[i].starts_at != b->resolved[i].starts_at ||
		    a->resolved[i].ends_at != b->resolved[i].ends_at)
			return 0;
	return 1;
}

/* What parse took is valid JSON with as many targets. */
static void
check_whole(const uint8_t *data, size_t size, size_t n)
{
	json_error_t	 je;
	json_t		*root, *t;

	/* (the whole is nested two deeper than each target) */
	if ((root = json_loadb((const char *)data, size, 0, &je)) == NULL) {
		if (strstr(je.text, "maximum parsing depth") == NULL)
			abort();
		return;
	}
	t = json_object_get(root, "targets");
	if (!json_is_array(t) || json_array_size(t) != n)
		abort();
	json_decref(root);
}

/* Rendered again, the alerts parse to the same. */
static void
check_again(const struct got *g)
{
	struct got	 h = { NULL, 0 };
	struct buf	 b;
	char		*text, err[512];
	size_t		 i;

	buf_init(&b, 256);
	alertstate_begin(&b);
	for (i = 0; i < g->n; i++)
		alertstate_add(&b, &g->v[i], i == 0);
	text = alertstate_end(&b, g->n);
	if (alertstate_parse(text, strlen(text), NAME, keep, &h, err,
	    sizeof(err)) != 0 || h.n != g->n)
		abort();
	for (i = 0; i < g->n; i++)
		if (!same(&g->v[i], &h.v[i]))
			abort();
	free(text);
	got_free(&h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct got	 g = { NULL, 0 };
	char		 err[512];
	int		 rc;

	err[0] = '\0';
	rc = alertstate_parse((const char *)data, size, NAME, keep, &g, err,
	    sizeof(err));
	if (rc != 0 && (rc != -1 || strncmp(err, NAME ":", strlen(NAME) + 1)
	    != 0))
		abort();
	if (rc == 0) {
		check_whole(data, size, g.n);
		check_again(&g);
	}
	got_free(&g);
	return 0;
}
