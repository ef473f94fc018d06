/*
 * ovsel.c: the overview's rows, filtered and sorted (see ovsel.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ovsel.h"
#include "page.h"
#include "view.h"
#include "xmalloc.h"

/* A group's sort key: a number, or a string for name and feed. */
struct ovsel_key {
	double		 num;		/* NAN: none (comes last) */
	const char	*str;
	size_t		 ind;
};

struct ovsel_sort {
	enum ovq_sort	 sort;
	int		 desc;
};

static int
ovsel_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
ovsel_contains(const char *hay, const char *needle)
{
	size_t	 i;

	if (*needle == '\0')
		return 1;
	for (; *hay != '\0'; hay++) {
		for (i = 0; needle[i] != '\0' && ovsel_lower((unsigned char)
		    hay[i]) == ovsel_lower((unsigned char)needle[i]); i++)
			;
		if (needle[i] == '\0')
			return 1;
	}
	return 0;
}

/* Whether feed and q let the indicator through. */
static int
ovsel_match(const struct iview *iv, const struct ovquery *q)
{
	const struct indicator_conf	*ic = iv->conf;

	if (q->feed[0] != '\0' && strcmp(ic->feed, q->feed) != 0)
		return 0;
	if (q->q[0] == '\0')
		return 1;
	return ovsel_contains(iv->id, q->q) || ovsel_contains(ic->name, q->q) ||
	    (ic->name_zh != NULL && ovsel_contains(ic->name_zh, q->q));
}

/* Target t's status (unknown while it is not judged). */
static enum eval_status
ovsel_status(const struct iview *iv, size_t t)
{
	return iv->results != NULL ? iv->results[t].status : EVAL_UNKNOWN;
}

/* Rank of a status for sort=status: the enum's order. */
static double
ovsel_status_key(const struct iview *iv, const size_t *row, size_t n)
{
	double	 worst = NAN;
	size_t	 i;

	for (i = 0; i < n; i++)
		if (row[i] != OVSEL_NO_TARGET && (isnan(worst) ||
		    ovsel_status(iv, row[i]) > worst))
			worst = ovsel_status(iv, row[i]);
	return worst;
}

static double
ovsel_projected_key(const struct iview *iv, size_t t)
{
	double	 v = iv->conf->targets[t].value;

	if (iv->results == NULL || isnan(iv->results[t].projected) || v == 0)
		return NAN;
	return iv->results[t].projected / v;
}

static void
ovsel_key(struct ovsel_key *k, const struct iview *iv, enum lang l,
    enum ovq_sort sort, const size_t *row, size_t n)
{
	const struct series	*s = iv->series;
	size_t			 t = row[0];

	k->num = NAN;
	k->str = NULL;
	switch (sort) {
	case OVQ_SORT_NAME:
		k->str = page_name(iv->conf, l);
		break;
	case OVQ_SORT_FEED:
		k->str = iv->conf->feed;
		break;
	case OVQ_SORT_VALUE:
		if (s->n > 0)
			k->num = s->pts[s->n - 1].value;
		break;
	case OVQ_SORT_PERIOD:
		if (s->n > 0)
			k->num = (double)point_end(&s->pts[s->n - 1]);
		break;
	case OVQ_SORT_AGE:
		k->num = iv->age;
		break;
	case OVQ_SORT_STATUS:
		k->num = ovsel_status_key(iv, row, n);
		break;
	case OVQ_SORT_TARGET:
		if (t != OVSEL_NO_TARGET)
			k->num = iv->conf->targets[t].year;
		break;
	case OVQ_SORT_PROJECTED:
		if (t != OVSEL_NO_TARGET)
			k->num = ovsel_projected_key(iv, t);
		break;
	default:
		break;
	}
}

static int
ovsel_cmp_key(const struct ovsel_key *a, const struct ovsel_key *b, int desc)
{
	int	 c;

	if (a->str != NULL) {
		c = strcasecmp(a->str, b->str);
		if (c == 0)
			c = strcmp(a->str, b->str);
		return desc ? -c : c;
	}
	if (isnan(a->num) || isnan(b->num))
		return isnan(a->num) - isnan(b->num);
	c = (a->num > b->num) - (a->num < b->num);
	return desc ? -c : c;
}

static int
ovsel_qcmp(const void *x, const void *y, void *arg)
{
	const struct ovsel_key	*a = x, *b = y;
	int			 c = ovsel_cmp_key(a, b, *(int *)arg);

	if (c != 0)
		return c;
	return (a->ind > b->ind) - (a->ind < b->ind);
}

/*
 * The rows of indicator i that the status filter lets through, appended
 * to sel->row, and its targets counted by status: how many rows.
 */
static size_t
ovsel_rows(struct ovsel *sel, const struct iview *iv,
    const struct ovquery *q)
{
	size_t	 t, n = 0;

	if (iv->conf->ntargets == 0 && q->statuses == 0) {
		sel->row[sel->nrows++] = OVSEL_NO_TARGET;
		return 1;
	}
	for (t = 0; t < iv->conf->ntargets; t++) {
		sel->count[ovsel_status(iv, t)]++;
		if (q->statuses != 0 &&
		    !(q->statuses & (1u << ovsel_status(iv, t))))
			continue;
		sel->row[sel->nrows++] = t;
		n++;
	}
	return n;
}

/* Put the groups in the order of q (they are in config order). */
static void
ovsel_order(struct ovsel *sel, const struct view *v, enum lang l,
    const struct ovquery *q)
{
	struct ovsel_key	*k;
	struct ovsel_group	*g;
	size_t			 i;
	int			 desc = q->desc;

	if (q->sort == OVQ_SORT_CONFIG) {
		if (desc)
			for (i = 0; i < sel->ngroups / 2; i++) {
				struct ovsel_group t = sel->groups[i];

				sel->groups[i] = sel->groups[sel->ngroups - 1 -
				    i];
				sel->groups[sel->ngroups - 1 - i] = t;
			}
		return;
	}
	k = xcalloc(sel->ngroups + 1, sizeof(*k));
	for (i = 0; i < sel->ngroups; i++) {
		g = &sel->groups[i];
		ovsel_key(&k[i], v->ind[g->ind], l, q->sort, sel->row + g->first,
		    g->n);
		k[i].ind = i;
	}
	qsort_r(k, sel->ngroups, sizeof(*k), ovsel_qcmp, &desc);
	g = xcalloc(sel->ngroups + 1, sizeof(*g));
	for (i = 0; i < sel->ngroups; i++)
		g[i] = sel->groups[k[i].ind];
	free(sel->groups);
	sel->groups = g;
	free(k);
}

void
ovsel_make(struct ovsel *sel, const struct view *v, enum lang l,
    const struct ovquery *q)
{
	size_t	 i, n, rows = 0, nconf = view_nconf(v);

	memset(sel, 0, sizeof(*sel));
	sel->total = nconf;
	for (i = 0; i < nconf; i++)
		rows += v->ind[i]->conf->ntargets + 1;
	sel->row = xcalloc(rows + 1, sizeof(*sel->row));
	sel->groups = xcalloc(nconf + 1, sizeof(*sel->groups));
	for (i = 0; i < nconf; i++) {
		if (!ovsel_match(v->ind[i], q))
			continue;
		sel->matched++;
		sel->groups[sel->ngroups].first = sel->nrows;
		if ((n = ovsel_rows(sel, v->ind[i], q)) == 0)
			continue;
		sel->groups[sel->ngroups].ind = i;
		sel->groups[sel->ngroups++].n = n;
	}
	ovsel_order(sel, v, l, q);
}

void
ovsel_free(struct ovsel *sel)
{
	free(sel->groups);
	free(sel->row);
	memset(sel, 0, sizeof(*sel));
}
